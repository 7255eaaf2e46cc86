import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import * as names from "../accounts/genaiNames";
import { accountBudgetName, privateNetworkNames } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { BedrockGuardrail } from "../components/bedrock/guardrail";
import {
    bedrockRuntimeEndpointPolicy,
    catalogueParameterValue,
    classifiedModels,
    environmentModelArns,
    invocableModels,
} from "../components/bedrock/catalogue";
import { ApplicationInferenceProfiles } from "../components/bedrock/applicationInferenceProfiles";
import { CatalogueParameter } from "../components/bedrock/catalogueParameter";
import { ModelInvocationLogging } from "../components/bedrock/invocationLogging";
import { InvokeRoleWorkload, ModelInvokeRole } from "../components/bedrock/invokeRole";
import { AcceleratorCapacity } from "../components/capacity/acceleratorCapacity";
import { AcceleratorWorkloadRole } from "../components/capacity/acceleratorWorkloadRole";
import { vpcEndpoints } from "../components/network/endpoints";
import { PrivateNetwork } from "../components/network/privateNetwork";
import { AlarmTopic } from "../components/observability/alarmTopic";
import { AccountBudget } from "../components/observability/budget";
import { GenaiMonitoring } from "../components/observability/genaiMonitoring";
import { ModelArtifacts } from "../components/storage/modelArtifacts";
import { AccountContext } from "./accounts";

/**
 * The generative-AI account's baseline in the environment's primary region (invocation logging in every region the
 * environment uses). Regional components carry the region in their names, so that the DR region's copies are added
 * beside them without renaming anything.
 */
