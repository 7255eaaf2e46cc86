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
