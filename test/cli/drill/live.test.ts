import * as assert from "assert";
import { GetFoundationModelAvailabilityCommand, GetFoundationModelCommand, GetGuardrailCommand, GetGuardrailCommandOutput, GetInferenceProfileCommand, ListGuardrailsCommand, ThrottlingException } from "@aws-sdk/client-bedrock";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { CheckResult } from "../../../cli/drill/checks";
import { LiveAccount } from "../../../cli/drill/live/accounts";
import { liveAccountKeys, liveChecks } from "../../../cli/drill/live/checks";
import { runLiveChecks } from "../../../cli/drill/live/run";
import { DrInventoryEntry } from "../../../accounts/drInventory";
import { AwsWorld, healthyAws, liveAccountIds } from "../../fixtures/drill/aws";
import { environmentOf, inventoryOf, shippedProd } from "../../fixtures/drill/graphs";
import { PlanGraph } from "../../../cli/engine/graph";

const prod = environmentOf("prod");
const clock = () => new Date("2026-03-01T10:00:00.000Z");
const resolved: LiveAccount[] = Object.entries(liveAccountIds).map(([key, id]) => ({ key, id, source: "from --account-ids ids.json" }));

interface RunOptions {
    accounts?: LiveAccount[];
    timeoutMs?: number;
    sleeps?: number[];
    expectActiveRegion?: string;
    unreachableTolerated?: string;
}

let inventory: DrInventoryEntry[];

function run(world: AwsWorld, options: RunOptions = {}): Promise<CheckResult[]> {
    return runLiveChecks(liveChecks(inventory, prod.environment.models, "us-west-2", prod.catalogue.models), {
        accounts: options.accounts ?? resolved,
        factory: world.factory,
        partition: "aws",
        target: "us-west-2",
        rpoMinutes: 15,
        expectActiveRegion: options.expectActiveRegion,
        unreachableTolerated: options.unreachableTolerated,
        timeoutMs: options.timeoutMs ?? 2000,
        retry: { baseDelayMs: 100, sleep: async (ms) => { options.sleeps?.push(ms); } },
        now: clock,
    });
}

function failed(results: readonly CheckResult[]): [string, string][] {
    return results.filter((result) => result.verdict === "fail").map((result) => [result.name, result.message]);
}

const docs = "acme-ai-prod-docs-210987654321-us-east-1";

