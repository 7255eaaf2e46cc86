import * as assert from "assert";
import { requireDrReplicas as policy } from "../../../policies/resilience/requireDrReplicas";
import { awsProvider, dataAccount, dataProvider, FakeResource, genaiProvider, stackViolationsOf, unknown } from "../harness";

const drConfig = { drRequired: true, drRegion: "us-west-2" };
const source: FakeResource = { type: "aws:s3/bucket:Bucket", name: "docs", provider: dataProvider, props: { bucket: "docs", id: "docs", arn: "arn:aws:s3:::docs" } };
const replica: FakeResource = { type: "aws:s3/bucket:Bucket", name: "docs-dr", provider: dataProvider, props: { bucket: "docs-dr", id: "docs-dr", arn: "arn:aws:s3:::docs-dr", region: "us-west-2" } };

function replication(destination: unknown, status: unknown = "Enabled"): FakeResource {
    return { type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "docs-replication", provider: dataProvider, props: { bucket: "docs", role: "r", rules: [{ status, destination: { bucket: destination } }] } };
}

function table(replicas: unknown): FakeResource {
    return { type: "aws:dynamodb/table:Table", name: "sessions", provider: dataProvider, props: { name: "sessions", replicas } };
}

describe("critical-data-replicated-to-dr-region", () => {
    it("passes data-account buckets replicated to a DR-region bucket and tables with a DR replica", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, replication("arn:aws:s3:::docs-dr"), table([{ regionName: "us-west-2" }])], drConfig), []);
    });

    it("reports a data bucket without replication, or replicated elsewhere", async () => {
        const message = "bucket \"docs\" has no replica in the DR region us-west-2; add aws.s3.BucketReplicationConfig to a bucket created there.";
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica], drConfig), [{ resource: "docs", message }]);
        const elsewhere: FakeResource = { ...replica, provider: genaiProvider, props: { ...replica.props, region: "us-east-2" } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, elsewhere, replication("arn:aws:s3:::docs-dr")], drConfig), [{ resource: "docs", message }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, replication("arn:aws:s3:::docs-dr", "Disabled")], drConfig), [{ resource: "docs", message }]);
    });

    it("reports a table without a DR replica", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [table([])], drConfig), [{
            resource: "sessions",
            message: "DynamoDB table \"sessions\" has no replica in the DR region us-west-2; add a replicas entry with regionName \"us-west-2\".",
        }]);
    });

    it("leaves buckets of other accounts and data already in the DR region alone", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ ...source, provider: genaiProvider }, replica], drConfig), []);
    });

    it("honours drRequired, drRegion and criticalAccountRoles", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, table([])]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [source], { drRequired: true }), [{ resource: undefined, message: "drRequired is true but drRegion is not set; set drRegion in the environment's policy config." }]);
        const lake = awsProvider("prod-lake", dataAccount, "lake");
        assert.deepStrictEqual((await stackViolationsOf(policy, [{ ...source, provider: lake }], { ...drConfig, criticalAccountRoles: ["lake"] })).length, 1);
    });

    it("treats replication, destinations and replicas not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, replication(unknown)], drConfig), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [source, replication("arn:aws:s3:::bucket-of-another-stack")], drConfig), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [table(unknown)], drConfig), []);
    });
});
