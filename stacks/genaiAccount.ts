import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import * as names from "../accounts/genaiNames";
import { accountBudgetName, privateNetworkNames } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import {
    catalogueParameterValue,
    classifiedModels,
    environmentModelArns,
    invocableModels,
} from "../components/bedrock/catalogue";
import { ApplicationInferenceProfiles } from "../components/bedrock/applicationInferenceProfiles";
import { CatalogueParameter } from "../components/bedrock/catalogueParameter";
import { InvokeRoleWorkload, ModelInvokeRole } from "../components/bedrock/invokeRole";
import { AcceleratorWorkloadRole } from "../components/capacity/acceleratorWorkloadRole";
import { vpcEndpoints } from "../components/network/endpoints";
import { AccountBudget } from "../components/observability/budget";
import { GenaiRegion, GenaiRegionArgs } from "../components/genai/region";
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
    // Per-application profiles in every region the environment invokes in: each application's usage is its own line of
    // the bill, and after a failover it calls the same profiles, by the same names, in the DR region.
    const applicationProfiles = Object.fromEntries(regions.map((profileRegion) => [profileRegion, new ApplicationInferenceProfiles(`${base}-application-profiles-${profileRegion}`, {
        region: profileRegion,
        partition: partitionOf(profileRegion),
        accountId,
        namePrefix: `${prefix}-${env.name}`,
        environment: env.name,
        costCenter: env.costCenter,
        applications: Object.entries(env.accounts.applications).map(([application, app]) => ({ application, tenants: app.tenants })),
        models: invocableModels(models),
    }, opts)]));
    const profileArns = applicationProfileArns(applicationProfiles);
    // What the invoke roles may invoke, and so all the bedrock-runtime endpoint lets through (see invocableModels): the
    // catalogue's models and profiles, and the applications' own profiles (each invoke role may call its own only).
    const modelArns = pulumi.all([accountId, profileArns]).apply(([id, byApplication]) => [
        ...environmentModelArns(invocableModels(models), regions, partition, id).all,
        ...Object.values(byApplication).flat().sort(),
    ]);

    const workloadRole = new AcceleratorWorkloadRole(`${base}-accelerator-workload-role`, {
        roleName: names.acceleratorWorkloadRoleName(prefix, env.name),
        permissionsBoundaryArn,
    }, opts);

    // The primary and the DR region are the same component; what differs between them is decided here, as inputs.
    const regionIn = (sliceRegion: string) => new GenaiRegion(`${base}-${sliceRegion}`, {
        ...genaiRegionSettings(env, sliceRegion),
        region: sliceRegion,
        childNamePrefix: base,
        accountId,
        organizationId,
        permissionsBoundaryArn,
        network: {
            cidrBlock: account.vpcCidr,
            availabilityZones: env.availabilityZones[sliceRegion],
            endpoints: vpcEndpoints(settings.network.interfaceEndpoints, settings.network.gatewayEndpoints),
            ...privateNetworkNames(prefix, env.name, account.key, sliceRegion),
            flowLogRetentionDays: settings.network.flowLogRetentionDays,
        },
        invocableModelArns: modelArns,
        logging: {
            logGroupName: names.invocationLogGroupName(prefix, env.name),
            bucketName: accountId.apply((id) => names.invocationLogsBucketName(prefix, env.name, id, sliceRegion)),
            roleName: names.invocationLoggingRoleName(prefix, env.name, sliceRegion),
            keyAlias: names.genaiKeyAlias(prefix, env.name, "invocation-logs"),
            retentionInDays: settings.logging.retentionDays,
            largePayloadExpirationDays: settings.logging.largePayloadExpirationDays,
        },
        alarmTopic: {
            topicName: names.alarmTopicName(prefix, env.name),
            keyAlias: names.genaiKeyAlias(prefix, env.name, "alarms"),
            subscribers: settings.alarms.subscribers,
        },
        acceleratorInstanceProfileArn: workloadRole.instanceProfileArn,
        launchTemplateNamePrefix: `${prefix}-${env.name}`,
        idleAlarmHours: settings.capacity.idleAlarmHours,
        monitoring: {
            dashboardName: names.dashboardName(prefix, env.name),
            alarmNamePrefix: `${prefix}-${env.name}-genai`,
            models: models.map((model) => ({ modelId: model.id, inferenceProfileId: model.inferenceProfile?.id })),
            throttlesPerFiveMinutes: settings.alarms.throttlesPerFiveMinutes,
            errorsPerFiveMinutes: settings.alarms.errorsPerFiveMinutes,
        },
        protect: env.protectStatefulResources,
    }, opts);
    const primary = regionIn(region);
    const dr = env.dr.enabled ? regionIn(env.drRegion) : undefined;
    const { guardrail, network, alarmTopic, capacity } = primary;

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
        protect: env.protectStatefulResources,
    }, opts);

    new AccountBudget(`${base}-budget`, {
        accountId,
        budgetName: accountBudgetName(prefix, env.name, account.key),
        monthlyLimitUsd: settings.budget.monthlyLimitUsd,
        // The topic's subscribers hear of the budget too; direct e-mails would only duplicate them.
        alarmTopicArn: alarmTopic.topicArn,
    }, opts);

    const slices = dr ? [primary, dr] : [primary];
    return {
        primary,
        dr,
        artifacts,
        workloadRole,
        applicationProfiles,
        applicationProfileArns: profileArns,
        outputs: {
            vpcId: network.vpcId,
            subnetIds: network.subnetIds,
            endpointIds: network.endpointIds,
            guardrailId: guardrail.guardrailId,
            guardrailArn: guardrail.guardrailArn,
            guardrailVersion: guardrail.version,
            invocationLogGroupArns: Object.fromEntries(slices.map((slice) => [slice.region, slice.invocationLogGroupArn])),
            modelArtifactsBucket: artifacts.bucketName,
            inferenceRepositoryUrl: artifacts.repositoryUrl,
            acceleratorInstanceProfileArn: workloadRole.instanceProfileArn,
            capacityReservationIds: capacity?.reservationIds ?? {},
            launchTemplateIds: capacity?.launchTemplateIds ?? {},
            alarmTopicArn: alarmTopic.topicArn,
            dashboardName: primary.dashboardName,
            /** The DR region's slice, by the same names as the primary's above. */
            ...(dr ? {
                drRegion: {
                    vpcId: dr.vpcId,
                    guardrailId: dr.guardrailId,
                    guardrailArn: dr.guardrailArn,
                    guardrailVersion: dr.guardrailVersion,
                    capacityReservationIds: dr.capacityReservationIds,
                    launchTemplateIds: dr.launchTemplateIds,
                    alarmTopicArn: dr.alarmTopicArn,
                    dashboardName: dr.dashboardName,
                },
            } : {}),
        },
    };
}

