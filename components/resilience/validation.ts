/**
 * Checks the DR components share, as pure functions returning messages in the landing zone's format: the field, the
 * bad value and the fix. Values that are outputs (not known until deployment) are not checked here.
 */
import { isKnownRegion, partitionOf } from "../../accounts/regions";

/** A multi-region key's ID: `mrk-` and 32 hex digits, the same in every region it is replicated to. */
const multiRegionKeyId = /^mrk-[0-9a-f]{32}$/;

export interface KmsKeyArnParts {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly keyId: string;
}

/** The parts of a KMS key ARN (`arn:aws:kms:us-east-1:123456789012:key/…`); undefined for anything else, alias ARNs included. */
export function kmsKeyArnParts(arn: string): KmsKeyArnParts | undefined {
    const match = /^arn:(aws|aws-us-gov|aws-cn):kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]+)$/.exec(arn);
    return match ? { partition: match[1], region: match[2], accountId: match[3], keyId: match[4] } : undefined;
}

export function isMultiRegionKeyId(keyId: string): boolean {
    return multiRegionKeyId.test(keyId);
}

/** The primary and DR regions: both known, in one partition (replication never crosses partitions), and different. */
export function regionPairProblems(regionField: string, region: string, drRegionField: string, drRegion: string): string[] {
    const problems: string[] = [];
    for (const [field, value, example] of [[regionField, region, "us-east-1"], [drRegionField, drRegion, "us-west-2"]] as const) {
        if (!isKnownRegion(value)) {
            problems.push(`${field} must be an AWS region name such as "${example}" (got "${value}").`);
        }
    }
    if (problems.length > 0) {
        return problems;
    }
    if (region === drRegion) {
        problems.push(`${drRegionField} must differ from ${regionField} (both "${region}"); a replica in the same region does not survive the loss of that region.`);
    } else if (partitionOf(region) !== partitionOf(drRegion)) {
        problems.push(`${drRegionField} must be in the same partition as ${regionField} (got "${drRegion}" in ${partitionOf(drRegion)} and "${region}" in ${partitionOf(region)}); keys, buckets and tables do not replicate across partitions.`);
    }
    return problems;
}

/**
 * A key given as a known ARN must be a multi-region key in `region`: a single-region key cannot follow its data to the
 * DR region, and `multiRegion` cannot be changed on an existing key.
 */
export function multiRegionKeyArnProblems(field: string, arn: unknown, region: string, why: string): string[] {
    if (typeof arn !== "string") {
        return [];
    }
    const parts = kmsKeyArnParts(arn);
    if (!parts) {
        return [`${field} must be a KMS key ARN such as "arn:aws:kms:${region}:123456789012:key/mrk-…" (got "${arn}").`];
    }
    const problems: string[] = [];
    if (parts.region !== region) {
        problems.push(`${field} must be a key in ${region} (got "${arn}", a key in ${parts.region}).`);
    }
    if (!isMultiRegionKeyId(parts.keyId)) {
        problems.push(`${field} must be a multi-region key (ID "mrk-…") ${why} (got "${arn}"); create the key with multiRegion: true.`);
    }
    return problems;
}

/**
 * A replica key given as a known ARN must be the replica of the primary key: the same multi-region key ID, in the DR
 * region of the same account.
 */
export function replicaKeyArnProblems(field: string, arn: unknown, drRegion: string, primaryField: string, primaryArn: unknown): string[] {
    if (typeof arn !== "string") {
        return [];
    }
    const parts = kmsKeyArnParts(arn);
    if (!parts) {
        return [`${field} must be a KMS key ARN such as "arn:aws:kms:${drRegion}:123456789012:key/mrk-…" (got "${arn}").`];
    }
    const problems: string[] = [];
    if (parts.region !== drRegion) {
        problems.push(`${field} must be a key in ${drRegion} (got "${arn}", a key in ${parts.region}).`);
    }
    const primary = typeof primaryArn === "string" ? kmsKeyArnParts(primaryArn) : undefined;
    if (primary && isMultiRegionKeyId(primary.keyId) && (parts.keyId !== primary.keyId || parts.accountId !== primary.accountId)) {
        problems.push(`${field} must be the replica of ${primaryField} (key ${primary.keyId} in account ${primary.accountId}) (got "${arn}"); pass the ReplicaKey's keyArn.`);
    }
    return problems;
}

export { aliasNameProblems } from "../security/encryptionKey";

/** S3's bucket-name rule, checked when the name is known. */
export function bucketNameProblems(field: string, name: unknown): string[] {
    return typeof name === "string" && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)
        ? [`${field} must be a bucket name of 3-63 lower-case letters, digits, dots or hyphens (got "${name}").`]
        : [];
}
