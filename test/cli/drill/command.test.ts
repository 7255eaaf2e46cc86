import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { GetGuardrailCommand, GetGuardrailCommandOutput } from "@aws-sdk/client-bedrock";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { DrillOptions, DrillOutcome, runDrill } from "../../../cli/drill/command";
import { DrillReport } from "../../../cli/drill/report";
import { main } from "../../../cli/main";
import { AwsWorld, healthyAws, liveAccountIds } from "../../fixtures/drill/aws";
import { devDrOffFile, entryOf, readyProd, readyProdFile, tempDir, withoutResource, writeTempGraph } from "../../fixtures/drill/graphs";
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

describe("lz drill (command line)", () => {
    it("passes the ready prod graph, prints the table and writes both reports", async () => {
        const reportDir = tempDir();
        const result = await lz("drill", "prod", "--to", "us-west-2", "--graph", readyProdFile, "--report-dir", reportDir);
        assert.strictEqual(result.code, 0, result.err);
        const lines = result.out.trimEnd().split("\n");
        assert.strictEqual(lines[0], "prod: failover us-east-1 → us-west-2 (readiness)");
        assert.strictEqual(lines[1], "readiness: plan graph, offline · 37 checks, 0 failed");
        assert.match(lines[2], /^RESULT {2}CHECK {2,}DETAIL$/);
        assert.match(lines[3], /^pass {4}dr-enabled {2,}DR is on for prod: replicas in us-west-2 \(landing-zone:environment\.dr\.enabled in Pulumi\.prod\.yaml\)$/);
        assert.strictEqual(lines.length, 3 + 37 + 2);
        assert.match(lines[40], /^report: \/.*\/prod-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json \(and \.md\)$/);
        assert.strictEqual(lines[41], "ready: prod can fail over to us-west-2 (37 readiness checks pass)");
        assert.strictEqual(result.err, "");
        assert.deepStrictEqual(fs.readdirSync(reportDir).map((file) => path.extname(file)).sort(), [".json", ".md"]);
        const [report] = reportsIn(reportDir);
        assert.deepStrictEqual(
            { mode: report.mode, verdict: report.verdict, exitCode: report.exitCode, direction: report.direction, from: report.fromRegion, target: report.targetRegion, graph: report.graphSource, steps: report.steps },
            { mode: "readiness", verdict: "pass", exitCode: 0, direction: "failover", from: "us-east-1", target: "us-west-2", graph: `--graph ${readyProdFile}`, steps: [] },
        );
        assert.strictEqual(report.revision.configFile, "Pulumi.prod.yaml");
        assert.deepStrictEqual(report.objectives, { rpoMinutes: 15, rtoMinutes: 60 });
        assert.deepStrictEqual(report.rto, { declaredMinutes: 60, note: "not measured: only --execute measures RTO" });
        assert.deepStrictEqual(report.phases.map((phase) => [phase.name, phase.checks.length]), [["readiness", 37]]);
    });

    it("explains plainly why dev is not ready, from its real plan", async () => {
        const reportDir = tempDir();
        const result = await lz("drill", "dev", "--to", "us-west-2", "--report-dir", reportDir);
        assert.strictEqual(result.code, 1);
        assert.strictEqual(result.err, "not ready: DR is off for dev (landing-zone:environment.dr.enabled is false in Pulumi.dev.yaml); turn it on to provision replicas in us-west-2\n");
        assert.match(result.out, /^FAIL {4}dr-enabled {2}DR is off for dev /m);
        assert.strictEqual(reportsIn(reportDir)[0].verdict, "fail");
    });

    it("explains the same from the dev fixture graph", async () => {
        const result = await lz("drill", "dev", "--to", "us-west-2", "--graph", devDrOffFile, "--report-dir", tempDir());
        assert.strictEqual(result.code, 1);
        assert.strictEqual(result.err, "not ready: DR is off for dev (landing-zone:environment.dr.enabled is false in Pulumi.dev.yaml); turn it on to provision replicas in us-west-2\n");
    });

    it("exits 1 when a replica is missing, with the failing rows in the table", async () => {
        const graph = readyProd();
        const file = writeTempGraph(withoutResource(graph, entryOf(graph, "guardrail").replica!.urn));
        const result = await lz("drill", "prod", "--to", "us-west-2", "--graph", file, "--report-dir", tempDir());
        assert.strictEqual(result.code, 1);
        assert.strictEqual(result.err, "not ready: 2 of 37 readiness checks fail; prod cannot fail over to us-west-2 yet\n");
        assert.deepStrictEqual(result.out.split("\n").filter((line) => line.startsWith("FAIL")).map((line) => line.split(/ {2,}/)[1]), [
            "replica genai/guardrail acme-ai-prod-guardrail", "required genai/guardrail in us-west-2",
        ]);
    });

    it("drills the failback once the DR region is active", async () => {
        const graph = readyProd();
        graph.outputs.dr = { ...(graph.outputs.dr as object), activeRegion: "us-west-2" };
        const result = await lz("drill", "prod", "--failback", "--graph", writeTempGraph(graph), "--report-dir", tempDir());
        assert.strictEqual(result.code, 0, result.err);
        assert.match(result.out, /^prod: failback us-west-2 → us-east-1 \(readiness\)$/m);
        assert.match(result.out, /^ready: prod can fail back to us-east-1 \(37 readiness checks pass\)$/m);
    });

    describe("exits 2 on a usage or config mistake, before planning and without a report", () => {
        const cases: [string, string[], string][] = [
            ["an unknown region", ["prod", "--to", "us-west-9"], '--to must be an AWS region name such as "us-west-2" (got "us-west-9").'],
            ["no target", ["prod"], "say where to drill: --to <region> (the DR region), or --failback to return to the primary region."],
            ["an unknown stack", ["nope", "--to", "us-west-2"], 'No stack "nope": there is no Pulumi.nope.yaml. Stacks in this project: dev, organization, prod, staging.'],
            ["the organization stack", ["organization", "--to", "us-west-2"], 'Stack "organization" is the organization stack; drills run on environment stacks (dev, staging, prod).'],
            ["a graph of another stack", ["staging", "--to", "us-west-2", "--graph", readyProdFile], `--graph ${readyProdFile} is the plan of stack "prod", not "staging".`],
            ["account IDs without live checks", ["prod", "--to", "us-west-2", "--account-ids", "ids.json"], "--account-ids is only used with --live or --execute."],
            ["a bad timeout", ["prod", "--to", "us-west-2", "--live", "--timeout", "soon"], '--timeout must be a number of seconds above 0 (got "soon").'],
        ];
        for (const [what, args, message] of cases) {
            it(what, async () => {
                const reportDir = tempDir();
                const result = await lz("drill", ...args, "--report-dir", reportDir);
                assert.strictEqual(result.code, 2);
                assert.strictEqual(result.err, `${message}\n`);
                assert.deepStrictEqual(fs.readdirSync(reportDir), []);
            });
        }

        it("a graph file that is not a plan graph", async () => {
            const file = path.join(tempDir(), "graph.json");
            fs.writeFileSync(file, JSON.stringify({ hello: "world" }));
            const result = await lz("drill", "prod", "--to", "us-west-2", "--graph", file);
            assert.strictEqual(result.code, 2);
            assert.strictEqual(result.err, `--graph ${file} is not a plan graph of schema version 1; save one with \`lz plan prod --json > graph.json\`.\n`);
        });
    });
});

