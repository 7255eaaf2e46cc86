import * as assert from "assert";
import { requireDrReplicaKeys as policy } from "../../../policies/kms/requireDrReplicaKeys";
import { dataAccount, dataProvider, FakeResource, stackViolationsOf, unknown } from "../harness";

const primary = `arn:aws:kms:us-east-1:${dataAccount}:key/mrk-1`;
const replicaArn = `arn:aws:kms:us-west-2:${dataAccount}:key/mrk-1`;

const replicaKey: FakeResource = { type: "aws:kms/replicaKey:ReplicaKey", name: "docs-key-us-west-2", props: { arn: replicaArn, primaryKeyArn: primary, region: "us-west-2" }, provider: dataProvider };
const encryption: FakeResource = {
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "docs-encryption", provider: dataProvider,
    props: { bucket: "docs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: primary } }] },
};

function replication(replicaKmsKeyId: unknown): FakeResource {
    return {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "docs-replication", provider: dataProvider,
        props: { bucket: "docs", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::docs-us-west-2", encryptionConfiguration: { replicaKmsKeyId } } }] },
    };
}

function table(replicaKms: unknown): FakeResource {
    return {
        type: "aws:dynamodb/table:Table", name: "sessions", provider: dataProvider,
        props: { serverSideEncryption: { enabled: true, kmsKeyArn: primary }, replicas: [{ regionName: "us-west-2", kmsKeyArn: replicaKms }] },
    };
}

describe("replicated-keys-have-dr-replicas", () => {
    it("passes S3 replication and a global table whose copies use the source key's replica", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [replicaKey, encryption, replication(replicaArn), table(replicaArn)]), []);
    });

    it("reports a copy encrypted with a key that is not a replica of this stack", async () => {
        const other = `arn:aws:kms:us-west-2:${dataAccount}:key/1234`;
        assert.deepStrictEqual(await stackViolationsOf(policy, [encryption, replication(other)]), [{
            resource: "docs-replication",
            message: `replication "docs-replication" rules[0] encrypts the copy in us-west-2 with ${other}, which is not a replica key of this stack; create an aws.kms.ReplicaKey of ${primary} in us-west-2 and use it.`,
        }]);
    });

    it("reports a global table replica without a key, and a replica of another key", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [table(undefined)]), [{
            resource: "sessions",
            message: `table "sessions" replicas[0] names no key for the copy in us-west-2; it must be the replica of ${primary} in that region.`,
        }]);
        const foreignReplica = { ...replicaKey, props: { ...replicaKey.props, primaryKeyArn: `arn:aws:kms:us-east-1:${dataAccount}:key/mrk-2` } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [foreignReplica, table(replicaArn)]), [{
            resource: "sessions",
            message: `table "sessions" replicas[0] encrypts the copy with replica key "docs-key-us-west-2", a replica of arn:aws:kms:us-east-1:${dataAccount}:key/mrk-2, not of the source's key ${primary}.`,
        }]);
    });

    it("reports a replica key in another region than the copy", async () => {
        const misplaced = { ...replicaKey, props: { ...replicaKey.props, region: "eu-west-1" } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [misplaced, table(replicaArn)]), [{
            resource: "sessions",
            message: "table \"sessions\" replicas[0] copies to us-west-2 but its replica key \"docs-key-us-west-2\" is in eu-west-1.",
        }]);
    });

    it("treats keys not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [encryption, replication(unknown), table(unknown)]), []);
    });
});
