import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { s3BucketArn } from "../../accounts/naming";
import { partitionOf } from "../../accounts/regions";
import { aliasNameProblems } from "../security/encryptionKey";
import { bucketSettings, expireOldVersionsRule } from "../storage/bucketSettings";
import { accessLogsBucketPolicy, dataKeyPolicy, documentsBucketPolicy } from "./policyDocuments";

export interface DocumentStoreArgs {
    /** Region of the key and both buckets; set on every resource, so one provider per account serves every region. */
    readonly region: string;
    /** The data account, which owns the key and the buckets. */
    readonly dataAccountId: pulumi.Input<string>;
    /** Only principals of this organization may use the key or the buckets. */
    readonly organizationId: pulumi.Input<string>;
    /** Name of the knowledge base's source-documents bucket (`documentsBucketName` in accounts/naming.ts). */
    readonly documentsBucketName: pulumi.Input<string>;
    /** Name of the bucket that receives the documents bucket's server access logs. */
    readonly accessLogsBucketName: pulumi.Input<string>;
    /** `alias/...` of the documents key. */
    readonly keyAliasName: string;
    /**
     * The genAI account's knowledge-base role. Pass the role's `arn` output, not a derived string: KMS and S3 refuse a
     * policy naming a role that does not exist yet, and the output orders the role first.
     */
    readonly knowledgeBaseRoleArn: pulumi.Input<string>;
    /**
     * Every application's invoke role in the genAI account (same ordering note as `knowledgeBaseRoleArn`). A plain
     * list: the key and bucket policies name each role.
     */
    readonly invokeRoleArns: readonly pulumi.Input<string>[];
    /** Days an overwritten or deleted document version is kept before it expires. @default 90 */
    readonly noncurrentVersionExpirationDays?: number;
    /** Days server access logs are kept. @default 365 */
    readonly accessLogRetentionDays?: number;
    /** Protect the key and the buckets. @default true */
    readonly protect?: boolean;
    /** Keep the key, the buckets and their settings in AWS when they leave the program. @default `protect` */
    readonly retainOnDelete?: boolean;
    /**
     * Make the documents key a multi-region primary, so that the bucket can replicate to a DR region under its replica
     * key. Fixed when the key is created. @default false (not passed to AWS)
     */
    readonly multiRegionKey?: boolean;
}

const accessLogPrefix = "documents/";

export function documentStoreProblems(args: DocumentStoreArgs): string[] {
    const problems: string[] = [];
    if (args.invokeRoleArns.length === 0) {
        problems.push("invokeRoleArns must list every application's invoke role (got none); without one, no application can cite a document.");
    }
    problems.push(...aliasNameProblems("keyAliasName", args.keyAliasName));
    const days = args.noncurrentVersionExpirationDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        problems.push(`noncurrentVersionExpirationDays must be a whole number of days, at least 1 (got ${days}).`);
    }
    const logDays = args.accessLogRetentionDays;
    if (logDays !== undefined && (!Number.isInteger(logDays) || logDays < 1)) {
        problems.push(`accessLogRetentionDays must be a whole number of days, at least 1 (got ${logDays}).`);
    }
    for (const [field, value] of [["documentsBucketName", args.documentsBucketName], ["accessLogsBucketName", args.accessLogsBucketName]] as const) {
        if (typeof value === "string" && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)) {
            problems.push(`${field} must be a bucket name of 3-63 lower-case letters, digits, dots or hyphens (got "${value}").`);
        }
    }
    return problems;
}

/**
 * The data account's knowledge-base documents: a customer-managed key, the documents bucket (versioned, SSE-KMS with a
 * bucket key, private, owner-enforced, TLS-only, readable by the genAI knowledge-base role and, per tenant, by the
 * applications' invoke roles) and the bucket its server access logs go to. The network comes from the shared network component.
 */
