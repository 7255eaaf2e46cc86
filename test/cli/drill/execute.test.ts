import * as assert from "assert";
import { PhaseResult } from "../../../cli/drill/checks";
import { ExecuteResult, executeFailover } from "../../../cli/drill/execute";
import { DrillDirection } from "../../../cli/drill/readiness";
import { FakeClock, FakeWorkspace, FakeWorkspaceBehaviour } from "../../fixtures/drill/workspace";

const failover: DrillDirection = { kind: "failover", from: "us-east-1", to: "us-west-2", activeRegion: "us-east-1" };
const failback: DrillDirection = { kind: "failback", from: "us-west-2", to: "us-east-1", activeRegion: "us-west-2" };

interface Drill {
    readonly result: ExecuteResult;
    readonly workspace: FakeWorkspace;
    readonly output: string[];
    readonly verifyRuns: number;
}

async function drill(options: { original?: string; direction?: DrillDirection; behaviour?: FakeWorkspaceBehaviour; verifyPasses?: boolean; rtoMinutes?: number | null } = {}): Promise<Drill> {
    const clock = new FakeClock("2026-03-01T10:00:00.000Z");
    const workspace = new FakeWorkspace(options.original, clock, options.behaviour);
    const output: string[] = [];
    let verifyRuns = 0;
    const result = await executeFailover({
        workspace,
        stack: "prod",
        direction: options.direction ?? failover,
        primaryRegion: "us-east-1",
        rtoMinutes: options.rtoMinutes === null ? undefined : options.rtoMinutes ?? 60,
        now: clock.now,
        onOutput: (text) => output.push(text),
        verify: async (): Promise<PhaseResult> => {
            verifyRuns += 1;
            const startedAt = clock.now().toISOString();
            clock.advance(45_000);
            const verdict = options.verifyPasses === false ? "fail" as const : "pass" as const;
            return {
                name: "verify", scope: "AWS in us-west-2, read-only", startedAt, finishedAt: clock.now().toISOString(),
                checks: [{ name: "genai/guardrail acme-ai-prod-guardrail", verdict, message: verdict === "pass" ? "READY" : "FAILED" }, { name: "genai/model x", verdict: "pass", message: "ACTIVE" }],
            };
        },
    });
    return { result, workspace, output, verifyRuns };
}

