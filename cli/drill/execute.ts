import { environmentKey } from "../../accounts/validate";
import { formatDuration, PhaseResult, phasePassed, failures } from "./checks";
import { DrillDirection } from "./readiness";

/**
 * `--execute`: the failover itself. Flipping `landing-zone:environment.activeRegion` and running `pulumi up` is the
 * switch (the program writes the `active-region` parameters applications read); the drill then re-runs the live
 * checks in the target region. Everything that touches Pulumi sits behind FailoverWorkspace, so that the sequence,
 * its timings and its failure handling are tested without the Pulumi CLI.
 */

/** The setting a failover flips, addressed by path inside the structured environment config. */
export const activeRegionPath = `${environmentKey}.activeRegion`;

export interface UpOutcome {
    readonly ok: boolean;
    /** Resource operations the engine completed or attempted (creates, updates, deletes, replacements), unchanged ones excluded. */
    readonly operations: number;
    /** Operations by kind: `{ update: 4, create: 1 }`. */
    readonly changes: Readonly<Record<string, number>>;
    /** The last lines of the CLI's error, when `ok` is false. */
    readonly error?: string;
}

export interface StackState {
    /** The stack's last update as its history records it. */
    readonly lastUpdate?: {
        readonly kind: string;
        readonly result: string;
        readonly version?: number;
        readonly resourceChanges?: Readonly<Record<string, number>>;
    };
    /** Operations the engine started but never finished; they need `pulumi refresh` before the next `up`. */
    readonly pendingOperations?: number;
}

export interface FailoverWorkspace {
    /** `landing-zone:environment.activeRegion` as the stack's config holds it; undefined when unset (the primary region). */
    getActiveRegion(): Promise<string | undefined>;
    /** Sets the value by path, or removes it for undefined, leaving the rest of the environment config alone. */
    setActiveRegion(region: string | undefined): Promise<void>;
    /** `pulumi up`, streaming the CLI's output. Resolves with the outcome; rejects only when `up` could not be started. */
    up(onOutput: (text: string) => void, message: string): Promise<UpOutcome>;
    describe(): Promise<StackState>;
}

export type StepName = "read-config" | "set-config" | "up" | "restore-config" | "describe-stack" | "verify";

export interface StepRecord {
    /** A StepName, or a step of the switch: `lock`, `canary`, `switch app-chat`, `verify`, `measure-rpo`, `unlock`. */
    readonly name: StepName | string;
    readonly outcome: "ok" | "failed";
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly detail: string;
}

export type ExecuteOutcome = "switched" | "already-active" | "config-failed" | "up-failed" | "verify-failed";

export interface MeasuredRto {
    /** When the switch began: the moment the config was set. */
    readonly startedAt: string;
    /** When the live checks in the target region passed. */
    readonly verifiedAt: string;
    readonly measuredMs: number;
    readonly declaredMinutes?: number;
    /** Undefined when no RTO is declared. */
    readonly withinObjective?: boolean;
}

export interface ExecuteResult {
    readonly outcome: ExecuteOutcome;
    readonly steps: StepRecord[];
    readonly verify?: PhaseResult;
    readonly rto?: MeasuredRto;
    /** What state the stack is left in, in words, when the failover did not complete. */
    readonly stackState?: string;
    /** One line for the terminal and the report. */
    readonly summary: string;
    /** The activeRegion value before the drill (undefined: unset). */
    readonly originalActiveRegion?: string;
}

export interface ExecuteInput {
    readonly workspace: FailoverWorkspace;
    readonly stack: string;
    readonly direction: DrillDirection;
    readonly primaryRegion: string;
    readonly rtoMinutes?: number;
    readonly now: () => Date;
    /** Receives `pulumi up`'s output as it comes. */
    readonly onOutput: (text: string) => void;
    /** Re-runs the live checks in the target region, expecting the active-region parameters to say the target. */
    readonly verify: () => Promise<PhaseResult>;
}

function describeChanges(changes: Readonly<Record<string, number>>): string {
    const parts = Object.entries(changes).filter(([, count]) => count > 0).map(([op, count]) => `${op} ${count}`);
    return parts.length > 0 ? parts.join(", ") : "none";
}

function describeValue(region: string | undefined, primaryRegion: string): string {
    return region === undefined ? `unset (the primary region ${primaryRegion})` : region;
}

