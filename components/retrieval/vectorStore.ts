import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { COLLECTION_NAME_MAX, VectorStoreKind, vectorStoreKinds } from "../../accounts/workloadSchema";
import { aliasNameProblems } from "../security/encryptionKey";
import { PolicyStatement } from "../organization/policyDocuments";
import {
    openSearchAccessStatements,
    openSearchDataAccessPolicy,
    openSearchEncryptionPolicy,
    openSearchIndexCreatorPermissions,
    openSearchKeyPolicy,
    openSearchKnowledgeBasePermissions,
    openSearchNetworkPolicy,
    s3VectorsAccessStatements,
    s3VectorsKeyPolicy,
    vectorBucketPolicy,
} from "./policyDocuments";

/**
 * Field names of the OpenSearch vector index, the ones the Bedrock console uses; the hand-made index must use them
 * (see docs/identity-and-data.md).
 */
export const openSearchFieldMapping = {
    vectorField: "bedrock-knowledge-base-default-vector",
    textField: "AMAZON_BEDROCK_TEXT_CHUNK",
    metadataField: "AMAZON_BEDROCK_METADATA",
} as const;

/**
 * Metadata keys Bedrock writes on every S3 vector that are too large to filter on (S3 Vectors caps filterable
 * metadata per vector); everything else, such as `tenant`, `allowed-groups` and `classification`, stays filterable.
 */
export const s3VectorsNonFilterableKeys: readonly string[] = ["AMAZON_BEDROCK_TEXT", "AMAZON_BEDROCK_METADATA"];

export interface VectorStoreArgs {
    /** Region of the store; the knowledge base must be in the same region. */
    readonly region: string;
    /** The genAI account. */
    readonly accountId: pulumi.Input<string>;
    /** `s3vectors` or `opensearch-serverless`. @default "s3vectors" */
    readonly kind?: VectorStoreKind;
    /** The knowledge-base role: the only principal given access to the vectors. Pass the role's `arn` output. */
    readonly knowledgeBaseRoleArn: pulumi.Input<string>;
    /** Vector dimension: the catalogue embedding model's `embeddingDimensions`. */
    readonly dimension: number;
    /** `alias/...` of the store's customer-managed key. */
    readonly keyAliasName: string;
    /** S3 Vectors: the vector bucket's name (`vectorBucketName` in accounts/naming.ts). */
    readonly vectorBucketName?: string;
    /** Name of the vector index (S3 Vectors), or of the hand-made index (OpenSearch). @default "knowledge-base" */
    readonly indexName?: string;
    /** OpenSearch: the collection's name (`vectorCollectionName`), at most 28 characters. */
    readonly collectionName?: string;
    /** OpenSearch: the genAI VPC, where the collection's VPC endpoint is created. */
    readonly vpcId?: pulumi.Input<string>;
    /** OpenSearch: private subnets of the genAI VPC for the endpoint (at most 6). */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** OpenSearch: security groups of the endpoint (the VPC's 443-from-VPC group). */
    readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** OpenSearch: standby replicas in another AZ; off halves the minimum OCUs but loses AZ redundancy. @default true */
    readonly standbyReplicas?: boolean;
    /**
     * OpenSearch: principals allowed to create the vector index (a one-off step before the knowledge base). Leave
     * empty once the index exists. @default none
     */
    readonly indexCreatorArns?: pulumi.Input<string>[];
    /** Protect the key and the store. @default true */
    readonly protect?: boolean;
    /** Keep the key and the store in AWS when they leave the program. @default `protect` */
    readonly retainOnDelete?: boolean;
}

export function vectorStoreProblems(args: VectorStoreArgs): string[] {
    const problems: string[] = [];
    const kind = args.kind ?? "s3vectors";
    if (!vectorStoreKinds.includes(kind)) {
        problems.push(`kind must be one of ${vectorStoreKinds.map((k) => `"${k}"`).join(", ")} (got "${kind}").`);
        return problems;
    }
    problems.push(...aliasNameProblems("keyAliasName", args.keyAliasName));
    const maxDimension = kind === "s3vectors" ? 4096 : 16000;
    if (!Number.isInteger(args.dimension) || args.dimension < 1 || args.dimension > maxDimension) {
        problems.push(`dimension must be a whole number from 1 to ${maxDimension} for ${kind} (got ${args.dimension}); use the embedding model's embeddingDimensions.`);
    }
    const indexName = args.indexName ?? "knowledge-base";
    if (kind === "s3vectors") {
        if (args.vectorBucketName === undefined || !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(args.vectorBucketName)) {
            problems.push(`vectorBucketName must be 3-63 lower-case letters, digits or hyphens for kind "s3vectors" (got ${args.vectorBucketName === undefined ? "nothing" : `"${args.vectorBucketName}"`}).`);
        }
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(indexName)) {
            problems.push(`indexName must be 3-63 lower-case letters, digits, dots or hyphens (got "${indexName}").`);
        }
        for (const field of ["collectionName", "vpcId", "subnetIds", "securityGroupIds", "indexCreatorArns"] as const) {
            if (args[field] !== undefined) {
                problems.push(`${field} applies to kind "opensearch-serverless" only; remove it for "s3vectors".`);
            }
        }
    } else {
        const pattern = new RegExp(`^[a-z][a-z0-9-]{2,${COLLECTION_NAME_MAX - 1}}$`);
        if (args.collectionName === undefined || !pattern.test(args.collectionName)) {
            problems.push(`collectionName must be 3-${COLLECTION_NAME_MAX} lower-case letters, digits or hyphens starting with a letter for kind "opensearch-serverless" (got ${args.collectionName === undefined ? "nothing" : `"${args.collectionName}"`}); policy names append "-net" to it, and OpenSearch allows 32.`);
        }
        for (const field of ["vpcId", "subnetIds", "securityGroupIds"] as const) {
            if (args[field] === undefined) {
                problems.push(`${field} is required for kind "opensearch-serverless": the collection is reached through a VPC endpoint in the genAI VPC.`);
            }
        }
        if (args.vectorBucketName !== undefined) {
            problems.push(`vectorBucketName applies to kind "s3vectors" only; remove it for "opensearch-serverless".`);
        }
    }
    return problems;
}

