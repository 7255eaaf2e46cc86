import { DrInventoryEntry } from "../../accounts/drInventory";
import { environmentKey } from "../../accounts/validate";
import { CheckResult, failures, formatDuration, PhaseResult } from "./checks";
import { MeasuredRto, StepRecord } from "./execute";
import { Canary, endToEnd, EndToEndInput, EndToEndResult, measureRpo, writeCanary } from "./measure";
import { DrillDirection } from "./readiness";
import { acquireLock, DrillLock, DrillLockedError, releaseLock, SwitchContext, switchRegion, switchWrites, timedStep } from "./switch";

/**
 * `--execute`: fail over with the target region alone. Lock, canary, switch, verify, measure, unlock; every step is
 * timed. The stack config is not touched: `--reconcile` brings it (and `pulumi up --refresh`) in line afterwards, once
 * the region the environment left answers again.
 */

export interface MeasuredRpo {
    readonly declaredMinutes?: number;
    /** The largest canary lag, when every canary was written and arrived. */
    readonly measuredMs?: number;
    readonly withinObjective?: boolean;
    readonly note: string;
}

export interface FailoverInput {
    readonly context: SwitchContext;
    readonly stack: string;
    readonly direction: DrillDirection;
    readonly inventory: readonly DrInventoryEntry[];
    /** When the operator decided to fail over: the drill's start. The RTO clock runs from here. */
    readonly decisionAt: Date;
    readonly runId: string;
    readonly lock: DrillLock;
    readonly rpoMinutes?: number;
    readonly rtoMinutes?: number;
    /** The live checks in the target, expecting the active-region parameters to name it. */
    readonly verify: () => Promise<PhaseResult>;
    /** Who the end-to-end calls run as (each application's invoke role) and the knowledge base they retrieve from. */
    readonly endToEnd: Omit<EndToEndInput, "catalogueParameter" | "target">;
    /** Between end-to-end attempts and canary reads. @default 5000 */
    readonly pollMs?: number;
    readonly sleep?: (ms: number) => Promise<void>;
}

export type FailoverOutcome = "switched" | "locked" | "switch-failed" | "verify-failed";

export interface FailoverResult {
    readonly outcome: FailoverOutcome;
    readonly steps: StepRecord[];
    readonly verify?: PhaseResult;
    readonly rto?: MeasuredRto;
    readonly rpo: MeasuredRpo;
    readonly summary: string;
    /** What is left to do: the reconcile, or what still names the old region. */
    readonly stackState: string;
}

const defaultPollMs = 5000;

