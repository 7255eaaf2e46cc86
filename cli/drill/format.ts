import { countOf, formatDuration, PhaseResult } from "./checks";
import { StepRecord } from "./execute";

/** Terminal tables stay within this many columns, whatever the length of a resource name or a message. */
export const tableWidth = 100;

/** Breaks `text` into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
        for (let piece = word; piece.length > 0;) {
            const room = line.length === 0 ? width : width - line.length - 1;
            if (piece.length <= room) {
                line = line.length === 0 ? piece : `${line} ${piece}`;
                piece = "";
            } else if (line.length > 0) {
                lines.push(line);
                line = "";
            } else {
                lines.push(piece.slice(0, width));
                piece = piece.slice(width);
            }
        }
    }
    return line.length > 0 ? [...lines, line] : lines;
}

/**
 * A phase as the terminal shows it: a heading, then per check its verdict and name on one line and its message
 * below, indented and wrapped, so that no line is wider than `tableWidth`.
 */
export function formatPhase(phase: PhaseResult): string {
    const indent = "      ";
    const failed = phase.checks.filter((check) => check.verdict === "fail").length;
    const rows = phase.checks.flatMap((check) => {
        const verdict = (check.verdict === "fail" ? "FAIL" : check.verdict).padEnd(4);
        const [first, ...rest] = wrap(check.name, tableWidth - indent.length);
        return [`${verdict}  ${first}`, ...rest.map((line) => `${indent}${line}`), ...wrap(check.message, tableWidth - indent.length).map((line) => `${indent}${line}`)];
    });
    return [`${phase.name}: ${phase.scope} · ${countOf(phase.checks.length, "check")}, ${failed} failed`, ...rows].join("\n");
}

export function formatSteps(steps: readonly StepRecord[]): string {
    const indent = "      ";
    const rows = steps.flatMap((step) => [
        `${(step.outcome === "ok" ? "ok" : "FAIL").padEnd(4)}  ${step.name} · ${step.startedAt} · ${formatDuration(step.durationMs)}`,
        ...wrap(step.detail, tableWidth - indent.length).map((line) => `${indent}${line}`),
    ]);
    return ["steps:", ...rows].join("\n");
}
