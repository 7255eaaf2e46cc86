import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DrDeclaration, DrInventoryEntry, S3_RTC_TARGET_MINUTES } from "../accounts/drInventory";
import * as names from "../accounts/genaiNames";
import { knowledgeBaseName, s3BucketArn, vectorBucketName, vectorCollectionName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { CatalogueParameter } from "../components/bedrock/catalogueParameter";
import { AcceleratorWorkloadRole } from "../components/capacity/acceleratorWorkloadRole";
import { DataRegion } from "../components/data/region";
import { GenaiRegion } from "../components/genai/region";
import { ActiveRegionParameter } from "../components/resilience/activeRegionParameter";
import { BucketReplication } from "../components/resilience/bucketReplication";
import { drInventory, drInventoryEntry, DrLocationInput } from "../components/resilience/inventory";
import { ReplicaKey } from "../components/resilience/replicaKey";
import { RepositoryReplication } from "../components/resilience/repositoryReplication";
import { SessionTable } from "../components/resilience/sessionTable";
import { KnowledgeBase } from "../components/retrieval/knowledgeBase";
import { KnowledgeBaseRole } from "../components/retrieval/knowledgeBaseRole";
import { VectorStore } from "../components/retrieval/vectorStore";
import { EncryptionKey } from "../components/security/encryptionKey";
import { keyPolicy } from "../components/security/keyPolicies";
import { artifactReaderPolicy, ModelArtifacts, modelArtifactsBucketPolicy } from "../components/storage/modelArtifacts";
import { ModelInvokeRole } from "../components/bedrock/invokeRole";
import { AccountContext } from "./accounts";

/**
 * Disaster recovery of an environment (issue 6): what stands in the DR region when `dr.enabled`, the failover switch
 * every application reads, and the DR inventory that pairs each critical resource with its replica. Everything goes
 * through the accounts' own providers, with each resource naming its region.
 */

/** The `dr` stack output: what the environment declares about recovery. */
export function drDeclaration(env: Environment): DrDeclaration {
    return {
        enabled: env.dr.enabled,
        primaryRegion: env.primaryRegion,
        drRegion: env.drRegion,
        activeRegion: env.activeRegion,
        ...(env.dr.rpoMinutes !== undefined ? { rpoMinutes: env.dr.rpoMinutes } : {}),
        ...(env.dr.rtoMinutes !== undefined ? { rtoMinutes: env.dr.rtoMinutes } : {}),
    };
}

/** What the genAI account's baseline hands to its DR copies. */
export interface GenaiPrimary {
    readonly artifacts: ModelArtifacts;
    readonly workloadRole: AcceleratorWorkloadRole;
}

/**
 * The genAI account's model artifacts in the DR region (its regional slice, guardrail to capacity, is the same
 * component as the primary's): the artifacts key's replica and the bucket's replication, registry replication of the
 * inference images with a creation template for the replicas, and the accelerator workload role's reads of both,
 * so that the capacity reserved there can load a model.
 */
export function genaiDrRegion(env: Environment, genai: AccountContext, primary: GenaiPrimary) {
    if (!env.dr.enabled) {
        return undefined;
    }
    const settings = env.genai;
    const prefix = env.namePrefix;
    const region = env.primaryRegion;
    const drRegion = env.drRegion;
    const partition = partitionOf(region);
    const base = `${env.name}-${genai.key}`;
    const opts = { provider: genai.provider };
    const { accountId } = genai;

    const artifactsKey = new ReplicaKey(`${base}-model-artifacts-key-${drRegion}`, {
        region: drRegion,
        primaryKeyArn: primary.artifacts.keyArn,
        description: "Model artifacts and inference images (replica)",
        aliasName: names.genaiKeyAlias(prefix, env.name, "artifacts"),
        policy: accountId.apply((id) => keyPolicy(partition, id, [])),
        protect: env.protectStatefulResources,
    }, opts);
    const replicaArtifactsBucketName = accountId.apply((id) => names.modelArtifactsBucketName(prefix, env.name, id, drRegion));
    const artifactsReplication = new BucketReplication(`${base}-model-artifacts-replication-${drRegion}`, {
        region,
        drRegion,
        accountId,
        sourceBucketName: primary.artifacts.bucketName,
        sourceKeyArn: primary.artifacts.keyArn,
        replicaBucketName: replicaArtifactsBucketName,
        replicaKeyArn: artifactsKey.keyArn,
        roleName: names.artifactsReplicationRoleName(prefix, env.name),
        permissionsBoundaryArn: genai.permissionsBoundaryArn,
        dependsOn: [primary.artifacts],
        objectLock: settings.artifacts.objectLock !== "none",
        noncurrentVersionExpirationDays: settings.artifacts.noncurrentVersionExpirationDays,
        // The replica is read by the same roles as the source: the accelerator workloads that start in the DR region.
        replicaBucketPolicyStatements: pulumi.all([replicaArtifactsBucketName, primary.workloadRole.roleArn]).apply(([bucket, readerArn]) =>
            modelArtifactsBucketPolicy(s3BucketArn(partition, bucket), [readerArn]).Statement),
        protect: env.protectStatefulResources,
    }, opts);

    const repositories = new RepositoryReplication(`${base}-repository-replication-${region}`, {
        region,
        drRegion,
        accountId,
        repositoryPrefixes: settings.dr.repositoryPrefixes ?? [names.defaultReplicatedRepositoryPrefix(prefix, env.name)],
        replicaKmsKeyArn: artifactsKey.keyArn,
    }, opts);

    // The replica of the inference repository has the source's name; ECR creates it on the first replicated push.
    const replicaRepositoryArn = accountId.apply((id) =>
        `arn:${partition}:ecr:${drRegion}:${id}:repository/${names.inferenceRepositoryName(prefix, env.name)}`);
    const workloadReads = new aws.iam.RolePolicy(`${base}-accelerator-workload-role-artifacts-${drRegion}`, {
        role: primary.workloadRole.roleName,
        name: `read-model-artifacts-${drRegion}`,
        policy: pulumi.all([artifactsReplication.replicaBucketArn, replicaRepositoryArn, artifactsKey.keyArn])
            .apply(([bucketArn, repositoryArn, keyArn]) => JSON.stringify(artifactReaderPolicy(bucketArn, repositoryArn, keyArn))),
    }, opts);

    return { artifactsKey, artifactsReplication, repositories, replicaRepositoryArn, workloadReads };
}

/**
 * The DR region's knowledge-base role. A role of its own: the knowledge-base role's trust admits the knowledge bases
 * of one region. Created before the data account's replica key and bucket, whose policies name it.
 */
export function drKnowledgeBaseRole(env: Environment, genai: AccountContext): KnowledgeBaseRole | undefined {
    return env.dr.enabled
        ? new KnowledgeBaseRole(`${env.name}-${genai.key}-knowledge-base-role-${env.drRegion}`, {
            region: env.drRegion,
            accountId: genai.accountId,
            roleName: names.drKnowledgeBaseRoleName(env.namePrefix, env.name, env.drRegion),
            permissionsBoundaryArn: genai.permissionsBoundaryArn,
        }, { provider: genai.provider })
        : undefined;
}

/**
 * An application account's session and conversation state and its failover switch: a multi-region key (and its
 * replica with DR), a DynamoDB global table (with its DR replica), and the active-region parameter in every region
 * of the environment. The key is multi-region even without DR, so that turning DR on never replaces it.
 */
export function applicationSessionState(env: Environment, account: AccountContext & { application: string }, workloadRoleName: pulumi.Input<string>) {
    const prefix = env.namePrefix;
    const region = env.primaryRegion;
    const partition = partitionOf(region);
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const aliasName = names.sessionTableKeyAlias(prefix, env.name, account.application);

    const key = new EncryptionKey(`${base}-sessions-key-${region}`, {
        region,
        accountId: account.accountId,
        description: `Session and conversation state of ${account.application}`,
        aliasName,
        multiRegion: true,
        protect: env.protectStatefulResources,
    }, opts);
    const replicaKey = env.dr.enabled
        ? new ReplicaKey(`${base}-sessions-key-${env.drRegion}`, {
            region: env.drRegion,
            primaryKeyArn: key.keyArn,
            description: `Session and conversation state of ${account.application} (replica)`,
            aliasName,
            policy: account.accountId.apply((id) => keyPolicy(partition, id, [])),
            protect: env.protectStatefulResources,
        }, opts)
        : undefined;
    const table = new SessionTable(`${base}-sessions-${region}`, {
        region,
        tableName: names.sessionTableName(prefix, env.name, account.application),
        kmsKeyArn: key.keyArn,
        protect: env.protectStatefulResources,
        ...(replicaKey ? { drRegion: env.drRegion, replicaKmsKeyArn: replicaKey.keyArn } : {}),
    }, opts);
    // The application keeps its session state in its own table, in whichever region is active: the workload role may
    // use its items (never the table's settings) in the primary and, when DR is on, the replica, through DynamoDB only.
    const tableArns = [table.tableArn, ...(table.replicaTableArn ? [table.replicaTableArn] : [])];
    const keyArns = [key.keyArn, ...(replicaKey ? [replicaKey.keyArn] : [])];
    new aws.iam.RolePolicy(`${base}-workload-session-state`, {
        role: workloadRoleName,
        name: "session-state",
        policy: pulumi.all([pulumi.all(tableArns), pulumi.all(keyArns)]).apply(([tables, keys]) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "UseOwnSessionItems",
                    Effect: "Allow",
                    Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
                    Resource: tables,
                },
                {
                    Sid: "UseSessionKeyThroughDynamoDb",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                    Resource: keys,
                    Condition: { StringLike: { "kms:ViaService": environmentRegions(env).map((region) => `dynamodb.${region}.amazonaws.com`) } },
                },
            ],
        })),
    }, opts);
    const activeRegion = new ActiveRegionParameter(`${base}-active-region`, {
        regions: environmentRegions(env),
        parameterName: names.activeRegionParameterName(prefix, env.name),
        activeRegion: env.activeRegion,
    }, opts);
    return { account, key, replicaKey, table, activeRegion };
}

