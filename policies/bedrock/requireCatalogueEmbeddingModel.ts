import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf, environmentProperty } from "../lib/config";
import { projectCatalogue, unapprovedModelReason } from "../lib/modelCatalogue";
import { at, block, isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly environment?: string;
    readonly allowedStorageTypes: string[];
}

const configSchema = {
    properties: {
        environment: environmentProperty,
        allowedStorageTypes: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["OPENSEARCH_SERVERLESS", "S3_VECTORS"],
            description: "Knowledge-base storage types whose encryption and network exposure the pack can check. Third-party stores (Pinecone, MongoDB Atlas, Redis Enterprise Cloud) hold embeddings outside the organization's accounts.",
        },
    },
};

// Loaded when the pack starts, so that a broken catalogue stops the pack with the loader's list of problems.
const catalogue = projectCatalogue();

export const requireCatalogueEmbeddingModel: ResourceValidationPolicy = {
    name: "bedrock-knowledge-bases-use-catalogue-embedding-model",
    description: "Bedrock knowledge bases embed with an embedding model from model-catalogue.yaml approved for the environment, and store vectors in an AWS vector store the pack can check (OpenSearch Serverless or S3 Vectors).",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "model-governance", "data"],
    remediationSteps: "Set knowledgeBaseConfiguration.vectorKnowledgeBaseConfiguration.embeddingModelArn to arn:aws:bedrock:<region>::foundation-model/<id> of a catalogue model with modality embedding, and storageConfiguration.type to OPENSEARCH_SERVERLESS or S3_VECTORS.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.bedrockKnowledgeBase, (_kb, args, reportViolation) => {
        const props = propsOf(args.props);
        const config = configOf<Config>(configSchema, args);
        const knowledgeBase = block(props.knowledgeBaseConfiguration);
        const kind = at(knowledgeBase, "type");
        if (kind === "VECTOR") {
            const embeddingModelArn = at(block(at(knowledgeBase, "vectorKnowledgeBaseConfiguration")), "embeddingModelArn");
            if (isKnownString(embeddingModelArn)) {
                const reason = unapprovedModelReason(catalogue, embeddingModelArn, config.environment, "embedding");
                if (reason) {
                    reportViolation(`embeddingModelArn ${reason}; use an embedding model from model-catalogue.yaml${config.environment ? ` approved for ${config.environment}` : ""}.`);
                }
            } else if (!isUnknown(embeddingModelArn)) {
                reportViolation(`embeddingModelArn must name a catalogue embedding model (got ${show(embeddingModelArn)}).`);
            }
        }
        const storageType = at(block(props.storageConfiguration), "type");
        if (isKnownString(storageType) && !config.allowedStorageTypes.includes(storageType)) {
            reportViolation(`storageConfiguration.type ${show(storageType)} keeps embeddings in a store the landing zone cannot check; use one of ${config.allowedStorageTypes.join(", ")}.`);
        }
    }),
};
