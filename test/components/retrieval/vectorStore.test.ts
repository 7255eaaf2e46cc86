import * as assert from "assert";
import { iamRoleArn, knowledgeBaseRoleName, vectorBucketName, vectorCollectionName } from "../../../accounts/naming";
import { VectorStore, VectorStoreArgs, vectorStoreProblems } from "../../../components/retrieval/vectorStore";
import { constructionError, runComponent, valueOf } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const genai = "111111111111";
const knowledgeBaseRole = iamRoleArn("aws", genai, knowledgeBaseRoleName("acme-ai", "prod"));
const bucketName = vectorBucketName("acme-ai", "prod");
const bucketArn = `arn:aws:s3vectors:us-east-1:${genai}:bucket/${bucketName}`;
const indexArn = `${bucketArn}/index/knowledge-base`;

const s3VectorsArgs: VectorStoreArgs = {
    region: "us-east-1",
    accountId: genai,
    knowledgeBaseRoleArn: knowledgeBaseRole,
    dimension: 1024,
    keyAliasName: "alias/acme-ai-prod-genai-vectors",
    vectorBucketName: bucketName,
};

const openSearchArgs: VectorStoreArgs = {
    region: "us-east-1",
    accountId: genai,
    kind: "opensearch-serverless",
    knowledgeBaseRoleArn: knowledgeBaseRole,
    dimension: 1024,
    keyAliasName: "alias/acme-ai-prod-genai-vectors",
    collectionName: vectorCollectionName("acme-ai", "prod"),
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    securityGroupIds: ["sg-0cccccccccccccccc"],
};