/** What the DR inventory is built from: the components above and the ones they replicate. */
export interface DrInventorySources {
    readonly genai: {
        readonly account: AccountContext;
        /** The account's regional slices: the primary region's, and the DR region's with DR. */
        readonly primary: GenaiRegion;
        readonly drSlice?: GenaiRegion;
        readonly parameter: CatalogueParameter;
        readonly drParameter?: CatalogueParameter;
        readonly store: VectorStore;
        readonly knowledgeBase?: KnowledgeBase;
        readonly invokeRole: ModelInvokeRole;
        readonly artifacts: ModelArtifacts;
        readonly dr?: ReturnType<typeof genaiDrRegion>;
        readonly drRetrieval?: { readonly store: VectorStore; readonly knowledgeBase?: KnowledgeBase };
    };
    readonly data: {
        readonly account: AccountContext;
        readonly primary: DataRegion;
        readonly dr?: DataRegion;
    };
    readonly applications: readonly ReturnType<typeof applicationSessionState>[];
}

/**
 * Every critical resource with its DR-region replica (null when DR is off, or when the resource has none yet), the
 * `drInventory` output that `lz drill` and the policy pack read. Physical names are deterministic names, never
 * provider IDs, so that a live drill finds each resource in AWS.
 */
export function environmentDrInventory(env: Environment, sources: DrInventorySources): pulumi.Output<DrInventoryEntry[]> {
    const primary = env.primaryRegion;
    const drRegion = env.drRegion;
    const prefix = env.namePrefix;
    const { genai, data } = sources;
    const at = (region: string, urn: pulumi.Input<string>, physicalName: pulumi.Input<string>, arn?: pulumi.Input<string>): DrLocationInput =>
        ({ region, urn, physicalName, ...(arn !== undefined ? { arn } : {}) });
    const whenDr = (location: () => DrLocationInput): DrLocationInput | null => (env.dr.enabled ? location() : null);
    const genaiKey = genai.account.key;
    const networkName = (region: string) => `${env.name}-${genaiKey}-network-${region}`;
    const { primary: primarySlice, drSlice } = genai;
    const storeName = env.retrieval.vectorStore === "opensearch-serverless" ? vectorCollectionName(prefix, env.name) : vectorBucketName(prefix, env.name);
    const artifactsAlias = names.genaiKeyAlias(prefix, env.name, "artifacts");
    const repositoryName = names.inferenceRepositoryName(prefix, env.name);

    const entries = [
        drInventoryEntry({
            kind: "kms-key", account: genaiKey, description: "model-artifacts key", mechanism: "kms-multi-region",
            primary: at(primary, genai.artifacts.keyUrn, artifactsAlias, genai.artifacts.keyArn),
            replica: genai.dr ? at(drRegion, genai.dr.artifactsKey.replicaKeyUrn, artifactsAlias, genai.dr.artifactsKey.keyArn) : null,
        }),
        drInventoryEntry({
            kind: "s3-bucket", account: genaiKey, description: "model-artifacts bucket", mechanism: "s3-replication-time-control",
            targetMinutes: S3_RTC_TARGET_MINUTES,
            primary: at(primary, genai.artifacts.bucketUrn, genai.artifacts.bucketName, genai.artifacts.bucketArn),
            replica: genai.dr
                ? at(drRegion, genai.dr.artifactsReplication.replicaBucketUrn, genai.dr.artifactsReplication.replicaBucketName, genai.dr.artifactsReplication.replicaBucketArn)
                : null,
        }),
        drInventoryEntry({
            kind: "ecr-repository", account: genaiKey, description: "inference-image repository", mechanism: "ecr-registry-replication",
            primary: at(primary, genai.artifacts.repositoryUrn, repositoryName, genai.artifacts.repositoryArn),
            // The replication configuration declares the DR region; ECR creates the replica repository on first push.
            replica: genai.dr ? at(drRegion, genai.dr.repositories.replicationConfigurationUrn, repositoryName) : null,
        }),
        drInventoryEntry({
            kind: "guardrail", account: genaiKey, description: "guardrail and its published version", mechanism: "deployed-in-both-regions",
            primary: at(primary, primarySlice.guardrail.guardrailUrn, names.guardrailName(prefix, env.name), primarySlice.guardrailArn),
            replica: drSlice
                ? at(drRegion, drSlice.guardrail.guardrailUrn, names.guardrailName(prefix, env.name), drSlice.guardrailArn)
                : null,
        }),
        drInventoryEntry({
            kind: "catalogue-parameter", account: genaiKey, description: "model-catalogue SSM parameter", mechanism: "deployed-in-both-regions",
            primary: at(primary, genai.parameter.parameterUrn, names.catalogueParameterName(prefix, env.name), genai.parameter.parameterArn),
            replica: genai.drParameter
                ? at(drRegion, genai.drParameter.parameterUrn, names.catalogueParameterName(prefix, env.name), genai.drParameter.parameterArn)
                : null,
        }),
        drInventoryEntry({
            kind: "invocation-logging", account: genaiKey, description: "Bedrock model invocation logging", mechanism: "deployed-in-both-regions",
            primary: at(primary, primarySlice.logging.configurationUrn, names.invocationLogGroupName(prefix, env.name)),
            replica: drSlice ? at(drRegion, drSlice.logging.configurationUrn, names.invocationLogGroupName(prefix, env.name)) : null,
        }),
        drInventoryEntry({
            kind: "network", account: genaiKey, description: "genAI private network", mechanism: "deployed-in-both-regions",
            primary: at(primary, primarySlice.network.vpcUrn, networkName(primary)),
            replica: drSlice ? at(drRegion, drSlice.network.vpcUrn, networkName(drRegion)) : null,
        }),
        drInventoryEntry({
            kind: "bedrock-runtime-endpoint", account: genaiKey, description: "bedrock-runtime interface endpoint", mechanism: "deployed-in-both-regions",
            primary: at(primary, primarySlice.network.endpointUrns["bedrock-runtime"], `${networkName(primary)}-bedrock-runtime`),
            replica: drSlice ? at(drRegion, drSlice.network.endpointUrns["bedrock-runtime"], `${networkName(drRegion)}-bedrock-runtime`) : null,
        }),
        drInventoryEntry({
            kind: "vector-store", account: genaiKey, description: "knowledge-base vector store", mechanism: "rebuilt-from-replicated-documents",
            primary: at(primary, genai.store.storeUrn, storeName),
            replica: genai.drRetrieval ? at(drRegion, genai.drRetrieval.store.storeUrn, storeName) : null,
        }),
        ...(genai.knowledgeBase ? [drInventoryEntry({
            kind: "knowledge-base", account: genaiKey, description: "knowledge base over the documents bucket", mechanism: "rebuilt-from-replicated-documents",
            primary: at(primary, genai.knowledgeBase.knowledgeBaseUrn, knowledgeBaseName(prefix, env.name), genai.knowledgeBase.knowledgeBaseArn),
            replica: genai.drRetrieval?.knowledgeBase
                ? at(drRegion, genai.drRetrieval.knowledgeBase.knowledgeBaseUrn, knowledgeBaseName(prefix, env.name), genai.drRetrieval.knowledgeBase.knowledgeBaseArn)
                : null,
        })] : []),
        ...env.genai.capacity.reservations.filter((reservation) => reservation.dr && primarySlice.capacity).map((reservation) => drInventoryEntry({
            kind: "capacity-reservation", account: genaiKey, description: `capacity reservation ${reservation.name}`, mechanism: "deployed-in-both-regions",
            primary: at(primary, primarySlice.capacity!.reservationUrns[reservation.name], names.launchTemplateName(prefix, env.name, reservation.name)),
            replica: drSlice?.capacity
                ? at(drRegion, drSlice.capacity.reservationUrns[reservation.name], names.launchTemplateName(prefix, env.name, reservation.name))
                : null,
        })),
        drInventoryEntry({
            kind: "invoke-permissions", account: genaiKey, description: "invoke role's model permissions", mechanism: "deployed-in-both-regions",
            // One managed policy (IAM is global), attached to every application's invoke role, names the models' ARNs in
            // both regions.
            primary: at(primary, genai.invokeRole.invokePolicyUrn, names.invokeModelsPolicyName(prefix, env.name), genai.invokeRole.invokePolicyArn),
            replica: whenDr(() => at(drRegion, genai.invokeRole.invokePolicyUrn, names.invokeModelsPolicyName(prefix, env.name), genai.invokeRole.invokePolicyArn)),
        }),
        drInventoryEntry({
            kind: "kms-key", account: data.account.key, description: "knowledge-base documents key", mechanism: "kms-multi-region",
            primary: at(primary, data.primary.store!.keyUrn, data.primary.store!.keyAliasName, data.primary.keyArn),
            replica: data.dr ? at(drRegion, data.dr.replicaKey!.replicaKeyUrn, data.dr.replicaKey!.aliasName, data.dr.keyArn) : null,
        }),
        drInventoryEntry({
            kind: "s3-bucket", account: data.account.key, description: "knowledge-base documents bucket", mechanism: "s3-replication-time-control",
            targetMinutes: S3_RTC_TARGET_MINUTES,
            primary: at(primary, data.primary.store!.documentsBucketUrn, data.primary.documentsBucketName, data.primary.documentsBucketArn),
            replica: data.dr
                ? at(drRegion, data.dr.replication!.replicaBucketUrn, data.dr.documentsBucketName, data.dr.documentsBucketArn)
                : null,
        }),
        ...sources.applications.flatMap((app) => applicationDrEntries(env, app)),
    ];
    return drInventory(entries);
}