/** Every application's inference-profile ARNs in every region, by application: what its endpoints must let through. */
export function applicationProfileArns(profiles: Readonly<Record<string, ApplicationInferenceProfiles>>): pulumi.Output<Record<string, string[]>> {
    const applications = [...new Set(Object.values(profiles).flatMap((regional) => Object.keys(regional.profileArns)))].sort();
    return pulumi.all(Object.fromEntries(applications.map((application) => [
        application,
        pulumi.all(Object.values(profiles).flatMap((regional) => Object.values(regional.profileArns[application] ?? {}))).apply((arns) => [...arns].sort()),
    ])));
}

/**
 * What differs between the genAI account's regions, as the inputs of its regional component: the capacity reserved
 * there (the primary holds every reservation and Capacity Block; the DR region the reservations marked `dr: true`, in
 * their DR zone) and the guardrail, whose settings are the same everywhere.
 */
export function genaiRegionSettings(env: Environment, region: string): Pick<GenaiRegionArgs, "guardrail" | "capacityReservations" | "capacityBlocks"> {
    const settings = env.genai;
    const guardrail = settings.guardrail;
    const isPrimary = region === env.primaryRegion;
    const reservations = settings.capacity.reservations
        .filter((reservation) => isPrimary || reservation.dr)
        // Validation requires drAvailabilityZone with `dr: true`.
        .map((r) => ({
            key: r.name,
            instanceType: r.instanceType,
            instanceCount: r.count,
            availabilityZone: isPrimary ? r.availabilityZone : r.drAvailabilityZone!,
            purpose: r.purpose,
            endDate: r.endDate,
            owner: r.owner,
        }));
    return {
        guardrail: {
            guardrailName: names.guardrailName(env.namePrefix, env.name),
            keyAlias: names.genaiKeyAlias(env.namePrefix, env.name, "guardrail"),
            contentFilters: {
                HATE: guardrail.contentFilters.hate,
                INSULTS: guardrail.contentFilters.insults,
                SEXUAL: guardrail.contentFilters.sexual,
                VIOLENCE: guardrail.contentFilters.violence,
                MISCONDUCT: guardrail.contentFilters.misconduct,
            },
            promptAttackStrength: guardrail.promptAttack,
            deniedTopics: guardrail.deniedTopics,
            piiEntities: guardrail.piiEntities.map((entity) => ({ type: entity.type, action: entity.action })),
            regexes: guardrail.regexes,
            blockedWords: guardrail.words,
            profanityFilter: guardrail.profanityFilter,
            groundingThreshold: guardrail.grounding.groundingThreshold,
            relevanceThreshold: guardrail.grounding.relevanceThreshold,
            blockedInputMessage: guardrail.blockedInputMessage,
            blockedOutputMessage: guardrail.blockedOutputMessage,
        },
        capacityReservations: reservations,
        // A Capacity Block is bought for one zone and window; it has no DR copy.
        capacityBlocks: isPrimary
            ? settings.capacity.capacityBlocks.map((b) => ({
                key: b.name,
                offeringId: b.offeringId,
                instanceType: b.instanceType,
                availabilityZone: b.availabilityZone,
                owner: b.owner,
            }))
            : [],
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
        /** The account's regional slices, primary first: a call names the guardrail of its region, so the role pins each. */
        readonly regions: readonly GenaiRegion[];
        /** Each application's workload; its invoke role's name is derived here. */
        readonly workloads: readonly Omit<InvokeRoleWorkload, "roleName">[];
        /** The applications' inference profiles, by region (`genaiAccount`'s `applicationProfiles`). */
        readonly applicationProfiles: Readonly<Record<string, ApplicationInferenceProfiles>>;
    },
) {
    const region = env.primaryRegion;
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const models = modelsForEnvironment(catalogue, env.name, env.models);
    const clearedModels = account.accountId.apply((id) => classifiedModels(invocableModels(models), environmentRegions(env), partitionOf(region), id));

    const profilesByRegion = args.applicationProfiles;

    const invokeRole = new ModelInvokeRole(`${base}-invoke-role`, {
        policyName: names.invokeModelsPolicyName(env.namePrefix, env.name),
        workloads: args.workloads.map((workload) => ({ ...workload, roleName: names.invokeRoleName(env.namePrefix, env.name, workload.application) })),
        organizationId: args.organizationId,
        models: clearedModels,
        guardrails: args.regions.map(({ guardrail }) => ({ arn: guardrail.guardrailArn, version: guardrail.version, keyArn: guardrail.keyArn })),
        permissionsBoundaryArn: account.permissionsBoundaryArn,
        applicationProfileArns: Object.fromEntries(args.workloads.map(({ application }) => [
            application,
            Object.values(profilesByRegion).flatMap((profiles) => Object.values(profiles.profileArns[application])),
        ])),
    }, opts);

    const profilesByApplication = (profileRegion: string) => pulumi.all(Object.fromEntries(Object.entries(profilesByRegion[profileRegion].profileArns)
        .map(([application, arns]) => [application, pulumi.all(arns)])));
    // Each region's copy names that region's guardrail; both carry the environment's active region.
    const parameterIn = ({ region: parameterRegion, guardrail: regionGuardrail }: GenaiRegion) => new CatalogueParameter(`${base}-catalogue-parameter-${parameterRegion}`, {
        region: parameterRegion,
        parameterName: names.catalogueParameterName(env.namePrefix, env.name),
        value: pulumi.all([pulumi.all(invokeRole.roleArns), regionGuardrail.guardrailId, regionGuardrail.guardrailArn, regionGuardrail.version, profilesByApplication(parameterRegion)])
            .apply(([invokeRoleArns, id, arn, version, profiles]) => catalogueParameterValue({
                environment: env.name,
                activeRegion: env.activeRegion,
                invokeRoleArns,
                guardrail: { id, arn, version },
                models,
                // Each region's copy names that region's profiles.
                applicationInferenceProfiles: profiles,
            })),
    }, opts);
    const [parameter, drParameter] = args.regions.map(parameterIn);

    return { invokeRole, parameter, drParameter, clearedModels };
}
