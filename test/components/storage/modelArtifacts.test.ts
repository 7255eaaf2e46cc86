import * as assert from "assert";
import { artifactReaderPolicy, modelArtifactsBucketPolicy, ModelArtifactsArgs, modelArtifactsProblems } from "../../../components/storage/modelArtifacts";
import { documentOf, genaiAccountOf, one } from "../../fixtures/genai/graph";
import { decide } from "../../fixtures/genai/simulate";
import { plan } from "../../fixtures/plans";

const bucketArn = "arn:aws:s3:::acme-ai-prod-model-artifacts-123456789012-us-east-1";
const reader = "arn:aws:iam::123456789012:role/acme-ai-prod-accelerator-workload";

describe("ModelArtifacts: pure parts", () => {
    const base: ModelArtifactsArgs = {
        region: "us-east-1", accountId: "123456789012", bucketName: "b", repositoryName: "acme-ai-prod/neuron-inference", keyAlias: "alias/k",
        readers: { accelerator: { roleName: "r", roleArn: reader } },
    };
    const cases: [string, Partial<ModelArtifactsArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["an unknown lock mode", { objectLock: "strict" as never }, ['objectLock must be one of none, governance, compliance (got "strict").']],
        ["an ECR name with capitals", { repositoryName: "Acme/Inference" }, ['repositoryName must be an ECR repository name such as "acme-ai-prod/neuron-inference" (got "Acme/Inference").']],
        ["no readers", { readers: {} }, ["readers must name at least one role (got none); artifacts nobody can read are of no use."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(modelArtifactsProblems({ ...base, ...change }), expected));
    }

    const policy = modelArtifactsBucketPolicy(bucketArn, [reader]);
    const s3Everything = { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "s3:*", Resource: "*" }] };
    const cases2: [string, string, string, string][] = [
        ["the accelerator workloads, over TLS", reader, "true", "Allowed"],
        ["another role of the account with s3:* on everything", "arn:aws:iam::123456789012:role/admin", "true", "ExplicitlyDenied"],
        ["the accelerator workloads without TLS", reader, "false", "ExplicitlyDenied"],
    ];
    for (const [title, principal, secure, expected] of cases2) {
        it(`simulated read of an artifact by ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({
                principal, action: "s3:GetObject", resource: `${bucketArn}/neuron/llama/model.neff`, context: { "aws:SecureTransport": secure },
            }, { identity: [s3Everything], resource: policy }), expected);
        });
    }

    it("grants readers the artifacts, their key and the inference images, and nothing to write", () => {
        const grants = artifactReaderPolicy(bucketArn, "arn:aws:ecr:us-east-1:123456789012:repository/acme-ai-prod/neuron-inference", "arn:aws:kms:us-east-1:123456789012:key/k");
        const actions = grants.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        assert.deepStrictEqual(actions, [
            "s3:ListBucket", "s3:GetObject", "s3:GetObjectVersion", "kms:Decrypt",
            "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:GetAuthorizationToken",
        ]);
    });
});

describe("ModelArtifacts in the shipped stacks", () => {
    const at = "prod-genai-model-artifacts-us-east-1";

    it("keeps prod's artifacts versioned, KMS-encrypted, private, locked in governance mode for 30 days, and protected", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const bucket = one(graph, `${at}-bucket`);
        const key = one(graph, `${at}-key-key`);
        assert.deepStrictEqual([bucket.inputs.bucket, bucket.inputs.objectLockEnabled, bucket.protect, bucket.retainOnDelete, bucket.region, bucket.account],
            [`acme-ai-prod-model-artifacts-${account}-us-east-1`, true, true, true, "us-east-1", account]);
        assert.deepStrictEqual(one(graph, `${at}-bucket-versioning`).inputs.versioningConfiguration, { status: "Enabled" });
        assert.deepStrictEqual(one(graph, `${at}-bucket-object-lock`).inputs.rule, { defaultRetention: { mode: "GOVERNANCE", days: 30 } });
        assert.deepStrictEqual(one(graph, `${at}-bucket-encryption`).inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true }]);
        assert.deepStrictEqual(one(graph, `${at}-bucket-ownership`).inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        const block = one(graph, `${at}-bucket-public-access`).inputs;
        assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        const workloadRole = one(graph, "prod-genai-accelerator-workload-role-role");
        assert.deepStrictEqual(documentOf(one(graph, `${at}-bucket-policy`)), modelArtifactsBucketPolicy(bucket.outputs.arn as string, [workloadRole.outputs.arn as string]));
        assert.strictEqual(one(graph, `${at}-reader-accelerator`).inputs.role, workloadRole.outputs.name);
    });

    it("keeps inference images in an immutable, scanned, KMS-encrypted, protected repository", async () => {
        const graph = await plan("prod");
        const repository = one(graph, `${at}-repository`);
        assert.deepStrictEqual([repository.inputs.name, repository.inputs.imageTagMutability, repository.inputs.imageScanningConfiguration, repository.inputs.encryptionConfigurations, repository.protect, repository.retainOnDelete], [
            "acme-ai-prod/neuron-inference", "IMMUTABLE", { scanOnPush: true },
            [{ encryptionType: "KMS", kmsKey: one(graph, `${at}-key-key`).outputs.arn }], true, true,
        ]);
    });

    it("creates no Object Lock where the config turns it off (dev)", async () => {
        const graph = await plan("dev");
        assert.strictEqual(one(graph, "dev-genai-model-artifacts-us-east-1-bucket").inputs.objectLockEnabled, false);
        assert.deepStrictEqual(graph.resources.filter((r) => r.type === "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").map((r) => r.name), []);
    });
});
