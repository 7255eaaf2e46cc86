import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Partition, partitionOf } from "../../accounts/regions";
import { logRetentionDaysAllowed } from "../../accounts/schema";
import { PolicyDocument } from "../organization/policyDocuments";
import { denyInsecureTransport, policyDocument, serviceTrustPolicy } from "../identity/policies";
import { cloudWatchLogsKeyStatement, logGroupArn, serviceKeyStatement } from "../security/keyPolicies";
import { EncryptionKey } from "../security/encryptionKey";
import { bucketSettings } from "../storage/bucketSettings";

/**
 * CloudWatch Logs managed data identifiers masked in the prompt log: credentials, financial and government
 * identifiers, contact details. Masking hides them from anyone reading the log without `logs:Unmask`.
 */
export const defaultPiiDataIdentifiers = [
    "Address", "AwsSecretKey", "BankAccountNumber-US", "CreditCardExpiration", "CreditCardNumber", "CreditCardSecurityCode",
    "DriversLicense-US", "EmailAddress", "IndividualTaxIdentificationNumber-US", "IpAddress", "Name", "PassportNumber-US",
    "PhoneNumber-US", "Ssn-US",
] as const;

/** Bedrock writes large payloads under this prefix of the bucket. */
export const largePayloadPrefix = "large-payloads";

export interface ModelInvocationLoggingArgs {
    /** Region whose invocations are logged (the setting is per region; the destinations must be in that region). */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** Log group that receives every prompt and response. */
    readonly logGroupName: string;
    /** Bucket that receives payloads too large for CloudWatch Logs (images, long documents). */
    readonly bucketName: pulumi.Input<string>;
    /** Role Bedrock assumes to write the logs. */
    readonly roleName: string;
    readonly keyAlias: string;
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /** Days prompts are kept in CloudWatch Logs; at most 365. @default 30 */
    readonly retentionInDays?: number;
    /** Days large payloads are kept in S3. @default 30 */
    readonly largePayloadExpirationDays?: number;
    /** CloudWatch Logs data identifiers masked in the log. @default defaultPiiDataIdentifiers */
    readonly piiDataIdentifiers?: readonly string[];
    /** Log image inputs and outputs (to S3). @default true */
    readonly imageDataDelivery?: boolean;
    /** Log embeddings; large and rarely useful for audit. @default false */
    readonly embeddingDataDelivery?: boolean;
    /** Protect the key, log group and bucket. @default true */
    readonly protect?: boolean;
}

export function modelInvocationLoggingProblems(args: ModelInvocationLoggingArgs): string[] {
    const problems: string[] = [];
    const retention = args.retentionInDays ?? 30;
    if (!(logRetentionDaysAllowed as readonly number[]).includes(retention)) {
        problems.push(`retentionInDays must be one of ${logRetentionDaysAllowed.join(", ")} (got ${retention}); prompts must not be kept longer than a year.`);
    }
    const expiration = args.largePayloadExpirationDays ?? 30;
    if (!Number.isInteger(expiration) || expiration < 1 || expiration > 365) {
        problems.push(`largePayloadExpirationDays must be 1-365 (got ${expiration}).`);
    }
    if ((args.piiDataIdentifiers ?? defaultPiiDataIdentifiers).length === 0) {
        problems.push("piiDataIdentifiers must name at least one data identifier (got none); the prompt log must mask PII.");
    }
    return problems;
}

/** Masks PII when the log is read (the audit statement records what was found). */
export function logDataProtectionPolicy(partition: Partition, identifiers: readonly string[]) {
    const dataIdentifiers = identifiers.map((id) => `arn:${partition}:dataprotection::aws:data-identifier/${id}`);
    return {
        Name: "mask-pii-in-prompts",
        Description: "Masks PII in Bedrock prompts and responses",
        Version: "2021-06-01",
        Statement: [
            { Sid: "audit", DataIdentifier: dataIdentifiers, Operation: { Audit: { FindingsDestination: {} } } },
            { Sid: "mask", DataIdentifier: dataIdentifiers, Operation: { Deidentify: { MaskConfig: {} } } },
        ],
    };
}

