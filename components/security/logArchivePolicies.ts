/**
 * Policies of the log-archive account's buckets and key, as plain data so that the simulator can prove who may
 * write, read and delete logs before any of them exists.
 */
import { Partition } from "../../accounts/regions";
import { iamRoleArn, s3BucketArn } from "../../accounts/naming";
import { configKeyPrefix, trailKeyPrefix } from "../../accounts/securityNames";
import { denyInsecureTransport, policyDocument } from "../identity/policies";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";

export interface LogArchiveIdentity {
    readonly partition: Partition;
    readonly organizationId: string;
    readonly managementAccountId: string;
    readonly logArchiveAccountId: string;
    /** The organization trail's ARN; it lives in the management account. */
    readonly trailArn: string;
    /** The platform role of the log-archive account: the only principal that may change a log bucket's settings. */
    readonly platformRoleName: string;
}

/** Actions that would destroy or unlock a log: no principal may take them, the platform role included. */
export const logDeletionActions = [
    "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention",
];

/** Bucket settings whose change would stop, expose or shorten the logs: only the platform role may make them. */
export const logBucketSettingActions = [
    "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:PutBucketObjectLockConfiguration",
    "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration",
    "s3:PutBucketOwnershipControls", "s3:PutBucketPublicAccessBlock", "s3:PutReplicationConfiguration",
];

function protectLogs(bucketArn: string, identity: LogArchiveIdentity): PolicyStatement[] {
    return [
        denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`]),
        { Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: [...logDeletionActions], Resource: `${bucketArn}/*` },
        {
            Sid: "DenyBucketChangesExceptPlatformRole",
            Effect: "Deny",
            Principal: "*",
            Action: [...logBucketSettingActions],
            Resource: bucketArn,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": iamRoleArn(identity.partition, identity.logArchiveAccountId, identity.platformRoleName) } },
        },
    ];
}

/**
 * The organization trail's bucket: CloudTrail writes for this trail only (the management account's own events and
 * every member's, under the organization ID), and nobody deletes a log or changes the bucket except the platform role.
 */
export function trailBucketPolicy(bucketName: string, identity: LogArchiveIdentity): PolicyDocument {
    const bucketArn = s3BucketArn(identity.partition, bucketName);
    const trail = { StringEquals: { "aws:SourceArn": identity.trailArn } };
    return policyDocument(
        ...protectLogs(bucketArn, identity),
        { Sid: "AllowCloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: trail },
        {
            Sid: "AllowCloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: [
                `${bucketArn}/${trailKeyPrefix}/AWSLogs/${identity.managementAccountId}/*`,
                `${bucketArn}/${trailKeyPrefix}/AWSLogs/${identity.organizationId}/*`,
            ],
            Condition: { StringEquals: { "aws:SourceArn": identity.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    );
}

/** AWS Config's bucket: the Config service may deliver for accounts of this organization only. */
export function configBucketPolicy(bucketName: string, identity: LogArchiveIdentity): PolicyDocument {
    const bucketArn = s3BucketArn(identity.partition, bucketName);
    const organization = { StringEquals: { "aws:SourceOrgID": identity.organizationId } };
    return policyDocument(
        ...protectLogs(bucketArn, identity),
        { Sid: "AllowConfigBucketCheck", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn, Condition: organization },
        {
            Sid: "AllowConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucketArn}/${configKeyPrefix}/AWSLogs/*/Config/*`,
            Condition: { StringEquals: { "aws:SourceOrgID": identity.organizationId, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    );
}

/** The log-archive key's service statements: CloudTrail for this trail, AWS Config for this organization. */
export function logArchiveKeyStatements(identity: LogArchiveIdentity): PolicyStatement[] {
    return [
        {
            Sid: "AllowCloudTrailEncryptForThisTrail",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": identity.trailArn },
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${identity.partition}:cloudtrail:*:${identity.managementAccountId}:trail/*` },
            },
        },
        {
            Sid: "AllowCloudTrailDescribeKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": identity.trailArn } },
        },
        {
            Sid: "AllowConfigForThisOrganization",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceOrgID": identity.organizationId } },
        },
    ];
}