describe("VectorStore: S3 Vectors (the default)", () => {
    let run: Awaited<ReturnType<typeof runComponent<VectorStore>>>;
    before(async () => {
        run = await runComponent((opts) => new VectorStore("prod-vectors", s3VectorsArgs, opts), { accountId: genai });
    });

    it("creates a key, a vector bucket, an index and the bucket policy, nothing else", () => {
        assert.deepStrictEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:kms/alias:Alias prod-vectors-key-alias",
            "aws:kms/key:Key prod-vectors-key",
            "aws:s3/vectorsIndex:VectorsIndex prod-vectors-index",
            "aws:s3/vectorsVectorBucket:VectorsVectorBucket prod-vectors-vector-bucket",
            "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy prod-vectors-vector-bucket-policy",
            "lz:retrieval:VectorStore prod-vectors",
        ]);
        assert.ok(run.resources.filter((r) => r.custom).every((r) => r.inputs.region === "us-east-1"));
    });

    it("protects and retains the key, the bucket and the index", () => {
        assert.deepStrictEqual(run.resources.filter((r) => r.protect).map((r) => r.name).sort(),
            ["prod-vectors-index", "prod-vectors-key", "prod-vectors-vector-bucket"]);
        assert.ok(run.resources.filter((r) => r.custom).every((r) => r.retainOnDelete));
    });

    it("indexes float32 vectors of the embedding model's dimension by cosine distance, encrypted with the store's key", () => {
        const keyArn = run.named("prod-vectors-key").outputs.arn;
        const encryption = [{ sseType: "aws:kms", kmsKeyArn: keyArn }];
        assert.deepStrictEqual(run.named("prod-vectors-vector-bucket").inputs.encryptionConfigurations, encryption);
        const index = run.named("prod-vectors-index").inputs;
        assert.deepStrictEqual(index, {
            region: "us-east-1",
            vectorBucketName: bucketName,
            indexName: "knowledge-base",
            dataType: "float32",
            dimension: 1024,
            distanceMetric: "cosine",
            encryptionConfigurations: encryption,
            metadataConfiguration: { nonFilterableMetadataKeys: ["AMAZON_BEDROCK_TEXT", "AMAZON_BEDROCK_METADATA"] },
        });
        assert.strictEqual(run.named("prod-vectors-key").inputs.enableKeyRotation, true);
        assert.strictEqual(run.named("prod-vectors-key").inputs.deletionWindowInDays, 30);
    });

    it("gives the vectors to the knowledge-base role only, denying vector data to everyone else", () => {
        assert.strictEqual(run.named("prod-vectors-vector-bucket-policy").inputs.vectorBucketArn, bucketArn);
        assert.deepStrictEqual(run.policyOf("prod-vectors-vector-bucket-policy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "KnowledgeBaseUsesIndexes",
                    Effect: "Allow",
                    Principal: { AWS: knowledgeBaseRole },
                    Action: ["s3vectors:GetIndex", "s3vectors:QueryVectors", "s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:DeleteVectors"],
                    Resource: `${bucketArn}/index/*`,
                },
                {
                    Sid: "DenyVectorDataToEveryoneElse",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:QueryVectors", "s3vectors:DeleteVectors", "s3vectors:ListVectors"],
                    Resource: [bucketArn, `${bucketArn}/index/*`],
                    Condition: { ArnNotEquals: { "aws:PrincipalArn": knowledgeBaseRole } },
                },
            ],
        });
    });

    it("lets S3 Vectors' background indexing decrypt with the key, for this account's vector buckets only", () => {
        assert.deepStrictEqual(run.policyOf("prod-vectors-key"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "EnableAccountAdministrationThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${genai}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "AllowS3VectorsBackgroundIndexing",
                    Effect: "Allow",
                    Principal: { Service: "indexing.s3vectors.amazonaws.com" },
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": genai },
                        ArnLike: { "aws:SourceArn": `arn:aws:s3vectors:us-east-1:${genai}:bucket/*` },
                        "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": ["aws:s3vectors:arn", "aws:s3vectors:resource-id"] },
                    },
                },
            ],
        });
    });

    it("hands the knowledge base its S3_VECTORS storage configuration and the role statements it needs", async () => {
        assert.deepStrictEqual(await valueOf(run.component.storageConfiguration), { type: "S3_VECTORS", s3VectorsConfiguration: { indexArn } });
        const keyArn = run.named("prod-vectors-key").outputs.arn;
        assert.deepStrictEqual(await valueOf(run.component.knowledgeBaseStatements), [
            { Sid: "UseVectorIndex", Effect: "Allow", Action: ["s3vectors:GetIndex", "s3vectors:QueryVectors", "s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:DeleteVectors"], Resource: indexArn },
            { Sid: "UseVectorKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn },
        ]);
        assert.strictEqual(run.component.kind, "s3vectors");
    });

    describe("under the IAM simulator", () => {
        const query = (principal: string, action: string, identity: unknown) => simulate({
            principal, action, resource: indexArn, resourceAccount: genai,
        }, { identity: [identity], resource: run.policyOf("prod-vectors-vector-bucket-policy") });
        const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3vectors:*", Resource: "*" }] };

        it("lets the knowledge-base role query and write vectors", async () => {
            assert.strictEqual(await query(knowledgeBaseRole, "s3vectors:QueryVectors", admin), "Allowed");
            assert.strictEqual(await query(knowledgeBaseRole, "s3vectors:PutVectors", admin), "Allowed");
        });

        it("refuses vector data to an administrator of the same account, while leaving management to it", async () => {
            const administrator = iamRoleArn("aws", genai, "Administrator");
            assert.strictEqual(await query(administrator, "s3vectors:QueryVectors", admin), "ExplicitlyDenied");
            assert.strictEqual(await query(administrator, "s3vectors:GetVectors", admin), "ExplicitlyDenied");
            assert.strictEqual(await query(administrator, "s3vectors:GetIndex", admin), "Allowed");
        });

        it("lets the indexing service decrypt for this account only", async () => {
            const decrypt = (sourceAccount: string) => simulate({
                principal: "indexing.s3vectors.amazonaws.com",
                action: "kms:Decrypt",
                resource: `arn:aws:kms:us-east-1:${genai}:key/11111111-2222-4333-a444-555555555555`,
                resourceAccount: genai,
                context: {
                    "aws:SourceAccount": sourceAccount,
                    "aws:SourceArn": `arn:aws:s3vectors:us-east-1:${sourceAccount}:bucket/${bucketName}`,
                    "kms:EncryptionContextKeys": ["aws:s3vectors:arn"],
                },
            }, { resource: run.policyOf("prod-vectors-key") });
            assert.strictEqual(await decrypt(genai), "Allowed");
            assert.strictEqual(await decrypt("999999999999"), "ImplicitlyDenied");
        });
    });
});