/** Bedrock in this account and region may write large payloads, over TLS only. */
export function invocationLogsBucketPolicy(partition: Partition, region: string, accountId: string, bucketArn: string): PolicyDocument {
    return policyDocument(
        denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`]),
        {
            Sid: "AllowBedrockToDeliverInvocationLogs",
            Effect: "Allow",
            Principal: { Service: "bedrock.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucketArn}/${largePayloadPrefix}/*`,
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partition}:bedrock:${region}:${accountId}:*` },
            },
        },
    );
}

/**
 * Bedrock model invocation logging in one region: every prompt and response to a KMS-encrypted log group with
 * bounded retention and PII masking, large payloads to an encrypted, private, TLS-only bucket that expires them.
 * Bedrock writes through a role it may assume for this account and region only.
 */
export class ModelInvocationLogging extends pulumi.ComponentResource {
    public readonly logGroupArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    /** URN of the `aws.bedrockmodel.InvocationLoggingConfiguration`, for the DR inventory. */
    public readonly configurationUrn: pulumi.Output<string>;

    constructor(name: string, args: ModelInvocationLoggingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:bedrock:ModelInvocationLogging", name, {}, opts);
        const problems = modelInvocationLoggingProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const protect = args.protect ?? true;
        const stateful = { parent: this, protect, retainOnDelete: protect };

        const key = new EncryptionKey(`${name}-key`, {
            region,
            accountId: args.accountId,
            description: `Bedrock invocation logs in ${region}`,
            aliasName: args.keyAlias,
            serviceStatements: pulumi.output(args.accountId).apply((accountId) => [
                cloudWatchLogsKeyStatement(partition, region, accountId, [args.logGroupName]),
                serviceKeyStatement("AllowBedrockToEncryptLargePayloads", "bedrock.amazonaws.com", ["kms:GenerateDataKey"], accountId,
                    `arn:${partition}:bedrock:${region}:${accountId}:*`),
            ]),
            protect,
        }, { parent: this });

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-log-group`, {
            region,
            name: args.logGroupName,
            retentionInDays: args.retentionInDays ?? 30,
            kmsKeyId: key.keyArn,
            // Prompts are audit evidence: deleting the group must be a deliberate, two-step act.
            deletionProtectionEnabled: protect,
        }, stateful);
        new aws.cloudwatch.LogDataProtectionPolicy(`${name}-mask-pii`, {
            region,
            logGroupName: logGroup.name,
            policyDocument: JSON.stringify(logDataProtectionPolicy(partition, args.piiDataIdentifiers ?? defaultPiiDataIdentifiers)),
        }, { parent: this });

        // Unprotected (an environment that can be torn down): `pulumi destroy` empties the bucket instead of failing on it.
        const bucket = new aws.s3.Bucket(`${name}-bucket`, { region, bucket: args.bucketName, ...(protect ? {} : { forceDestroy: true }) }, stateful);
        const bucketPolicy = bucketSettings(`${name}-bucket`, {
            region,
            bucket: bucket.id,
            encryption: { kmsKeyArn: key.keyArn },
            versioning: false,
            lifecycleRules: [{
                id: "expire-large-payloads",
                status: "Enabled",
                filter: {},
                expiration: { days: args.largePayloadExpirationDays ?? 30 },
                noncurrentVersionExpiration: { noncurrentDays: 1 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            }],
            policy: pulumi.all([args.accountId, bucket.arn]).apply(([accountId, bucketArn]) =>
                JSON.stringify(invocationLogsBucketPolicy(partition, region, accountId, bucketArn))),
            publicAccessBlockSuffix: "public-access",
            lifecycleSuffix: "expiry",
        }, { parent: this }).policy;

        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: `Bedrock delivers model invocation logs in ${region}`,
            assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(serviceTrustPolicy(
                "bedrock.amazonaws.com", accountId, `arn:${partition}:bedrock:${region}:${accountId}:*`))),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, {
            role: role.name,
            policy: pulumi.all([args.accountId, bucket.arn, key.keyArn]).apply(([accountId, bucketArn, keyArn]) => {
                const group = logGroupArn(partition, region, accountId, args.logGroupName);
                return JSON.stringify(policyDocument(
                    {
                        Sid: "WriteInvocationLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `${group}:log-stream:aws/bedrock/modelinvocations`,
                    },
                    {
                        Sid: "WriteLargePayloads",
                        Effect: "Allow",
                        Action: "s3:PutObject",
                        Resource: `${bucketArn}/${largePayloadPrefix}/*`,
                    },
                    {
                        Sid: "EncryptLargePayloads",
                        Effect: "Allow",
                        Action: "kms:GenerateDataKey",
                        Resource: keyArn,
                    },
                ));
            }),
        }, { parent: this });

        const configuration = new aws.bedrockmodel.InvocationLoggingConfiguration(`${name}-configuration`, {
            region,
            loggingConfig: {
                cloudwatchConfig: {
                    logGroupName: logGroup.name,
                    roleArn: role.arn,
                    largeDataDeliveryS3Config: { bucketName: bucket.id, keyPrefix: largePayloadPrefix },
                },
                textDataDeliveryEnabled: true,
                imageDataDeliveryEnabled: args.imageDataDelivery ?? true,
                embeddingDataDeliveryEnabled: args.embeddingDataDelivery ?? false,
                videoDataDeliveryEnabled: false,
            },
        }, { parent: this, dependsOn: [bucketPolicy, rolePolicy] });

        this.logGroupArn = logGroup.arn;
        this.bucketName = bucket.id;
        this.keyArn = key.keyArn;
        this.roleArn = role.arn;
        this.configurationUrn = configuration.urn;
        this.registerOutputs({ logGroupArn: this.logGroupArn, bucketName: this.bucketName, keyArn: this.keyArn, roleArn: this.roleArn, configurationUrn: this.configurationUrn });
    }
}
