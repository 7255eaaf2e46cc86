import { at, block } from "./props";

/** The resources that set a bucket's default encryption (the current type and its deprecated V2 name). */
export const bucketEncryptionTypes: readonly string[] = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

export const bucketReplicationType = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
export const replicaKeyType = "aws:kms/replicaKey:ReplicaKey";
export const dynamoDbTableType = "aws:dynamodb/table:Table";

/** The key an S3 replication rule names for the copies: `destination.encryptionConfiguration.replicaKmsKeyId`. */
export function replicaKmsKeyIdOf(rule: unknown): unknown {
    return at(block(at(block(at(rule, "destination")), "encryptionConfiguration")), "replicaKmsKeyId");
}