describe("lz drill --live and --execute (mocked AWS, fake Automation API)", () => {
    let world: AwsWorld;
    beforeEach(() => {
        world = healthyAws();
    });
    afterEach(() => world.restore());

    async function drill(options: DrillOptions, extra: { workspace?: FakeWorkspace; clock?: FakeClock; graph?: string } = {}): Promise<{ outcome: DrillOutcome; out: string[]; err: string[]; upOutput: string[] }> {
        const out: string[] = [];
        const err: string[] = [];
        const upOutput: string[] = [];
        const outcome = await runDrill("prod", { to: "us-west-2", graph: extra.graph ?? readyProdFile, reportDir: tempDir(), accountIds: accountIdsFile(), ...options }, {
            projectDir,
            out: (text) => out.push(text),
            err: (text) => err.push(text),
            stream: (text) => upOutput.push(text),
            now: extra.clock?.now,
            clientFactory: () => world.factory,
            openWorkspace: async () => {
                if (!extra.workspace) {
                    throw new Error("test: no workspace expected");
                }
                return extra.workspace;
            },
            retry: { sleep: async () => undefined },
        });
        return { outcome, out, err, upOutput };
    }

    it("--live: readiness, then the account IDs and every live check, with progress on stderr", async () => {
        const { outcome, err } = await drill({ live: true });
        assert.strictEqual(outcome.exitCode, 0, outcome.summary);
        assert.strictEqual(outcome.summary, "ready: prod can fail over to us-west-2 (37 readiness and 24 live checks pass, 4 not checked live)");
        const [, live] = outcome.report.phases;
        assert.strictEqual(live.name, "live");
        assert.deepStrictEqual(live.checks.slice(0, 3).map((check) => [check.name, check.message]), [
            ["account genai", "444455556666 from --account-ids ids.json"],
            ["account app-chat", "777788889999 from --account-ids ids.json"],
            ["account app-search", "123412341234 from --account-ids ids.json"],
        ]);
        assert.strictEqual(live.checks.length, 28);
        assert.strictEqual(err[0], "live: checking prod in AWS (us-west-2), read-only…");
        assert.strictEqual(err.length, 26);
        assert.ok(fs.existsSync(outcome.files.json) && fs.existsSync(outcome.files.markdown));
        assert.strictEqual(JSON.parse(fs.readFileSync(outcome.files.json, "utf8")).mode, "live");
    });

    it("--live: exits 1 when replication lags beyond the RPO", async () => {
        world.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "latency", Values: [1500] }, { Id: "pending", Values: [42] }] });
        const { outcome } = await drill({ live: true });
        assert.strictEqual(outcome.exitCode, 1);
        assert.strictEqual(outcome.summary, "not ready: 2 of 28 live checks fail in us-west-2");
    });

    it("--execute: readiness, preflight, switch, up, verify, with the measured RTO in the report", async () => {
        const clock = new FakeClock("2026-03-01T10:00:00.000Z");
        const workspace = new FakeWorkspace(undefined, clock, {
            // What the program does on up: the active-region parameters now name the DR region.
            afterUp: () => world.ssm.on(GetParameterCommand, { Name: "/acme-ai/prod/active-region" }).resolves({ Parameter: { Name: "/acme-ai/prod/active-region", Value: "us-west-2", Version: 4 } }),
        });
        const { outcome, out, upOutput } = await drill({ execute: true }, { workspace, clock });
        assert.strictEqual(outcome.exitCode, 0, outcome.summary);
        assert.deepStrictEqual(workspace.calls, ["getActiveRegion", "setActiveRegion us-west-2", 'up "lz drill: failover of prod from us-east-1 to us-west-2"']);
        assert.deepStrictEqual(upOutput, ["Updating (prod)\n"]);
        assert.strictEqual(outcome.summary, "failed over: prod is active in us-west-2, verified 7 min 2 s after the switch, within the declared RTO of 60 min");
        const report = outcome.report;
        assert.strictEqual(report.mode, "execute");
        assert.deepStrictEqual(report.phases.map((phase) => [phase.name, phase.checks.filter((check) => check.verdict === "fail").length]), [["readiness", 0], ["preflight", 0], ["verify", 0]]);
        assert.deepStrictEqual(report.steps.map((step) => step.name), ["read-config", "set-config", "up", "verify"]);
        assert.deepStrictEqual(report.rto, {
            declaredMinutes: 60, measuredMs: 422_000, measuredMinutes: 7.03, withinObjective: true,
            startedAt: "2026-03-01T10:00:00.000Z", verifiedAt: "2026-03-01T10:07:02.000Z",
            note: "from setting activeRegion to the live checks passing in the target region",
        });
        assert.match(report.configSha256After ?? "", /^[0-9a-f]{64}$/);
        assert.ok(out.some((line) => line.startsWith("execute: steps\nSTEP")));
    });

    it("--execute: changes nothing when the preflight live checks fail", async () => {
        world.bedrock.on(GetGuardrailCommand).resolves({ guardrailId: "gr7x1k", status: "CREATING", version: "DRAFT" } as GetGuardrailCommandOutput);
        const workspace = new FakeWorkspace(undefined, new FakeClock("2026-03-01T10:00:00.000Z"));
        const { outcome } = await drill({ execute: true }, { workspace });
        assert.strictEqual(outcome.exitCode, 1);
        assert.deepStrictEqual(workspace.calls, []);
        assert.strictEqual(outcome.summary, "not executed: 1 of 28 live checks fail in us-west-2 before the switch; nothing was changed");
        assert.deepStrictEqual(outcome.report.steps, []);
    });

    it("--execute: changes nothing when readiness fails", async () => {
        const graph = readyProd();
        const workspace = new FakeWorkspace(undefined, new FakeClock("2026-03-01T10:00:00.000Z"));
        const { outcome } = await drill({ execute: true }, { workspace, graph: writeTempGraph(withoutResource(graph, entryOf(graph, "knowledge-base").replica!.urn)) });
        assert.strictEqual(outcome.exitCode, 1);
        assert.deepStrictEqual(workspace.calls, []);
        assert.strictEqual(outcome.summary, "not executed: 2 of 37 readiness checks fail; nothing was changed");
        assert.strictEqual(world.requested.length, 0, "no AWS call either");
    });

    it("--execute: a failed up is in the report with the stack's state", async () => {
        const workspace = new FakeWorkspace(undefined, new FakeClock("2026-03-01T10:00:00.000Z"), {
            up: () => ({ ok: false, operations: 2, changes: { update: 2 }, error: "error: 1 error occurred" }),
            state: { lastUpdate: { kind: "update", result: "failed", version: 12 }, pendingOperations: 0 },
        });
        const { outcome } = await drill({ execute: true }, { workspace });
        assert.strictEqual(outcome.exitCode, 1);
        assert.strictEqual(workspace.activeRegion, undefined);
        const written = JSON.parse(fs.readFileSync(outcome.files.json, "utf8")) as DrillReport;
        assert.strictEqual(written.stackState, "up failed after 2 resource operations (update 2); config restored to activeRegion=unset (the primary region us-east-1); "
            + "the stack's last update (#12) failed; the 2 resource operations done before the failure stay applied: run `pulumi up -s prod` to converge on the restored config");
        assert.deepStrictEqual(written.rto, { declaredMinutes: 60, note: "not measured: the failover did not complete and verify" });
        assert.match(fs.readFileSync(outcome.files.markdown, "utf8"), /^## Stack state$/m);
    });

    it("--execute: exits 2 when the Automation API cannot open the stack", async () => {
        await assert.rejects(drill({ execute: true }), (error: Error) => error.name === "DrillUsageError" && error.message === "test: no workspace expected");
    });
});
