/**
 * S3 buckets and the separate resources that configure them (public access block, encryption, versioning,
 * policy, replication): since AWS provider v4 a bucket's settings are resources of their own, so checking a bucket
 * means finding them in the stack.
 */
import { isKnownString } from "./props";
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
