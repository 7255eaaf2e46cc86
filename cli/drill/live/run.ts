import { ThrottlingRetryOptions } from "../../../accounts/resolver";
import { Partition } from "../../../accounts/regions";
import { CheckResult, formatDuration, skip } from "../checks";
import { awsCall, errorMessage } from "./call";
import { LiveAccount } from "./accounts";
import { DrillClientFactory, DrillClients } from "./clients";
import { LiveCheck, LiveContext } from "./checks";

export interface LiveRunOptions {
    readonly accounts: readonly LiveAccount[];
    readonly factory: DrillClientFactory;
    readonly partition: Partition;
    readonly target: string;
    readonly rpoMinutes?: number;
    readonly expectActiveRegion?: string;
    /** S3 operations pending replication above this many fail. @default 1000 */
    readonly pendingOperationsLimit?: number;
    /**
     * The region the environment leaves, when a drill must not depend on it (`--execute`): a check whose call there
     * fails is reported as skipped, with the reason, instead of failing the drill.
     */
    readonly unreachableTolerated?: string;
    /** Limit of each AWS call attempt. */
    readonly timeoutMs: number;
    readonly retry?: ThrottlingRetryOptions;
    /** Checks in flight at once. @default 6 */
    readonly concurrency?: number;
    readonly now: () => Date;
    /** Receives one line as each check completes (the CLI writes them to stderr). */
    readonly progress?: (line: string) => void;
}

const defaultConcurrency = 6;

/**
 * Runs every check, a few at a time, and returns their results in the order given. A check that throws (a failed
 * or timed-out call, an account that cannot be reached) fails alone with the reason; the others carry on.
 */
export async function runLiveChecks(checks: readonly LiveCheck[], options: LiveRunOptions): Promise<CheckResult[]> {
    const accounts = new Map(options.accounts.map((account) => [account.key, account]));
    const memos = new Map<string, Promise<unknown>>();
    const context: LiveContext = {
        partition: options.partition,
        target: options.target,
        rpoMinutes: options.rpoMinutes,
        pendingOperationsLimit: options.pendingOperationsLimit ?? 1000,
        expectActiveRegion: options.expectActiveRegion,
        now: options.now,
        clients(accountKey: string, region: string): DrillClients {
            const account = accounts.get(accountKey);
            if (!account?.id) {
                throw new Error(`account ${accountKey} cannot be reached: ${account?.source ?? "it is not an account of this environment"}`);
            }
            return options.factory.clients(account.id, region);
        },
        call: (operation, send) => awsCall(operation, send, { timeoutMs: options.timeoutMs, retry: options.retry }),
        memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
            if (!memos.has(key)) {
                memos.set(key, compute());
            }
            return memos.get(key) as Promise<T>;
        },
    };

    const results: CheckResult[] = new Array(checks.length);
    let completed = 0;
    const report = (result: CheckResult) => {
        completed += 1;
        const width = String(checks.length).length;
        const took = result.durationMs !== undefined ? ` (${formatDuration(result.durationMs)})` : "";
        const why = result.verdict === "fail" ? `: ${result.message}` : "";
        options.progress?.(`[${String(completed).padStart(width)}/${checks.length}] ${result.verdict}  ${result.name}${took}${why}`);
    };
    const runOne = async (check: LiveCheck): Promise<CheckResult> => {
        if ("skipped" in check) {
            return skip(check.name, check.skipped);
        }
        const started = options.now();
        const regions = new Set<string>();
        const own: LiveContext = { ...context, clients: (key, region) => (regions.add(region), context.clients(key, region)) };
        let outcome: { verdict: "pass" | "fail" | "skip"; message: string };
        try {
            outcome = await check.run(own);
        } catch (error) {
            const tolerated = options.unreachableTolerated;
            outcome = tolerated !== undefined && regions.has(tolerated)
                ? { verdict: "skip", message: `not checked: ${tolerated} did not answer (${errorMessage(error)}); the switch does not depend on it` }
                : { verdict: "fail", message: errorMessage(error) };
        }
        return { name: check.name, ...outcome, startedAt: started.toISOString(), durationMs: options.now().getTime() - started.getTime() };
    };

    let next = 0;
    const worker = async () => {
        while (next < checks.length) {
            const index = next++;
            results[index] = await runOne(checks[index]);
            report(results[index]);
        }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency, checks.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}