export async function executeFailover(input: ExecuteInput): Promise<ExecuteResult> {
    const { workspace, stack, direction, now } = input;
    const steps: StepRecord[] = [];
    const step = async <T>(name: StepName, action: () => Promise<T>, detail: (value: T) => string, isOk: (value: T) => boolean = () => true): Promise<{ ok: boolean; value?: T; error?: unknown }> => {
        const started = now();
        const record = (outcome: "ok" | "failed", text: string) => {
            const finished = now();
            steps.push({ name, outcome, startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime(), detail: text });
        };
        try {
            const value = await action();
            const ok = isOk(value);
            record(ok ? "ok" : "failed", detail(value));
            return { ok, value };
        } catch (error) {
            record("failed", (error as Error)?.message ?? String(error));
            return { ok: false, error };
        }
    };
    const setCommand = (region: string | undefined) => region === undefined
        ? `pulumi config rm --path ${activeRegionPath} -s ${stack}`
        : `pulumi config set --path ${activeRegionPath} ${region} -s ${stack}`;

    const read = await step("read-config", () => workspace.getActiveRegion(), (value) => `${activeRegionPath} is ${describeValue(value, input.primaryRegion)}`);
    if (!read.ok) {
        return { outcome: "config-failed", steps, summary: `could not read ${activeRegionPath} of ${stack}; nothing was changed` };
    }
    const original = read.value;
    const effective = original ?? input.primaryRegion;
    if (effective === direction.to) {
        return {
            outcome: "already-active",
            steps,
            originalActiveRegion: original,
            summary: `${stack} is already active in ${direction.to} (${activeRegionPath} is ${describeValue(original, input.primaryRegion)}); nothing was changed`,
        };
    }

    const set = await step("set-config", () => workspace.setActiveRegion(direction.to), () => `${activeRegionPath} set to ${direction.to} (was ${describeValue(original, input.primaryRegion)})`);
    const switchStarted = steps[steps.length - 1].startedAt;
    if (!set.ok) {
        return {
            outcome: "config-failed",
            steps,
            originalActiveRegion: original,
            stackState: `the config could not be set, so the stack was not changed; check it with \`pulumi config get --path ${activeRegionPath} -s ${stack}\``,
            summary: `could not set ${activeRegionPath} to ${direction.to}; nothing was deployed`,
        };
    }

    const up = await step(
        "up",
        () => workspace.up(input.onOutput, `lz drill: ${direction.kind} of ${stack} from ${direction.from} to ${direction.to}`),
        (outcome) => outcome.ok
            ? `pulumi up succeeded: ${outcome.operations} resource operations (${describeChanges(outcome.changes)})`
            : `pulumi up failed after ${outcome.operations} resource operations (${describeChanges(outcome.changes)}): ${outcome.error ?? "no error text"}`,
        (outcome) => outcome.ok,
    );
    if (!up.ok) {
        const operations = up.value?.operations ?? 0;
        const failedHow = up.value
            ? `up failed after ${operations} resource operation${operations === 1 ? "" : "s"} (${describeChanges(up.value.changes)})`
            : `up could not run (${(up.error as Error)?.message ?? String(up.error)})`;
        const restore = await step("restore-config", () => workspace.setActiveRegion(original), () => `${activeRegionPath} restored to ${describeValue(original, input.primaryRegion)}`);
        const restored = restore.ok
            ? `config restored to activeRegion=${describeValue(original, input.primaryRegion)}`
            : `config NOT restored (${(restore.error as Error)?.message ?? String(restore.error)}): the stack config still says activeRegion=${direction.to}; run \`${setCommand(original)}\``;
        const described = await step("describe-stack", () => workspace.describe(), (state) => describeState(state));
        const state = described.ok ? describeState(described.value!) : `the stack's history could not be read (${(described.error as Error)?.message ?? String(described.error)}); see \`pulumi stack history -s ${stack}\``;
        const pending = described.value?.pendingOperations ?? 0;
        const converge = pending > 0
            ? `run \`pulumi refresh -s ${stack}\` to clear the pending operations, then \`pulumi up -s ${stack}\` to converge`
            : operations > 0
                ? `the ${operations} resource operation${operations === 1 ? "" : "s"} done before the failure stay applied: run \`pulumi up -s ${stack}\` to converge on the restored config`
                : `no resource was changed`;
        const stackState = `${failedHow}; ${restored}; ${state}; ${converge}`;
        return { outcome: "up-failed", steps, originalActiveRegion: original, stackState, summary: `${direction.kind} of ${stack} to ${direction.to} failed: ${stackState}` };
    }

    let verify: PhaseResult | undefined;
    const verified = await step("verify", async () => {
        verify = await input.verify();
        return verify;
    }, (phase) => {
        const failed = failures(phase.checks);
        return failed.length === 0 ? `${phase.checks.length} live checks pass in ${direction.to}` : `${failed.length} of ${phase.checks.length} live checks fail in ${direction.to}`;
    }, phasePassed);
    if (!verified.ok) {
        const back = direction.kind === "failover" ? `fail back with \`lz drill ${stack} --failback --execute\`` : `fail over again with \`lz drill ${stack} --to ${direction.from} --execute\``;
        return {
            outcome: "verify-failed",
            steps,
            verify,
            originalActiveRegion: original,
            stackState: `pulumi up succeeded, so ${stack} now runs with activeRegion=${direction.to}, but the live checks there fail`,
            summary: `${direction.kind} of ${stack} to ${direction.to} is deployed but not verified: ${verify ? `${failures(verify.checks).length} of ${verify.checks.length}` : "the"} live checks fail in ${direction.to}; fix them, or ${back}`,
        };
    }

    const verifiedAt = steps[steps.length - 1].finishedAt;
    const measuredMs = Date.parse(verifiedAt) - Date.parse(switchStarted);
    const declared = input.rtoMinutes;
    const withinObjective = declared === undefined ? undefined : measuredMs <= declared * 60_000;
    const rto: MeasuredRto = { startedAt: switchStarted, verifiedAt, measuredMs, declaredMinutes: declared, withinObjective };
    const against = declared === undefined
        ? "no RTO is declared to compare with"
        : withinObjective ? `within the declared RTO of ${declared} min` : `beyond the declared RTO of ${declared} min`;
    return {
        outcome: "switched",
        steps,
        verify,
        rto,
        originalActiveRegion: original,
        summary: `${direction.kind === "failover" ? "failed over" : "failed back"}: ${stack} is active in ${direction.to}, verified ${formatDuration(measuredMs)} after the switch, ${against}`,
    };
}

function describeState(state: StackState): string {
    const update = state.lastUpdate;
    const history = update
        ? `the stack's last ${update.kind}${update.version !== undefined ? ` (#${update.version})` : ""} ${update.result}${update.resourceChanges ? ` with ${describeChanges(update.resourceChanges)}` : ""}`
        : "the stack has no recorded update";
    const pending = state.pendingOperations ?? 0;
    return pending > 0 ? `${history}; ${pending} operation${pending === 1 ? " was" : "s were"} left pending` : history;
}
