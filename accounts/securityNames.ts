/**
 * Deterministic names of the Security OU's accounts and of the organization-wide security resources. The log
 * buckets are named from the organization ID, which every stack knows, so that an environment stack can point its
 * AWS Config delivery channel at the log-archive account without reading the organization stack's outputs.
 */

/** The two accounts of the Security OU, by stable key. */
export type CoreAccountRole = "log-archive" | "security";

/** `acme-ai-log-archive`, `acme-ai-security`. */
export function coreAccountName(prefix: string, role: CoreAccountRole): string {
    return `${prefix}-${role}`;
}

/** The organization trail's bucket: `acme-ai-trail-o-a1b2c3d4e5`. Organization IDs are unique, so is the name. */
export function trailBucketName(prefix: string, organizationId: string): string {
    return `${prefix}-trail-${organizationId}`;
}

/** AWS Config's delivery bucket, shared by every member account and region: `acme-ai-config-o-a1b2c3d4e5`. */
export function configBucketName(prefix: string, organizationId: string): string {
    return `${prefix}-config-${organizationId}`;
}

export function organizationTrailName(prefix: string): string {
    return `${prefix}-organization-trail`;
}

/** Alias of the log-archive key that encrypts the trail and AWS Config's snapshots. */
export function logArchiveKeyAlias(prefix: string): string {
    return `alias/${prefix}-log-archive`;
}

/** The AWS Config recorder and delivery channel of a member account; AWS allows one of each per account and region. */
export function configRecorderName(prefix: string): string {
    return `${prefix}-recorder`;
}

/** AWS Config's service-linked role, which every recorder uses. */
export const configServiceLinkedRoleName = "AWSServiceRoleForConfig";

/** Key prefixes inside the log buckets. */
export const trailKeyPrefix = "cloudtrail";
export const configKeyPrefix = "config";
