import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { logArchiveStorageClasses } from "../../accounts/schema";
import { S3_BUCKET_NAME_MAX } from "../../accounts/genaiNames";
import { bucketSettings } from "../storage/bucketSettings";
import { EncryptionKey } from "./encryptionKey";
import { configBucketPolicy, LogArchiveIdentity, logArchiveKeyStatements, trailBucketPolicy } from "./logArchivePolicies";

export interface LogArchiveArgs {
    /** Region of the buckets and key: the organization's home region. */
    readonly region: string;
    readonly organizationId: string;
    readonly managementAccountId: string;
    /** The log-archive account, which owns both buckets and the key. */
    readonly logArchiveAccountId: pulumi.Input<string>;
    /** ARN the organization trail will have; the bucket and key admit CloudTrail for that trail only. */
    readonly trailArn: string;
    readonly trailBucketName: string;
    readonly configBucketName: string;
    readonly keyAlias: string;
    /** The platform role of the log-archive account, the only principal that may change a bucket's settings. */
    readonly platformRoleName: string;
    /** @default "compliance" */
    readonly objectLockMode?: "governance" | "compliance";
    /** @default 365 */
    readonly objectLockRetentionDays?: number;
    /** @default 90 */
    readonly archiveAfterDays?: number;
    /** @default "GLACIER_IR" */
    readonly archiveStorageClass?: (typeof logArchiveStorageClasses)[number];
    /** @default 2557 */
    readonly expireAfterDays?: number;
}

export function logArchiveProblems(args: LogArchiveArgs): string[] {
    const problems: string[] = [];
    for (const field of ["trailBucketName", "configBucketName"] as const) {
        const name = args[field];
        if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name) || name.length > S3_BUCKET_NAME_MAX) {
            problems.push(`${field} must be at most ${S3_BUCKET_NAME_MAX} lower-case letters, digits or hyphens (got "${name}", ${name.length} characters); shorten namePrefix.`);
        }
    }
    const lockDays = args.objectLockRetentionDays ?? 365;
    const expireDays = args.expireAfterDays ?? 2557;
    if (expireDays < lockDays) {
        problems.push(`expireAfterDays must be at least objectLockRetentionDays (${lockDays}) (got ${expireDays}).`);
    }
    return problems;
}

/**
 * The log-archive account's storage: the organization trail's bucket under S3 Object Lock, AWS Config's bucket, and the
 * customer-managed key that encrypts both. Logs move to a cheaper storage class once rarely read and expire after the
 * retention period; no principal may delete one, and only the platform role may change a bucket.
 */
export class LogArchive extends pulumi.ComponentResource {
    public readonly trailBucketName: pulumi.Output<string>;
    public readonly trailBucketArn: pulumi.Output<string>;
    public readonly configBucketName: pulumi.Output<string>;
    public readonly configBucketArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: LogArchiveArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:LogArchive", name, {}, opts);
        const problems = logArchiveProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const stateful = { parent: this, protect: true, retainOnDelete: true };
        const identity = pulumi.output(args.logArchiveAccountId).apply((logArchiveAccountId): LogArchiveIdentity => ({
            partition: partitionOf(region),
            organizationId: args.organizationId,
            managementAccountId: args.managementAccountId,
            logArchiveAccountId,
            trailArn: args.trailArn,
            platformRoleName: args.platformRoleName,
        }));

        const key = new EncryptionKey(`${name}-key`, {
            region,
            accountId: args.logArchiveAccountId,
            description: "Organization trail and AWS Config snapshots",
            aliasName: args.keyAlias,
            serviceStatements: identity.apply(logArchiveKeyStatements),
        }, { parent: this });

        // Logs are read rarely after a few months: moving them is most of the archive's cost saving.
        const lifecycleRules = [{
            id: "archive-then-expire",
            status: "Enabled",
            filter: {},
            transitions: [{ days: args.archiveAfterDays ?? 90, storageClass: args.archiveStorageClass ?? "GLACIER_IR" }],
            expiration: { days: args.expireAfterDays ?? 2557 },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }];

        // Object Lock can only be turned on when a bucket is created.
        const trailBucket = new aws.s3.Bucket(`${name}-trail-bucket`, { region, bucket: args.trailBucketName, objectLockEnabled: true }, stateful);
        const trailSettings = bucketSettings(`${name}-trail-bucket`, {
            region,
            bucket: trailBucket.id,
            encryption: { kmsKeyArn: key.keyArn },
            versioning: true,
            lifecycleRules,
            lifecycleAfterVersioning: true,
            policy: identity.apply((id) => JSON.stringify(trailBucketPolicy(args.trailBucketName, id))),
        }, { parent: this });
        new aws.s3.BucketObjectLockConfiguration(`${name}-trail-bucket-object-lock`, {
            region,
            bucket: trailBucket.id,
            rule: { defaultRetention: { mode: (args.objectLockMode ?? "compliance").toUpperCase(), days: args.objectLockRetentionDays ?? 365 } },
        }, { parent: this, dependsOn: [trailSettings.versioning] });

        // Object Lock stays on the trail's bucket, the audit record; Config's snapshots are rebuilt from the recorders, so
        // their bucket is protected by its policy alone and a delivery problem never blocks them.
        const configBucket = new aws.s3.Bucket(`${name}-config-bucket`, { region, bucket: args.configBucketName }, stateful);
        bucketSettings(`${name}-config-bucket`, {
            region,
            bucket: configBucket.id,
            encryption: { kmsKeyArn: key.keyArn },
            versioning: true,
            lifecycleRules,
            lifecycleAfterVersioning: true,
            policy: identity.apply((id) => JSON.stringify(configBucketPolicy(args.configBucketName, id))),
        }, { parent: this });

        this.trailBucketName = trailBucket.id;
        this.trailBucketArn = trailBucket.arn;
        this.configBucketName = configBucket.id;
        this.configBucketArn = configBucket.arn;
        this.keyArn = key.keyArn;
        this.registerOutputs({
            trailBucketName: this.trailBucketName,
            trailBucketArn: this.trailBucketArn,
            configBucketName: this.configBucketName,
            configBucketArn: this.configBucketArn,
            keyArn: this.keyArn,
        });
    }
}
