import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import * as names from "../accounts/genaiNames";
import { accountBudgetName, iamRoleArn, privateNetworkNames, workloadRoleName } from "../accounts/naming";
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
import { CatalogueParameter } from "../components/bedrock/catalogueParameter";
import { ModelInvocationLogging } from "../components/bedrock/invocationLogging";
import { InvokeRoleWorkload, ModelInvokeRole } from "../components/bedrock/invokeRole";
import { invokeRoleTrustSizeProblems } from "../components/identity/invokeRolePolicies";
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
    const guardrail = new BedrockGuardrail(`${base}-guardrail-${region}`, {
        region,
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

    const network = new PrivateNetwork(`${base}-network-${region}`, {
        region,
        accountId,
        cidrBlock: account.vpcCidr,
        availabilityZones: env.availabilityZones[region],
        organizationId,
        endpoints: vpcEndpoints(settings.network.interfaceEndpoints, settings.network.gatewayEndpoints),
        endpointPolicies: {
            "bedrock-runtime": pulumi.all([organizationId, modelArns, guardrail.guardrailArn, guardrail.version]).apply(([orgId, arns, guardrailArn, version]) =>
                JSON.stringify(bedrockRuntimeEndpointPolicy(orgId, arns, guardrailArn, version))),
        },
        ...privateNetworkNames(prefix, env.name, account.key, region),
        flowLogRetentionDays: settings.network.flowLogRetentionDays,
        permissionsBoundaryArn,
    }, opts);

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
        network,
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
 * The genAI invoke role, created once the application accounts' workload roles exist (its trust names them, and IAM
 * refuses a trust policy naming a role that does not exist), and the catalogue parameter that publishes it.
 */
export function genaiInvokeRole(
    env: Environment,
    catalogue: ModelCatalogue,
    account: AccountContext,
    args: { readonly organizationId: pulumi.Output<string>; readonly guardrail: BedrockGuardrail; readonly workloads: readonly InvokeRoleWorkload[] },
) {
    const region = env.primaryRegion;
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const { guardrail } = args;
    const models = modelsForEnvironment(catalogue, env.name, env.models);
    const clearedModels = account.accountId.apply((id) => classifiedModels(invocableModels(models), environmentRegions(env), partitionOf(region), id));

    const invokeRole = new ModelInvokeRole(`${base}-invoke-role`, {
        roleName: names.invokeRoleName(env.namePrefix, env.name),
        workloads: args.workloads,
        organizationId: args.organizationId,
        models: clearedModels,
        guardrailArn: guardrail.guardrailArn,
        guardrailVersion: guardrail.version,
        guardrailKeyArn: guardrail.keyArn,
        permissionsBoundaryArn: account.permissionsBoundaryArn,
    }, opts);

    const parameter = new CatalogueParameter(`${base}-catalogue-parameter-${region}`, {
        region,
        parameterName: names.catalogueParameterName(env.namePrefix, env.name),
        value: pulumi.all([invokeRole.roleArn, guardrail.guardrailId, guardrail.guardrailArn, guardrail.version])
            .apply(([invokeRoleArn, id, arn, version]) => catalogueParameterValue({
                environment: env.name,
                activeRegion: region,
                invokeRoleArn,
                guardrail: { id, arn, version },
                models,
            })),
    }, opts);

    return { invokeRole, parameter, clearedModels };
}

/**
 * The invoke role's trust measured before anything is created, from the names it will contain. Account IDs are always
 * 12 digits, so the size is exact unless the organization's ID is longer than the usual 12 characters; the trust
 * policy is measured again, with the real ARNs, when it is built.
 */
export function invokeRoleTrustPreflight(env: Environment): string[] {
    const partition = partitionOf(env.primaryRegion);
    return invokeRoleTrustSizeProblems({
        organizationId: "o-0000000000",
        workloads: Object.entries(env.accounts.applications).map(([application, settings]) => ({
            application,
            workloadRoleArn: iamRoleArn(partition, "000000000000", workloadRoleName(env.namePrefix, env.name, application)),
            tenants: settings.tenants,
        })),
    });
}
