import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3_RTC_TARGET_MINUTES } from "../../accounts/drInventory";
import { s3BucketArn } from "../../accounts/naming";
import { partitionOf } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import { denyInsecureTransport, policyDocument } from "../identity/policies";
import { bucketSettings, expireOldVersionsRule } from "../storage/bucketSettings";
import { replicationRolePolicy, replicationTrustPolicy } from "./policyDocuments";
import { bucketNameProblems, multiRegionKeyArnProblems, regionPairProblems, replicaKeyArnProblems } from "./validation";

export interface BucketReplicationArgs {
    /** Region of the source bucket; the replication configuration is set there. */
    readonly region: string;
    /** Region of the replica bucket. */
    readonly drRegion: string;
    /** The account that owns both buckets (replication stays in the account). */
    readonly accountId: pulumi.Input<string>;
    /** Name of the versioned source bucket; pass the bucket's output so that the bucket exists first. */
    readonly sourceBucketName: pulumi.Input<string>;
    /** The multi-region primary key the source bucket encrypts with (SSE-KMS). */
    readonly sourceKeyArn: pulumi.Input<string>;
    /** Explicit, deterministic name of the replica bucket (bucket names are global; include the account and region). */
    readonly replicaBucketName: pulumi.Input<string>;
    /** The primary key's replica in `drRegion`, which encrypts the replicas. */
    readonly replicaKeyArn: pulumi.Input<string>;
    /** Name of the role S3 assumes to replicate. */
    readonly roleName: string;
    /** The account's permissions boundary, which every landing-zone role carries. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /**
     * What the replication configuration waits for: at least the source bucket's versioning (S3 refuses replication
     * from an unversioned bucket). A component that creates the bucket may be passed whole.
     */
    readonly dependsOn: readonly pulumi.Resource[];
    /** ID of the replication rule; replication metrics and the drill's lag check name it. @default "replicate-to-<drRegion>" */
    readonly ruleId?: string;
    /**
     * The source bucket has S3 Object Lock: the replica bucket is created with Object Lock (S3 requires it to copy
     * retention settings) and the role may read each version's retention and legal hold. Only settable when the replica
     * bucket is created. @default false
     */
    readonly objectLock?: boolean;
    /**
     * Statements of the replica bucket's policy after its TLS-only deny, such as the source bucket's grants to readers
     * rebuilt for the replica's ARN; a `DenyInsecureTransport` statement among them is replaced by the component's own.
     * @default none (TLS only)
     */
    readonly replicaBucketPolicyStatements?: pulumi.Input<PolicyStatement[]>;
    /** Days a replaced or deleted replica version is kept; lifecycle rules are not replicated. @default 90 */
    readonly noncurrentVersionExpirationDays?: number;
    /** Protect the replica bucket and retain it and its settings if removed from the program. @default true */
    readonly protect?: boolean;
}

export function bucketReplicationProblems(args: BucketReplicationArgs): string[] {
    const problems = regionPairProblems("region", args.region, "drRegion", args.drRegion);
    // Keys are checked against the regions only when the regions themselves are right.
    const regionsRight = problems.length === 0;
    problems.push(...bucketNameProblems("replicaBucketName", args.replicaBucketName));
    if (typeof args.replicaBucketName === "string" && args.replicaBucketName === args.sourceBucketName) {
        problems.push(`replicaBucketName must differ from sourceBucketName (both "${args.replicaBucketName}"); bucket names are global.`);
    }
    if (regionsRight) {
        problems.push(...multiRegionKeyArnProblems("sourceKeyArn", args.sourceKeyArn, args.region, "for a replicated bucket"));
        problems.push(...replicaKeyArnProblems("replicaKeyArn", args.replicaKeyArn, args.drRegion, "sourceKeyArn", args.sourceKeyArn));
    }
    if (args.dependsOn.length === 0) {
        problems.push("dependsOn must name the source bucket's versioning (or the component that creates it) (got none); S3 refuses replication from an unversioned bucket.");
    }
    if (args.ruleId !== undefined && !/^[\w.-]{1,255}$/.test(args.ruleId)) {
        problems.push(`ruleId must be 1-255 letters, digits, _, . or - (got "${args.ruleId}").`);
    }
    const days = args.noncurrentVersionExpirationDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        problems.push(`noncurrentVersionExpirationDays must be a whole number of days, at least 1 (got ${days}).`);
    }
    return problems;
}

