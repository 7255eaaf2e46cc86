import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { ApplyGuardrailCommand, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { parseDocument } from "yaml";
import { DrillOptions, DrillOutcome, runDrill } from "../../../cli/drill/command";
import { DrillReport } from "../../../cli/drill/report";
import { PlanGraph } from "../../../cli/engine/graph";
import { main } from "../../../cli/main";
import { AwsWorld, healthyAws, liveAccountIds } from "../../fixtures/drill/aws";
import { readyProd, readyProdConfigFile, shippedProd, tempDir, withoutResource, writeTempGraph } from "../../fixtures/drill/graphs";
import { FakeClock, FakeWorkspace } from "../../fixtures/drill/workspace";
import { projectDir } from "../../fixtures/plans";

async function lz(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "lz", ...args], { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
    return { code, out, err };
}

function reportsIn(dir: string): DrillReport[] {
    return fs.readdirSync(dir).filter((file) => file.endsWith(".json")).map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
}

function accountIdsFile(): string {
    const file = path.join(tempDir(), "ids.json");
    fs.writeFileSync(file, JSON.stringify({ prod: liveAccountIds }));
    return file;
}

/** The ready prod config with `activeRegion` set, as it stands after a failover was reconciled. */
function configActiveIn(region: string): string {
    const document = parseDocument(fs.readFileSync(readyProdConfigFile(), "utf8"));
    document.setIn(["config", "landing-zone:environment", "activeRegion"], region);
    const file = path.join(tempDir(), "Pulumi.prod.yaml");
    fs.writeFileSync(file, document.toString());
    return file;
}

let readyGraphFile: string;
let shippedGraphFile: string;
let readyGraph: PlanGraph;

describe("lz drill", function () {
    this.timeout(300_000);
    before(async () => {
        // Plans made by the program and saved for --graph, as a user would with `lz plan prod --json`.
        readyGraph = await readyProd();
        readyGraphFile = writeTempGraph(readyGraph);
        shippedGraphFile = writeTempGraph(await shippedProd());
    });

    describe("command line", () => {
        it("passes the ready prod plan, in a table no wider than 100 columns, and writes both reports", async () => {
            const reportDir = tempDir();
            const result = await lz("drill", "prod", "--to", "us-west-2", "--graph", readyGraphFile, "--config-file", readyProdConfigFile(), "--report-dir", reportDir);
            assert.strictEqual(result.code, 0, result.err);
            const lines = result.out.trimEnd().split("\n");
            assert.strictEqual(lines[0], "prod: failover us-east-1 → us-west-2 (readiness)");
            assert.match(lines[1], /^readiness: plan graph, offline · \d+ checks, 0 failed$/);
            assert.deepStrictEqual(lines.filter((line) => line.length > 100), []);
            assert.match(lines[lines.length - 1], /^ready: prod can fail over to us-west-2 \(\d+ readiness checks pass\)$/);
            const [report] = reportsIn(reportDir);
            assert.deepStrictEqual([report.mode, report.verdict, report.exitCode, report.direction], ["readiness", "pass", 0, "failover"]);
            // The command evaluates the target region's access claims with the simulator: none is left unevaluated.
            assert.deepStrictEqual(report.phases[0].checks.filter((check) => check.verdict === "skip").map((check) => [check.name, check.message]), []);
            assert.deepStrictEqual(report.phases[0].checks.filter((check) => check.name.startsWith("access ")).map((check) => [check.name, check.verdict]), [
                ["access invoke anthropic.claude-sonnet-4-6 with the us-west-2 guardrail (chat)", "pass"],
                ["access retrieve from the us-west-2 knowledge base (chat)", "pass"],
                ["access invoke anthropic.claude-sonnet-4-6 with the us-west-2 guardrail (search)", "pass"],
                ["access retrieve from the us-west-2 knowledge base (search)", "pass"],
                ["access read the us-west-2 replica of acme-ai-prod-chat-sessions (chat)", "pass"],
                ["access read the us-west-2 replica of acme-ai-prod-search-sessions (search)", "pass"],
                ["access accelerator role reads model artifacts in us-west-2", "pass"],
            ]);
        });

        it("passes the shipped prod, and fails with exit 1 a plan whose chat-inference reservation lost its DR twin, naming it", async () => {
            const shipped = await lz("drill", "prod", "--to", "us-west-2", "--graph", shippedGraphFile, "--report-dir", tempDir());
            assert.strictEqual(shipped.code, 0, shipped.err);
            const graph = await shippedProd();
            const twin = graph.resources.find((resource) => resource.name === "prod-genai-capacity-us-west-2-chat-inference");
            assert.ok(twin, "the shipped prod holds chat-inference in us-west-2");
            const result = await lz("drill", "prod", "--to", "us-west-2", "--graph", writeTempGraph(withoutResource(graph, twin.urn)), "--report-dir", tempDir());
            assert.strictEqual(result.code, 1);
            assert.match(result.err, /^not ready: 2 of \d+ readiness checks fail; prod cannot fail over to us-west-2 yet\n$/);
            assert.deepStrictEqual(result.out.split("\n").filter((line) => line.startsWith("FAIL")), [
                "FAIL  replica genai/capacity-reservation acme-ai-prod-chat-inference",
                "FAIL  capacity chat-inference in us-west-2",
            ]);
        });

        it("explains plainly why dev is not ready, from its real plan", async () => {
            const result = await lz("drill", "dev", "--to", "us-west-2", "--report-dir", tempDir());
            assert.strictEqual(result.code, 1);
            assert.strictEqual(result.err, "not ready: DR is off for dev (landing-zone:environment.dr.enabled is false in Pulumi.dev.yaml); turn it on to provision replicas in us-west-2\n");
        });

        describe("exits 2 with one line on a usage mistake, before planning and without a report", () => {
            const cases: [string, () => string[], string][] = [
                ["a region that is not the DR region", () => ["prod", "--to", "eu-west-1"],
                    "--to eu-west-1 is not prod's DR region us-west-2 (landing-zone:environment.drRegion) nor its primary region us-east-1: drill with --to us-west-2."],
                ["failback while the primary region is active", () => ["prod", "--failback"],
                    "prod cannot fail back to us-east-1: it is active in its primary region (landing-zone:environment.activeRegion in Pulumi.prod.yaml), so there is nothing to fail back from: drill the failover with --to us-west-2."],
                ["--failback with the DR region as target", () => ["prod", "--failback", "--to", "us-west-2"],
                    "--failback returns to the primary region us-east-1, not us-west-2: drop --to, or drill a failover with --to us-west-2 without --failback."],
                ["a failover to the region already active", () => ["prod", "--to", "us-west-2", "--config-file", configActiveIn("us-west-2")],
                    "prod cannot fail over to us-west-2: it is already active in us-west-2 (landing-zone:environment.activeRegion in Pulumi.prod.yaml): drill the way back with --failback."],
                ["--execute with --reconcile", () => ["prod", "--to", "us-west-2", "--execute", "--reconcile"],
                    "--execute and --reconcile are two steps: --execute switches in the target region now, --reconcile updates the stack once the other region answers; give one."],
                ["an unknown region", () => ["prod", "--to", "us-west-9"], '--to must be an AWS region name such as "us-west-2" (got "us-west-9").'],
                ["no target", () => ["prod"], "say where to drill: --to <region> (the DR region), or --failback to return to the primary region."],
                ["the organization stack", () => ["organization", "--to", "us-west-2"], 'Stack "organization" is the organization stack; drills run on environment stacks (dev, staging, prod).'],
                ["account IDs without AWS", () => ["prod", "--to", "us-west-2", "--account-ids", "ids.json"], "--account-ids is only used with --live, --execute or --reconcile."],
            ];
            for (const [what, args, message] of cases) {
                it(what, async () => {
                    const reportDir = tempDir();
                    const result = await lz("drill", ...args(), "--report-dir", reportDir);
                    assert.strictEqual(result.err, `${message}\n`);
                    assert.strictEqual(result.code, 2);
                    assert.deepStrictEqual(fs.readdirSync(reportDir), []);
                });
            }
        });
    });

    describe("--live and --execute (aws-sdk-client-mock)", () => {
        let world: AwsWorld;
        let clock: FakeClock;
        let sts: AwsClientStub<STSClient>;
        beforeEach(() => {
            // AWS as `pulumi up` of the drilled plan leaves it.
            world = healthyAws(readyGraph);
            clock = new FakeClock("2026-03-01T10:00:00.000Z");
            // The invoke roles' sessions: each one's access key names its role, so a call shows whose credentials it carried.
            sts = mockClient(STSClient);
            sts.onAnyCommand().rejects(new Error("test mock: unexpected STS call"));
            sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => ({
                Credentials: { AccessKeyId: `ASIA-${input.RoleArn.split("/").pop()}`, SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 900_000) },
            }));
        });
        afterEach(() => {
            world.restore();
            sts.restore();
        });

        /** The access key each call of `command` was signed with, by client region. */
        async function callersOf(stub: AwsClientStub<any>, command: any): Promise<string[]> {
            return Promise.all(stub.commandCalls(command).map(async (call) => {
                const client = call.thisValue as { config: { credentials(): Promise<{ accessKeyId: string }>; region(): Promise<string> } };
                return `${(await client.config.credentials()).accessKeyId} in ${await client.config.region()}`;
            }));
        }

        async function drill(options: DrillOptions, extra: { workspace?: FakeWorkspace; graph?: string } = {}): Promise<{ outcome: DrillOutcome; out: string[]; err: string[] }> {
            const out: string[] = [];
            const err: string[] = [];
            const outcome = await runDrill("prod", { to: "us-west-2", graph: extra.graph ?? readyGraphFile, configFile: readyProdConfigFile(), reportDir: tempDir(), accountIds: accountIdsFile(), ...options }, {
                projectDir,
                out: (text) => out.push(text),
                err: (text) => err.push(text),
                stream: () => undefined,
                now: clock.now,
                clientFactory: () => world.factory,
                openWorkspace: async () => {
                    if (!extra.workspace) {
                        throw new Error("test: no workspace expected");
                    }
                    return extra.workspace;
                },
                retry: { sleep: async () => undefined },
                sleep: async (ms) => clock.advance(ms),
            });
            return { outcome, out, err };
        }

        const skipped = (outcome: DrillOutcome) => outcome.report.phases.flatMap((phase) => phase.checks.filter((check) => check.verdict === "skip").map((check) => check.name));

        it("--live passes the ready prod and names what it could not check", async () => {
            const { outcome } = await drill({ live: true });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.deepStrictEqual(skipped(outcome), [
                "access claims in us-west-2",
                "genai/ecr-repository acme-ai-prod/neuron-inference", "genai/vector-store acme-ai-prod-genai-vectors",
                "genai/knowledge-base acme-ai-prod-knowledge-base", "genai/invoke-permissions acme-ai-prod-genai-invoke-models",
            ]);
        });

        it("--execute switches with every us-east-1 call failing, writing only in us-west-2, and says what it skipped", async () => {
            world.down("us-east-1");
            const { outcome } = await drill({ execute: true, knowledgeBaseId: "B0HKH59O9N" });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.deepStrictEqual(world.writes, [
                "444455556666/us-west-2 PutParameter /acme-ai/prod/drill-lock",
                "444455556666/us-west-2 PutParameter /acme-ai/prod/genai/catalogue",
                "777788889999/us-west-2 PutParameter /acme-ai/prod/active-region",
                "123412341234/us-west-2 PutParameter /acme-ai/prod/active-region",
                "444455556666/us-west-2 DeleteParameter /acme-ai/prod/drill-lock",
            ]);
            assert.strictEqual(world.parameters.get("777788889999/us-west-2//acme-ai/prod/active-region"), "us-west-2");
            assert.strictEqual(world.parameters.get("777788889999/us-east-1//acme-ai/prod/active-region"), "us-east-1");
            assert.strictEqual(JSON.parse(world.parameters.get("444455556666/us-west-2//acme-ai/prod/genai/catalogue")!).activeRegion, "us-west-2");
            assert.deepStrictEqual(outcome.report.steps.map((step) => [step.name, step.outcome]), [
                ["lock", "ok"], ["canary", "ok"], ["switch genai", "ok"], ["switch app-chat", "ok"], ["switch app-search", "ok"], ["verify", "ok"], ["measure-rpo", "ok"], ["unlock", "ok"],
            ]);
            const verify = outcome.report.phases.find((phase) => phase.name === "verify")!;
            const notChecked = verify.checks.filter((check) => check.verdict === "skip");
            assert.deepStrictEqual(notChecked.filter((check) => check.message.startsWith("not checked: us-east-1 did not answer")).map((check) => check.name), [
                "genai/s3-replication acme-ai-prod-model-artifacts-906602663697-us-east-1",
                "genai/s3-replication-lag acme-ai-prod-model-artifacts-906602663697-us-east-1",
                "data/s3-replication acme-ai-prod-docs-210987654321-us-east-1",
                "data/s3-replication-lag acme-ai-prod-docs-210987654321-us-east-1",
            ]);
            assert.deepStrictEqual(verify.checks.filter((check) => check.name.startsWith("e2e")).map((check) => [check.name, check.verdict]), ["chat", "search"].flatMap((application) => [
                [`e2e assume invoke role (${application})`, "pass"], [`e2e ApplyGuardrail (${application})`, "pass"],
                [`e2e Converse anthropic.claude-sonnet-4-6 (${application})`, "pass"], [`e2e Retrieve (${application})`, "pass"],
            ]));
            assert.deepStrictEqual(notChecked.filter((check) => check.name === "rpo canary").map((check) => check.message), [
                "not measured: could not write the object in acme-ai-prod-docs-210987654321-us-east-1 (us-east-1): TimeoutError: connect ETIMEDOUT us-east-1",
                "not measured: could not write the item in acme-ai-prod-chat-sessions (us-east-1): TimeoutError: connect ETIMEDOUT us-east-1",
            ]);
            assert.deepStrictEqual(outcome.report.rpo, { declaredMinutes: 15, note: "not measured: a canary could not be written in the region left" });
            assert.strictEqual(outcome.report.rto.withinObjective, true);
            assert.match(outcome.summary, /^failed over: prod is active in us-west-2, first end-to-end call .* after the decision, within the declared RTO of 60 min; RPO not measured: .*; \d+ not checked \(see the skip rows\)$/);
            assert.match(outcome.report.stackState ?? "", /^once us-east-1 answers, run `lz drill prod --to us-west-2 --reconcile`/);
        });

        it("--execute measures the RPO with canaries and the RTO from the decision to the first end-to-end call", async () => {
            world.s3.on(HeadObjectCommand).rejectsOnce(Object.assign(new Error("Not Found"), { name: "NotFound" })).resolves({});
            const { outcome } = await drill({ execute: true });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.deepStrictEqual(world.writes.filter((write) => !write.includes("Parameter")), [
                "210987654321/us-east-1 PutObject acme-ai-prod-docs-210987654321-us-east-1/lz-drill-canary/prod-2026-03-01T10-00-00-000Z",
                "777788889999/us-east-1 PutItem acme-ai-prod-chat-sessions",
            ]);
            const rows = outcome.report.phases.find((phase) => phase.name === "verify")!.checks.filter((check) => check.name.startsWith("rpo canary"));
            assert.deepStrictEqual(rows.map((check) => [check.name, check.verdict, check.message]), [
                ["rpo canary object acme-ai-prod-docs-210987654321-us-west-2", "pass",
                    "written in us-east-1 at 2026-03-01T10:00:00.000Z, seen in us-west-2 after 5.0 s, within the RPO of 15 min"],
                ["rpo canary item acme-ai-prod-chat-sessions", "pass",
                    "written in us-east-1 at 2026-03-01T10:00:00.000Z, seen in us-west-2 after 5.0 s, within the RPO of 15 min"],
            ]);
            assert.deepStrictEqual(outcome.report.rpo, { declaredMinutes: 15, measuredMs: 5000, withinObjective: true, note: "the slowest canary's time from its write to its arrival in the target" });
            assert.deepStrictEqual([outcome.report.rto.measuredMs, outcome.report.rto.withinObjective], [0, true]);
            assert.match(fs.readFileSync(outcome.files.markdown, "utf8"), /^\| RPO \| measured 5\.0 s against declared 15 min \(within\); the slowest canary's time from its write to its arrival in the target \|$/m);
        });

        it("--execute calls Bedrock end to end as each application's invoke role, assumed in the target with the workload's session tags", async () => {
            const { outcome } = await drill({ execute: true, knowledgeBaseId: "B0HKH59O9N" });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.deepStrictEqual(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input), ["chat", "search"].map((application) => ({
                RoleArn: `arn:aws:iam::444455556666:role/acme-ai-prod-genai-invoke-${application}`, RoleSessionName: "lz-drill-prod", DurationSeconds: 900,
                Tags: [{ Key: "tenant", Value: "acme" }, { Key: "data-classification", Value: "public" }],
            })));
            assert.deepStrictEqual(await Promise.all(sts.commandCalls(AssumeRoleCommand).map((call) => (call.thisValue as STSClient).config.region())), ["us-west-2", "us-west-2"]);
            const asInvokeRoles = ["ASIA-acme-ai-prod-genai-invoke-chat in us-west-2", "ASIA-acme-ai-prod-genai-invoke-search in us-west-2"];
            assert.deepStrictEqual(await callersOf(world.bedrockRuntime, ApplyGuardrailCommand), asInvokeRoles);
            assert.deepStrictEqual(await callersOf(world.bedrockRuntime, ConverseCommand), asInvokeRoles);
            assert.deepStrictEqual(await callersOf(world.bedrockAgentRuntime, RetrieveCommand), asInvokeRoles);
            const verify = outcome.report.phases.find((phase) => phase.name === "verify")!;
            assert.strictEqual(verify.checks.find((check) => check.name === "e2e assume invoke role (chat)")!.message,
                "arn:aws:iam::444455556666:role/acme-ai-prod-genai-invoke-chat assumed in us-west-2 with tenant=acme, data-classification=public");
        });

        it("--execute says the chain is not proven when STS refuses an invoke role, and verifies that application's calls as the genAI access role", async () => {
            const search = "arn:aws:iam::444455556666:role/acme-ai-prod-genai-invoke-search";
            sts.on(AssumeRoleCommand, { RoleArn: search }).rejects(Object.assign(
                new Error("User: arn:aws:sts::444455556666:assumed-role/admin/me is not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" }));
            const { outcome } = await drill({ execute: true, knowledgeBaseId: "B0HKH59O9N" });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            const rows = outcome.report.phases.find((phase) => phase.name === "verify")!.checks.filter((check) => check.name.includes("(search"));
            assert.deepStrictEqual(rows.map((check) => [check.name, check.verdict]), [
                ["e2e assume invoke role (search)", "skip"],
                ["e2e ApplyGuardrail (search, as the genAI access role)", "pass"],
                ["e2e Converse anthropic.claude-sonnet-4-6 (search, as the genAI access role)", "pass"],
                ["e2e Retrieve (search, as the genAI access role)", "pass"],
            ]);
            assert.strictEqual(rows[0].message, `not proven: could not assume ${search} in us-west-2 with tenant=acme, data-classification=public: `
                + "User: arn:aws:sts::444455556666:assumed-role/admin/me is not authorized to perform: sts:AssumeRole "
                + "(its trust admits only the search workload role); search's calls below ran as the genAI access role");
            // chat's calls carry its invoke role's session, search's the access role's (the test factory's "test" key).
            assert.deepStrictEqual(await callersOf(world.bedrockRuntime, ApplyGuardrailCommand), ["ASIA-acme-ai-prod-genai-invoke-chat in us-west-2", "test in us-west-2"]);
            assert.strictEqual(sts.commandCalls(AssumeRoleCommand, { RoleArn: search }).length, 1);
            assert.match(outcome.summary, /^failed over: prod is active in us-west-2, .*; \d+ not checked \(see the skip rows\)$/);
        });

        it("--execute retrieves from the knowledge base the deployed stack's outputs name in the target, and the flag overrides them", async () => {
            const outputs = { drInventory: structuredClone(readyGraph.outputs.drInventory) as { kind: string; replica: { arn?: string } }[] };
            outputs.drInventory.find((entry) => entry.kind === "knowledge-base")!.replica.arn = "arn:aws:bedrock:us-west-2:444455556666:knowledge-base/KBWEST0001";
            const file = path.join(tempDir(), "prod-outputs.json");
            fs.writeFileSync(file, JSON.stringify(outputs));
            const { outcome } = await drill({ execute: true, stackOutputs: file });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.deepStrictEqual(world.bedrockAgentRuntime.commandCalls(RetrieveCommand).map((call) => call.args[0].input.knowledgeBaseId), ["KBWEST0001", "KBWEST0001"]);
            assert.match(outcome.report.phases.find((phase) => phase.name === "verify")!.checks.find((check) => check.name === "e2e Retrieve (chat)")!.message,
                /^knowledge base KBWEST0001 \(from prod-outputs\.json\) returned 1 results in us-west-2$/);
            world.bedrockAgentRuntime.resetHistory();
            await drill({ execute: true, stackOutputs: file, knowledgeBaseId: "OVERRIDE01" });
            assert.deepStrictEqual(world.bedrockAgentRuntime.commandCalls(RetrieveCommand).map((call) => call.args[0].input.knowledgeBaseId), ["OVERRIDE01", "OVERRIDE01"]);
        });

        it("--execute without the deployed outputs says why it skips the Retrieve, and a bad outputs file is a usage error", async () => {
            const { outcome } = await drill({ execute: true });
            assert.deepStrictEqual(outcome.report.phases.find((phase) => phase.name === "verify")!.checks.filter((check) => check.name.startsWith("e2e Retrieve")).map((check) => [check.verdict, check.message]), [[
                "skip", "not called: the knowledge base's ID in us-west-2 is assigned by AWS and the offline plan holds only a placeholder; pass --stack-outputs (`pulumi stack output --json -s prod`) or --knowledge-base-id to include retrieval",
            ]]);
            const file = path.join(tempDir(), "outputs.json");
            fs.writeFileSync(file, JSON.stringify({ accounts: {} }));
            await assert.rejects(drill({ execute: true, stackOutputs: file }), {
                name: "DrillUsageError",
                message: `--stack-outputs ${file} has no valid drInventory output (the outputs of stack prod); save them with \`pulumi stack output --json -s prod > outputs.json\`.`,
            });
            await assert.rejects(drill({ live: true, stackOutputs: file }), { message: "--stack-outputs is only used with --execute (for the knowledge base ID of its end-to-end Retrieve)." });
        });

        it("--execute changes nothing while another drill holds the lock", async () => {
            world.parameters.set("444455556666/us-west-2//acme-ai/prod/drill-lock", "lz-drill-prod since 2026-03-01T09:55:00.000Z (failover to us-west-2)");
            const { outcome } = await drill({ execute: true });
            assert.strictEqual(outcome.exitCode, 1);
            assert.strictEqual(outcome.summary, "not executed: another drill holds /acme-ai/prod/drill-lock in us-west-2 (lz-drill-prod since 2026-03-01T09:55:00.000Z (failover to us-west-2)); "
                + "wait for it, or delete the parameter if that drill is known to be dead; nothing was changed");
            assert.deepStrictEqual(world.writes, []);
        });

        it("--execute fails back to the primary region, writing only there", async () => {
            const graph = structuredClone(readyGraph);
            graph.outputs.dr = { ...(graph.outputs.dr as object), activeRegion: "us-west-2" };
            for (const key of ["777788889999", "123412341234"]) {
                world.parameters.set(`${key}/us-east-1//acme-ai/prod/active-region`, "us-west-2");
                world.parameters.set(`${key}/us-west-2//acme-ai/prod/active-region`, "us-west-2");
            }
            const { outcome } = await drill({ execute: true, failback: true, to: undefined, configFile: configActiveIn("us-west-2") }, { graph: writeTempGraph(graph) });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.strictEqual(outcome.report.direction, "failback");
            assert.deepStrictEqual(world.writes.filter((write) => write.includes("active-region") || write.includes("catalogue")), [
                "444455556666/us-east-1 PutParameter /acme-ai/prod/genai/catalogue",
                "777788889999/us-east-1 PutParameter /acme-ai/prod/active-region",
                "123412341234/us-east-1 PutParameter /acme-ai/prod/active-region",
            ]);
            assert.match(outcome.summary, /^failed back: prod is active in us-east-1/);
        });

        it("--reconcile sets activeRegion and runs `pulumi up --refresh` once both regions answer", async () => {
            const workspace = new FakeWorkspace(undefined, clock, {
                afterUp: () => {
                    for (const key of ["777788889999", "123412341234"]) {
                        world.parameters.set(`${key}/us-west-2//acme-ai/prod/active-region`, "us-west-2");
                    }
                },
            });
            const { outcome } = await drill({ reconcile: true }, { workspace });
            assert.strictEqual(outcome.exitCode, 0, outcome.summary);
            assert.deepStrictEqual(workspace.calls, ["getActiveRegion", "setActiveRegion us-west-2", 'up "lz drill: failover of prod from us-east-1 to us-west-2"']);
            assert.strictEqual(outcome.report.mode, "reconcile");
        });
    });
});