describe("VectorStore: OpenSearch Serverless", () => {
    let run: Awaited<ReturnType<typeof runComponent<VectorStore>>>;
    const collectionName = "acme-ai-prod-kb";
    before(async () => {
        run = await runComponent((opts) => new VectorStore("prod-vectors", openSearchArgs, opts), { accountId: genai });
    });

    it("creates a key, encryption and network policies, a VPC endpoint, the collection and the knowledge base's access policy", () => {
        assert.deepStrictEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:kms/alias:Alias prod-vectors-key-alias",
            "aws:kms/key:Key prod-vectors-key",
            "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy prod-vectors-knowledge-base-access",
            "aws:opensearch/serverlessCollection:ServerlessCollection prod-vectors-collection",
            "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy prod-vectors-encryption-policy",
            "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy prod-vectors-network-policy",
            "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint prod-vectors-vpc-endpoint",
            "lz:retrieval:VectorStore prod-vectors",
        ]);
        assert.deepStrictEqual(run.resources.filter((r) => r.protect).map((r) => r.name).sort(), ["prod-vectors-collection", "prod-vectors-key"]);
    });

    it("creates a VECTORSEARCH collection with standby replicas, after its encryption and network policies", () => {
        const collection = run.named("prod-vectors-collection");
        assert.deepStrictEqual(collection.inputs, {
            region: "us-east-1", name: collectionName, type: "VECTORSEARCH", description: "Vector store of the knowledge base", standbyReplicas: "ENABLED",
        });
        assert.deepStrictEqual(collection.dependsOn.sort(), [run.named("prod-vectors-encryption-policy").urn, run.named("prod-vectors-network-policy").urn].sort());
    });

    it("encrypts the collection with the store's customer-managed key", () => {
        const encryption = run.named("prod-vectors-encryption-policy");
        assert.strictEqual(encryption.inputs.type, "encryption");
        assert.strictEqual(encryption.inputs.name, `${collectionName}-enc`);
        assert.deepStrictEqual(run.policyOf("prod-vectors-encryption-policy"), {
            Rules: [{ ResourceType: "collection", Resource: [`collection/${collectionName}`] }],
            AWSOwnedKey: false,
            KmsARN: run.named("prod-vectors-key").outputs.arn,
        });
        assert.deepStrictEqual(run.policyOf("prod-vectors-key").Statement.map((s: { Sid: string }) => s.Sid), ["EnableAccountAdministrationThroughIam"]);
    });

    it("admits only the genAI VPC's endpoint and Bedrock, never the public internet", () => {
        const endpoint = run.named("prod-vectors-vpc-endpoint");
        assert.deepStrictEqual(endpoint.inputs, {
            region: "us-east-1",
            name: `${collectionName}-vpce`,
            vpcId: openSearchArgs.vpcId,
            subnetIds: openSearchArgs.subnetIds,
            securityGroupIds: openSearchArgs.securityGroupIds,
        });
        assert.strictEqual(run.named("prod-vectors-network-policy").inputs.type, "network");
        assert.deepStrictEqual(run.policyOf("prod-vectors-network-policy"), [{
            Description: "Private access: the genAI VPC endpoint and Amazon Bedrock only",
            Rules: [{ ResourceType: "collection", Resource: [`collection/${collectionName}`] }],
            AllowFromPublic: false,
            SourceVPCEs: [endpoint.outputs.id],
            SourceServices: ["bedrock.amazonaws.com"],
        }]);
        assert.match(endpoint.outputs.id, /^vpce-[0-9a-f]{17}$/);
    });

    it("gives data access to the knowledge-base role only", () => {
        const access = run.named("prod-vectors-knowledge-base-access");
        assert.strictEqual(access.inputs.type, "data");
        assert.deepStrictEqual(run.policyOf("prod-vectors-knowledge-base-access"), [{
            Description: "The knowledge-base role only",
            Rules: [
                { ResourceType: "collection", Resource: [`collection/${collectionName}`], Permission: ["aoss:DescribeCollectionItems"] },
                { ResourceType: "index", Resource: [`index/${collectionName}/*`], Permission: ["aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument"] },
            ],
            Principal: [knowledgeBaseRole],
        }]);
    });

    it("hands the knowledge base its OPENSEARCH_SERVERLESS storage configuration and APIAccessAll on the collection", async () => {
        const collectionArn = run.named("prod-vectors-collection").outputs.arn;
        assert.match(collectionArn, new RegExp(`^arn:aws:aoss:us-east-1:${genai}:collection/[a-z0-9]{20}$`));
        assert.deepStrictEqual(await valueOf(run.component.storageConfiguration), {
            type: "OPENSEARCH_SERVERLESS",
            opensearchServerlessConfiguration: {
                collectionArn,
                vectorIndexName: "knowledge-base",
                fieldMapping: { vectorField: "bedrock-knowledge-base-default-vector", textField: "AMAZON_BEDROCK_TEXT_CHUNK", metadataField: "AMAZON_BEDROCK_METADATA" },
            },
        });
        assert.deepStrictEqual(await valueOf(run.component.knowledgeBaseStatements), [
            { Sid: "UseVectorCollection", Effect: "Allow", Action: "aoss:APIAccessAll", Resource: collectionArn },
        ]);
        assert.match(await valueOf(run.component.collectionEndpoint!), /^https:\/\/[a-z0-9]{20}\.us-east-1\.aoss\.amazonaws\.com$/);
    });

    it("opens index creation to named principals only when asked, and can turn standby replicas off", async () => {
        const admin = iamRoleArn("aws", genai, "platform-admin");
        const withCreator = await runComponent((opts) => new VectorStore("dev-vectors", { ...openSearchArgs, standbyReplicas: false, indexCreatorArns: [admin] }, opts), { accountId: genai });
        assert.strictEqual(withCreator.named("dev-vectors-collection").inputs.standbyReplicas, "DISABLED");
        assert.deepStrictEqual(withCreator.policyOf("dev-vectors-index-creator-access"), [{
            Description: "One-off: create the vector index",
            Rules: [
                { ResourceType: "collection", Resource: [`collection/${collectionName}`], Permission: ["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"] },
                { ResourceType: "index", Resource: [`index/${collectionName}/*`], Permission: ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex"] },
            ],
            Principal: [admin],
        }]);
    });
});

