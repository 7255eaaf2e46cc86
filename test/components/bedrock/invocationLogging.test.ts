import * as assert from "assert";
import {
    defaultPiiDataIdentifiers,
    invocationLogsBucketPolicy,
    logDataProtectionPolicy,
    ModelInvocationLoggingArgs,
    modelInvocationLoggingProblems,
} from "../../../components/bedrock/invocationLogging";
import { documentOf, genaiAccountOf, one } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

describe("ModelInvocationLogging: pure parts", () => {
    const base: ModelInvocationLoggingArgs = {
        region: "us-east-1", accountId: "123456789012", logGroupName: "/acme/prompts", bucketName: "b", roleName: "r", keyAlias: "alias/k", permissionsBoundaryArn: "arn",
    };
    const cases: [string, Partial<ModelInvocationLoggingArgs>, string[]][] = [
        ["the defaults", {}, []],
        ["prompts kept two years", { retentionInDays: 731 }, ["retentionInDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 (got 731); prompts must not be kept longer than a year."]],
        ["large payloads never expiring", { largePayloadExpirationDays: 0 }, ["largePayloadExpirationDays must be 1-365 (got 0)."]],
        ["no PII masked", { piiDataIdentifiers: [] }, ["piiDataIdentifiers must name at least one data identifier (got none); the prompt log must mask PII."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(modelInvocationLoggingProblems({ ...base, ...change }), expected));
    }

    it("lets Bedrock of this account and region write large payloads, over TLS only", () => {
        const bucket = "arn:aws:s3:::acme-logs";
        assert.deepStrictEqual(invocationLogsBucketPolicy("aws", "us-west-2", "123456789012", bucket).Statement, [
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket, `${bucket}/*`], Condition: { Bool: { "aws:SecureTransport": false } } },
            {
                Sid: "AllowBedrockToDeliverInvocationLogs",
                Effect: "Allow",
                Principal: { Service: "bedrock.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucket}/large-payloads/*`,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-west-2:123456789012:*" } },
            },
        ]);
    });
});

describe("ModelInvocationLogging in the shipped stacks", () => {
    it("logs every region prod uses, each with its own key, log group and bucket in that region", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        for (const region of ["us-east-1", "us-west-2"]) {
            const at = `prod-genai-invocation-logging-${region}`;
            const configuration = one(graph, `${at}-configuration`);
            const group = one(graph, `${at}-log-group`);
            const bucket = one(graph, `${at}-bucket`);
            const key = one(graph, `${at}-key-key`);
            const role = one(graph, `${at}-role`);
            for (const resource of [configuration, group, bucket, key]) {
                assert.deepStrictEqual([resource.region, resource.account], [region, account], resource.name);
            }
            assert.strictEqual(configuration.type, "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration");
            assert.deepStrictEqual(configuration.inputs.loggingConfig, {
                cloudwatchConfig: {
                    logGroupName: "/acme-ai/prod/bedrock/model-invocations",
                    roleArn: role.outputs.arn,
                    largeDataDeliveryS3Config: { bucketName: `acme-ai-prod-bedrock-logs-${account}-${region}`, keyPrefix: "large-payloads" },
                },
                textDataDeliveryEnabled: true,
                imageDataDeliveryEnabled: true,
                embeddingDataDeliveryEnabled: false,
                videoDataDeliveryEnabled: false,
            });
            // Prod keeps prompts 90 days (config), encrypted with the region's key, and the group cannot be deleted by accident.
            assert.deepStrictEqual([group.inputs.retentionInDays, group.inputs.kmsKeyId, group.inputs.deletionProtectionEnabled, group.protect, group.retainOnDelete],
                [90, key.outputs.arn, true, true, true]);
            const keyPolicy = documentOf(key);
            assert.deepStrictEqual(keyPolicy.Statement.map((s: { Sid: string }) => s.Sid), ["EnableAccountAdministrationThroughIam", "AllowCloudWatchLogsForTheseLogGroups", "AllowBedrockToEncryptLargePayloads"]);
            assert.deepStrictEqual(keyPolicy.Statement[1].Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"], [`arn:aws:logs:${region}:${account}:log-group:/acme-ai/prod/bedrock/model-invocations`]);
            assert.deepStrictEqual(keyPolicy.Statement[1].Principal, { Service: `logs.${region}.amazonaws.com` });
            assert.deepStrictEqual(documentOf(role, "assumeRolePolicy").Statement[0].Condition, {
                StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${region}:${account}:*` },
            });
            assert.deepStrictEqual(documentOf(one(graph, `${at}-mask-pii`), "policyDocument"), logDataProtectionPolicy("aws", defaultPiiDataIdentifiers));
            assert.deepStrictEqual(one(graph, `${at}-bucket-expiry`).inputs.rules, [{
                id: "expire-large-payloads", status: "Enabled", filter: {}, expiration: { days: 30 }, noncurrentVersionExpiration: { noncurrentDays: 1 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            }]);
            assert.deepStrictEqual(one(graph, `${at}-bucket-encryption`).inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true }]);
            const block = one(graph, `${at}-bucket-public-access`).inputs;
            assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
            assert.deepStrictEqual(documentOf(one(graph, `${at}-bucket-policy`)), invocationLogsBucketPolicy("aws", region, account, bucket.outputs.arn as string));
            assert.deepStrictEqual([bucket.protect, bucket.retainOnDelete], [true, true]);
        }
    });

    it("masks credentials, financial identifiers and contact details in the prompt log", () => {
        const policy = logDataProtectionPolicy("aws", defaultPiiDataIdentifiers);
        assert.deepStrictEqual(policy.Statement.map((s) => Object.keys(s.Operation)[0]), ["Audit", "Deidentify"]);
        assert.ok(policy.Statement[1].DataIdentifier.includes("arn:aws:dataprotection::aws:data-identifier/EmailAddress"));
        assert.ok(policy.Statement[1].DataIdentifier.includes("arn:aws:dataprotection::aws:data-identifier/AwsSecretKey"));
        assert.deepStrictEqual(policy.Statement[0].DataIdentifier, policy.Statement[1].DataIdentifier);
    });

    it("logs only the primary region when DR is off, and keeps dev's prompts 7 days", async () => {
        const graph = await plan("dev");
        const configurations = graph.resources.filter((r) => r.type === "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration");
        assert.deepStrictEqual(configurations.map((c) => c.region), ["us-east-1"]);
        assert.strictEqual(one(graph, "dev-genai-invocation-logging-us-east-1-log-group").inputs.retentionInDays, 7);
    });
});
