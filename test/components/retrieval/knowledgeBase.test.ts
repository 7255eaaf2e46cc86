import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { documentsBucketName, iamRoleArn, knowledgeBaseName, knowledgeBaseRoleName, s3BucketArn, vectorBucketName, vectorCollectionName } from "../../../accounts/naming";
import { KnowledgeBase, knowledgeBaseProblems } from "../../../components/retrieval/knowledgeBase";
import { documentsBucketPolicy, dataKeyPolicy } from "../../../components/data/policyDocuments";
import { KnowledgeBaseRole } from "../../../components/retrieval/knowledgeBaseRole";
import { VectorStore } from "../../../components/retrieval/vectorStore";
import { runComponent } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const genai = "111111111111";
const data = "222222222222";
const documentsArn = s3BucketArn("aws", documentsBucketName("acme-ai", "prod", data, "us-east-1"));
const dataKeyArn = `arn:aws:kms:us-east-1:${data}:key/11111111-2222-4333-a444-555555555555`;
const titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";

/**
 * The retrieval layer as the environment stack wires it: the role first (other policies name it), then the store,
 * then the knowledge base that gives the role its permissions.
 */
class RetrievalLayer extends pulumi.ComponentResource {
    constructor(name: string, kind: "s3vectors" | "opensearch-serverless", indexCreation: pulumi.Resource[] | undefined, opts: pulumi.ComponentResourceOptions) {
        super("test:retrieval:Layer", name, {}, opts);
        const role = new KnowledgeBaseRole(`${name}-role`, {
            region: "us-east-1", accountId: genai, roleName: knowledgeBaseRoleName("acme-ai", "prod"),
            permissionsBoundaryArn: `arn:aws:iam::${genai}:policy/acme-ai-lz-permission-boundary`,
        }, { parent: this });
        const store = new VectorStore(`${name}-vectors`, kind === "s3vectors"
            ? { region: "us-east-1", accountId: genai, knowledgeBaseRoleArn: role.roleArn, dimension: 1024, keyAliasName: "alias/acme-ai-prod-genai-vectors", vectorBucketName: vectorBucketName("acme-ai", "prod") }
            : {
                region: "us-east-1", accountId: genai, kind, knowledgeBaseRoleArn: role.roleArn, dimension: 1024, keyAliasName: "alias/acme-ai-prod-genai-vectors",
                collectionName: vectorCollectionName("acme-ai", "prod"), vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"],
            }, { parent: this });
        new KnowledgeBase(`${name}-knowledge-base`, {
            region: "us-east-1",
            knowledgeBaseName: knowledgeBaseName("acme-ai", "prod"),
            roleArn: role.roleArn,
            roleName: role.roleName,
            embeddingModelId: "amazon.titan-embed-text-v2:0",
            embeddingDimensions: 1024,
            vectorStore: store,
            documentsBucketArn: documentsArn,
            dataKeyArn,
            dataAccountId: data,
            vectorIndexDependsOn: indexCreation,
        }, { parent: this });
        this.registerOutputs({});
    }
}

/** Stands for the one-off step that creates the OpenSearch vector index (a command resource in a real stack). */
class IndexCreation extends pulumi.CustomResource {
    constructor(name: string, opts: pulumi.CustomResourceOptions) {
        super("test:retrieval:IndexCreation", name, {}, opts);
    }
}