/** TLS only, then the caller's statements (their own TLS deny, if any, is the same statement and is dropped). */
export function replicaBucketPolicy(bucketArn: string, statements: readonly PolicyStatement[]): PolicyDocument {
    return policyDocument(
        denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`]),
        ...statements.filter((statement) => statement.Sid !== "DenyInsecureTransport"),
    );
}

/**
 * Cross-region replication of one bucket to the DR region: a replica bucket (versioned, SSE-KMS with the replica key
 * and a bucket key, private, owner-enforced, TLS-only), a least-privileged role S3 assumes, and the source bucket's
 * replication configuration: every object, delete markers, SSE-KMS objects, Replication Time Control (15 minutes) and
 * its metrics. S3 replicates only objects written after the configuration exists; copy older ones once with S3
 * Batch Replication.
 */
export class BucketReplication extends pulumi.ComponentResource {
    public readonly replicaBucketName: pulumi.Output<string>;
    public readonly replicaBucketArn: pulumi.Output<string>;
    /** URN of the replica `aws.s3.Bucket`, for the DR inventory. */
    public readonly replicaBucketUrn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    /** The rule's ID, a dimension of its replication metrics. */
    public readonly ruleId: pulumi.Output<string>;
    /** Replication Time Control's target, for the DR inventory. */
    public readonly targetMinutes: pulumi.Output<number>;

    constructor(name: string, args: BucketReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:resilience:BucketReplication", name, {}, opts);
        const problems = bucketReplicationProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const { region, drRegion } = args;
        const partition = partitionOf(region);
        const protect = args.protect ?? true;
        const objectLock = args.objectLock ?? false;
        const ruleId = args.ruleId ?? `replicate-to-${drRegion}`;
        const stateful = { parent: this, protect, retainOnDelete: protect };
        // A retained replica keeps its encryption, public-access block and policy rather than being left bare.
        const setting = { parent: this, retainOnDelete: protect };
        const sourceArn = pulumi.output(args.sourceBucketName).apply((bucket) => s3BucketArn(partition, bucket));

        const replica = new aws.s3.Bucket(`${name}-replica`, {
            region: drRegion,
            bucket: args.replicaBucketName,
            objectLockEnabled: objectLock,
            // Unprotected (an environment that can be torn down): `pulumi destroy` empties the bucket instead of failing on it.
            ...(protect ? {} : { forceDestroy: true }),
        }, stateful);
        // S3 refuses a replication destination that is not versioned.
        const { versioning } = bucketSettings(`${name}-replica`, {
            region: drRegion,
            bucket: replica.id,
            encryption: { kmsKeyArn: args.replicaKeyArn },
            versioning: true,
            lifecycleRules: [expireOldVersionsRule(args.noncurrentVersionExpirationDays ?? 90)],
            lifecycleAfterVersioning: true,
            policy: pulumi.all([replica.arn, args.replicaBucketPolicyStatements ?? []]).apply(([bucketArn, statements]) =>
                JSON.stringify(replicaBucketPolicy(bucketArn, statements as PolicyStatement[]))),
        }, setting);

        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: pulumi.interpolate`S3 replicates ${args.sourceBucketName} (${region}) to ${args.replicaBucketName} (${drRegion})`,
            assumeRolePolicy: pulumi.all([args.accountId, sourceArn]).apply(([accountId, sourceBucketArn]) =>
                JSON.stringify(replicationTrustPolicy(accountId, sourceBucketArn))),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, {
            role: role.name,
            name: "replicate-to-dr-region",
            policy: pulumi.all([sourceArn, replica.arn, args.sourceKeyArn, args.replicaKeyArn])
                .apply(([sourceBucketArn, replicaBucketArn, sourceKeyArn, replicaKeyArn]) => JSON.stringify(replicationRolePolicy({
                    partition, sourceRegion: region, replicaRegion: drRegion, sourceBucketArn, replicaBucketArn, sourceKeyArn, replicaKeyArn, objectLock,
                }))),
        }, { parent: this });

        new aws.s3.BucketReplicationConfig(`${name}-configuration`, {
            region,
            bucket: args.sourceBucketName,
            role: role.arn,
            rules: [{
                id: ruleId,
                status: "Enabled",
                // Every object. An explicit empty prefix rather than an empty block: it makes the rule a V2 rule (the
                // only kind with delete-marker replication and RTC) however the provider treats an empty block.
                filter: { prefix: "" },
                deleteMarkerReplication: { status: "Enabled" },
                // Without this, S3 skips objects encrypted with SSE-KMS: every object here is.
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: replica.arn,
                    encryptionConfiguration: { replicaKmsKeyId: args.replicaKeyArn },
                    replicationTime: { status: "Enabled", time: { minutes: S3_RTC_TARGET_MINUTES } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: S3_RTC_TARGET_MINUTES } },
                },
            }],
        }, { parent: this, dependsOn: [...args.dependsOn, versioning, rolePolicy] });

        this.replicaBucketName = replica.bucket;
        this.replicaBucketArn = replica.arn;
        this.replicaBucketUrn = replica.urn;
        this.roleArn = role.arn;
        this.ruleId = pulumi.output(ruleId);
        this.targetMinutes = pulumi.output(S3_RTC_TARGET_MINUTES);
        this.registerOutputs({
            replicaBucketName: this.replicaBucketName,
            replicaBucketArn: this.replicaBucketArn,
            replicaBucketUrn: this.replicaBucketUrn,
            roleArn: this.roleArn,
            ruleId: this.ruleId,
            targetMinutes: this.targetMinutes,
        });
    }
}
