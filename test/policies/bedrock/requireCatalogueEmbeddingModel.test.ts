import * as assert from "assert";
import { requireCatalogueEmbeddingModel as policy } from "../../../policies/bedrock/requireCatalogueEmbeddingModel";
import { genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

const titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";

function knowledgeBase(embeddingModelArn: unknown = titan, storageType: unknown = "OPENSEARCH_SERVERLESS") {
    return {
        type: "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase",
        props: {
            name: "docs",
            roleArn: `arn:aws:iam::${genaiAccount}:role/kb`,
            knowledgeBaseConfiguration: { type: "VECTOR", vectorKnowledgeBaseConfiguration: { embeddingModelArn } },
            storageConfiguration: { type: storageType, opensearchServerlessConfiguration: { collectionArn: "arn:aws:aoss:us-east-1:1:collection/x", vectorIndexName: "i", fieldMapping: {} } },
        },
    };
}

describe("bedrock-knowledge-bases-use-catalogue-embedding-model", () => {
    it("passes a vector knowledge base on the catalogue's embedding model and OpenSearch Serverless", async () => {
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase()), []);
    });

    it("reports an embedding model outside the catalogue", async () => {
        const cohere = "arn:aws:bedrock:us-east-1::foundation-model/cohere.embed-english-v3";
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase(cohere)), [
            `embeddingModelArn "${cohere}" names model "cohere.embed-english-v3", which is not in model-catalogue.yaml; use an embedding model from model-catalogue.yaml.`,
        ]);
    });

    it("reports a catalogue model that is not an embedding model", async () => {
        const haiku = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase(haiku)), [
            `embeddingModelArn "${haiku}" names "anthropic.claude-haiku-4-5-20251001-v1:0", a text model where a catalogue embedding model is required; use an embedding model from model-catalogue.yaml.`,
        ]);
    });

    it("reports a store the landing zone cannot check", async () => {
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase(titan, "PINECONE")), [
            "storageConfiguration.type \"PINECONE\" keeps embeddings in a store the landing zone cannot check; use one of OPENSEARCH_SERVERLESS, S3_VECTORS.",
        ]);
    });

    it("honours environment and allowedStorageTypes", async () => {
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase(), { environment: "prod" }), []);
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase(titan, "S3_VECTORS"), { allowedStorageTypes: ["OPENSEARCH_SERVERLESS"] }), [
            "storageConfiguration.type \"S3_VECTORS\" keeps embeddings in a store the landing zone cannot check; use one of OPENSEARCH_SERVERLESS.",
        ]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:bedrock/agentAgent:AgentAgent", props: {} })).notApplicable, true);
    });

    it("treats a model or store not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, knowledgeBase(unknown, unknown)), []);
    });
});
