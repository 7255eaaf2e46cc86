/**
 * The retrieval layer's IAM, KMS, S3 Vectors and OpenSearch Serverless policies, as plain data.
 */
import { dnsSuffixOf, Partition } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import { policyDocument, serviceTrustPolicy } from "../identity/policies";
import { tenantsPrefix } from "../identity/sessionTags";

/** `arn:aws:bedrock:us-east-1:111111111111:knowledge-base/*`: any knowledge base of this account and region. */
export function knowledgeBaseArnPattern(partition: Partition, region: string, accountId: string): string {
    return `arn:${partition}:bedrock:${region}:${accountId}:knowledge-base/*`;
}

/**
 * Trust of the knowledge-base role: the Bedrock service only, and only for a knowledge base of this account and
 * region (`aws:SourceAccount`, `aws:SourceArn`), so that no other customer's knowledge base can be made to use it.
 */
export function knowledgeBaseTrustPolicy(partition: Partition, region: string, accountId: string): PolicyDocument {
    return serviceTrustPolicy("bedrock.amazonaws.com", accountId, knowledgeBaseArnPattern(partition, region, accountId));
}

/** What the knowledge base does with its vector index: read the index, write and delete vectors on (re)ingestion, query. */
export const s3VectorsKnowledgeBaseActions: readonly string[] = [
    "s3vectors:GetIndex", "s3vectors:QueryVectors", "s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:DeleteVectors",
];

/** Vector data actions no one but the knowledge base may call (management actions stay with administrators). */
export const s3VectorsDataActions: readonly string[] = [
    "s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:QueryVectors", "s3vectors:DeleteVectors", "s3vectors:ListVectors",
];