/**
 * The knowledge base's vector store, encrypted with its own customer-managed key and usable by the knowledge-base
 * role only. `s3vectors` (the default) is fully declarative: bucket, index and policy are resources. For
 * `opensearch-serverless`, the provider cannot create the vector index: it must be created by hand after this
 * component and before the KnowledgeBase (see docs/identity-and-data.md), and it bills a minimum of OCUs hourly.
 */
export class VectorStore extends pulumi.ComponentResource {
    public readonly kind: VectorStoreKind;
    public readonly keyArn: pulumi.Output<string>;
    /** The knowledge base's `storageConfiguration` for this store. */
    public readonly storageConfiguration: pulumi.Output<aws.types.input.bedrock.AgentKnowledgeBaseStorageConfiguration>;
    /** What the knowledge-base role needs on this store, for the KnowledgeBase component's role policy. */
    public readonly knowledgeBaseStatements: pulumi.Output<PolicyStatement[]>;
    /** S3 Vectors: the index's ARN. OpenSearch: the collection's ARN. */
    public readonly storeArn: pulumi.Output<string>;
    /** URN of the S3 Vectors bucket or the OpenSearch Serverless collection, for the DR inventory. */
    public readonly storeUrn: pulumi.Output<string>;
    /** OpenSearch: the collection's endpoint, where the vector index is created. */
    public readonly collectionEndpoint?: pulumi.Output<string>;

    constructor(name: string, args: VectorStoreArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:retrieval:VectorStore", name, {}, opts);
        const problems = vectorStoreProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const kind = args.kind ?? "s3vectors";
        const indexName = args.indexName ?? "knowledge-base";
        const protect = args.protect ?? true;
        const retainOnDelete = args.retainOnDelete ?? protect;
        // The vectors can be rebuilt from the documents, but only by re-ingesting every tenant: treat them as state.
        const stateful = { parent: this, protect, retainOnDelete };

        const key = new aws.kms.Key(`${name}-key`, {
            region,
            description: `Vector store (${kind}) of the knowledge base`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(kind === "s3vectors"
                ? s3VectorsKeyPolicy(partition, region, accountId)
                : openSearchKeyPolicy(partition, accountId))),
        }, stateful);
        new aws.kms.Alias(`${name}-key-alias`, { region, name: args.keyAliasName, targetKeyId: key.keyId }, { parent: this, retainOnDelete });
        this.kind = kind;
        this.keyArn = key.arn;