describe("lz drill --live checks (on the prod plan's inventory)", function () {
    this.timeout(180_000);
    let world: AwsWorld;
    let prod: PlanGraph;
    before(async () => {
        prod = await shippedProd();
        inventory = inventoryOf(prod);
    });
    beforeEach(() => {
        world = healthyAws(prod);
    });
    afterEach(() => world.restore());

    it("passes a healthy prod, reading the target region's own answers", async () => {
        const results = await run(world);
        assert.deepStrictEqual(failed(results), []);
        const message = (name: string) => results.find((result) => result.name === name)!.message;
        assert.strictEqual(message("genai/guardrail acme-ai-prod-guardrail"), "guardrail acme-ai-prod-guardrail (ejq6zzi2a8c3) version 1 is READY in us-west-2");
        assert.strictEqual(message("app-chat/dynamodb-table acme-ai-prod-chat-sessions"),
            "table acme-ai-prod-chat-sessions is ACTIVE in us-west-2 with replicas us-east-1, us-west-2 ACTIVE; replication latency up to 1.2 s");
        assert.strictEqual(message("genai/model anthropic.claude-sonnet-4-6"),
            "anthropic.claude-sonnet-4-6 is available, authorized and ACTIVE in us-west-2; profile us.anthropic.claude-sonnet-4-6 is ACTIVE and routes to us-east-1, us-west-2");
        assert.deepStrictEqual(world.dynamodb.commandCalls(DescribeTableCommand).map((call) => call.args[0].input.TableName), ["acme-ai-prod-chat-sessions", "acme-ai-prod-search-sessions"]);
        assert.deepStrictEqual(world.bedrock.commandCalls(GetGuardrailCommand).map((call) => call.args[0].input), [{ guardrailIdentifier: "ejq6zzi2a8c3", guardrailVersion: "1" }]);
    });

    it("fails S3 replication with no datapoints: no data is not a pass", async () => {
        world.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "latency", Values: [] }, { Id: "pending", Values: [] }] });
        const rows = failed(await run(world)).filter(([name]) => name.includes("s3-replication-lag"));
        assert.deepStrictEqual(rows.find(([name]) => name.includes(docs)), [
            `data/s3-replication-lag ${docs}`,
            `no ReplicationLatency datapoints for ${docs} → acme-ai-prod-docs-210987654321-us-west-2 (rule replicate-to-us-west-2) in the last 15 min, so its lag is unknown; `
            + "0 operations pending; write to the bucket (or run --execute, whose canary measures the lag) and check again",
        ]);
    });

    it("fails S3 replication with operations pending over the limit", async () => {
        world.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "latency", Values: [40] }, { Id: "pending", Values: [25_000] }] });
        const rows = failed(await run(world));
        assert.deepStrictEqual(rows.find(([name]) => name === `data/s3-replication-lag ${docs}`), [
            `data/s3-replication-lag ${docs}`, `${docs} → acme-ai-prod-docs-210987654321-us-west-2 in the last 15 min: 25000 operations pending, over the limit of 1000`,
        ]);
    });

    it("fails a single-region key", async () => {
        world.kms.on(DescribeKeyCommand, { KeyId: "alias/acme-ai-prod-chat-sessions" }).resolves({ KeyMetadata: { KeyId: "1234", KeyState: "Enabled", MultiRegion: false } });
        assert.deepStrictEqual(failed(await run(world)), [[
            "app-chat/kms-key alias/acme-ai-prod-chat-sessions",
            "key alias/acme-ai-prod-chat-sessions in us-west-2 is a single-region key, not a replica of the multi-region key; data replicated to us-west-2 could not be decrypted there",
        ]]);
    });

    it("fails a guardrail with only its DRAFT, and a published version that is not READY", async () => {
        world.bedrock.on(ListGuardrailsCommand, { guardrailIdentifier: "ejq6zzi2a8c3" }).resolves({ guardrails: [{ id: "ejq6zzi2a8c3", arn: "a", name: "acme-ai-prod-guardrail", status: "READY", version: "DRAFT", createdAt: new Date(0), updatedAt: new Date(0) }] });
        assert.deepStrictEqual(failed(await run(world)), [[
            "genai/guardrail acme-ai-prod-guardrail",
            "guardrail acme-ai-prod-guardrail (ejq6zzi2a8c3) in us-west-2 has no published version, only its DRAFT; model invocations in us-west-2 would run without the guardrail",
        ]]);
        world.restore();
        world = healthyAws(prod);
        world.bedrock.on(GetGuardrailCommand).resolves({ status: "FAILED", statusReasons: ["KMS key disabled"], version: "1" } as GetGuardrailCommandOutput);
        assert.deepStrictEqual(failed(await run(world)).map(([, message]) => message), [
            "guardrail acme-ai-prod-guardrail (ejq6zzi2a8c3) version 1 in us-west-2 is FAILED (KMS key disabled), not READY; model invocations in us-west-2 would run without the guardrail",
        ]);
    });

    it("fails a model not authorized in the target, and an inference profile that does not route there", async () => {
        world.bedrock.on(GetFoundationModelAvailabilityCommand, { modelId: "amazon.titan-embed-text-v2:0" }).resolves({
            modelId: "amazon.titan-embed-text-v2:0", regionAvailability: "AVAILABLE", authorizationStatus: "NOT_AUTHORIZED", entitlementAvailability: "AVAILABLE", agreementAvailability: { status: "AVAILABLE" },
        });
        world.bedrock.on(GetInferenceProfileCommand, { inferenceProfileIdentifier: "us.anthropic.claude-haiku-4-5-20251001-v1:0" }).resolves({
            inferenceProfileId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", inferenceProfileName: "x", inferenceProfileArn: "x", type: "SYSTEM_DEFINED", status: "ACTIVE",
            models: [{ modelArn: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" }, { modelArn: "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" }],
        });
        assert.deepStrictEqual(failed(await run(world)), [
            ["genai/model anthropic.claude-haiku-4-5-20251001-v1:0",
                "inference profile us.anthropic.claude-haiku-4-5-20251001-v1:0 in us-west-2 is ACTIVE and routes to us-east-1, us-east-2; it must be ACTIVE and route to us-west-2"],
            ["genai/model amazon.titan-embed-text-v2:0",
                "amazon.titan-embed-text-v2:0 in us-west-2: not authorized for the account (NOT_AUTHORIZED); applications failing over could not invoke it"],
        ]);
    });

    it("fails a model that is LEGACY in the target, naming its end of life and the catalogue's successor", async () => {
        world.bedrock.on(GetFoundationModelCommand, { modelIdentifier: "amazon.titan-embed-text-v2:0" }).resolves({
            modelDetails: { modelArn: "x", modelId: "amazon.titan-embed-text-v2:0", modelLifecycle: { status: "LEGACY", endOfLifeTime: new Date("2027-06-30T00:00:00Z") } },
        });
        assert.deepStrictEqual(failed(await run(world)), [[
            "genai/model amazon.titan-embed-text-v2:0",
            "amazon.titan-embed-text-v2:0 is LEGACY in us-west-2, end of life 2027-06-30: Bedrock may withdraw a Legacy model from an account that has not called it for 15 days, as a standby region's; " +
                "move the environment to an Active catalogue model, and mark it legacy in model-catalogue.yaml",
        ]]);
        assert.deepStrictEqual(world.bedrock.commandCalls(GetFoundationModelCommand).map((call) => call.args[0].input.modelIdentifier).sort(),
            ["amazon.titan-embed-text-v2:0", "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-sonnet-4-6"]);
    });

    it("fails an inference profile that routes to a region the catalogue does not list, since the invoke role refuses requests routed there", async () => {
        const sonnet = "anthropic.claude-sonnet-4-6";
        world.bedrock.on(GetInferenceProfileCommand, { inferenceProfileIdentifier: `us.${sonnet}` }).resolves({
            inferenceProfileId: `us.${sonnet}`, inferenceProfileName: "x", inferenceProfileArn: "x", type: "SYSTEM_DEFINED", status: "ACTIVE",
            models: ["us-east-1", "us-west-1", "us-west-2"].map((region) => ({ modelArn: `arn:aws:bedrock:${region}::foundation-model/${sonnet}` })),
        });
        assert.deepStrictEqual(failed(await run(world)), [[
            `genai/model ${sonnet}`,
            `inference profile us.${sonnet} in us-west-2 routes to us-west-1, which model-catalogue.yaml does not list in its destinationRegions (us-east-1, us-east-2, us-west-2): requests routed there are refused; add it`,
        ]]);
    });

    it("fails a DynamoDB replica that is not ACTIVE, read in the target region", async () => {
        world.dynamodb.on(DescribeTableCommand, { TableName: "acme-ai-prod-search-sessions" }).resolves({
            Table: { TableName: "acme-ai-prod-search-sessions", TableStatus: "ACTIVE", Replicas: [{ RegionName: "us-east-1", ReplicaStatus: "ACTIVE" }, { RegionName: "us-west-2", ReplicaStatus: "CREATING" }] },
        });
        assert.deepStrictEqual(failed(await run(world)), [[
            "app-search/dynamodb-table acme-ai-prod-search-sessions", "table acme-ai-prod-search-sessions (read in us-west-2): replica us-west-2 is CREATING, not ACTIVE",
        ]]);
    });

    it("with us-east-1 down, fails the checks that read it, or skips them when the switch must not depend on it", async () => {
        world.down("us-east-1");
        const strict = failed(await run(world));
        assert.deepStrictEqual(strict.map(([name]) => name), [
            "genai/s3-replication acme-ai-prod-model-artifacts-906602663697-us-east-1",
            "genai/s3-replication-lag acme-ai-prod-model-artifacts-906602663697-us-east-1",
            `data/s3-replication ${docs}`,
            `data/s3-replication-lag ${docs}`,
        ]);
        const tolerant = await run(world, { unreachableTolerated: "us-east-1" });
        assert.deepStrictEqual(failed(tolerant), []);
        assert.strictEqual(tolerant.find((result) => result.name === `data/s3-replication ${docs}`)!.message,
            "not checked: us-east-1 did not answer (TimeoutError: connect ETIMEDOUT us-east-1); the switch does not depend on it");
    });

    it("retries throttled calls with backoff and passes once AWS answers", async () => {
        const throttled = () => new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });
        world.bedrock.on(GetFoundationModelAvailabilityCommand, { modelId: "amazon.titan-embed-text-v2:0" })
            .rejectsOnce(throttled())
            .resolves({ modelId: "amazon.titan-embed-text-v2:0", regionAvailability: "AVAILABLE", authorizationStatus: "AUTHORIZED", entitlementAvailability: "AVAILABLE" });
        const sleeps: number[] = [];
        assert.deepStrictEqual(failed(await run(world, { sleeps })), []);
        assert.strictEqual(sleeps.length, 1);
    });

    it("fails a call that times out without holding up the other checks", async () => {
        world.ssm.on(GetParameterCommand, { Name: "/acme-ai/prod/genai/catalogue" }).callsFake(() => new Promise(() => undefined));
        assert.deepStrictEqual(failed(await run(world, { timeoutMs: 25 })), [["genai/catalogue-parameter /acme-ai/prod/genai/catalogue", "ssm:GetParameter timed out after 25 ms"]]);
    });

    it("after a failover, fails active-region parameters that still name the old region", async () => {
        assert.deepStrictEqual(failed(await run(world, { expectActiveRegion: "us-west-2" })), ["chat", "search"].map((app) => [
            `app-${app}/active-region-parameter /acme-ai/prod/active-region`,
            "parameter /acme-ai/prod/active-region in us-west-2 says \"us-east-1\", but the stack is now active in us-west-2; applications still read the old region",
        ]));
    });

    it("lists the accounts the checks read from", () => {
        assert.deepStrictEqual(liveAccountKeys(inventory), ["genai", "data", "app-chat", "app-search"]);
    });
});
