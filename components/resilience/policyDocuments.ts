/**
 * The S3 replication role's documents, as plain data, so that tests and the IAM simulator can check them before any
 * resource exists.
 */
import { dnsSuffixOf, Partition } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import { policyDocument, serviceTrustPolicy } from "../identity/policies";

/**
 * S3 may assume the role only to replicate the source bucket of this account: without `aws:SourceAccount` and
 * `aws:SourceArn` another customer's replication configuration could name this role (the confused deputy).
 */
export function replicationTrustPolicy(accountId: string, sourceBucketArn: string): PolicyDocument {
    return serviceTrustPolicy("s3.amazonaws.com", accountId, sourceBucketArn);
}

export interface ReplicationRolePolicyArgs {
    readonly partition: Partition;
    /** Region of the source bucket and its key. */
    readonly sourceRegion: string;
    /** Region of the replica bucket and its key. */
    readonly replicaRegion: string;
    readonly sourceBucketArn: string;
    readonly replicaBucketArn: string;
    /** The multi-region primary key the source objects are encrypted with. */
    readonly sourceKeyArn: string;
    /** Its replica in the DR region, which encrypts the replicas. */
    readonly replicaKeyArn: string;
    /** The source bucket has S3 Object Lock: S3 must read each version's retention and legal hold to copy them. */
    readonly objectLock: boolean;
}

/**
 * S3 uses a key "through S3" (`kms:ViaService`) and names the object in the encryption context, or the bucket when a
 * bucket key is on; both forms are allowed, for this bucket only, so the role cannot use the key for any other data.
 */
function keyUseCondition(partition: Partition, region: string, bucketArn: string): PolicyStatement["Condition"] {
    return {
        StringEquals: { "kms:ViaService": `s3.${region}.${dnsSuffixOf(partition)}` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
    };
}

/**
 * The least the replication role needs (S3 User Guide, "Setting up permissions for live replication" and "Replicating
 * encrypted objects"): read the source's replication configuration and object versions, write replicas into the
 * replica bucket only, decrypt with the source key through S3 in the source region and encrypt with the replica key
 * through S3 in the DR region. It cannot read objects (`s3:GetObject`) or any other bucket or key.
 */
export function replicationRolePolicy(args: ReplicationRolePolicyArgs): PolicyDocument {
    const readVersions = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"];
    if (args.objectLock) {
        readVersions.push("s3:GetObjectRetention", "s3:GetObjectLegalHold");
    }
    return policyDocument(
        {
            Sid: "ReadSourceReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: args.sourceBucketArn,
        },
        {
            Sid: "ReadSourceObjectVersions",
            Effect: "Allow",
            Action: readVersions,
            Resource: `${args.sourceBucketArn}/*`,
        },
        {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${args.replicaBucketArn}/*`,
        },
        {
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.sourceKeyArn,
            Condition: keyUseCondition(args.partition, args.sourceRegion, args.sourceBucketArn),
        },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: "kms:Encrypt",
            Resource: args.replicaKeyArn,
            Condition: keyUseCondition(args.partition, args.replicaRegion, args.replicaBucketArn),
        },
    );
}