        if (kind === "s3vectors") {
            const encryption = [{ sseType: "aws:kms", kmsKeyArn: key.arn }];
            const bucket = new aws.s3.VectorsVectorBucket(`${name}-vector-bucket`, {
                region,
                vectorBucketName: args.vectorBucketName!,
                encryptionConfigurations: encryption,
            }, stateful);
            const index = new aws.s3.VectorsIndex(`${name}-index`, {
                region,
                vectorBucketName: bucket.vectorBucketName,
                indexName,
                dataType: "float32",
                dimension: args.dimension,
                // Bedrock's embedding models are trained for cosine similarity.
                distanceMetric: "cosine",
                encryptionConfigurations: encryption,
                metadataConfiguration: { nonFilterableMetadataKeys: [...s3VectorsNonFilterableKeys] },
            }, stateful);
            new aws.s3.VectorsVectorBucketPolicy(`${name}-vector-bucket-policy`, {
                region,
                vectorBucketArn: bucket.vectorBucketArn,
                policy: pulumi.all([bucket.vectorBucketArn, args.knowledgeBaseRoleArn]).apply(([vectorBucketArn, roleArn]) =>
                    JSON.stringify(vectorBucketPolicy(vectorBucketArn, roleArn))),
            }, { parent: this, retainOnDelete });
            this.storeArn = index.indexArn;
            this.storeUrn = bucket.urn;
            this.storageConfiguration = index.indexArn.apply((indexArn) => ({ type: "S3_VECTORS", s3VectorsConfiguration: { indexArn } }));
            this.knowledgeBaseStatements = pulumi.all([index.indexArn, key.arn]).apply(([indexArn, keyArn]) => s3VectorsAccessStatements(indexArn, keyArn));
        } else {
            const collectionName = args.collectionName!;
            const encryptionPolicy = new aws.opensearch.ServerlessSecurityPolicy(`${name}-encryption-policy`, {
                region,
                name: `${collectionName}-enc`,
                type: "encryption",
                description: "Collection encrypted with the vector store's customer-managed key",
                policy: key.arn.apply((keyArn) => JSON.stringify(openSearchEncryptionPolicy(collectionName, keyArn))),
            }, { parent: this, retainOnDelete });
            const endpoint = new aws.opensearch.ServerlessVpcEndpoint(`${name}-vpc-endpoint`, {
                region,
                name: `${collectionName}-vpce`,
                vpcId: args.vpcId!,
                subnetIds: args.subnetIds!,
                securityGroupIds: args.securityGroupIds!,
            }, { parent: this });
            const networkPolicy = new aws.opensearch.ServerlessSecurityPolicy(`${name}-network-policy`, {
                region,
                name: `${collectionName}-net`,
                type: "network",
                description: "Private access: the genAI VPC endpoint and Amazon Bedrock only",
                policy: endpoint.id.apply((vpcEndpointId) => JSON.stringify(openSearchNetworkPolicy(collectionName, vpcEndpointId))),
            }, { parent: this, retainOnDelete });
            const collection = new aws.opensearch.ServerlessCollection(`${name}-collection`, {
                region,
                name: collectionName,
                type: "VECTORSEARCH",
                description: "Vector store of the knowledge base",
                standbyReplicas: (args.standbyReplicas ?? true) ? "ENABLED" : "DISABLED",
            }, { ...stateful, dependsOn: [encryptionPolicy, networkPolicy] });
            new aws.opensearch.ServerlessAccessPolicy(`${name}-knowledge-base-access`, {
                region,
                name: `${collectionName}-kb`,
                type: "data",
                description: "The knowledge-base role only",
                policy: pulumi.output(args.knowledgeBaseRoleArn).apply((roleArn) => JSON.stringify(
                    openSearchDataAccessPolicy(collectionName, [roleArn], openSearchKnowledgeBasePermissions, "The knowledge-base role only"))),
            }, { parent: this, retainOnDelete });
            if (args.indexCreatorArns !== undefined && args.indexCreatorArns.length > 0) {
                new aws.opensearch.ServerlessAccessPolicy(`${name}-index-creator-access`, {
                    region,
                    name: `${collectionName}-idx`,
                    type: "data",
                    description: "One-off: create the vector index before the knowledge base",
                    policy: pulumi.all(args.indexCreatorArns).apply((creators) => JSON.stringify(
                        openSearchDataAccessPolicy(collectionName, creators, openSearchIndexCreatorPermissions, "One-off: create the vector index"))),
                }, { parent: this });
            }
            this.storeArn = collection.arn;
            this.storeUrn = collection.urn;
            this.collectionEndpoint = collection.collectionEndpoint;
            this.storageConfiguration = collection.arn.apply((collectionArn) => ({
                type: "OPENSEARCH_SERVERLESS",
                opensearchServerlessConfiguration: { collectionArn, vectorIndexName: indexName, fieldMapping: { ...openSearchFieldMapping } },
            }));
            this.knowledgeBaseStatements = collection.arn.apply((collectionArn) => openSearchAccessStatements(collectionArn));
        }
        this.registerOutputs({
            keyArn: this.keyArn,
            storeArn: this.storeArn,
            storeUrn: this.storeUrn,
            storageConfiguration: this.storageConfiguration,
            collectionEndpoint: this.collectionEndpoint,
        });
    }
}