export async function executeSwitch(input: FailoverInput): Promise<FailoverResult> {
    const { context, stack, direction } = input;
    const now = context.now;
    const steps: StepRecord[] = [];
    const step = (name: string, action: () => Promise<string>) => timedStep(steps, now, name, action, context.progress);
    const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const pollMs = input.pollMs ?? defaultPollMs;
    const reconcile = `once ${direction.from} answers, run \`lz drill ${stack} --to ${direction.to} --reconcile\` (sets ${environmentKey}.activeRegion to ${direction.to} and runs \`pulumi up --refresh\`), then commit the stack config`;
    const noRpo: MeasuredRpo = { declaredMinutes: input.rpoMinutes, note: "not measured: the switch did not happen" };

    let holder: string | undefined;
    const locked = await step("lock", async () => {
        try {
            await acquireLock(context, input.lock);
            return `${input.lock.parameter} taken in ${input.lock.region}`;
        } catch (error) {
            if (error instanceof DrillLockedError) {
                holder = error.holder;
            }
            throw error;
        }
    });
    if (!locked) {
        const why = holder !== undefined
            ? `another drill holds ${input.lock.parameter} in ${input.lock.region} (${holder}); wait for it, or delete the parameter if that drill is known to be dead`
            : `the lock ${input.lock.parameter} could not be taken in ${input.lock.region} (${steps[0].detail})`;
        return { outcome: "locked", steps, rpo: noRpo, stackState: "nothing was changed", summary: `not executed: ${why}; nothing was changed` };
    }

    try {
        let canary: Canary = { writes: [], unwritten: [] };
        if (input.rpoMinutes !== undefined) {
            await step("canary", async () => {
                canary = await writeCanary(context, input.inventory, direction.to, input.runId);
                const written = canary.writes.map((write) => `${write.what} ${write.key} in ${write.source.name} (${write.source.region})`);
                return [written.length > 0 ? `wrote ${written.join(", ")}` : "wrote no canary", ...canary.unwritten.map((reason) => `not written: ${reason}`)].join("; ");
            });
        }

        const writes = switchWrites(input.inventory, direction.to);
        const switched = await switchRegion(context, writes, direction.to);
        steps.push(...switched.steps);
        if (!switched.ok) {
            const failed = switched.steps.filter((step) => step.outcome === "failed").map((step) => `${step.name} (${step.detail})`);
            const state = writes.length === 0
                ? `the DR inventory names no active-region or catalogue parameter in ${direction.to}; nothing was switched`
                : `${failed.length} of ${writes.length} parameters in ${direction.to} still name the old region: ${failed.join("; ")}; re-run --execute to retry them`;
            return { outcome: "switch-failed", steps, rpo: noRpo, stackState: state, summary: `${direction.kind} of ${stack} to ${direction.to} is incomplete: ${state}` };
        }

        // Verify: the live checks, then end-to-end calls until one round passes or the RTO has run out.
        let verify: PhaseResult | undefined;
        let e2e: EndToEndResult | undefined;
        const deadline = input.decisionAt.getTime() + (input.rtoMinutes ?? 60) * 60_000;
        await step("verify", async () => {
            verify = await input.verify();
            const catalogue = writes.find((write) => write.kind === "catalogue-parameter");
            let attempts = 0;
            for (;;) {
                attempts += 1;
                e2e = await endToEnd(context, { ...input.endToEnd, catalogueParameter: catalogue?.parameter ?? "", target: direction.to });
                if (e2e.ok || now().getTime() >= deadline || catalogue === undefined) {
                    break;
                }
                await sleep(pollMs);
            }
            return `${failures(verify.checks).length} of ${verify.checks.length} live checks fail; end-to-end ${e2e.ok ? "passed" : "failed"} after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
        });

        let rpo: MeasuredRpo = { declaredMinutes: input.rpoMinutes, note: "not measured: no RPO is declared" };
        const rpoRows: CheckResult[] = [];
        if (input.rpoMinutes !== undefined) {
            const rpoMinutes = input.rpoMinutes;
            await step("measure-rpo", async () => {
                const measured = await measureRpo(context, canary, rpoMinutes, { pollMs, sleep });
                rpoRows.push(...measured.checks);
                rpo = measured.measuredMs !== undefined
                    ? { declaredMinutes: rpoMinutes, measuredMs: measured.measuredMs, withinObjective: measured.measuredMs <= rpoMinutes * 60_000, note: "the slowest canary's time from its write to its arrival in the target" }
                    : { declaredMinutes: rpoMinutes, note: `not measured: ${canary.unwritten.length > 0 ? "a canary could not be written in the region left" : "a canary did not arrive"}` };
                return rpo.measuredMs !== undefined ? `canaries arrived after up to ${formatDuration(rpo.measuredMs)}` : rpo.note;
            });
        }

        const phase: PhaseResult = {
            ...verify!,
            checks: [...verify!.checks, ...(e2e?.checks ?? []), ...rpoRows],
        };
        const failed = failures(phase.checks);
        const skipped = phase.checks.filter((check) => check.verdict === "skip");
        const skippedText = skipped.length > 0 ? `; ${skipped.length} not checked (see the skip rows)` : "";
        if (failed.length > 0 || !e2e?.ok) {
            return {
                outcome: "verify-failed", steps, verify: phase, rpo,
                stackState: `the parameters in ${direction.to} name it as active, but ${failed.length} of ${phase.checks.length} checks fail there; fix them, or switch back with \`lz drill ${stack} --failback --execute\`; ${reconcile}`,
                summary: `${direction.kind} of ${stack} to ${direction.to} is switched but not verified: ${failed.length} of ${phase.checks.length} checks fail in ${direction.to}${skippedText}`,
            };
        }
        const verifiedAt = e2e.succeededAt!;
        const measuredMs = Date.parse(verifiedAt) - input.decisionAt.getTime();
        const withinObjective = input.rtoMinutes === undefined ? undefined : measuredMs <= input.rtoMinutes * 60_000;
        const rto: MeasuredRto = { startedAt: input.decisionAt.toISOString(), verifiedAt, measuredMs, declaredMinutes: input.rtoMinutes, withinObjective };
        const againstRto = input.rtoMinutes === undefined ? "no RTO is declared" : `${withinObjective ? "within" : "beyond"} the declared RTO of ${input.rtoMinutes} min`;
        const againstRpo = rpo.measuredMs !== undefined ? `; data lag ${formatDuration(rpo.measuredMs)}, ${rpo.withinObjective ? "within" : "beyond"} the RPO of ${rpo.declaredMinutes} min` : `; RPO ${rpo.note}`;
        return {
            outcome: "switched", steps, verify: phase, rto, rpo,
            stackState: reconcile,
            summary: `${direction.kind === "failover" ? "failed over" : "failed back"}: ${stack} is active in ${direction.to}, first end-to-end call ${formatDuration(measuredMs)} after the decision, ${againstRto}${againstRpo}${skippedText}`,
        };
    } finally {
        await step("unlock", async () => {
            await releaseLock(context, input.lock);
            return `${input.lock.parameter} released`;
        });
    }
}