export class DocumentStore extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly documentsBucketName: pulumi.Output<string>;
    public readonly documentsBucketArn: pulumi.Output<string>;
    public readonly accessLogsBucketName: pulumi.Output<string>;
    public readonly keyAliasName: pulumi.Output<string>;
    /** URNs of the key and the documents bucket, for the DR inventory. */
    public readonly keyUrn: pulumi.Output<string>;
    public readonly documentsBucketUrn: pulumi.Output<string>;

    constructor(name: string, args: DocumentStoreArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:data:DocumentStore", name, {}, opts);
        const problems = documentStoreProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const protect = args.protect ?? true;
        const retainOnDelete = args.retainOnDelete ?? protect;
        // Stateful: losing the key loses every document; losing a bucket loses the documents and their audit trail.
        const stateful = { parent: this, protect, retainOnDelete };
        // A retained bucket keeps its encryption, public-access block and policy rather than being left bare.
        const setting = { parent: this, retainOnDelete };
        const documentsArn = pulumi.output(args.documentsBucketName).apply((bucket) => s3BucketArn(partition, bucket));
        const logsArn = pulumi.output(args.accessLogsBucketName).apply((bucket) => s3BucketArn(partition, bucket));

        const key = new aws.kms.Key(`${name}-key`, {
            region,
            description: "Knowledge-base documents in the data account",
            enableKeyRotation: true,
            // The longest window: a deletion scheduled by mistake can be cancelled for 30 days.
            deletionWindowInDays: 30,
            ...(args.multiRegionKey !== undefined ? { multiRegion: args.multiRegionKey } : {}),
            policy: pulumi.all([args.dataAccountId, args.organizationId, documentsArn, args.knowledgeBaseRoleArn, pulumi.all([...args.invokeRoleArns])])
                .apply(([dataAccountId, organizationId, documentsBucketArn, knowledgeBaseRoleArn, invokeRoleArns]) => JSON.stringify(dataKeyPolicy({
                    partition, region, dataAccountId, organizationId, documentsBucketArn,
                    readerRoleArns: [knowledgeBaseRoleArn, ...invokeRoleArns],
                }))),
        }, stateful);
        const alias = new aws.kms.Alias(`${name}-key-alias`, { region, name: args.keyAliasName, targetKeyId: key.keyId }, setting);

        // Server access logs: S3's documentation supports SSE-S3 as the destination's default encryption (SSE-KMS would
        // need the logging service granted a key), so this bucket does not use the documents key; it holds request
        // metadata, never document content.
        // Unprotected (an environment that can be torn down): `pulumi destroy` empties the bucket instead of failing on it.
        const emptiedOnDestroy = protect ? {} : { forceDestroy: true };
        const logs = new aws.s3.Bucket(`${name}-access-logs`, { region, bucket: args.accessLogsBucketName, ...emptiedOnDestroy }, stateful);
        const logsSettings = bucketSettings(`${name}-access-logs`, {
            region,
            bucket: logs.id,
            encryption: "AES256",
            // Versioned like every data-account bucket: an overwritten or deleted log is kept until it expires.
            versioning: true,
            lifecycleRules: [{
                id: "expire-access-logs",
                status: "Enabled",
                filter: { prefix: "" },
                expiration: { days: args.accessLogRetentionDays ?? 365 },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
            policy: pulumi.all([logsArn, documentsArn, args.dataAccountId]).apply(([accessLogsBucketArn, documentsBucketArn, dataAccountId]) =>
                JSON.stringify(accessLogsBucketPolicy({ accessLogsBucketArn, documentsBucketArn, dataAccountId, logPrefix: accessLogPrefix }))),
            policyAfterOwnership: true,
        }, setting);

        const documents = new aws.s3.Bucket(`${name}-documents`, { region, bucket: args.documentsBucketName, ...emptiedOnDestroy }, stateful);
        bucketSettings(`${name}-documents`, {
            region,
            bucket: documents.id,
            encryption: { kmsKeyArn: key.arn, blockedEncryptionTypes: ["SSE-C"] },
            versioning: true,
            lifecycleRules: [expireOldVersionsRule(args.noncurrentVersionExpirationDays ?? 90)],
            policy: pulumi.all([documentsArn, args.organizationId, args.knowledgeBaseRoleArn, pulumi.all([...args.invokeRoleArns])])
                .apply(([documentsBucketArn, organizationId, knowledgeBaseRoleArn, invokeRoleArns]) =>
                    JSON.stringify(documentsBucketPolicy({ documentsBucketArn, organizationId, knowledgeBaseRoleArn, invokeRoleArns }))),
        }, setting);
        new aws.s3.BucketLogging(`${name}-documents-logging`, {
            region,
            bucket: documents.id,
            targetBucket: logs.id,
            targetPrefix: accessLogPrefix,
            targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        }, { ...setting, dependsOn: [logsSettings.policy] });

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.documentsBucketName = documents.bucket;
        this.documentsBucketArn = documents.arn;
        this.accessLogsBucketName = logs.bucket;
        this.keyAliasName = alias.name;
        this.keyUrn = key.urn;
        this.documentsBucketUrn = documents.urn;
        this.registerOutputs({
            keyAliasName: this.keyAliasName,
            keyUrn: this.keyUrn,
            documentsBucketUrn: this.documentsBucketUrn,
            keyArn: this.keyArn,
            keyId: this.keyId,
            documentsBucketName: this.documentsBucketName,
            documentsBucketArn: this.documentsBucketArn,
            accessLogsBucketName: this.accessLogsBucketName,
        });
    }
}