describe("KnowledgeBase on S3 Vectors", () => {
    let run: Awaited<ReturnType<typeof runComponent<RetrievalLayer>>>;
    before(async () => {
        run = await runComponent((opts) => new RetrievalLayer("prod", "s3vectors", undefined, opts), { accountId: genai });
    });

    it("embeds with the catalogue model's foundation-model ARN and dimensions into the S3 Vectors index", () => {
        const kb = run.named("prod-knowledge-base-knowledge-base");
        assert.strictEqual(kb.type, "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase");
        assert.deepStrictEqual(kb.inputs.knowledgeBaseConfiguration, {
            type: "VECTOR",
            vectorKnowledgeBaseConfiguration: {
                embeddingModelArn: titan,
                embeddingModelConfiguration: { bedrockEmbeddingModelConfiguration: { dimensions: 1024, embeddingDataType: "FLOAT32" } },
            },
        });
        assert.deepStrictEqual(kb.inputs.storageConfiguration, {
            type: "S3_VECTORS",
            s3VectorsConfiguration: { indexArn: `arn:aws:s3vectors:us-east-1:${genai}:bucket/acme-ai-prod-genai-vectors/index/knowledge-base` },
        });
        assert.strictEqual(kb.inputs.name, "acme-ai-prod-knowledge-base");
        assert.strictEqual(kb.inputs.roleArn, iamRoleArn("aws", genai, "acme-ai-prod-genai-knowledge-base"));
        assert.strictEqual(kb.inputs.region, "us-east-1");
        assert.ok(kb.dependsOn.includes(run.named("prod-knowledge-base-role-policy").urn), "created after the role can reach the store");
    });

    it("ingests the data account's bucket cross-account, tenants/ only, and keeps vectors when the source is deleted", () => {
        const source = run.named("prod-knowledge-base-documents");
        assert.deepStrictEqual(source.inputs.dataSourceConfiguration, {
            type: "S3",
            s3Configuration: { bucketArn: documentsArn, bucketOwnerAccountId: data, inclusionPrefixes: ["tenants/"] },
        });
        assert.strictEqual(source.inputs.knowledgeBaseId, run.named("prod-knowledge-base-knowledge-base").outputs.id);
        assert.strictEqual(source.inputs.dataDeletionPolicy, "RETAIN");
    });

    it("gives the knowledge-base role exactly: the documents, the data key through S3, the embedding model, the index and its key", () => {
        const vectorKey = run.named("prod-vectors-key").outputs.arn;
        const indexArn = `arn:aws:s3vectors:us-east-1:${genai}:bucket/acme-ai-prod-genai-vectors/index/knowledge-base`;
        const rolePolicy = run.named("prod-knowledge-base-role-policy");
        assert.strictEqual(rolePolicy.inputs.role, "acme-ai-prod-genai-knowledge-base");
        assert.deepStrictEqual(run.policyOf("prod-knowledge-base-role-policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "ListDocumentsBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: documentsArn, Condition: { StringEquals: { "aws:ResourceAccount": data } } },
                { Sid: "ReadTenantDocuments", Effect: "Allow", Action: "s3:GetObject", Resource: `${documentsArn}/tenants/*`, Condition: { StringEquals: { "aws:ResourceAccount": data } } },
                { Sid: "DecryptDocumentsThroughS3", Effect: "Allow", Action: "kms:Decrypt", Resource: dataKeyArn, Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
                { Sid: "EmbedWithCatalogueModel", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: titan },
                { Sid: "UseVectorIndex", Effect: "Allow", Action: ["s3vectors:GetIndex", "s3vectors:QueryVectors", "s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:DeleteVectors"], Resource: indexArn },
                { Sid: "UseVectorKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: vectorKey },
            ],
        });
        const statements = run.policyOf("prod-knowledge-base-role-policy").Statement as { Resource: string }[];
        assert.ok(statements.every((s) => s.Resource !== "*"), "no statement grants on every resource");
    });

    describe("the knowledge-base role under the IAM simulator", () => {
        const org = "o-a1b2c3d4e5";
        const role = iamRoleArn("aws", genai, "acme-ai-prod-genai-knowledge-base");
        const invokeRole = iamRoleArn("aws", genai, "acme-ai-prod-genai-invoke-chat");
        // Cross-account calls need the data account's side too: its bucket and key policies.
        const bucketPolicy = documentsBucketPolicy({ documentsBucketArn: documentsArn, organizationId: org, knowledgeBaseRoleArn: role, invokeRoleArns: [invokeRole] });
        const keyPolicy = dataKeyPolicy({ partition: "aws", region: "us-east-1", dataAccountId: data, organizationId: org, documentsBucketArn: documentsArn, readerRoleArns: [role, invokeRole] });
        delete (keyPolicy.Statement[1].Condition as Record<string, unknown>).StringLike; // not evaluable by iam-simulate, see the DocumentStore tests
        const call = (action: string, resource: string, resourceAccount: string, context: Record<string, string> = {}, resourcePolicy?: unknown) =>
            simulate({ principal: role, action, resource, resourceAccount, context: { "aws:PrincipalOrgID": org, "aws:SecureTransport": "true", ...context } },
                { identity: [run.policyOf("prod-knowledge-base-role-policy")], resource: resourcePolicy });
        const indexArn = `arn:aws:s3vectors:us-east-1:${genai}:bucket/acme-ai-prod-genai-vectors/index/knowledge-base`;

        it("may read tenant documents in the data account, embed with the catalogue model and use its index", async () => {
            assert.strictEqual(await call("s3:GetObject", `${documentsArn}/tenants/acme/a.pdf`, data, { "aws:ResourceAccount": data }, bucketPolicy), "Allowed");
            assert.strictEqual(await call("s3:ListBucket", documentsArn, data, { "aws:ResourceAccount": data, "s3:prefix": "tenants/" }, bucketPolicy), "Allowed");
            assert.strictEqual(await call("kms:Decrypt", dataKeyArn, data, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, keyPolicy), "Allowed");
            assert.strictEqual(await call("bedrock:InvokeModel", titan, genai), "Allowed");
            assert.strictEqual(await call("s3vectors:QueryVectors", indexArn, genai, {}, run.policyOf("prod-vectors-vector-bucket-policy")), "Allowed");
            assert.strictEqual(await call("s3vectors:PutVectors", indexArn, genai, {}, run.policyOf("prod-vectors-vector-bucket-policy")), "Allowed");
        });

        it("may do nothing else", async () => {
            assert.strictEqual(await call("s3:GetObject", `${documentsArn}/staging/a.pdf`, data, { "aws:ResourceAccount": data }, bucketPolicy), "ImplicitlyDenied");
            assert.strictEqual(await call("s3:PutObject", `${documentsArn}/tenants/acme/a.pdf`, data, { "aws:ResourceAccount": data }, bucketPolicy), "ImplicitlyDenied");
            assert.strictEqual(await call("s3:GetObject", `${documentsArn}/tenants/acme/a.pdf`, genai, { "aws:ResourceAccount": genai }), "ImplicitlyDenied");
            assert.strictEqual(await call("kms:Decrypt", dataKeyArn, data, { "kms:ViaService": "ec2.us-east-1.amazonaws.com" }, keyPolicy), "ImplicitlyDenied");
            assert.strictEqual(await call("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", genai), "ImplicitlyDenied");
            assert.strictEqual(await call("s3vectors:QueryVectors", `arn:aws:s3vectors:us-east-1:${genai}:bucket/other/index/knowledge-base`, genai), "ImplicitlyDenied");
            assert.strictEqual(await call("s3vectors:DeleteIndex", indexArn, genai), "ImplicitlyDenied");
        });
    });
});

