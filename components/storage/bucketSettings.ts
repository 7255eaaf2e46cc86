import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** How objects are encrypted at rest by default. */
export type BucketEncryption =
    /**
     * SSE-KMS under a customer-managed key, with a bucket key: one data key per bucket instead of per object, so fewer
     * KMS calls (cost, throttling) on every read.
     */
    | { readonly kmsKeyArn: pulumi.Input<string>; readonly blockedEncryptionTypes?: readonly string[] }
    /** SSE-S3, for destinations whose writer cannot be granted a key (S3 server access logs). */
    | "AES256";

export interface BucketSettingsArgs {
    /** Region of the bucket; set on every setting, so one provider per account serves every region. */
    readonly region: string;
    /** The bucket's `id` output, so that the bucket exists before its settings. */
    readonly bucket: pulumi.Input<string>;
    readonly encryption: BucketEncryption;
    /** Enable versioning (required of a replication source or destination and of Object Lock). */
    readonly versioning: boolean;
    readonly lifecycleRules: pulumi.Input<pulumi.Input<aws.types.input.s3.BucketLifecycleConfigurationRule>[]>;
    /**
     * Create the lifecycle configuration only once versioning is enabled, for rules on noncurrent versions.
     * @default false
     */
    readonly lifecycleAfterVersioning?: boolean;
    /** The bucket policy document (JSON); it should deny requests without TLS. */
    readonly policy: pulumi.Input<string>;
    /**
     * Attach the policy only once ownership is `BucketOwnerEnforced`: S3 server access logging relies on the policy
     * instead of ACLs only then. @default false
     */
    readonly policyAfterOwnership?: boolean;
    /**
     * Suffix of the public-access block's name. A name is identity: settings created under another suffix keep it,
     * since renaming replaces the resource. @default "public-access-block"
     */
    readonly publicAccessBlockSuffix?: string;
    /** Suffix of the lifecycle configuration's name (same note as `publicAccessBlockSuffix`). @default "lifecycle" */
    readonly lifecycleSuffix?: string;
}

/**
 * The lifecycle rule of a versioned data bucket: a replaced or deleted version is kept `noncurrentDays` for recovery,
 * then expires, with the delete markers it leaves. A replica carries the same rule: lifecycle rules are not replicated.
 */
export function expireOldVersionsRule(noncurrentDays: number): aws.types.input.s3.BucketLifecycleConfigurationRule {
    return {
        id: "expire-old-versions",
        status: "Enabled",
        filter: { prefix: "" },
        noncurrentVersionExpiration: { noncurrentDays },
        expiration: { expiredObjectDeleteMarker: true },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    };
}

export interface BucketSettings {
    readonly ownership: aws.s3.BucketOwnershipControls;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly versioning?: aws.s3.BucketVersioning;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
    readonly policy: aws.s3.BucketPolicy;
}

export interface VersionedBucketSettings extends BucketSettings {
    readonly versioning: aws.s3.BucketVersioning;
}

/**
 * The settings every landing-zone bucket carries, as children named `<name>-ownership`, `<name>-public-access-block`,
 * `<name>-versioning`, `<name>-encryption`, `<name>-lifecycle` and `<name>-policy`: owner-enforced (no ACLs), every
 * public-access block on, default encryption, lifecycle rules, and a policy attached only once public policies are
 * blocked. `opts` carries the caller's component as `parent` (and whether the settings outlive the program).
 */
export function bucketSettings(name: string, args: BucketSettingsArgs & { readonly versioning: true }, opts: pulumi.CustomResourceOptions): VersionedBucketSettings;
export function bucketSettings(name: string, args: BucketSettingsArgs, opts: pulumi.CustomResourceOptions): BucketSettings;
export function bucketSettings(name: string, args: BucketSettingsArgs, opts: pulumi.CustomResourceOptions): BucketSettings {
    const { region, bucket } = args;
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
        region, bucket, rule: { objectOwnership: "BucketOwnerEnforced" },
    }, opts);
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-${args.publicAccessBlockSuffix ?? "public-access-block"}`, {
        region, bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, opts);
    const versioning = args.versioning
        ? new aws.s3.BucketVersioning(`${name}-versioning`, { region, bucket, versioningConfiguration: { status: "Enabled" } }, opts)
        : undefined;
    const encryptionRule = args.encryption === "AES256"
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
        : {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.encryption.kmsKeyArn },
            bucketKeyEnabled: true,
            ...(args.encryption.blockedEncryptionTypes ? { blockedEncryptionTypes: [...args.encryption.blockedEncryptionTypes] } : {}),
        };
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
        region, bucket, rules: [encryptionRule],
    }, opts);
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(`${name}-${args.lifecycleSuffix ?? "lifecycle"}`, {
        region, bucket, rules: args.lifecycleRules,
    }, args.lifecycleAfterVersioning && versioning ? { ...opts, dependsOn: [versioning] } : opts);
    const policy = new aws.s3.BucketPolicy(`${name}-policy`, {
        region, bucket, policy: args.policy,
    }, { ...opts, dependsOn: args.policyAfterOwnership ? [publicAccessBlock, ownership] : [publicAccessBlock] });
    return { ownership, publicAccessBlock, versioning, encryption, lifecycle, policy };
}
