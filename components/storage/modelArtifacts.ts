import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { objectLockModes } from "../../accounts/schema";
import { PolicyDocument } from "../organization/policyDocuments";
import { denyInsecureTransport, policyDocument } from "../identity/policies";
import { EncryptionKey } from "../security/encryptionKey";
import { bucketSettings } from "./bucketSettings";

export type ObjectLockMode = (typeof objectLockModes)[number];

/** A role that may read the artifacts and pull inference images. */
export interface ArtifactReader {
    readonly roleName: pulumi.Input<string>;
    readonly roleArn: pulumi.Input<string>;
}

export interface ModelArtifactsArgs {
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** Bucket of compiled Neuron models and fine-tuned weights. */
    readonly bucketName: pulumi.Input<string>;
    /** ECR repository of inference images. */
    readonly repositoryName: string;
    readonly keyAlias: string;
    /** The only principals that may read artifacts, keyed by a stable name (`accelerator`). */
    readonly readers: Readonly<Record<string, ArtifactReader>>;
    /** S3 Object Lock mode; only settable when the bucket is created. @default "governance" */
    readonly objectLock?: ObjectLockMode;
    /** Days each artifact version is locked. @default 30 */
    readonly objectLockRetentionDays?: number;
    /** Days a replaced version is kept for rollback. @default 90 */
    readonly noncurrentVersionExpirationDays?: number;
    /** Protect the key, bucket and repository. @default true */
    readonly protect?: boolean;
    /**
     * Make the key a multi-region primary, so that the bucket can replicate to a DR region under its replica key.
     * Fixed when the key is created. @default false (not passed to AWS)
     */
    readonly multiRegionKey?: boolean;
}

export function modelArtifactsProblems(args: ModelArtifactsArgs): string[] {
    const problems: string[] = [];
    if (!(objectLockModes as readonly string[]).includes(args.objectLock ?? "governance")) {
        problems.push(`objectLock must be one of ${objectLockModes.join(", ")} (got "${args.objectLock}").`);
    }
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(args.repositoryName) || args.repositoryName.length > 256) {
        problems.push(`repositoryName must be an ECR repository name such as "acme-ai-prod/neuron-inference" (got "${args.repositoryName}").`);
    }
    if (Object.keys(args.readers).length === 0) {
        problems.push("readers must name at least one role (got none); artifacts nobody can read are of no use.");
    }
    return problems;
}

/**
 * TLS only, and reads by the named reader roles only: whatever IAM policy another principal of the account has,
 * it cannot read a model's weights.
 */
