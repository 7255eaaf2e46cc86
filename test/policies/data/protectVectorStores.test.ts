import * as assert from "assert";
import { protectVectorStores as policy } from "../../../policies/data/protectVectorStores";
import { document, FakeResource, genaiAccount, stackViolationsOf, unknown } from "../harness";

const key = `arn:aws:kms:us-east-1:${genaiAccount}:key/1234`;
const bucketArn = `arn:aws:s3vectors:us-east-1:${genaiAccount}:bucket/embeddings`;

function vectorBucket(encryptionConfigurations: unknown = [{ sseType: "aws:kms", kmsKeyArn: key }]): FakeResource {
    return { type: "aws:s3/vectorsVectorBucket:VectorsVectorBucket", name: "embeddings", props: { vectorBucketName: "embeddings", encryptionConfigurations, vectorBucketArn: bucketArn } };
}

function bucketPolicy(statement: Record<string, unknown>): FakeResource {
    return { type: "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy", name: "embeddings-policy", props: { vectorBucketArn: bucketArn, policy: document(statement) } };
}

function collection(extra: Record<string, unknown> = {}): FakeResource {
    return { type: "aws:opensearch/serverlessCollection:ServerlessCollection", name: "kb", props: { name: "kb-docs", type: "VECTORSEARCH", ...extra } };
}

function securityPolicy(name: string, type: "encryption" | "network", policyDocument: unknown): FakeResource {
    return { type: "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", name, props: { name, type, policy: JSON.stringify(policyDocument) } };
}

const encryption = securityPolicy("kb-encryption", "encryption", { Rules: [{ ResourceType: "collection", Resource: ["collection/kb-*"] }], AWSOwnedKey: false, KmsARN: key });
const network = securityPolicy("kb-network", "network", [{ Rules: [{ ResourceType: "collection", Resource: ["collection/kb-docs"] }], AllowFromPublic: false, SourceVPCEs: ["vpce-1"] }]);
const orgOnly = { Sid: "OrgOnly", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3vectors:QueryVectors", Resource: `${bucketArn}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } };

describe("vector-stores-use-cmk-and-stay-private", () => {
    it("passes CMK-encrypted vector buckets and collections reachable only through VPC endpoints", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket(), bucketPolicy(orgOnly), collection(), encryption, network]), []);
    });

    it("reports a vector bucket on the default encryption", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket([])]), [{
            resource: "embeddings",
            message: "vector bucket \"embeddings\" has no encryptionConfigurations, so S3 Vectors encrypts it with an AWS-managed key (SSE-S3); set sseType \"aws:kms\" with a customer-managed kmsKeyArn.",
        }]);
    });

    it("reports a vector bucket on AES256", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket([{ sseType: "AES256" }])]), [{
            resource: "embeddings",
            message: "vector bucket \"embeddings\" has sseType \"AES256\"; it must be \"aws:kms\" with a customer-managed kmsKeyArn.",
        }]);
    });

    it("reports a vector index that overrides the bucket's key with AES256", async () => {
        const index: FakeResource = { type: "aws:s3/vectorsIndex:VectorsIndex", name: "docs-index", props: { indexName: "docs", vectorBucketName: "embeddings", encryptionConfigurations: [{ sseType: "AES256" }] } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket(), index]), [{ resource: "docs-index", message: "vector index \"docs\" has sseType \"AES256\"; it must be \"aws:kms\" with a customer-managed kmsKeyArn." }]);
    });

    it("reports a vector bucket policy open to every principal", async () => {
        const { Condition: _condition, ...open } = orgOnly;
        assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket(), bucketPolicy(open)]), [{
            resource: "embeddings",
            message: "vector bucket policy statement \"OrgOnly\" allows every AWS principal (\"*\") with no organization, account or VPC endpoint condition; the vectors would be public.",
        }]);
    });

    it("reports a collection without a customer-managed encryption policy", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [collection(), network]), [{
            resource: "kb",
            message: "OpenSearch Serverless collection \"kb-docs\" has no encryption security policy with a customer-managed key; add aws.opensearch.ServerlessSecurityPolicy type \"encryption\" covering \"collection/kb-docs\" with AWSOwnedKey false and KmsARN.",
        }]);
    });

    it("reports a collection covered by an AWS-owned-key policy, or created with an AWS-owned key", async () => {
        const owned = securityPolicy("kb-encryption", "encryption", { Rules: [{ ResourceType: "collection", Resource: ["collection/kb-docs"] }], AWSOwnedKey: true });
        assert.deepStrictEqual(await stackViolationsOf(policy, [collection(), owned, network]), [{
            resource: "kb",
            message: "OpenSearch Serverless collection \"kb-docs\" is covered by encryption policy \"kb-encryption\", which uses an AWS-owned key; set AWSOwnedKey false and KmsARN to a customer-managed key.",
        }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [collection({ encryptionConfigs: [{ awsOwnedKey: true }] }), network]), [{
            resource: "kb",
            message: "OpenSearch Serverless collection \"kb-docs\" is encrypted with an AWS-owned key; set encryptionConfigs awsOwnedKey false with a customer-managed kmsKeyArn.",
        }]);
    });

    it("reports a collection reachable from the internet", async () => {
        const open = securityPolicy("kb-public", "network", [{ Rules: [{ ResourceType: "dashboard", Resource: ["collection/kb-*"] }], AllowFromPublic: true }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [collection(), encryption, open]), [{
            resource: "kb",
            message: "OpenSearch Serverless collection \"kb-docs\" is reachable from the internet through network policy \"kb-public\" (AllowFromPublic true); allow only the landing zone's VPC endpoints (SourceVPCEs).",
        }]);
    });

    it("leaves other resources alone", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ type: "aws:s3/bucket:Bucket", props: { bucket: "plain" } }]), []);
    });

    it("treats encryption, names and policies not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            vectorBucket(unknown),
            collection({ name: unknown }),
            { type: "aws:opensearch/serverlessCollection:ServerlessCollection", name: "other", props: { name: "other-docs" } },
            { type: "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", name: "pending", props: { name: "pending", type: "encryption", policy: unknown } },
            { type: "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy", name: "p", props: { vectorBucketArn: bucketArn, policy: unknown } },
        ]), []);
    });
});
