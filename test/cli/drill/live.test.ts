import * as assert from "assert";
import { GetGuardrailCommand, GetGuardrailCommandOutput, ListFoundationModelsCommand, ThrottlingException } from "@aws-sdk/client-bedrock";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DescribeCapacityReservationsCommand } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { GetBucketReplicationCommand } from "@aws-sdk/client-s3";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { CheckResult } from "../../../cli/drill/checks";
import { LiveAccount } from "../../../cli/drill/live/accounts";
import { liveAccountKeys, liveChecks } from "../../../cli/drill/live/checks";
import { runLiveChecks } from "../../../cli/drill/live/run";
import { AwsWorld, healthyAws, liveAccountIds, liveModels } from "../../fixtures/drill/aws";
import { inventoryOf, readyProd } from "../../fixtures/drill/graphs";

const models = ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-embed-text-v2:0"];
const clock = () => new Date("2026-03-01T10:00:00.000Z");
const resolved: LiveAccount[] = Object.entries(liveAccountIds).map(([key, id]) => ({ key, id, source: "from --account-ids ids.json" }));

interface RunOptions {
    accounts?: LiveAccount[];
    timeoutMs?: number;
    sleeps?: number[];
    expectActiveRegion?: string;
    progress?: string[];
}

function run(world: AwsWorld, options: RunOptions = {}): Promise<CheckResult[]> {
    return runLiveChecks(liveChecks(inventoryOf(readyProd()), models, "us-west-2"), {
        accounts: options.accounts ?? resolved,
        factory: world.factory,
        partition: "aws",
        target: "us-west-2",
        rpoMinutes: 15,
        expectActiveRegion: options.expectActiveRegion,
        timeoutMs: options.timeoutMs ?? 2000,
        retry: { baseDelayMs: 100, sleep: async (ms) => { options.sleeps?.push(ms); } },
        now: clock,
        progress: (line) => options.progress?.push(line),
    });
}

function failed(results: readonly CheckResult[]): [string, string][] {
    return results.filter((result) => result.verdict === "fail").map((result) => [result.name, result.message]);
}