/**
 * One application account's entries of the DR inventory: its session-state key and table and its active-region
 * parameter. The environment stack lists its inline applications' entries; an application stack exports its own.
 */
export function applicationDrEntries(env: Environment, app: ReturnType<typeof applicationSessionState>): pulumi.Output<DrInventoryEntry>[] {
    const primary = env.primaryRegion;
    const drRegion = env.drRegion;
    const at = (region: string, urn: pulumi.Input<string>, physicalName: pulumi.Input<string>, arn?: pulumi.Input<string>): DrLocationInput =>
        ({ region, urn, physicalName, ...(arn !== undefined ? { arn } : {}) });
    const whenDr = (location: () => DrLocationInput): DrLocationInput | null => (env.dr.enabled ? location() : null);
    return [
    drInventoryEntry({
        kind: "kms-key", account: app.account.key, description: "session-state key", mechanism: "kms-multi-region",
        primary: at(primary, app.key.keyUrn, app.key.aliasName, app.key.keyArn),
        replica: app.replicaKey ? at(drRegion, app.replicaKey.replicaKeyUrn, app.replicaKey.aliasName, app.replicaKey.keyArn) : null,
    }),
    drInventoryEntry({
        kind: "dynamodb-table", account: app.account.key, description: "session and conversation state", mechanism: "dynamodb-global-table",
        primary: at(primary, app.table.tableUrn, app.table.tableName, app.table.tableArn),
        // The replica is declared on the table itself (global tables version 2019.11.21).
        replica: app.table.replicaTableArn ? at(drRegion, app.table.tableUrn, app.table.tableName, app.table.replicaTableArn) : null,
    }),
    drInventoryEntry({
        kind: "active-region-parameter", account: app.account.key, description: "active-region SSM parameter", mechanism: "deployed-in-both-regions",
        primary: at(primary, app.activeRegion.parameterUrns[primary], app.activeRegion.parameterName, app.activeRegion.parameterArns[primary]),
        replica: whenDr(() => at(drRegion, app.activeRegion.parameterUrns[drRegion], app.activeRegion.parameterName, app.activeRegion.parameterArns[drRegion])),
    }),

    ];
}