export function modelArtifactsBucketPolicy(bucketArn: string, readerRoleArns: readonly string[]): PolicyDocument {
    return policyDocument(
        denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`]),
        {
            Sid: "DenyReadsExceptArtifactReaders",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: `${bucketArn}/*`,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": [...readerRoleArns] } },
        },
    );
}

export function artifactReaderPolicy(bucketArn: string, repositoryArn: string, keyArn: string): PolicyDocument {
    return policyDocument(
        { Sid: "ListArtifacts", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
        { Sid: "ReadArtifacts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${bucketArn}/*` },
        { Sid: "DecryptArtifacts", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn },
        {
            Sid: "PullInferenceImages",
            Effect: "Allow",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            Resource: repositoryArn,
        },
        // Registry-wide by design: the token is not scoped to a repository.
        { Sid: "AuthenticateToEcr", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    );
}

/**
 * Where compiled Neuron models, fine-tuned weights and inference images live: a versioned bucket (a model can be
 * rolled back) under a customer-managed key, private, TLS-only, Object Lock as configured and readable by the
 * accelerator workloads only; and an ECR repository with scan on push, immutable tags and the same key.
 */
export class ModelArtifacts extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly repositoryUrl: pulumi.Output<string>;
    public readonly repositoryArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyAliasName: pulumi.Output<string>;
    /** URNs of the key, the bucket and the repository, for the DR inventory. */
    public readonly keyUrn: pulumi.Output<string>;
    public readonly bucketUrn: pulumi.Output<string>;
    public readonly repositoryName: pulumi.Output<string>;
    public readonly repositoryUrn: pulumi.Output<string>;

    constructor(name: string, args: ModelArtifactsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:storage:ModelArtifacts", name, {}, opts);
        const problems = modelArtifactsProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const protect = args.protect ?? true;
        const stateful = { parent: this, protect, retainOnDelete: protect };
        const objectLock = args.objectLock ?? "governance";

        const key = new EncryptionKey(`${name}-key`, {
            region,
            accountId: args.accountId,
            description: "Model artifacts and inference images",
            aliasName: args.keyAlias,
            protect,
            ...(args.multiRegionKey !== undefined ? { multiRegion: args.multiRegionKey } : {}),
        }, { parent: this });

        const bucket = new aws.s3.Bucket(`${name}-bucket`, {
            region,
            bucket: args.bucketName,
            objectLockEnabled: objectLock !== "none",
            // Unprotected (an environment that can be torn down): `pulumi destroy` empties the bucket instead of failing on it.
            ...(protect ? {} : { forceDestroy: true }),
        }, stateful);
        const readerKeys = Object.keys(args.readers).sort();
        const settings = bucketSettings(`${name}-bucket`, {
            region,
            bucket: bucket.id,
            encryption: { kmsKeyArn: key.keyArn },
            versioning: true,
            lifecycleRules: [{
                id: "expire-replaced-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 90 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
            lifecycleAfterVersioning: true,
            policy: pulumi.all([bucket.arn, pulumi.all(readerKeys.map((k) => args.readers[k].roleArn))]).apply(([bucketArn, readerArns]) =>
                JSON.stringify(modelArtifactsBucketPolicy(bucketArn, readerArns))),
            publicAccessBlockSuffix: "public-access",
        }, { parent: this });
        if (objectLock !== "none") {
            new aws.s3.BucketObjectLockConfiguration(`${name}-bucket-object-lock`, {
                region,
                bucket: bucket.id,
                rule: { defaultRetention: { mode: objectLock.toUpperCase(), days: args.objectLockRetentionDays ?? 30 } },
            }, { parent: this, dependsOn: [settings.versioning] });
        }

        const repository = new aws.ecr.Repository(`${name}-repository`, {
            region,
            name: args.repositoryName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.keyArn }],
            ...(protect ? {} : { forceDelete: true }),
        }, stateful);
        new aws.ecr.LifecyclePolicy(`${name}-repository-lifecycle`, {
            region,
            repository: repository.name,
            policy: JSON.stringify({
                rules: [{
                    rulePriority: 1,
                    description: "Expire untagged images after 14 days",
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
                    action: { type: "expire" },
                }],
            }),
        }, { parent: this });

        for (const readerKey of readerKeys) {
            new aws.iam.RolePolicy(`${name}-reader-${readerKey}`, {
                role: args.readers[readerKey].roleName,
                name: "read-model-artifacts",
                policy: pulumi.all([bucket.arn, repository.arn, key.keyArn]).apply(([bucketArn, repositoryArn, keyArn]) =>
                    JSON.stringify(artifactReaderPolicy(bucketArn, repositoryArn, keyArn))),
            }, { parent: this });
        }

        this.bucketName = bucket.id;
        this.bucketArn = bucket.arn;
        this.repositoryUrl = repository.repositoryUrl;
        this.repositoryArn = repository.arn;
        this.keyArn = key.keyArn;
        this.keyUrn = key.keyUrn;
        this.keyAliasName = key.aliasName;
        this.bucketUrn = bucket.urn;
        this.repositoryName = repository.name;
        this.repositoryUrn = repository.urn;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            repositoryUrl: this.repositoryUrl,
            repositoryArn: this.repositoryArn,
            keyArn: this.keyArn,
            keyUrn: this.keyUrn,
            keyAliasName: this.keyAliasName,
            bucketUrn: this.bucketUrn,
            repositoryName: this.repositoryName,
            repositoryUrn: this.repositoryUrn,
        });
    }
}
