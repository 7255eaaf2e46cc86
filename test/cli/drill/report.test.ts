import { execFileSync } from "child_process";
import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { configRevision, DrillReport, reportBaseName, rtoRecord, writeReport } from "../../../cli/drill/report";
import { tempDir } from "../../fixtures/drill/graphs";
import { projectDir } from "../../fixtures/plans";

function report(overrides: Partial<DrillReport> = {}): DrillReport {
    return {
        reportVersion: 1,
        project: "genai-landing-zone",
        stack: "prod",
        environment: "prod",
        mode: "reconcile",
        direction: "failover",
        fromRegion: "us-east-1",
        targetRegion: "us-west-2",
        activeRegionBefore: "us-east-1",
        startedAt: "2026-03-01T10:00:00.123Z",
        finishedAt: "2026-03-01T10:08:00.000Z",
        verdict: "pass",
        exitCode: 0,
        summary: "failed over: prod is active in us-west-2, verified 7 min 47 s after the switch, within the declared RTO of 60 min",
        graphSource: "lz plan prod",
        revision: { gitCommit: "0123456789abcdef0123456789abcdef01234567", gitDirty: true, configFile: "Pulumi.prod.yaml", configSha256: "a".repeat(64) },
        configSha256After: "b".repeat(64),
        objectives: { rpoMinutes: 15, rtoMinutes: 60 },
        rto: rtoRecord("reconcile", 60, { startedAt: "2026-03-01T10:00:00.000Z", verifiedAt: "2026-03-01T10:07:47.000Z", measuredMs: 467_000, declaredMinutes: 60, withinObjective: true }),
        phases: [{
            name: "verify", scope: "AWS in us-west-2, read-only", startedAt: "2026-03-01T10:07:02.000Z", finishedAt: "2026-03-01T10:07:47.000Z",
            checks: [
                { name: "genai/guardrail acme-ai-prod-guardrail", verdict: "pass", message: "guardrail acme-ai-prod-guardrail (gr7x1k, version DRAFT) is READY in us-west-2", startedAt: "2026-03-01T10:07:02.000Z", durationMs: 1200 },
                { name: "genai/knowledge-base acme-ai-prod-documents", verdict: "skip", message: "not checked live: a | b" },
            ],
        }],
        steps: [{ name: "up", outcome: "ok", startedAt: "2026-03-01T10:00:02.000Z", finishedAt: "2026-03-01T10:07:02.000Z", durationMs: 420_000, detail: "pulumi up succeeded: 4 resource operations (update 4)" }],
        ...overrides,
    };
}

