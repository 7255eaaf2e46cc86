import { DeleteParameterCommand, GetParameterCommand, ParameterType, PutParameterCommand } from "@aws-sdk/client-ssm";
import { DrInventoryEntry } from "../../accounts/drInventory";
import { accountKey } from "../../accounts/naming";
import { formatDuration } from "./checks";
import { locationIn } from "./inventory";
import { errorMessage, errorName } from "./live/call";
import { DrillClients } from "./live/clients";

/**
 * The failover switch, in the target region only: what applications read to know the active region (each
 * application account's `active-region` parameter and the genAI account's catalogue parameter) is written there
 * directly, with that region's endpoints and credentials. Nothing here calls the region the environment leaves, so
 * the switch works while that region's control plane is down; the stack is reconciled afterwards
 * (`lz drill <stack> --reconcile`: `activeRegion` in the config and `pulumi up --refresh`).
 *
 * A drill lock (an SSM parameter created without overwrite in the target region's genAI account) keeps two drills
 * from switching the same environment at once.
 */

export interface SwitchContext {
    /** Clients in an account of the environment (by key), in a region. */
    clients(accountKey: string, region: string): DrillClients;
    call<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T>;
    readonly now: () => Date;
    /** Receives a line for each step that took over a second (the CLI writes them to stderr). */
    readonly progress?: (line: string) => void;
}

export interface SwitchWrite {
    readonly account: string;
    readonly kind: "active-region-parameter" | "catalogue-parameter";
    readonly region: string;
    readonly parameter: string;
}

export interface SwitchStep {
    readonly name: string;
    readonly outcome: "ok" | "failed";
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly detail: string;
}

export interface DrillLock {
    readonly parameter: string;
    readonly region: string;
    /** Who holds it: `lz-drill-prod at 2026-12-03T14:00:00.000Z (failover to us-west-2)`. */
    readonly holder: string;
}

/** The parameters the switch writes in `target`, from the DR inventory. */
export function switchWrites(inventory: readonly DrInventoryEntry[], target: string): SwitchWrite[] {
    return inventory.flatMap((entry) => {
        if (entry.kind !== "active-region-parameter" && entry.kind !== "catalogue-parameter") {
            return [];
        }
        const location = locationIn(entry, target);
        return location ? [{ account: entry.account, kind: entry.kind, region: target, parameter: location.physicalName }] : [];
    });
}

/** `/acme-ai/prod/drill-lock`: beside the active-region parameter, in the genAI account. */
export function drillLockName(namePrefix: string, environment: string): string {
    return `/${namePrefix}/${environment}/drill-lock`;
}

async function timed(steps: SwitchStep[], now: () => Date, name: string, action: () => Promise<string>, progress?: (line: string) => void): Promise<boolean> {
    const started = now();
    let outcome: "ok" | "failed" = "ok";
    let detail: string;
    try {
        detail = await action();
    } catch (error) {
        outcome = "failed";
        detail = errorMessage(error);
    }
    const finished = now();
    const durationMs = finished.getTime() - started.getTime();
    steps.push({ name, outcome, startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs, detail });
    if (durationMs > 1000) {
        progress?.(`${name}: ${outcome} after ${formatDuration(durationMs)}`);
    }
    return outcome === "ok";
}

export class DrillLockedError extends Error {
    constructor(public readonly holder: string) {
        super(`another drill holds the lock: ${holder}`);
        this.name = "DrillLockedError";
    }
}

/** Takes the lock or throws DrillLockedError naming its holder. */
export async function acquireLock(context: SwitchContext, lock: DrillLock): Promise<void> {
    const ssm = context.clients(accountKey("genai"), lock.region).ssm;
    try {
        await context.call("ssm:PutParameter", (abortSignal) => ssm.send(new PutParameterCommand({
            Name: lock.parameter, Value: lock.holder, Type: ParameterType.STRING, Overwrite: false,
            Description: "Held by lz drill while it switches the environment; delete it only when no drill runs",
        }), { abortSignal }));
    } catch (error) {
        if (errorName(error) !== "ParameterAlreadyExists") {
            throw error;
        }
        const held = await context.call("ssm:GetParameter", (abortSignal) => ssm.send(new GetParameterCommand({ Name: lock.parameter }), { abortSignal }))
            .then((answer) => answer.Parameter?.Value ?? "an unknown holder", () => "an unknown holder");
        throw new DrillLockedError(held);
    }
}

export async function releaseLock(context: SwitchContext, lock: DrillLock): Promise<void> {
    const ssm = context.clients(accountKey("genai"), lock.region).ssm;
    await context.call("ssm:DeleteParameter", (abortSignal) => ssm.send(new DeleteParameterCommand({ Name: lock.parameter }), { abortSignal }));
}

async function writeParameter(context: SwitchContext, write: SwitchWrite, target: string): Promise<string> {
    const ssm = context.clients(write.account, write.region).ssm;
    if (write.kind === "active-region-parameter") {
        await context.call("ssm:PutParameter", (abortSignal) => ssm.send(new PutParameterCommand({
            Name: write.parameter, Value: target, Type: ParameterType.STRING, Overwrite: true,
        }), { abortSignal }));
        return `${write.parameter} = "${target}" in ${write.region}`;
    }
    // The catalogue parameter carries the active region beside the models and the guardrail: only that field changes.
    const current = await context.call("ssm:GetParameter", (abortSignal) => ssm.send(new GetParameterCommand({ Name: write.parameter }), { abortSignal }));
    const catalogue = JSON.parse(current.Parameter?.Value ?? "{}") as Record<string, unknown>;
    const before = catalogue.activeRegion;
    catalogue.activeRegion = target;
    await context.call("ssm:PutParameter", (abortSignal) => ssm.send(new PutParameterCommand({
        Name: write.parameter, Value: JSON.stringify(catalogue), Type: ParameterType.STRING, Overwrite: true,
    }), { abortSignal }));
    return `${write.parameter} activeRegion "${String(before)}" → "${target}" in ${write.region}`;
}

export interface SwitchResult {
    readonly ok: boolean;
    readonly steps: SwitchStep[];
    /** When the first write began. */
    readonly switchedAt?: string;
}

/**
 * Writes every parameter in the target region. Each write is its own step; a failed write does not stop the others,
 * so the report lists exactly which ones still name the old region.
 */
export async function switchRegion(context: SwitchContext, writes: readonly SwitchWrite[], target: string): Promise<SwitchResult> {
    const steps: SwitchStep[] = [];
    const switchedAt = context.now().toISOString();
    let ok = writes.length > 0;
    for (const write of writes) {
        ok = await timed(steps, context.now, `switch ${write.account}`, () => writeParameter(context, write, target), context.progress) && ok;
    }
    return { ok, steps, switchedAt };
}

export { timed as timedStep };
