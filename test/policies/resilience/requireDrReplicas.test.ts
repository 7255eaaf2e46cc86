import * as assert from "assert";
import { requireDrReplicas as policy } from "../../../policies/resilience/requireDrReplicas";
import { awsProvider, dataAccount, dataProvider, FakeResource, genaiAccount, genaiProvider, stackViolationsOf, unknown } from "../harness";

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

    describe("the DR components' shapes", () => {
        /** BucketReplication's configuration: a V2 rule to the replica bucket's ARN, created in drRegion. */
        function componentReplication(destination: unknown, propertyDependencies?: Record<string, string[]>): FakeResource {
            return {
                type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                name: "docs-dr-configuration",
                provider: dataProvider,
                propertyDependencies,
                props: {
                    region: "us-east-1",
                    bucket: "docs",
                    role: "arn:aws:iam::210987654321:role/docs-replication",
                    rules: [{
                        id: "replicate-to-us-west-2",
                        status: "Enabled",
                        filter: { prefix: "" },
                        deleteMarkerReplication: { status: "Enabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: destination,
                            encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:us-west-2:210987654321:key/mrk-1" },
                            replicationTime: { status: "Enabled", time: { minutes: 15 } },
                            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                        },
                    }],
                },
            };
        }

        it("accepts a bucket replicated to the replica's ARN, to a DR bucket whose ARN is not known yet but whose name is, and by property dependency", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, componentReplication("arn:aws:s3:::docs-dr")], drConfig), []);
            const replicaArnNotKnown: FakeResource = { ...replica, props: { ...replica.props, arn: unknown, id: unknown } };
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, replicaArnNotKnown, componentReplication("arn:aws:s3:::docs-dr")], drConfig), []);
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, replicaArnNotKnown, componentReplication(unknown, { rules: ["docs-dr"] })], drConfig), []);
        });

        it("still reports a bucket whose replication names a bucket of the stack outside the DR region", async () => {
            // In another account, so that only the source bucket is judged.
            const elsewhere: FakeResource = { ...replica, provider: genaiProvider, props: { ...replica.props, arn: unknown, region: "us-east-2" } };
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, elsewhere, componentReplication("arn:aws:s3:::docs-dr")], drConfig), [{
                resource: "docs",
                message: "bucket \"docs\" has no replica in the DR region us-west-2; add aws.s3.BucketReplicationConfig to a bucket created there.",
            }]);
        });

        it("accepts SessionTable's global table with its DR replica, and reports one whose replica is elsewhere", async () => {
            const replicaEntry = { regionName: "us-west-2", kmsKeyArn: "arn:aws:kms:us-west-2:210987654321:key/mrk-2", pointInTimeRecovery: true, deletionProtectionEnabled: true, propagateTags: true };
            assert.deepStrictEqual(await stackViolationsOf(policy, [table([replicaEntry])], drConfig), []);
            assert.deepStrictEqual(await stackViolationsOf(policy, [table([{ ...replicaEntry, regionName: "us-east-2" }])], drConfig), [{
                resource: "sessions",
                message: "DynamoDB table \"sessions\" has no replica in the DR region us-west-2; add a replicas entry with regionName \"us-west-2\".",
            }]);
        });
    });

    describe("server access log destinations", () => {
        const logs: FakeResource = { type: "aws:s3/bucket:Bucket", name: "docs-logs", provider: dataProvider, props: { bucket: "docs-logs", id: "docs-logs", arn: "arn:aws:s3:::docs-logs" } };
        const logging: FakeResource = { type: "aws:s3/bucketLogging:BucketLogging", name: "docs-logging", provider: dataProvider, props: { bucket: "docs", targetBucket: "docs-logs", targetPrefix: "documents/" } };

        it("does not require replication of a bucket that receives server access logs", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, replication("arn:aws:s3:::docs-dr"), logs, logging], drConfig), []);
            const byDependency: FakeResource = { ...logging, props: { ...logging.props, targetBucket: unknown }, propertyDependencies: { targetBucket: ["docs-logs"] } };
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, replication("arn:aws:s3:::docs-dr"), logs, byDependency], drConfig), []);
        });

        it("still requires replication of the bucket whose access is logged, and of a bucket no logging configuration targets", async () => {
            const message = (bucket: string) => `bucket "${bucket}" has no replica in the DR region us-west-2; add aws.s3.BucketReplicationConfig to a bucket created there.`;
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, logs, logging], drConfig), [{ resource: "docs", message: message("docs") }]);
            assert.deepStrictEqual(await stackViolationsOf(policy, [source, replica, replication("arn:aws:s3:::docs-dr"), logs], drConfig), [{ resource: "docs-logs", message: message("docs-logs") }]);
        });
    });

    describe("vector stores", () => {
        const genaiDr = awsProvider("prod-genai-us-west-2", genaiAccount, "genai", "us-west-2");
        const vectorBucket = (name: string, provider = genaiProvider, props: Record<string, unknown> = {}): FakeResource =>
            ({ type: "aws:s3/vectorsVectorBucket:VectorsVectorBucket", name, provider, props: { vectorBucketName: name, ...props } });
        const collection = (name: string, provider = genaiProvider, props: Record<string, unknown> = {}): FakeResource =>
            ({ type: "aws:opensearch/serverlessCollection:ServerlessCollection", name, provider, props: { name, type: "VECTORSEARCH", ...props } });
        const vectorMessage = "S3 Vectors vector bucket \"kb-vectors\" has no S3 Vectors vector bucket in the DR region us-west-2 in the same account; create one there and rebuild its vectors from the replicated documents.";
        const collectionMessage = "OpenSearch Serverless collection \"kb\" has no OpenSearch Serverless collection in the DR region us-west-2 in the same account; create one there and rebuild its vectors from the replicated documents.";

        it("accepts a vector store with a store of the same kind in the DR region in the same account, by resource region or provider region", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket("kb-vectors"), vectorBucket("kb-vectors-dr", genaiProvider, { region: "us-west-2" })], drConfig), []);
            assert.deepStrictEqual(await stackViolationsOf(policy, [collection("kb"), collection("kb-dr", genaiDr)], drConfig), []);
        });

        it("reports a vector store with no counterpart in the DR region", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket("kb-vectors")], drConfig), [{ resource: "kb-vectors", message: vectorMessage }]);
            assert.deepStrictEqual(await stackViolationsOf(policy, [collection("kb")], drConfig), [{ resource: "kb", message: collectionMessage }]);
        });

        it("does not count a store of another kind, or one in another account, as the DR counterpart", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [collection("kb"), vectorBucket("kb-vectors-dr", genaiDr)], drConfig), [
                { resource: "kb", message: collectionMessage },
            ]);
            const otherAccount = awsProvider("prod-other-us-west-2", dataAccount, "genai", "us-west-2");
            assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket("kb-vectors"), vectorBucket("kb-vectors-dr", otherAccount)], drConfig), [
                { resource: "kb-vectors", message: vectorMessage },
            ]);
        });

        it("treats a counterpart whose region is not known yet as not known, and judges nothing without drRequired", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket("kb-vectors"), vectorBucket("kb-vectors-dr", genaiProvider, { region: unknown })], drConfig), []);
            assert.deepStrictEqual(await stackViolationsOf(policy, [vectorBucket("kb-vectors"), collection("kb")]), []);
        });
    });
});