describe("lz drill reports", () => {
    it("writes <stack>-<timestamp>.json with every field, and never overwrites an earlier report", () => {
        const dir = path.join(tempDir(), "nested", "drill-reports");
        const first = writeReport(report(), dir);
        assert.strictEqual(first.json, path.join(dir, "prod-2026-03-01T10-00-00Z.json"));
        assert.strictEqual(first.markdown, path.join(dir, "prod-2026-03-01T10-00-00Z.md"));
        const written = JSON.parse(fs.readFileSync(first.json, "utf8"));
        assert.deepStrictEqual(written, JSON.parse(JSON.stringify(report())));
        assert.deepStrictEqual(written.rto, {
            declaredMinutes: 60, measuredMs: 467_000, measuredMinutes: 7.78, withinObjective: true,
            startedAt: "2026-03-01T10:00:00.000Z", verifiedAt: "2026-03-01T10:07:47.000Z",
            note: "from setting activeRegion to the live checks passing in the target region",
        });
        const second = writeReport(report(), dir);
        assert.strictEqual(second.json, path.join(dir, "prod-2026-03-01T10-00-00Z-2.json"));
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["prod-2026-03-01T10-00-00Z-2.json", "prod-2026-03-01T10-00-00Z-2.md", "prod-2026-03-01T10-00-00Z.json", "prod-2026-03-01T10-00-00Z.md"]);
    });

    it("writes the markdown evidence: verdict, RTO against the objective, revision, steps and checks", () => {
        const { markdown } = writeReport(report(), tempDir());
        assert.strictEqual(fs.readFileSync(markdown, "utf8"), [
            "# DR drill: prod failover to us-west-2",
            "",
            "**PASS**: failed over: prod is active in us-west-2, verified 7 min 47 s after the switch, within the declared RTO of 60 min",
            "",
            "| | |",
            "|---|---|",
            "| Stack | genai-landing-zone/prod (environment prod) |",
            "| Mode | reconcile |",
            "| Direction | failover us-east-1 → us-west-2 (active before: us-east-1) |",
            "| Started | 2026-03-01T10:00:00.123Z |",
            "| Finished | 2026-03-01T10:08:00.000Z |",
            "| RPO | 15 min |",
            "| RTO | measured 7 min 47 s against declared 60 min (within); from setting activeRegion to the live checks passing in the target region |",
            "| Plan | lz plan prod |",
            "| Commit | 0123456789abcdef0123456789abcdef01234567 (uncommitted changes) |",
            `| Config | Pulumi.prod.yaml sha256 ${"a".repeat(64)}, after the drill ${"b".repeat(64)} |`,
            "| Exit code | 0 |",
            "",
            "## Steps",
            "",
            "| Step | Result | Started | Took | Detail |",
            "|---|---|---|---|---|",
            "| up | ok | 2026-03-01T10:00:02.000Z | 7 min | pulumi up succeeded: 4 resource operations (update 4) |",
            "",
            "## Verify: AWS in us-west-2, read-only",
            "",
            "2 checks, 0 failed; 2026-03-01T10:07:02.000Z to 2026-03-01T10:07:47.000Z.",
            "",
            "| Result | Check | Took | Detail |",
            "|---|---|---|---|",
            "| pass | genai/guardrail acme-ai-prod-guardrail | 1.2 s | guardrail acme-ai-prod-guardrail (gr7x1k, version DRAFT) is READY in us-west-2 |",
            "| skip | genai/knowledge-base acme-ai-prod-documents |  | not checked live: a \\| b |",
            "",
        ].join("\n"));
    });

    it("says in the markdown what state a failed execution left the stack in", () => {
        const { markdown } = writeReport(report({ verdict: "fail", exitCode: 1, stackState: "up failed after 3 resource operations; config restored", rto: rtoRecord("reconcile", 60, undefined) }), tempDir());
        const text = fs.readFileSync(markdown, "utf8");
        assert.match(text, /^\*\*FAIL\*\*: /m);
        assert.match(text, /^## Stack state\n\nup failed after 3 resource operations; config restored$/m);
        assert.match(text, /^\| RTO \| declared 60 min; not measured: the reconcile did not complete and verify \|$/m);
    });

    it("records the project's commit, whether the work tree is dirty, and the config file's hash", () => {
        // A repository of its own, so the test holds in any checkout (or none).
        const repo = tempDir();
        const file = path.join(repo, "Pulumi.prod.yaml");
        fs.copyFileSync(path.join(projectDir, "Pulumi.prod.yaml"), file);
        const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=drill@example.com", "-c", "user.name=drill", ...args], { cwd: repo, stdio: "pipe", encoding: "utf8" });
        git("init", "-q");
        git("add", "Pulumi.prod.yaml");
        git("commit", "-q", "-m", "config");
        const clean = configRevision(repo, file);
        assert.strictEqual(clean.gitCommit, git("rev-parse", "HEAD").trim());
        assert.strictEqual(clean.gitDirty, false);
        assert.strictEqual(clean.configFile, "Pulumi.prod.yaml");
        assert.strictEqual(clean.configSha256, createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
        fs.appendFileSync(file, "# edited\n");
        assert.strictEqual(configRevision(repo, file).gitDirty, true);
    });

    it("records no commit outside a git work tree", () => {
        const dir = tempDir();
        const file = path.join(dir, "Pulumi.prod.yaml");
        fs.writeFileSync(file, "config: {}\n");
        assert.deepStrictEqual(configRevision(dir, file), {
            gitCommit: null, gitDirty: null, configFile: "Pulumi.prod.yaml", configSha256: createHash("sha256").update("config: {}\n").digest("hex"),
        });
    });

    it("names reports after the stack and the start time, safely for a stack path", () => {
        assert.strictEqual(reportBaseName("acme/genai-landing-zone/prod", "2026-03-01T10:00:00.999Z"), "acme-genai-landing-zone-prod-2026-03-01T10-00-00Z");
    });

    it("says why no RTO was measured outside --execute", () => {
        assert.deepStrictEqual(rtoRecord("live", 60, undefined), { declaredMinutes: 60, note: "not measured: only --execute measures RTO" });
    });
});
