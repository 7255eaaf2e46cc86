/**
 * S3 buckets and the separate resources that configure them (public access block, encryption, versioning,
 * policy, replication): since AWS provider v4 a bucket's settings are resources of their own, so checking a bucket
 * means finding them in the stack.
 */
import { containsUnknown, isKnownString } from "./props";
import { pointsAt, StackResource } from "./resources";

export const bucketTypes = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export function isBucket(resource: StackResource): boolean {
    return bucketTypes.includes(resource.type);
}

/** The bucket's name, ID and ARN: the values a `bucket` argument may hold. */
export function bucketIdentifiers(bucket: StackResource): unknown[] {
    return [bucket.props.bucket, bucket.props.id, bucket.props.arn];
}

export function bucketLabel(bucket: StackResource): string {
    return `bucket "${isKnownString(bucket.props.bucket) ? bucket.props.bucket : bucket.name}"`;
}

/** The resources of `types` whose `bucket` argument names `bucket`. */
export function settingsOf(resources: readonly StackResource[], types: readonly string[], bucket: StackResource): StackResource[] {
    return resources.filter((r) => types.includes(r.type) && pointsAt(r, "bucket", r.props.bucket, bucket, bucketIdentifiers(bucket)));
}

/**
 * The resources that turn on server access logging: `aws.s3.BucketLogging` (provider v7) and its v6 name
 * `aws.s3.BucketLoggingV2`. Their `targetBucket` is the bucket S3 delivers the logs to.
 */
export const bucketLoggingTypes = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

export interface AccessLogTargets {
    /** URNs of the stack's buckets that some logging configuration names as its `targetBucket`. */
    readonly urns: ReadonlySet<string>;
    /**
     * True when a logging configuration's `targetBucket` is not known yet and the engine recorded no bucket of the
     * stack it comes from: any bucket might be its target, so a rule that depends on it cannot judge yet.
     */
    readonly unresolved: boolean;
}

/** The buckets of the stack that receive server access logs (an `aws.s3.BucketLogging` in the same stack names them). */
export function accessLogTargets(resources: readonly StackResource[]): AccessLogTargets {
    const buckets = resources.filter(isBucket);
    const urns = new Set<string>();
    let unresolved = false;
    for (const logging of resources.filter((r) => bucketLoggingTypes.includes(r.type))) {
        const target = logging.props.targetBucket;
        const named = buckets.filter((bucket) => pointsAt(logging, "targetBucket", target, bucket, bucketIdentifiers(bucket)));
        named.forEach((bucket) => urns.add(bucket.urn));
        if (named.length === 0 && containsUnknown(target)) {
            unresolved = true;
        }
    }
    return { urns, unresolved };
}