describe("lz drill --execute (fake Automation API)", () => {
    it("fails over: sets activeRegion, runs up, verifies, and times every step", async () => {
        const { result, workspace, output } = await drill();
        assert.deepStrictEqual(workspace.calls, ["getActiveRegion", "setActiveRegion us-west-2", 'up "lz drill: failover of prod from us-east-1 to us-west-2"']);
        assert.strictEqual(workspace.activeRegion, "us-west-2");
        assert.deepStrictEqual(output, ["Updating (prod)\n"]);
        assert.strictEqual(result.outcome, "switched");
        assert.deepStrictEqual(result.steps.map((step) => [step.name, step.outcome, step.startedAt, step.durationMs, step.detail]), [
            ["read-config", "ok", "2026-03-01T10:00:00.000Z", 0, "landing-zone:environment.activeRegion is unset (the primary region us-east-1)"],
            ["set-config", "ok", "2026-03-01T10:00:00.000Z", 2000, "landing-zone:environment.activeRegion set to us-west-2 (was unset (the primary region us-east-1))"],
            ["up", "ok", "2026-03-01T10:00:02.000Z", 420_000, "pulumi up succeeded: 4 resource operations (update 4)"],
            ["verify", "ok", "2026-03-01T10:07:02.000Z", 45_000, "2 live checks pass in us-west-2"],
        ]);
        assert.deepStrictEqual(result.rto, {
            startedAt: "2026-03-01T10:00:00.000Z",
            verifiedAt: "2026-03-01T10:07:47.000Z",
            measuredMs: 467_000,
            declaredMinutes: 60,
            withinObjective: true,
        });
        assert.strictEqual(result.summary, "failed over: prod is active in us-west-2, verified 7 min 47 s after the switch, within the declared RTO of 60 min");
        assert.strictEqual(result.verify?.name, "verify");
    });

    it("reports a failover slower than the declared RTO", async () => {
        const { result } = await drill({ behaviour: { upMs: 70 * 60_000 } });
        assert.strictEqual(result.rto?.withinObjective, false);
        assert.strictEqual(result.summary, "failed over: prod is active in us-west-2, verified 70 min 47 s after the switch, beyond the declared RTO of 60 min");
    });

    it("measures the RTO even when none is declared", async () => {
        const { result } = await drill({ rtoMinutes: null });
        assert.strictEqual(result.rto?.withinObjective, undefined);
        assert.strictEqual(result.summary, "failed over: prod is active in us-west-2, verified 7 min 47 s after the switch, no RTO is declared to compare with");
    });

    it("restores the config when up fails midway and says what state the stack is in", async () => {
        const { result, workspace, verifyRuns } = await drill({
            behaviour: {
                upMs: 3 * 60_000,
                up: () => ({ ok: false, operations: 3, changes: { update: 2, create: 1 }, error: "error: update failed / aws:ssm/parameter:Parameter (prod-app-chat-active-region): AccessDeniedException" }),
                state: { lastUpdate: { kind: "update", result: "failed", version: 42, resourceChanges: { update: 2, create: 1 } }, pendingOperations: 0 },
            },
        });
        assert.deepStrictEqual(workspace.calls, [
            "getActiveRegion", "setActiveRegion us-west-2", 'up "lz drill: failover of prod from us-east-1 to us-west-2"', "setActiveRegion (remove)", "describe",
        ]);
        assert.strictEqual(workspace.activeRegion, undefined, "the setting is removed again, as it was before the drill");
        assert.strictEqual(verifyRuns, 0);
        assert.strictEqual(result.outcome, "up-failed");
        assert.strictEqual(result.rto, undefined);
        assert.deepStrictEqual(result.steps.map((step) => [step.name, step.outcome]), [["read-config", "ok"], ["set-config", "ok"], ["up", "failed"], ["restore-config", "ok"], ["describe-stack", "ok"]]);
        assert.strictEqual(result.steps[2].detail,
            "pulumi up failed after 3 resource operations (update 2, create 1): error: update failed / aws:ssm/parameter:Parameter (prod-app-chat-active-region): AccessDeniedException");
        assert.strictEqual(result.stackState,
            "up failed after 3 resource operations (update 2, create 1); config restored to activeRegion=unset (the primary region us-east-1); "
            + "the stack's last update (#42) failed with update 2, create 1; "
            + "the 3 resource operations done before the failure stay applied: run `pulumi up -s prod` to converge on the restored config");
        assert.strictEqual(result.summary, `failover of prod to us-west-2 failed: ${result.stackState}`);
    });

    it("says to refresh first when the failed up left operations pending", async () => {
        const { result } = await drill({
            original: "us-east-1",
            behaviour: {
                up: () => ({ ok: false, operations: 1, changes: { update: 1 }, error: "interrupted" }),
                state: { lastUpdate: { kind: "update", result: "failed", version: 43 }, pendingOperations: 2 },
            },
        });
        assert.strictEqual(result.stackState,
            "up failed after 1 resource operation (update 1); config restored to activeRegion=us-east-1; the stack's last update (#43) failed; 2 operations were left pending; "
            + "run `pulumi refresh -s prod` to clear the pending operations, then `pulumi up -s prod` to converge");
    });

    it("says exactly how to restore the config by hand when restoring it fails", async () => {
        const { result, workspace } = await drill({
            original: "us-east-1",
            behaviour: { failSetting: "us-east-1", up: () => ({ ok: false, operations: 0, changes: {}, error: "preview failed" }), state: { lastUpdate: { kind: "update", result: "failed", version: 44 } } },
        });
        assert.strictEqual(workspace.activeRegion, "us-west-2");
        assert.deepStrictEqual(result.steps.map((step) => [step.name, step.outcome]), [["read-config", "ok"], ["set-config", "ok"], ["up", "failed"], ["restore-config", "failed"], ["describe-stack", "ok"]]);
        assert.strictEqual(result.stackState,
            "up failed after 0 resource operations (none); config NOT restored (error: could not save Pulumi.prod.yaml: permission denied): the stack config still says activeRegion=us-west-2; "
            + "run `pulumi config set --path landing-zone:environment.activeRegion us-east-1 -s prod`; the stack's last update (#44) failed; no resource was changed");
    });

    it("fails back to the primary region", async () => {
        const { result, workspace } = await drill({ original: "us-west-2", direction: failback });
        assert.deepStrictEqual(workspace.calls, ["getActiveRegion", "setActiveRegion us-east-1", 'up "lz drill: failback of prod from us-west-2 to us-east-1"']);
        assert.strictEqual(workspace.activeRegion, "us-east-1");
        assert.strictEqual(result.outcome, "switched");
        assert.strictEqual(result.originalActiveRegion, "us-west-2");
        assert.strictEqual(result.steps[1].detail, "landing-zone:environment.activeRegion set to us-east-1 (was us-west-2)");
        assert.strictEqual(result.summary, "failed back: prod is active in us-east-1, verified 7 min 47 s after the switch, within the declared RTO of 60 min");
    });

    it("changes nothing when the stack is already active in the target region", async () => {
        const { result, workspace } = await drill({ original: "us-west-2" });
        assert.deepStrictEqual(workspace.calls, ["getActiveRegion"]);
        assert.strictEqual(result.outcome, "already-active");
        assert.strictEqual(result.summary, "prod is already active in us-west-2 (landing-zone:environment.activeRegion is us-west-2); nothing was changed");
    });

    it("leaves the stack switched but unverified when the live checks fail after up", async () => {
        const { result, workspace } = await drill({ verifyPasses: false });
        assert.strictEqual(workspace.activeRegion, "us-west-2", "a deployed failover is not rolled back behind the operator's back");
        assert.strictEqual(result.outcome, "verify-failed");
        assert.strictEqual(result.rto, undefined);
        assert.deepStrictEqual(result.steps.map((step) => [step.name, step.outcome, step.detail]).slice(-1), [["verify", "failed", "1 of 2 live checks fail in us-west-2"]]);
        assert.strictEqual(result.summary,
            "failover of prod to us-west-2 is deployed but not verified: 1 of 2 live checks fail in us-west-2; fix them, or fail back with `lz drill prod --failback --execute`");
    });
});
