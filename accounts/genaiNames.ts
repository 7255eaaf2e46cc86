/**
 * Deterministic physical names of the generative-AI account's resources. They derive from the name prefix, the
 * environment and (for regional resources another stack may look for) the region, so that an application stack, a
 * drill or an operator can name a bucket, role or parameter without reading this stack's outputs.
 */

/** S3's limit on a bucket name. */
export const S3_BUCKET_NAME_MAX = 63;
/** IAM's limit on a role or managed-policy name. */
export const IAM_NAME_MAX = 64;
/** Bedrock's limit on a guardrail name. */
export const GUARDRAIL_NAME_MAX = 50;

/** The managed policy every role the landing zone creates carries as its permissions boundary (one per account). */
export function permissionBoundaryName(prefix: string): string {
    return `${prefix}-lz-permission-boundary`;
}

/**
 * The role one application assumes to invoke catalogue models (through the guardrail): one per application, so that
 * each role's trust names a single workload role and stays far below IAM's trust-policy quota however many
 * applications the environment has. `acme-ai-prod-genai-invoke-chat`; as long as the application's workload role name.
 */
export function invokeRoleName(prefix: string, environment: string, application: string): string {
    return `${prefix}-${environment}-genai-invoke-${application}`;
}

/** The customer-managed policy every invoke role carries: classification-gated invoke through the guardrail. */
export function invokeModelsPolicyName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-genai-invoke-models`;
}

/** The customer-managed policy every invoke role carries: clearance denies, tenant-scoped documents, retrieval. */
export function invokeAttributeAccessPolicyName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-genai-invoke-attribute-access`;
}

/** The role (and instance profile) of Inferentia2/Trainium workloads. */
export function acceleratorWorkloadRoleName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-accelerator-workload`;
}

/** The role VPC flow logs use to write to CloudWatch Logs in one region. */
export function flowLogRoleName(prefix: string, environment: string, region: string): string {
    return `${prefix}-${environment}-flow-logs-${region}`;
}

/** The role Bedrock uses to deliver invocation logs in one region. */
export function invocationLoggingRoleName(prefix: string, environment: string, region: string): string {
    return `${prefix}-${environment}-bedrock-logs-${region}`;
}

/** Bucket of large invocation payloads (images, long prompts) in one region. Bucket names are global, hence the account. */
export function invocationLogsBucketName(prefix: string, environment: string, accountId: string, region: string): string {
    return `${prefix}-${environment}-bedrock-logs-${accountId}-${region}`;
}

/** Bucket of compiled Neuron models and fine-tuned weights in one region. */
export function modelArtifactsBucketName(prefix: string, environment: string, accountId: string, region: string): string {
    return `${prefix}-${environment}-model-artifacts-${accountId}-${region}`;
}

/** The log group that holds prompts and responses; its name is the same in every region. */
export function invocationLogGroupName(prefix: string, environment: string): string {
    return `/${prefix}/${environment}/bedrock/model-invocations`;
}

export function flowLogGroupName(prefix: string, environment: string, accountKey: string): string {
    return `/${prefix}/${environment}/${accountKey}/vpc-flow-logs`;
}

/** The SSM parameter (JSON) applications read to discover approved models, the guardrail and the active region. */
export function catalogueParameterName(prefix: string, environment: string): string {
    return `/${prefix}/${environment}/genai/catalogue`;
}

export function guardrailName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-guardrail`;
}

export function inferenceRepositoryName(prefix: string, environment: string): string {
    return `${prefix}-${environment}/neuron-inference`;
}

/** KMS alias of one purpose's key (`logs`, `guardrail`, `artifacts`, `alarms`); aliases are regional. */
export function genaiKeyAlias(prefix: string, environment: string, purpose: string): string {
    return `alias/${prefix}-${environment}-genai-${purpose}`;
}

export function alarmTopicName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-genai-alarms`;
}

export function dashboardName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-genai`;
}

export function launchTemplateName(prefix: string, environment: string, reservation: string): string {
    return `${prefix}-${environment}-${reservation}`;
}

/** The role S3 assumes to replicate the data account's documents bucket to the DR region. */
export function documentsReplicationRoleName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-docs-replication`;
}

/** The role S3 assumes to replicate the model-artifacts bucket to the DR region. */
export function artifactsReplicationRoleName(prefix: string, environment: string): string {
    return `${prefix}-${environment}-artifacts-replication`;
}

/**
 * The DR region's knowledge-base role: a role of its own, because the knowledge-base role's trust is pinned to the
 * knowledge bases of one region (`aws:SourceArn`), hence the region in its name.
 */
export function drKnowledgeBaseRoleName(prefix: string, environment: string, region: string): string {
    return `${prefix}-${environment}-genai-kb-${region}`;
}

/** An application's session and conversation state: a DynamoDB global table, the same name in every region. */
export function sessionTableName(prefix: string, environment: string, application: string): string {
    return `${prefix}-${environment}-${application}-sessions`;
}

/** KMS alias of the multi-region key of an application's session table (and of its replica). */
export function sessionTableKeyAlias(prefix: string, environment: string, application: string): string {
    return `alias/${prefix}-${environment}-${application}-sessions`;
}

/** The SSM parameter applications read to learn the active region; the same path in every region. */
export function activeRegionParameterName(prefix: string, environment: string): string {
    return `/${prefix}/${environment}/active-region`;
}

/** The ECR repository-name prefix replicated to the DR region by default: the environment's inference images. */
export function defaultReplicatedRepositoryPrefix(prefix: string, environment: string): string {
    return `${prefix}-${environment}/`;
}

/** DynamoDB's limit on a table name. */
export const DYNAMODB_TABLE_NAME_MAX = 255;

/**
 * The longest names derived from a prefix and environment, with their limits, so that config validation can refuse
 * a prefix that would make AWS reject a name at deploy time. Account IDs are always 12 digits.
 */
export function derivedNameLimits(prefix: string, environment: string, regions: readonly string[]): { what: string; name: string; max: number }[] {
    const account = "123456789012";
    return regions.flatMap((region) => [
        { what: "the invocation-logs bucket", name: invocationLogsBucketName(prefix, environment, account, region), max: S3_BUCKET_NAME_MAX },
        { what: "the model-artifacts bucket", name: modelArtifactsBucketName(prefix, environment, account, region), max: S3_BUCKET_NAME_MAX },
        { what: "the invocation-logging role", name: invocationLoggingRoleName(prefix, environment, region), max: IAM_NAME_MAX },
        { what: "the flow-log role", name: flowLogRoleName(prefix, environment, region), max: IAM_NAME_MAX },
    ]).concat([
        { what: "the accelerator workload role", name: acceleratorWorkloadRoleName(prefix, environment), max: IAM_NAME_MAX },
        { what: "the invoke roles' attribute-access policy", name: invokeAttributeAccessPolicyName(prefix, environment), max: IAM_NAME_MAX },
        { what: "the guardrail", name: guardrailName(prefix, environment), max: GUARDRAIL_NAME_MAX },
    ]).concat(regions.length > 1 ? [
        { what: "the documents replication role", name: documentsReplicationRoleName(prefix, environment), max: IAM_NAME_MAX },
        { what: "the model-artifacts replication role", name: artifactsReplicationRoleName(prefix, environment), max: IAM_NAME_MAX },
        ...regions.slice(1).map((region) => ({ what: "the DR knowledge-base role", name: drKnowledgeBaseRoleName(prefix, environment, region), max: IAM_NAME_MAX })),
    ] : []);
}