describe("KnowledgeBase on OpenSearch Serverless", () => {
    it("uses the collection and its hand-made index, created after the step that makes the index", async () => {
        let indexCreation: IndexCreation | undefined;
        const run = await runComponent((opts) => {
            indexCreation = new IndexCreation("prod-index-creation", opts);
            return new RetrievalLayer("prod", "opensearch-serverless", [indexCreation], opts);
        }, { accountId: genai });
        const kb = run.named("prod-knowledge-base-knowledge-base");
        const collectionArn = run.named("prod-vectors-collection").outputs.arn;
        assert.deepStrictEqual(kb.inputs.storageConfiguration, {
            type: "OPENSEARCH_SERVERLESS",
            opensearchServerlessConfiguration: {
                collectionArn,
                vectorIndexName: "knowledge-base",
                fieldMapping: { vectorField: "bedrock-knowledge-base-default-vector", textField: "AMAZON_BEDROCK_TEXT_CHUNK", metadataField: "AMAZON_BEDROCK_METADATA" },
            },
        });
        assert.ok(kb.dependsOn.includes(await new Promise<string>((resolve) => indexCreation!.urn.apply(resolve))), "waits for the index");
        const statements = run.policyOf("prod-knowledge-base-role-policy").Statement as { Sid: string; Action: unknown; Resource: unknown }[];
        assert.deepStrictEqual(statements.at(-1), { Sid: "UseVectorCollection", Effect: "Allow", Action: "aoss:APIAccessAll", Resource: collectionArn });
    });
});

describe("KnowledgeBase arguments", () => {
    it("names each bad argument", () => {
        assert.deepStrictEqual(knowledgeBaseProblems({
            region: "us-east-1",
            knowledgeBaseName: "my knowledge base",
            roleArn: "arn", roleName: "kb",
            embeddingModelId: "Titan v2",
            embeddingDimensions: 0,
            vectorStore: { kind: "s3vectors", storageConfiguration: { type: "S3_VECTORS" }, knowledgeBaseStatements: [] },
            documentsBucketArn: documentsArn, dataKeyArn, dataAccountId: data,
            vectorIndexDependsOn: [],
        }), [
            'knowledgeBaseName must be 1-100 letters and digits, single _ or - between them (got "my knowledge base").',
            'embeddingModelId must be a Bedrock model ID such as "amazon.titan-embed-text-v2:0" (got "Titan v2").',
            "embeddingDimensions must be the embedding model's vector size, a whole number such as 1024 (got 0).",
            "vectorIndexDependsOn applies to an OpenSearch Serverless store only: an S3 Vectors index is a resource of the VectorStore.",
        ]);
    });
});