describe("lz drill --live checks", () => {
    let world: AwsWorld;
    beforeEach(() => {
        world = healthyAws();
    });
    afterEach(() => world.restore());

    it("passes a healthy prod: one verdict per check, read in the right account and region", async () => {
        const progress: string[] = [];
        const results = await run(world, { progress });
        assert.deepStrictEqual(results.map((result) => [result.name, result.verdict]), [
            ["genai/kms-key alias/acme-ai-prod-genai-documents", "pass"],
            ["genai/s3-replication acme-ai-prod-genai-documents", "pass"],
            ["genai/s3-replication-lag acme-ai-prod-genai-documents", "pass"],
            ["genai/kms-key alias/acme-ai-prod-genai-model-artifacts", "pass"],
            ["genai/s3-replication acme-ai-prod-genai-model-artifacts", "pass"],
            ["genai/s3-replication-lag acme-ai-prod-genai-model-artifacts", "pass"],
            ["genai/guardrail acme-ai-prod-guardrail", "pass"],
            ["genai/catalogue-parameter /acme-ai/prod/model-catalogue", "pass"],
            ["genai/invocation-logging us-west-2", "pass"],
            ["genai/network acme-ai-prod-genai-vpc", "pass"],
            ["genai/bedrock-runtime-endpoint acme-ai-prod-genai-bedrock-runtime", "pass"],
            ["genai/vector-store acme-ai-prod-documents", "skip"],
            ["genai/knowledge-base acme-ai-prod-documents", "skip"],
            ["genai/capacity-reservation acme-ai-prod-genai-inference-g6e", "pass"],
            ["genai/ecr-repository acme-ai-prod/inference", "skip"],
            ["genai/invoke-permissions acme-ai-prod-genai-invoke", "skip"],
            ["app-chat/kms-key alias/acme-ai-prod-chat-sessions", "pass"],
            ["app-chat/dynamodb-table acme-ai-prod-chat-sessions", "pass"],
            ["app-chat/active-region-parameter /acme-ai/prod/active-region", "pass"],
            ["app-search/kms-key alias/acme-ai-prod-search-sessions", "pass"],
            ["app-search/dynamodb-table acme-ai-prod-search-sessions", "pass"],
            ["app-search/active-region-parameter /acme-ai/prod/active-region", "pass"],
            ["genai/model anthropic.claude-sonnet-4-5-20250929-v1:0", "pass"],
            ["genai/model anthropic.claude-3-haiku-20240307-v1:0", "pass"],
            ["genai/model amazon.titan-embed-text-v2:0", "pass"],
        ]);
        const message = (name: string) => results.find((result) => result.name === name)!.message;
        assert.strictEqual(message("genai/s3-replication acme-ai-prod-genai-documents"),
            "rule dr-us-west-2 replicates acme-ai-prod-genai-documents to acme-ai-prod-genai-documents-us-west-2 with Replication Time Control (15 min), metrics and delete markers");
        assert.strictEqual(message("genai/s3-replication-lag acme-ai-prod-genai-documents"),
            "replication latency up to 1 min 35 s in the last 15 min, within the RPO of 15 min; 3 operations pending");
        assert.strictEqual(message("genai/guardrail acme-ai-prod-guardrail"), "guardrail acme-ai-prod-guardrail (gr7x1k, version DRAFT) is READY in us-west-2");
        assert.strictEqual(message("genai/capacity-reservation acme-ai-prod-genai-inference-g6e"), "cr-0a1b2c3d4e5f60718 active, 2 of 2 g6e.2xlarge available, no end date");
        assert.strictEqual(message("app-chat/dynamodb-table acme-ai-prod-chat-sessions"), "the us-west-2 replica of table acme-ai-prod-chat-sessions is ACTIVE (read in us-east-1)");
        assert.strictEqual(message("genai/knowledge-base acme-ai-prod-documents"),
            "not checked live: Bedrock knowledge bases need @aws-sdk/client-bedrock-agent; readiness checked it in the plan");
        assert.ok(results.filter((result) => result.verdict !== "skip").every((result) => result.startedAt === "2026-03-01T10:00:00.000Z" && result.durationMs === 0));

        // Where each resource was looked for: the real account IDs, the target region, and the source region for S3.
        assert.deepStrictEqual(world.s3.commandCalls(GetBucketReplicationCommand).map((call) => call.args[0].input), [
            { Bucket: "acme-ai-prod-genai-documents" }, { Bucket: "acme-ai-prod-genai-model-artifacts" },
        ]);
        assert.deepStrictEqual(world.cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input, {
            StartTime: new Date("2026-03-01T09:45:00.000Z"),
            EndTime: new Date("2026-03-01T10:00:00.000Z"),
            MetricDataQueries: ["ReplicationLatency", "OperationsPendingReplication"].map((metricName, index) => ({
                Id: index === 0 ? "latency" : "pending",
                MetricStat: {
                    Metric: {
                        Namespace: "AWS/S3",
                        MetricName: metricName,
                        Dimensions: [
                            { Name: "SourceBucket", Value: "acme-ai-prod-genai-documents" },
                            { Name: "DestinationBucket", Value: "acme-ai-prod-genai-documents-us-west-2" },
                            { Name: "RuleId", Value: "dr-us-west-2" },
                        ],
                    },
                    Period: 60,
                    Stat: "Maximum",
                },
            })),
            ScanBy: "TimestampDescending",
        });
        assert.deepStrictEqual(world.ec2.commandCalls(DescribeCapacityReservationsCommand).map((call) => call.args[0].input), [
            { Filters: [{ Name: "tag:Name", Values: ["acme-ai-prod-genai-inference-g6e"] }] },
        ]);
        assert.deepStrictEqual(world.dynamodb.commandCalls(DescribeTableCommand).map((call) => call.args[0].input.TableName), ["acme-ai-prod-chat-sessions", "acme-ai-prod-search-sessions"]);
        assert.strictEqual(world.bedrock.commandCalls(ListFoundationModelsCommand).length, 1, "the model list is read once for every model");
        assert.deepStrictEqual([...new Set(world.requested)].sort(), [
            "123412341234/us-east-1", "123412341234/us-west-2",
            "444455556666/us-east-1", "444455556666/us-west-2",
            "777788889999/us-east-1", "777788889999/us-west-2",
        ]);
        assert.strictEqual(world.requested.filter((pair) => pair.endsWith("/us-east-1")).length, 6, "S3 (2 per bucket) and DynamoDB (1 per table) read the source region");
        assert.strictEqual(progress.length, 25);
        assert.match(progress[progress.length - 1], /^\[25\/25\] (pass|skip) {2}\S/);
    });

    it("fails replication lagging beyond the RPO, with the worst latency and the backlog", async () => {
        world.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "latency", Values: [1500, 600] }, { Id: "pending", Values: [42, 12] }] });
        assert.deepStrictEqual(failed(await run(world)), ["documents", "model-artifacts"].map((bucket) => [
            `genai/s3-replication-lag acme-ai-prod-genai-${bucket}`,
            `objects took up to 25 min to replicate from acme-ai-prod-genai-${bucket} to acme-ai-prod-genai-${bucket}-us-west-2 in the last 15 min, beyond the RPO of 15 min; 42 operations pending`,
        ]));
    });

    it("passes replication with no recent activity", async () => {
        world.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "latency", Values: [] }, { Id: "pending", Values: [] }] });
        const results = await run(world);
        assert.strictEqual(results.find((result) => result.name === "genai/s3-replication-lag acme-ai-prod-genai-documents")!.message,
            "no replication from acme-ai-prod-genai-documents in the last 15 min (no ReplicationLatency datapoints); 0 operations pending");
    });

    it("fails a replication rule without Replication Time Control or delete-marker replication", async () => {
        world.s3.on(GetBucketReplicationCommand, { Bucket: "acme-ai-prod-genai-documents" }).resolves({
            ReplicationConfiguration: {
                Role: "arn:aws:iam::444455556666:role/replication",
                Rules: [{ ID: "dr-us-west-2", Status: "Enabled", DeleteMarkerReplication: { Status: "Disabled" }, Destination: { Bucket: "arn:aws:s3:::acme-ai-prod-genai-documents-us-west-2" } }],
            },
        });
        assert.deepStrictEqual(failed(await run(world)), [[
            "genai/s3-replication acme-ai-prod-genai-documents",
            "bucket acme-ai-prod-genai-documents rule dr-us-west-2 to acme-ai-prod-genai-documents-us-west-2: Replication Time Control is off; "
            + "replication metrics are off, so lag cannot be measured; delete markers are not replicated",
        ]]);
    });

    it("fails both replication rows of a bucket with no replication configuration", async () => {
        world.s3.on(GetBucketReplicationCommand, { Bucket: "acme-ai-prod-genai-model-artifacts" })
            .rejects(Object.assign(new Error("The replication configuration was not found"), { name: "ReplicationConfigurationNotFoundError" }));
        assert.deepStrictEqual(failed(await run(world)), [
            ["genai/s3-replication acme-ai-prod-genai-model-artifacts",
                "bucket acme-ai-prod-genai-model-artifacts (us-east-1) has no replication configuration; its objects are not copied to acme-ai-prod-genai-model-artifacts-us-west-2"],
            ["genai/s3-replication-lag acme-ai-prod-genai-model-artifacts",
                "bucket acme-ai-prod-genai-model-artifacts has no replication rule with an ID to acme-ai-prod-genai-model-artifacts-us-west-2, so its replication metrics cannot be read"],
        ]);
    });

    it("fails a guardrail that is not READY in the target region", async () => {
        world.bedrock.on(GetGuardrailCommand).resolves({ guardrailId: "gr7x1k", status: "FAILED", statusReasons: ["KMS key is disabled"], version: "DRAFT" } as GetGuardrailCommandOutput);
        assert.deepStrictEqual(failed(await run(world)), [[
            "genai/guardrail acme-ai-prod-guardrail",
            "guardrail acme-ai-prod-guardrail (gr7x1k) in us-west-2 is FAILED (KMS key is disabled), not READY; model invocations in us-west-2 would run without the guardrail",
        ]]);
        assert.deepStrictEqual(world.bedrock.commandCalls(GetGuardrailCommand).map((call) => call.args[0].input), [{ guardrailIdentifier: "gr7x1k" }]);
    });

    it("fails a model that is not offered in the target region, and one that is LEGACY there", async () => {
        world.bedrock.on(ListFoundationModelsCommand).resolves({
            modelSummaries: liveModels
                .filter((model) => model.modelId !== "anthropic.claude-3-haiku-20240307-v1:0")
                .map((model) => model.modelId === "amazon.titan-embed-text-v2:0" ? { ...model, modelArn: "a", modelLifecycle: { status: "LEGACY" } } : { ...model, modelArn: "a" }),
        });
        assert.deepStrictEqual(failed(await run(world)), [
            ["genai/model anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0 is not offered in us-west-2 (ListFoundationModels); applications failing over could not invoke it"],
            ["genai/model amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2:0 is LEGACY in us-west-2, not ACTIVE; plan a replacement model"],
        ]);
    });

    it("fails an expired capacity reservation", async () => {
        world.ec2.on(DescribeCapacityReservationsCommand).resolves({
            CapacityReservations: [{
                CapacityReservationId: "cr-0a1b2c3d4e5f60718", InstanceType: "g6e.2xlarge", State: "expired",
                TotalInstanceCount: 2, AvailableInstanceCount: 0, EndDate: new Date("2026-02-28T00:00:00.000Z"),
            }],
        });
        assert.deepStrictEqual(failed(await run(world)), [[
            "genai/capacity-reservation acme-ai-prod-genai-inference-g6e",
            "capacity reservation acme-ai-prod-genai-inference-g6e in us-west-2: cr-0a1b2c3d4e5f60718 (g6e.2xlarge) is expired and ended on 2026-02-28T00:00:00.000Z; "
            + "no accelerator capacity is held in us-west-2 for failover (static stability)",
        ]]);
    });

    it("fails an active capacity reservation with no instance left", async () => {
        world.ec2.on(DescribeCapacityReservationsCommand).resolves({
            CapacityReservations: [{ CapacityReservationId: "cr-0a1b2c3d4e5f60718", InstanceType: "g6e.2xlarge", State: "active", TotalInstanceCount: 2, AvailableInstanceCount: 0 }],
        });
        assert.deepStrictEqual(failed(await run(world))[0][1],
            "capacity reservation acme-ai-prod-genai-inference-g6e in us-west-2: cr-0a1b2c3d4e5f60718 (g6e.2xlarge) has no available instances (0 of 2); "
            + "no accelerator capacity is held in us-west-2 for failover (static stability)");
    });

    it("fails a replica key pending deletion and a DynamoDB replica still being created", async () => {
        world.kms.on(DescribeKeyCommand, { KeyId: "alias/acme-ai-prod-chat-sessions" }).resolves({ KeyMetadata: { KeyId: "mrk-1", KeyState: "PendingDeletion" } });
        world.dynamodb.on(DescribeTableCommand, { TableName: "acme-ai-prod-search-sessions" }).resolves({
            Table: { TableName: "acme-ai-prod-search-sessions", Replicas: [{ RegionName: "us-west-2", ReplicaStatus: "CREATING", ReplicaStatusDescription: "Backfilling" }] },
        });
        assert.deepStrictEqual(failed(await run(world)), [
            ["app-chat/kms-key alias/acme-ai-prod-chat-sessions",
                "key alias/acme-ai-prod-chat-sessions in us-west-2 is PendingDeletion, not Enabled; data replicated to us-west-2 could not be decrypted there"],
            ["app-search/dynamodb-table acme-ai-prod-search-sessions", "the us-west-2 replica of table acme-ai-prod-search-sessions is CREATING (Backfilling), not ACTIVE"],
        ]);
    });

    it("retries throttled calls with backoff and passes once AWS answers", async () => {
        const throttled = () => new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });
        world.bedrock.on(ListFoundationModelsCommand)
            .rejectsOnce(throttled())
            .rejectsOnce(throttled())
            .resolves({ modelSummaries: liveModels.map((model) => ({ ...model, modelArn: "a" })) });
        const sleeps: number[] = [];
        const results = await run(world, { sleeps });
        assert.deepStrictEqual(failed(results), []);
        assert.strictEqual(world.bedrock.commandCalls(ListFoundationModelsCommand).length, 3);
        assert.strictEqual(sleeps.length, 2);
        assert.ok(sleeps[0] >= 50 && sleeps[0] < 100 && sleeps[1] >= 100 && sleeps[1] < 200, `backoff doubles with jitter: ${sleeps}`);
    });

    it("fails a call that times out without holding up or failing the other checks", async () => {
        world.ssm.on(GetParameterCommand, { Name: "/acme-ai/prod/model-catalogue" }).callsFake(() => new Promise(() => undefined));
        const started = Date.now();
        const results = await run(world, { timeoutMs: 25 });
        assert.ok(Date.now() - started < 2000);
        assert.deepStrictEqual(failed(results), [["genai/catalogue-parameter /acme-ai/prod/model-catalogue", "ssm:GetParameter timed out after 25 ms"]]);
        assert.strictEqual(results.filter((result) => result.verdict === "pass").length, 20);
    });

    it("does not retry a call that is refused for another reason than throttling", async () => {
        world.kms.on(DescribeKeyCommand, { KeyId: "alias/acme-ai-prod-genai-documents" })
            .rejects(Object.assign(new Error("User is not authorized to perform: kms:DescribeKey"), { name: "AccessDeniedException" }));
        const sleeps: number[] = [];
        assert.deepStrictEqual(failed(await run(world, { sleeps })), [[
            "genai/kms-key alias/acme-ai-prod-genai-documents", "AccessDeniedException: User is not authorized to perform: kms:DescribeKey",
        ]]);
        assert.deepStrictEqual(sleeps, []);
    });

    it("fails every check of an account it cannot reach, and only those", async () => {
        const accounts = resolved.map((account) => account.key === "app-search"
            ? { key: "app-search", source: "no account named \"acme-ai-prod-app-search\" exists in organization o-a1b2c3d4e5" }
            : account);
        const failures = failed(await run(world, { accounts }));
        assert.deepStrictEqual(failures.map(([name]) => name), [
            "app-search/kms-key alias/acme-ai-prod-search-sessions",
            "app-search/dynamodb-table acme-ai-prod-search-sessions",
            "app-search/active-region-parameter /acme-ai/prod/active-region",
        ]);
        assert.strictEqual(failures[0][1], "account app-search cannot be reached: no account named \"acme-ai-prod-app-search\" exists in organization o-a1b2c3d4e5");
    });

    it("after a failover, fails active-region parameters that still name the old region", async () => {
        assert.deepStrictEqual(failed(await run(world, { expectActiveRegion: "us-west-2" })), ["chat", "search"].map((app) => [
            `app-${app}/active-region-parameter /acme-ai/prod/active-region`,
            "parameter /acme-ai/prod/active-region in us-west-2 says \"us-east-1\", but the stack is now active in us-west-2; applications still read the old region",
        ]));
    });

    it("lists the accounts the checks read from", () => {
        assert.deepStrictEqual(liveAccountKeys(inventoryOf(readyProd())), ["genai", "app-chat", "app-search"]);
    });
});
