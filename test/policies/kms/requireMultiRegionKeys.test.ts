import * as assert from "assert";
import { requireMultiRegionKeys as policy } from "../../../policies/kms/requireMultiRegionKeys";
import { dataAccount, dataProvider, FakeResource, stackViolationsOf, unknown } from "../harness";

const keyArn = `arn:aws:kms:us-east-1:${dataAccount}:key/mrk-1`;

function key(multiRegion: unknown): FakeResource {
    return { type: "aws:kms/key:Key", name: "data-key", provider: dataProvider, props: { description: "data", enableKeyRotation: true, multiRegion, arn: keyArn, id: "mrk-1" } };
}

const table: FakeResource = {
    type: "aws:dynamodb/table:Table", name: "sessions", provider: dataProvider,
    props: { name: "sessions", replicas: [{ regionName: "us-west-2" }], serverSideEncryption: { enabled: true, kmsKeyArn: keyArn } },
};

describe("kms-keys-of-replicated-data-are-multi-region", () => {
    it("passes a multi-region key behind a global table", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [key(true), table]), []);
    });

    it("reports a single-region key behind a global table", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [key(false), table]), [{
            resource: "data-key",
            message: "KMS key \"data-key\" encrypts replicated data (table \"sessions\" replicates to other regions) but is not multi-region; create it with multiRegion: true.",
        }]);
    });

    it("reports a single-region key behind S3 replication, at both ends", async () => {
        const source: FakeResource = { type: "aws:s3/bucket:Bucket", name: "docs", provider: dataProvider, props: { bucket: "docs", id: "docs", arn: "arn:aws:s3:::docs" } };
        const encryption: FakeResource = { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "docs-encryption", provider: dataProvider, props: { bucket: "docs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn } }] } };
        const replication: FakeResource = { type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "docs-replication", provider: dataProvider, props: { bucket: "docs", role: "r", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::docs-dr", encryptionConfiguration: { replicaKmsKeyId: keyArn } } }] } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [key(false), source, encryption, replication]), [{
            resource: "data-key",
            message: "KMS key \"data-key\" encrypts replicated data (replication \"docs-replication\" encrypts replicas with it; bucket \"docs\" it encrypts is replicated by \"docs-replication\") but is not multi-region; create it with multiRegion: true.",
        }]);
    });

    it("leaves keys of data that is not replicated alone", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [key(false), { ...table, props: { ...table.props, replicas: [] } }]), []);
    });

    it("treats a key or key reference not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [key(unknown), table]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [key(false), { ...table, props: { ...table.props, serverSideEncryption: { enabled: true, kmsKeyArn: unknown } } }]), []);
    });
});
