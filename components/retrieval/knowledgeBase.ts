import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { foundationModelArn } from "../../accounts/naming";
import { partitionOf } from "../../accounts/regions";
import { VectorStoreKind } from "../../accounts/workloadSchema";
import { tenantsPrefix } from "../identity/sessionTags";
import { PolicyStatement } from "../organization/policyDocuments";
import { knowledgeBaseRolePolicy } from "./policyDocuments";

/** What the knowledge base needs from its vector store; the VectorStore component provides exactly this. */
export interface KnowledgeBaseVectorStore {
    readonly kind: VectorStoreKind;
    readonly storageConfiguration: pulumi.Input<aws.types.input.bedrock.AgentKnowledgeBaseStorageConfiguration>;
    readonly knowledgeBaseStatements: pulumi.Input<PolicyStatement[]>;
}

export interface KnowledgeBaseArgs {
    /** Region of the knowledge base, its vector store and the documents bucket. */
    readonly region: string;
    readonly knowledgeBaseName: string;
    /** The KnowledgeBaseRole's outputs: the role this component gives its permissions to and the KB runs as. */
    readonly roleArn: pulumi.Input<string>;
    readonly roleName: pulumi.Input<string>;
    /** A catalogue model of modality `embedding`, available in `region`. */
    readonly embeddingModelId: string;
    /** Its `embeddingDimensions`; the vector index has the same. */
    readonly embeddingDimensions: number;
    readonly vectorStore: KnowledgeBaseVectorStore;
    /** The DocumentStore's outputs in the data account. */
    readonly documentsBucketArn: pulumi.Input<string>;
    readonly dataKeyArn: pulumi.Input<string>;
    /** The data account: the documents bucket's owner, checked by Bedrock and by the role's `aws:ResourceAccount`. */
    readonly dataAccountId: pulumi.Input<string>;
    /**
     * OpenSearch Serverless only: what creates the vector index (for example a one-off command resource). The
     * knowledge base is created after it; Bedrock refuses a knowledge base whose index does not exist. @default none
     */
    readonly vectorIndexDependsOn?: pulumi.Resource[];
}

export function knowledgeBaseProblems(args: KnowledgeBaseArgs): string[] {
    const problems: string[] = [];
    if (!/^([0-9a-zA-Z][_-]?){1,100}$/.test(args.knowledgeBaseName)) {
        problems.push(`knowledgeBaseName must be 1-100 letters and digits, single _ or - between them (got "${args.knowledgeBaseName}").`);
    }
    if (!/^[a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*$/.test(args.embeddingModelId)) {
        problems.push(`embeddingModelId must be a Bedrock model ID such as "amazon.titan-embed-text-v2:0" (got "${args.embeddingModelId}").`);
    }
    if (!Number.isInteger(args.embeddingDimensions) || args.embeddingDimensions < 1) {
        problems.push(`embeddingDimensions must be the embedding model's vector size, a whole number such as 1024 (got ${args.embeddingDimensions}).`);
    }
    if (args.vectorStore.kind === "s3vectors" && args.vectorIndexDependsOn !== undefined) {
        problems.push("vectorIndexDependsOn applies to an OpenSearch Serverless store only: an S3 Vectors index is a resource of the VectorStore.");
    }
    return problems;
}

/**
 * A Bedrock knowledge base over the data account's documents: the knowledge-base role's permissions (read tenant
 * documents, decrypt, embed, use the store: nothing else), the knowledge base on a catalogue embedding model and the
 * vector store, and one S3 data source on the documents bucket, cross-account, ingesting `tenants/` only. Each
 * document's `<key>.metadata.json` sidecar (tenant, allowed-groups, classification) is stored with its chunks, and
 * applications filter retrieval on it (see docs/identity-and-data.md).
 */
export class KnowledgeBase extends pulumi.ComponentResource {
    public readonly knowledgeBaseId: pulumi.Output<string>;
    public readonly knowledgeBaseArn: pulumi.Output<string>;
    public readonly dataSourceId: pulumi.Output<string>;
    /** URN of the `aws.bedrock.AgentKnowledgeBase`, for the DR inventory. */
    public readonly knowledgeBaseUrn: pulumi.Output<string>;
    public readonly embeddingModelArn: string;

    constructor(name: string, args: KnowledgeBaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:retrieval:KnowledgeBase", name, {}, opts);
        const problems = knowledgeBaseProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const embeddingModelArn = foundationModelArn(partition, region, args.embeddingModelId);

        const permissions = new aws.iam.RolePolicy(`${name}-role-policy`, {
            role: args.roleName,
            name: "knowledge-base",
            policy: pulumi.all([args.dataAccountId, args.documentsBucketArn, args.dataKeyArn, args.vectorStore.knowledgeBaseStatements])
                .apply(([dataAccountId, documentsBucketArn, dataKeyArn, vectorStoreStatements]) => JSON.stringify(knowledgeBaseRolePolicy({
                    partition, region, dataAccountId, documentsBucketArn, dataKeyArn, embeddingModelArn,
                    vectorStoreStatements: vectorStoreStatements as PolicyStatement[],
                }))),
        }, { parent: this });

        const knowledgeBase = new aws.bedrock.AgentKnowledgeBase(`${name}-knowledge-base`, {
            region,
            name: args.knowledgeBaseName,
            description: "Tenant documents of the data account; filter retrieval on tenant, allowed-groups and classification",
            roleArn: args.roleArn,
            knowledgeBaseConfiguration: {
                type: "VECTOR",
                vectorKnowledgeBaseConfiguration: {
                    embeddingModelArn,
                    embeddingModelConfiguration: {
                        bedrockEmbeddingModelConfiguration: { dimensions: args.embeddingDimensions, embeddingDataType: "FLOAT32" },
                    },
                },
            },
            storageConfiguration: args.vectorStore.storageConfiguration,
        }, {
            parent: this,
            // Bedrock checks the role's access to the store when the knowledge base is created.
            dependsOn: [permissions, ...(args.vectorIndexDependsOn ?? [])],
        });

        const dataSource = new aws.bedrock.AgentDataSource(`${name}-documents`, {
            region,
            knowledgeBaseId: knowledgeBase.id,
            name: "tenant-documents",
            description: "The data account's documents bucket, tenants/ prefix only",
            // Deleting the data source must not delete vectors other sources (or a re-created source) still need.
            dataDeletionPolicy: "RETAIN",
            dataSourceConfiguration: {
                type: "S3",
                s3Configuration: {
                    bucketArn: args.documentsBucketArn,
                    // The bucket is in the data account: Bedrock passes this as the expected bucket owner.
                    bucketOwnerAccountId: args.dataAccountId,
                    inclusionPrefixes: [tenantsPrefix],
                },
            },
        }, { parent: this });

        this.knowledgeBaseId = knowledgeBase.id;
        this.knowledgeBaseArn = knowledgeBase.arn;
        this.dataSourceId = dataSource.dataSourceId;
        this.embeddingModelArn = embeddingModelArn;
        this.knowledgeBaseUrn = knowledgeBase.urn;
        this.registerOutputs({ knowledgeBaseId: this.knowledgeBaseId, knowledgeBaseArn: this.knowledgeBaseArn, dataSourceId: this.dataSourceId, knowledgeBaseUrn: this.knowledgeBaseUrn });
    }
}