/** The knowledge-base role's access to an S3 Vectors index and the key it is encrypted with. */
export function s3VectorsAccessStatements(indexArn: string, keyArn: string): PolicyStatement[] {
    return [
        { Sid: "UseVectorIndex", Effect: "Allow", Action: [...s3VectorsKnowledgeBaseActions], Resource: indexArn },
        // Vectors are encrypted with the store's key; writing needs a data key, reading needs decryption.
        { Sid: "UseVectorKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn },
    ];
}

/** The knowledge-base role's access to an OpenSearch Serverless collection; the data-access policy narrows it further. */
export function openSearchAccessStatements(collectionArn: string): PolicyStatement[] {
    return [{ Sid: "UseVectorCollection", Effect: "Allow", Action: "aoss:APIAccessAll", Resource: collectionArn }];
}

export interface KnowledgeBaseRolePolicyArgs {
    readonly partition: Partition;
    /** Region of the documents bucket and the data key. */
    readonly region: string;
    readonly dataAccountId: string;
    readonly documentsBucketArn: string;
    readonly dataKeyArn: string;
    readonly embeddingModelArn: string;
    /** The vector store's statements (`s3VectorsAccessStatements` or `openSearchAccessStatements`). */
    readonly vectorStoreStatements: readonly PolicyStatement[];
}

/**
 * Everything the knowledge base may do and nothing else: list the documents bucket and read under `tenants/` (in the
 * data account only: bucket names are global), decrypt through S3 with the data key, embed with the catalogue model,
 * and use its own vector store.
 */
export function knowledgeBaseRolePolicy(args: KnowledgeBaseRolePolicyArgs): PolicyDocument {
    const inDataAccount = { StringEquals: { "aws:ResourceAccount": args.dataAccountId } };
    return policyDocument(
        { Sid: "ListDocumentsBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: args.documentsBucketArn, Condition: inDataAccount },
        { Sid: "ReadTenantDocuments", Effect: "Allow", Action: "s3:GetObject", Resource: `${args.documentsBucketArn}/${tenantsPrefix}*`, Condition: inDataAccount },
        {
            Sid: "DecryptDocumentsThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.dataKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.${dnsSuffixOf(args.partition)}` } },
        },
        { Sid: "EmbedWithCatalogueModel", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: args.embeddingModelArn },
        ...args.vectorStoreStatements,
    );
}

/**
 * Key of an S3 Vectors store: administered through IAM; S3 Vectors indexes in the background under its own service
 * principal, which must be able to decrypt, for this account's vector buckets only.
 */
export function s3VectorsKeyPolicy(partition: Partition, region: string, accountId: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "EnableAccountAdministrationThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        {
            Sid: "AllowS3VectorsBackgroundIndexing",
            Effect: "Allow",
            Principal: { Service: "indexing.s3vectors.amazonaws.com" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partition}:s3vectors:${region}:${accountId}:bucket/*` },
                "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": ["aws:s3vectors:arn", "aws:s3vectors:resource-id"] },
            },
        },
    );
}

/** Key of an OpenSearch Serverless store: administered through IAM; the service uses it through grants it creates. */
export function openSearchKeyPolicy(partition: Partition, accountId: string): PolicyDocument {
    return policyDocument({
        Sid: "EnableAccountAdministrationThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    });
}

/**
 * The vector bucket's policy: the knowledge-base role may use its indexes, and nobody else may read or write vectors,
 * whatever their identity policies say (the vectors are derived from every tenant's documents).
 */
export function vectorBucketPolicy(vectorBucketArn: string, knowledgeBaseRoleArn: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "KnowledgeBaseUsesIndexes",
            Effect: "Allow",
            Principal: { AWS: knowledgeBaseRoleArn },
            Action: [...s3VectorsKnowledgeBaseActions],
            Resource: `${vectorBucketArn}/index/*`,
        },
        {
            Sid: "DenyVectorDataToEveryoneElse",
            Effect: "Deny",
            Principal: "*",
            Action: [...s3VectorsDataActions],
            Resource: [vectorBucketArn, `${vectorBucketArn}/index/*`],
            Condition: { ArnNotEquals: { "aws:PrincipalArn": knowledgeBaseRoleArn } },
        },
    );
}

/** OpenSearch Serverless encryption policy: the collection is encrypted with the store's customer-managed key. */
export function openSearchEncryptionPolicy(collectionName: string, keyArn: string): Record<string, unknown> {
    return {
        Rules: [{ ResourceType: "collection", Resource: [`collection/${collectionName}`] }],
        AWSOwnedKey: false,
        KmsARN: keyArn,
    };
}

/**
 * OpenSearch Serverless network policy: no public access; the collection endpoint is reachable from the genAI VPC's
 * OpenSearch endpoint and from the Bedrock service (the knowledge base queries and writes from Bedrock's side, not
 * from the VPC). Dashboards are not opened at all.
 */
export function openSearchNetworkPolicy(collectionName: string, vpcEndpointId: string): Record<string, unknown>[] {
    return [{
        Description: "Private access: the genAI VPC endpoint and Amazon Bedrock only",
        Rules: [{ ResourceType: "collection", Resource: [`collection/${collectionName}`] }],
        AllowFromPublic: false,
        SourceVPCEs: [vpcEndpointId],
        SourceServices: ["bedrock.amazonaws.com"],
    }];
}

/** Data access the knowledge base needs: see the collection, describe its index, read and write documents. */
export const openSearchKnowledgeBasePermissions = {
    collection: ["aoss:DescribeCollectionItems"],
    index: ["aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument"],
} as const;

/** Data access of whoever creates the vector index before the knowledge base exists (a one-off step). */
export const openSearchIndexCreatorPermissions = {
    collection: ["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"],
    index: ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex"],
} as const;

/** One OpenSearch Serverless data-access rule set for the given principals. */
export function openSearchDataAccessPolicy(
    collectionName: string,
    principalArns: readonly string[],
    permissions: { readonly collection: readonly string[]; readonly index: readonly string[] },
    description: string,
): Record<string, unknown>[] {
    return [{
        Description: description,
        Rules: [
            { ResourceType: "collection", Resource: [`collection/${collectionName}`], Permission: [...permissions.collection] },
            { ResourceType: "index", Resource: [`index/${collectionName}/*`], Permission: [...permissions.index] },
        ],
        Principal: [...principalArns],
    }];
}
