import { countOf, formatDuration, PhaseResult } from "./checks";
import { StepRecord } from "./execute";

/** A phase as the terminal shows it: a heading, then one aligned row per check with its verdict and message. */
export function formatPhase(phase: PhaseResult): string {
    const rows = phase.checks.map((check) => [check.verdict === "fail" ? "FAIL" : check.verdict, check.name, check.message]);
    const header = ["RESULT", "CHECK", "DETAIL"];
    const widths = [0, 1].map((column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
    const line = (cells: readonly string[]) => `${cells[0].padEnd(widths[0])}  ${cells[1].padEnd(widths[1])}  ${cells[2]}`.trimEnd();
    const failed = rows.filter((row) => row[0] === "FAIL").length;
    return [
        `${phase.name}: ${phase.scope} · ${countOf(phase.checks.length, "check")}, ${failed} failed`,
        line(header),
        ...rows.map(line),
    ].join("\n");
}

export function formatSteps(steps: readonly StepRecord[]): string {
    const rows = steps.map((step) => [step.name, step.outcome === "ok" ? "ok" : "FAILED", step.startedAt, formatDuration(step.durationMs), step.detail]);
    const header = ["STEP", "RESULT", "STARTED", "TOOK", "DETAIL"];
    const widths = header.slice(0, 4).map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells: readonly string[]) => [...cells.slice(0, 4).map((cell, column) => cell.padEnd(widths[column])), cells[4]].join("  ").trimEnd();
    return ["execute: steps", line(header), ...rows.map(line)].join("\n");
}