export function genaiAccount(env: Environment, catalogue: ModelCatalogue, account: AccountContext, organizationId: pulumi.Output<string>) {
    const settings = env.genai;
    const prefix = env.namePrefix;
    const region = env.primaryRegion;
    const partition = partitionOf(region);
    const regions = environmentRegions(env);
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const { accountId, permissionsBoundaryArn } = account;

    const models = modelsForEnvironment(catalogue, env.name, env.models);
    // What the invoke role may invoke, and so all the bedrock-runtime endpoint lets through (see invocableModels).
    const modelArns = accountId.apply((id) => environmentModelArns(invocableModels(models), regions, partition, id).all);

    const guardrailSettings = settings.guardrail;
    // One per region: a call names the guardrail of the region it is made in (the invoke role pins both).
    const guardrailIn = (guardrailRegion: string) => new BedrockGuardrail(`${base}-guardrail-${guardrailRegion}`, {
        region: guardrailRegion,
        accountId,
        guardrailName: names.guardrailName(prefix, env.name),
        keyAlias: names.genaiKeyAlias(prefix, env.name, "guardrail"),
        contentFilters: {
            HATE: guardrailSettings.contentFilters.hate,
            INSULTS: guardrailSettings.contentFilters.insults,
            SEXUAL: guardrailSettings.contentFilters.sexual,
            VIOLENCE: guardrailSettings.contentFilters.violence,
            MISCONDUCT: guardrailSettings.contentFilters.misconduct,
        },
        promptAttackStrength: guardrailSettings.promptAttack,
        deniedTopics: guardrailSettings.deniedTopics,
        piiEntities: guardrailSettings.piiEntities.map((entity) => ({ type: entity.type, action: entity.action })),
        regexes: guardrailSettings.regexes,
        blockedWords: guardrailSettings.words,
        profanityFilter: guardrailSettings.profanityFilter,
        groundingThreshold: guardrailSettings.grounding.groundingThreshold,
        relevanceThreshold: guardrailSettings.grounding.relevanceThreshold,
        blockedInputMessage: guardrailSettings.blockedInputMessage,
        blockedOutputMessage: guardrailSettings.blockedOutputMessage,
    }, opts);
    const guardrail = guardrailIn(region);
    const drGuardrail = env.dr.enabled ? guardrailIn(env.drRegion) : undefined;

    // The DR region's VPC reuses the account's range: the two VPCs are never peered, and each reaches AWS through its
    // own endpoints. Its bedrock-runtime endpoint only sees calls made in its region, so it pins that region's guardrail.
    const networkIn = (networkRegion: string, regionGuardrail: BedrockGuardrail) => new PrivateNetwork(`${base}-network-${networkRegion}`, {
        region: networkRegion,
        accountId,
        cidrBlock: account.vpcCidr,
        availabilityZones: env.availabilityZones[networkRegion],
        organizationId,
        endpoints: vpcEndpoints(settings.network.interfaceEndpoints, settings.network.gatewayEndpoints),
        endpointPolicies: {
            "bedrock-runtime": pulumi.all([organizationId, modelArns, regionGuardrail.guardrailArn, regionGuardrail.version]).apply(([orgId, arns, arn, version]) =>
                JSON.stringify(bedrockRuntimeEndpointPolicy(orgId, arns, [{ arn, version }]))),
        },
        ...privateNetworkNames(prefix, env.name, account.key, networkRegion),
        flowLogRetentionDays: settings.network.flowLogRetentionDays,
        permissionsBoundaryArn,
    }, opts);
    const network = networkIn(region, guardrail);
    const drNetwork = drGuardrail ? networkIn(env.drRegion, drGuardrail) : undefined;

    const logging = regions.map((loggedRegion) => new ModelInvocationLogging(`${base}-invocation-logging-${loggedRegion}`, {
        region: loggedRegion,
        accountId,
        logGroupName: names.invocationLogGroupName(prefix, env.name),
        bucketName: accountId.apply((id) => names.invocationLogsBucketName(prefix, env.name, id, loggedRegion)),
        roleName: names.invocationLoggingRoleName(prefix, env.name, loggedRegion),
        keyAlias: names.genaiKeyAlias(prefix, env.name, "invocation-logs"),
        permissionsBoundaryArn,
        retentionInDays: settings.logging.retentionDays,
        largePayloadExpirationDays: settings.logging.largePayloadExpirationDays,
    }, opts));

    const alarmTopic = new AlarmTopic(`${base}-alarm-topic-${region}`, {
        region,
        accountId,
        topicName: names.alarmTopicName(prefix, env.name),
        keyAlias: names.genaiKeyAlias(prefix, env.name, "alarms"),
        subscribers: settings.alarms.subscribers,
    }, opts);

    const workloadRole = new AcceleratorWorkloadRole(`${base}-accelerator-workload-role`, {
        roleName: names.acceleratorWorkloadRoleName(prefix, env.name),
        permissionsBoundaryArn,
    }, opts);

    const capacitySettings = settings.capacity;
    const capacity = capacitySettings.reservations.length + capacitySettings.capacityBlocks.length > 0
        ? new AcceleratorCapacity(`${base}-capacity-${region}`, {
            region,
            reservations: capacitySettings.reservations.map((r) => ({
                key: r.name,
                instanceType: r.instanceType,
                instanceCount: r.count,
                availabilityZone: r.availabilityZone,
                purpose: r.purpose,
                endDate: r.endDate,
                owner: r.owner,
            })),
            capacityBlocks: capacitySettings.capacityBlocks.map((b) => ({
                key: b.name,
                offeringId: b.offeringId,
                instanceType: b.instanceType,
                availabilityZone: b.availabilityZone,
                owner: b.owner,
            })),
            subnetIdsByZone: network.subnetIdsByZone,
            securityGroupIds: [network.workloadSecurityGroupId],
            instanceProfileArn: workloadRole.instanceProfileArn,
            launchTemplateNamePrefix: `${prefix}-${env.name}`,
            idleAlarmHours: capacitySettings.idleAlarmHours,
            alarmTopicArn: alarmTopic.topicArn,
        }, opts)
        : undefined;

    const artifacts = new ModelArtifacts(`${base}-model-artifacts-${region}`, {
        region,
        accountId,
        bucketName: accountId.apply((id) => names.modelArtifactsBucketName(prefix, env.name, id, region)),
        repositoryName: names.inferenceRepositoryName(prefix, env.name),
        keyAlias: names.genaiKeyAlias(prefix, env.name, "artifacts"),
        readers: { accelerator: { roleName: workloadRole.roleName, roleArn: workloadRole.roleArn } },
        // Multi-region in every environment, so that turning DR on later replicates under a replica key instead of
        // replacing the key (which the key's protection refuses).
        multiRegionKey: true,
        objectLock: settings.artifacts.objectLock,
        objectLockRetentionDays: settings.artifacts.objectLockRetentionDays,
        noncurrentVersionExpirationDays: settings.artifacts.noncurrentVersionExpirationDays,
    }, opts);

    const monitoring = new GenaiMonitoring(`${base}-monitoring-${region}`, {
        region,
        dashboardName: names.dashboardName(prefix, env.name),
        alarmNamePrefix: `${prefix}-${env.name}-genai`,
        models: models.map((model) => ({ modelId: model.id, inferenceProfileId: model.inferenceProfile?.id })),
        capacityReservationIds: capacity?.reservationIds ?? {},
        alarmTopicArn: alarmTopic.topicArn,
        throttlesPerFiveMinutes: settings.alarms.throttlesPerFiveMinutes,
        errorsPerFiveMinutes: settings.alarms.errorsPerFiveMinutes,
    }, opts);

    new AccountBudget(`${base}-budget`, {
        accountId,
        budgetName: accountBudgetName(prefix, env.name, account.key),
        monthlyLimitUsd: settings.budget.monthlyLimitUsd,
        // The topic's subscribers hear of the budget too; direct e-mails would only duplicate them.
        alarmTopicArn: alarmTopic.topicArn,
    }, opts);

    return {
        guardrail,
        drGuardrail,
        network,
        drNetwork,
        logging,
        artifacts,
        workloadRole,
        capacity,
        outputs: {
            vpcId: network.vpcId,
            subnetIds: network.subnetIds,
            endpointIds: network.endpointIds,
            guardrailId: guardrail.guardrailId,
            guardrailArn: guardrail.guardrailArn,
            guardrailVersion: guardrail.version,
            invocationLogGroupArns: Object.fromEntries(regions.map((r, i) => [r, logging[i].logGroupArn])),
            modelArtifactsBucket: artifacts.bucketName,
            inferenceRepositoryUrl: artifacts.repositoryUrl,
            acceleratorInstanceProfileArn: workloadRole.instanceProfileArn,
            capacityReservationIds: capacity?.reservationIds ?? {},
            launchTemplateIds: capacity?.launchTemplateIds ?? {},
            alarmTopicArn: alarmTopic.topicArn,
            dashboardName: monitoring.dashboardName,
        },
    };
}