describe("VectorStore arguments", () => {
    it("names every missing or misplaced argument of each kind", async () => {
        assert.deepStrictEqual(vectorStoreProblems({ ...s3VectorsArgs, dimension: 5000, vectorBucketName: undefined, vpcId: "vpc-1" }), [
            "dimension must be a whole number from 1 to 4096 for s3vectors (got 5000); use the embedding model's embeddingDimensions.",
            'vectorBucketName must be 3-63 lower-case letters, digits or hyphens for kind "s3vectors" (got nothing).',
            'vpcId applies to kind "opensearch-serverless" only; remove it for "s3vectors".',
        ]);
        assert.deepStrictEqual(vectorStoreProblems({ ...openSearchArgs, collectionName: "acme-ai-production-knowledge-kb", vpcId: undefined, vectorBucketName: bucketName }), [
            'collectionName must be 3-28 lower-case letters, digits or hyphens starting with a letter for kind "opensearch-serverless" (got "acme-ai-production-knowledge-kb"); policy names append "-net" to it, and OpenSearch allows 32.',
            'vpcId is required for kind "opensearch-serverless": the collection is reached through a VPC endpoint in the genAI VPC.',
            'vectorBucketName applies to kind "s3vectors" only; remove it for "opensearch-serverless".',
        ]);
        assert.strictEqual(await constructionError(() => new VectorStore("bad", { ...s3VectorsArgs, kind: "pinecone" as never })),
            'kind must be one of "s3vectors", "opensearch-serverless" (got "pinecone").');
    });
});
