/** `lz access` output: who → action → resource → allowed/denied → the statement that decided. */
import type { ClaimResult, ClaimsReport } from "../../access";

export const accessFormats = ["text", "json", "markdown"] as const;
export type AccessFormat = (typeof accessFormats)[number];

/** `arn:aws:s3:::bucket/key` → `s3:::bucket/key`; keeps the matrix narrow without losing what the resource is. */
function shortArn(arn: string): string {
    return arn.replace(/^arn:aws[\w-]*:/, "");
}

function verdict(result: ClaimResult): string {
    const decided = result.decision === "Allowed" ? "allowed" : result.decision === "ExplicitlyDenied" ? "denied (explicit)" : "denied (implicit)";
    return result.holds ? decided : `${decided}, expected ${result.claim.expect}`;
}

function decider(result: ClaimResult): string {
    const statements = result.decidedBy.map((d) => d.statement).join(" + ");
    return result.failedGuard ? `${statements} (the ${result.failedGuard} layer alone lets it through)` : statements;
}

function summary(report: ClaimsReport): string {
    const broken = report.results.filter((r) => !r.holds).length;
    const scope = report.region ? ` in ${report.region}` : "";
    return broken === 0
        ? `${report.results.length} claims hold${scope} (${report.simulations} simulations).`
        : `${broken} of ${report.results.length} claims broken${scope} (${report.simulations} simulations).`;
}

export function formatAccessText(report: ClaimsReport): string {
    const lines = [`lz access ${report.stack}: ${summary(report)}`];
    const rows = report.results.map((r) => [r.holds ? "ok" : "BROKEN", r.claim.who, r.claim.request.action, shortArn(r.claim.request.resource), verdict(r), decider(r)]);
    const widths = [0, 1, 2, 3, 4].map((i) => Math.min(Math.max(...rows.map((row) => row[i].length)), 70));
    let kind = "";
    report.results.forEach((result, index) => {
        if (result.claim.kind !== kind) {
            kind = result.claim.kind;
            lines.push("", kind);
        }
        const row = rows[index];
        lines.push(`  ${row.slice(0, 5).map((cell, i) => cell.padEnd(widths[i])).join("  ")}  ← ${row[5]}`);
    });
    const broken = report.results.filter((r) => !r.holds);
    if (broken.length > 0) {
        lines.push("", "Broken claims:");
        for (const result of broken) {
            lines.push(`  ${result.claim.id}`, `    ${result.claim.description}`, `    ${verdict(result)}: ${decider(result)}`);
        }
    }
    if (report.blindSpots.length > 0) {
        lines.push("", "Not evaluated:", ...report.blindSpots.map((b) => `  - ${b}`));
    }
    lines.push("", broken.length > 0 ? `FAILED: ${summary(report)}` : `PASSED: ${summary(report)}`);
    return lines.join("\n");
}

export function formatAccessJson(report: ClaimsReport): string {
    return JSON.stringify({
        stack: report.stack,
        region: report.region,
        holds: report.holds,
        simulations: report.simulations,
        blindSpots: report.blindSpots,
        claims: report.results.map((r) => ({
            id: r.claim.id,
            kind: r.claim.kind,
            description: r.claim.description,
            who: r.claim.who,
            principal: r.claim.request.principal,
            action: r.claim.request.action,
            resource: r.claim.request.resource,
            region: r.claim.region,
            context: r.claim.request.context ?? {},
            expect: r.claim.expect,
            guards: r.claim.guards ?? [],
            holds: r.holds,
            decision: r.decision,
            failedGuard: r.failedGuard,
            decidedBy: r.decidedBy,
        })),
    }, null, 2);
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function formatAccessMarkdown(report: ClaimsReport): string {
    const broken = report.results.filter((r) => !r.holds);
    const lines = [`### lz access ${report.stack}: ${broken.length > 0 ? "❌" : "✅"} ${summary(report)}`, ""];
    const table = (results: ClaimResult[]) => [
        "| | who | action | resource | decision | decided by |",
        "|---|---|---|---|---|---|",
        ...results.map((r) => `| ${r.holds ? "✅" : "❌"} | ${cell(r.claim.who)} | \`${r.claim.request.action}\` | \`${cell(shortArn(r.claim.request.resource))}\` | ${verdict(r)} | \`${cell(decider(r))}\` |`),
    ];
    if (broken.length > 0) {
        lines.push("#### Broken claims", "", ...table(broken), "");
    }
    lines.push("<details><summary>Every claim</summary>", "", ...table(report.results), "", "</details>");
    return lines.join("\n");
}

export function formatAccess(report: ClaimsReport, format: AccessFormat): string {
    return format === "json" ? formatAccessJson(report) : format === "markdown" ? formatAccessMarkdown(report) : formatAccessText(report);
}