/**
 * The genAI invoke roles, one per application, created once the application accounts' workload roles exist (each
 * role's trust names its application's workload role, and IAM refuses a trust policy naming a role that does not
 * exist), and the catalogue parameter that publishes them (`invokeRoleArns`, by application).
 */
export function genaiInvokeRole(
    env: Environment,
    catalogue: ModelCatalogue,
    account: AccountContext,
    args: {
        readonly organizationId: pulumi.Output<string>;
        readonly guardrail: BedrockGuardrail;
        /** The DR region's guardrail, with DR: calls made there name it, so the invoke role pins it too. */
        readonly drGuardrail?: BedrockGuardrail;
        /** Each application's workload; its invoke role's name is derived here. */
        readonly workloads: readonly Omit<InvokeRoleWorkload, "roleName">[];
    },
) {
    const region = env.primaryRegion;
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const { guardrail } = args;
    const models = modelsForEnvironment(catalogue, env.name, env.models);
    const clearedModels = account.accountId.apply((id) => classifiedModels(invocableModels(models), environmentRegions(env), partitionOf(region), id));

    // Per-application profiles in the primary region: each application's usage is its own line of the bill.
    const applicationProfiles = new ApplicationInferenceProfiles(`${base}-application-profiles-${region}`, {
        region,
        partition: partitionOf(region),
        accountId: account.accountId,
        namePrefix: `${env.namePrefix}-${env.name}`,
        environment: env.name,
        costCenter: env.costCenter,
        applications: args.workloads.map((workload) => ({ application: workload.application, tenants: workload.tenants })),
        models: invocableModels(models),
    }, opts);

    const invokeRole = new ModelInvokeRole(`${base}-invoke-role`, {
        policyName: names.invokeModelsPolicyName(env.namePrefix, env.name),
        workloads: args.workloads.map((workload) => ({ ...workload, roleName: names.invokeRoleName(env.namePrefix, env.name, workload.application) })),
        organizationId: args.organizationId,
        models: clearedModels,
        guardrails: [guardrail, ...(args.drGuardrail ? [args.drGuardrail] : [])]
            .map((pinned) => ({ arn: pinned.guardrailArn, version: pinned.version, keyArn: pinned.keyArn })),
        permissionsBoundaryArn: account.permissionsBoundaryArn,
        applicationProfileArns: Object.fromEntries(Object.entries(applicationProfiles.profileArns).map(([application, arns]) => [application, Object.values(arns)])),
    }, opts);

    const profilesByApplication = pulumi.all(Object.fromEntries(Object.entries(applicationProfiles.profileArns).map(([application, arns]) => [application, pulumi.all(arns)])));
    // Each region's copy names that region's guardrail; both carry the environment's active region.
    const parameterIn = (parameterRegion: string, regionGuardrail: BedrockGuardrail) => new CatalogueParameter(`${base}-catalogue-parameter-${parameterRegion}`, {
        region: parameterRegion,
        parameterName: names.catalogueParameterName(env.namePrefix, env.name),
        value: pulumi.all([pulumi.all(invokeRole.roleArns), regionGuardrail.guardrailId, regionGuardrail.guardrailArn, regionGuardrail.version, profilesByApplication])
            .apply(([invokeRoleArns, id, arn, version, profiles]) => catalogueParameterValue({
                environment: env.name,
                activeRegion: env.activeRegion,
                invokeRoleArns,
                guardrail: { id, arn, version },
                models,
                // The profiles live in the primary region; the DR region's callers use the models' own IDs there.
                ...(parameterRegion === region ? { applicationInferenceProfiles: profiles } : {}),
            })),
    }, opts);
    const parameter = parameterIn(region, guardrail);
    const drParameter = args.drGuardrail ? parameterIn(env.drRegion, args.drGuardrail) : undefined;

    return { invokeRole, parameter, drParameter, clearedModels, applicationProfiles };
}
