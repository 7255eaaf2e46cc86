import { flowLogGroupName, flowLogRoleName } from "./genaiNames";
import { Partition } from "./regions";

/**
 * Deterministic names and ARNs. Every account, role and bucket name is derived from the name prefix, the
 * environment and the account role, so that one stack can name another account's role or bucket without a
 * StackReference, and so that a rename is always a visible, deliberate change.
 */
export type AccountRole = "genai" | "data" | "application";

/** Account name: `acme-ai-prod-genai`, `acme-ai-prod-data`, `acme-ai-prod-app-chat`. */
export function accountName(prefix: string, environment: string, role: AccountRole, application?: string): string {
    return `${prefix}-${environment}-${accountKey(role, application)}`;
}

/** Short key of an account within its environment: `genai`, `data`, `app-chat`. */
export function accountKey(role: AccountRole, application?: string): string {
    if (role === "application") {
        if (!application) {
            throw new Error("an application account needs its application name");
        }
        return `app-${application}`;
    }
    return role;
}

/** Root e-mail of a created account, from a template such as `aws+{account}@example.com`. */
export function accountEmail(template: string, name: string): string {
    return template.replace("{account}", name);
}

/** A physical resource name in an environment: `acme-ai-prod-genai-invoke`. */
export function resourceName(prefix: string, environment: string, ...parts: string[]): string {
    return [prefix, environment, ...parts].join("-");
}

export function iamRoleArn(partition: Partition, accountId: string, roleName: string): string {
    return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

export function accountRootArn(partition: Partition, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/** Session name recorded in CloudTrail for the landing zone's own deployments into an account. */
export function deploymentSessionName(environment: string, key: string): string {
    return `lz-${environment}-${key}`.slice(0, 64);
}

// ---------------------------------------------------------------------------------------------
// Data, retrieval and application accounts. Another account's stack (or the genAI account's trust policy) names
// these roles and buckets before they exist, so each is a pure function of the prefix, environment and account.
// ---------------------------------------------------------------------------------------------

/** Role of one application's compute (ECS task or Lambda function): `acme-ai-prod-app-chat-workload`. */
export function workloadRoleName(prefix: string, environment: string, application: string): string {
    return resourceName(prefix, environment, accountKey("application", application), "workload");
}

/** Role the Bedrock knowledge base runs as in the genAI account: `acme-ai-prod-genai-knowledge-base`. */
export function knowledgeBaseRoleName(prefix: string, environment: string): string {
    return resourceName(prefix, environment, "genai", "knowledge-base");
}

export function knowledgeBaseName(prefix: string, environment: string): string {
    return resourceName(prefix, environment, "knowledge-base");
}

/** The knowledge base's source documents in the data account. Bucket names are global, hence the account and region. */
export function documentsBucketName(prefix: string, environment: string, accountId: string, region: string): string {
    return resourceName(prefix, environment, "docs", accountId, region);
}

/** Server access logs of the documents bucket, in the same account and region as S3 requires. */
export function documentsAccessLogsBucketName(prefix: string, environment: string, accountId: string, region: string): string {
    return resourceName(prefix, environment, "docs-logs", accountId, region);
}

/** S3 Vectors bucket of the knowledge base's embeddings (vector bucket names are scoped to the account and region). */
export function vectorBucketName(prefix: string, environment: string): string {
    return resourceName(prefix, environment, "genai", "vectors");
}

/** OpenSearch Serverless collection, when that store is chosen; its policy names append up to four characters. */
export function vectorCollectionName(prefix: string, environment: string): string {
    return resourceName(prefix, environment, "kb");
}

export function webAclName(prefix: string, environment: string, application: string): string {
    return resourceName(prefix, environment, accountKey("application", application));
}

/** Monthly cost budget of one member account: `acme-ai-prod-app-chat-monthly`, `acme-ai-prod-data-monthly`. */
export function accountBudgetName(prefix: string, environment: string, key: string): string {
    return resourceName(prefix, environment, key, "monthly");
}

/** Monthly cost budget of the management account: `acme-ai-management-monthly`. */
export function managementBudgetName(prefix: string): string {
    return `${prefix}-management-monthly`;
}

/**
 * KMS alias of one of an account's keys: `alias/acme-ai-prod-data-documents`, `alias/acme-ai-prod-app-chat-flow-logs`
 * (the genAI account's are `genaiKeyAlias`, the same shape). Aliases are regional.
 */
export function accountKeyAlias(prefix: string, environment: string, key: string, purpose: string): string {
    return `alias/${resourceName(prefix, environment, key, purpose)}`;
}

/**
 * The physical names of an account's private network in one region: its flow logs (log group, role, key) and its
 * endpoints' and workloads' security groups. The same shape in every account, so that an operator finds them by name.
 */
export function privateNetworkNames(prefix: string, environment: string, key: string, region: string) {
    return {
        flowLogGroupName: flowLogGroupName(prefix, environment, key),
        flowLogRoleName: flowLogRoleName(prefix, environment, region),
        flowLogKeyAlias: accountKeyAlias(prefix, environment, key, "flow-logs"),
        securityGroupName: resourceName(prefix, environment, key, "endpoints"),
        workloadSecurityGroupName: resourceName(prefix, environment, key, "workloads"),
    };
}

export function s3BucketArn(partition: Partition, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

/** Foundation models are owned by no account, so their ARN has an empty account field. */
export function foundationModelArn(partition: Partition, region: string, modelId: string): string {
    return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}
