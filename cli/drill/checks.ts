/**
 * What every drill phase produces: named checks with a verdict and one line that quotes the resource or value at
 * fault. Readiness checks only pass or fail; a live check may be skipped when `lz drill` has no read-only way to
 * look at that kind of resource, which the report says rather than counting it as a pass.
 */
export type Verdict = "pass" | "fail" | "skip";

export interface CheckResult {
    /** Stable within a drill: `replica genai/guardrail acme-ai-prod-guardrail`. */
    readonly name: string;
    readonly verdict: Verdict;
    /** One line: what holds, or what is wrong, the value found and the fix. */
    readonly message: string;
    /** Live checks only: when the check started (ISO 8601) and how long it took. */
    readonly startedAt?: string;
    readonly durationMs?: number;
}

export type PhaseName = "readiness" | "live" | "preflight" | "verify";

export interface PhaseResult {
    readonly name: PhaseName;
    /** What the phase looked at: "plan graph (offline)", "AWS in us-west-2 (read-only)". */
    readonly scope: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly checks: CheckResult[];
}

export function pass(name: string, message: string): CheckResult {
    return { name, verdict: "pass", message };
}

export function fail(name: string, message: string): CheckResult {
    return { name, verdict: "fail", message };
}

export function skip(name: string, message: string): CheckResult {
    return { name, verdict: "skip", message };
}

export function failures(checks: readonly CheckResult[]): CheckResult[] {
    return checks.filter((check) => check.verdict === "fail");
}

export function phasePassed(phase: PhaseResult): boolean {
    return failures(phase.checks).length === 0;
}

/** `1 check`, `2 checks`. */
export function countOf(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `1234` → `1.2 s`, `350` → `350 ms`, `754000` → `12 min 34 s`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) {
        return `${Math.round(ms)} ms`;
    }
    if (ms < 60_000) {
        return `${(ms / 1000).toFixed(1)} s`;
    }
    const totalSeconds = Math.round(ms / 1000);
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
