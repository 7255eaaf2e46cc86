/**
 * The data account's key and bucket policies, as plain data, so that tests and the IAM simulator can check them
 * before any resource exists.
 */
import { dnsSuffixOf, Partition } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import { denyInsecureTransport, policyDocument } from "../identity/policies";
import { callerTenantPrefix, tenantsPrefix } from "../identity/sessionTags";

export interface DataKeyPolicyArgs {
    readonly partition: Partition;
    /** Region of the key and the documents bucket. */
    readonly region: string;
    readonly dataAccountId: string;
    readonly organizationId: string;
    readonly documentsBucketArn: string;
    /** The genAI account's roles that read documents: the knowledge-base role and every application's invoke role. */
    readonly readerRoleArns: readonly string[];
}

/**
 * The documents key: administered by the data account through IAM; usable by the genAI readers for decryption only,
 * only from inside the organization, only through S3 and only for objects of the documents bucket (S3 puts the bucket
 * ARN in the encryption context when a bucket key is used, the object ARN otherwise).
 */
export function dataKeyPolicy(args: DataKeyPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "EnableAccountAdministrationThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${args.partition}:iam::${args.dataAccountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        {
            Sid: "DecryptDocumentsForGenAiReaders",
            Effect: "Allow",
            Principal: { AWS: [...args.readerRoleArns].sort() },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "aws:PrincipalOrgID": args.organizationId,
                    "kms:ViaService": `s3.${args.region}.${dnsSuffixOf(args.partition)}`,
                },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [args.documentsBucketArn, `${args.documentsBucketArn}/*`] },
            },
        },
    );
}

export interface DocumentsBucketPolicyArgs {
    readonly documentsBucketArn: string;
    readonly organizationId: string;
    readonly knowledgeBaseRoleArn: string;
    /** Every application's invoke role: each reads, for citations, under its session's tenant prefix only. */
    readonly invokeRoleArns: readonly string[];
}

/** Refuses every principal outside the organization, whatever a later statement grants; AWS services acting for us pass. */
function denyOutsideOrganization(organizationId: string, resources: readonly string[]): PolicyStatement {
    return {
        Sid: "DenyPrincipalsOutsideOrganization",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [...resources],
        Condition: {
            StringNotEqualsIfExists: { "aws:PrincipalOrgID": organizationId },
            BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
        },
    };
}

/**
 * The documents bucket: TLS only, organization only; the knowledge-base role reads everything under `tenants/` (it
 * ingests every tenant and keeps the tenant in each chunk's metadata); the applications' invoke roles read, for source
 * citations, only under `tenants/<the caller's tenant session tag>/`. Whichever application's role a session is of,
 * its tenant tag was checked against that application's tenants by the role's trust when the session was created.
 */
export function documentsBucketPolicy(args: DocumentsBucketPolicyArgs): PolicyDocument {
    if (args.invokeRoleArns.length === 0) {
        throw new Error("invokeRoleArns must list at least one application's invoke role (got none); a statement without a principal is refused by S3.");
    }
    const bucket = args.documentsBucketArn;
    const invokeRoles = [...args.invokeRoleArns].sort();
    const inOrganization = { "aws:PrincipalOrgID": args.organizationId };
    return policyDocument(
        denyInsecureTransport("s3:*", [bucket, `${bucket}/*`]),
        denyOutsideOrganization(args.organizationId, [bucket, `${bucket}/*`]),
        {
            Sid: "KnowledgeBaseListsDocuments",
            Effect: "Allow",
            Principal: { AWS: args.knowledgeBaseRoleArn },
            Action: "s3:ListBucket",
            Resource: bucket,
            Condition: { StringEquals: inOrganization },
        },
        {
            Sid: "KnowledgeBaseReadsTenantDocuments",
            Effect: "Allow",
            Principal: { AWS: args.knowledgeBaseRoleArn },
            Action: "s3:GetObject",
            Resource: `${bucket}/${tenantsPrefix}*`,
            Condition: { StringEquals: inOrganization },
        },
        {
            Sid: "InvokeRoleListsCallerTenant",
            Effect: "Allow",
            Principal: { AWS: invokeRoles },
            Action: "s3:ListBucket",
            Resource: bucket,
            Condition: { StringEquals: inOrganization, StringLike: { "s3:prefix": `${callerTenantPrefix}*` } },
        },
        {
            Sid: "InvokeRoleReadsCallerTenant",
            Effect: "Allow",
            Principal: { AWS: invokeRoles },
            Action: "s3:GetObject",
            Resource: `${bucket}/${callerTenantPrefix}*`,
            Condition: { StringEquals: inOrganization },
        },
    );
}

export interface AccessLogsBucketPolicyArgs {
    readonly accessLogsBucketArn: string;
    readonly documentsBucketArn: string;
    readonly dataAccountId: string;
    /** Key prefix the documents bucket's logs are written under, ending in `/`. */
    readonly logPrefix: string;
}

/**
 * The access-log bucket: S3's log delivery may write the documents bucket's logs only (with object ownership
 * enforced, ACL grants are impossible and the bucket policy is the only way in), over TLS.
 */
export function accessLogsBucketPolicy(args: AccessLogsBucketPolicyArgs): PolicyDocument {
    const bucket = args.accessLogsBucketArn;
    return policyDocument(
        denyInsecureTransport("s3:*", [bucket, `${bucket}/*`]),
        {
            Sid: "AllowServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucket}/${args.logPrefix}*`,
            Condition: {
                ArnLike: { "aws:SourceArn": args.documentsBucketArn },
                StringEquals: { "aws:SourceAccount": args.dataAccountId },
            },
        },
    );
}
