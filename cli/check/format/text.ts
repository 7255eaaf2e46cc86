import { CheckResult, Violation } from "../check";

function where(violation: Violation): string {
    return violation.urn ? `${violation.resourceType ?? "resource"} "${violation.resourceName ?? violation.urn}"` : "the stack";
}

/** The terminal report: one block per violation, mandatory first, then a verdict line. */
export function formatText(result: CheckResult): string {
    const disabled = result.policies.filter((p) => p.configuredLevel === "disabled").map((p) => p.name);
    const lines = [
        `lz check ${result.stack}: policy pack ${result.pack.name} ${result.pack.version}, ${result.policyConfigFile ? `config ${result.policyConfigFile}` : "no policy config (the policies' own levels)"}, ` +
        `${result.policies.length - disabled.length} of ${result.policies.length} policies enabled${disabled.length ? ` (disabled: ${disabled.join(", ")})` : ""}, ${result.resourcesAnalyzed} resources`,
    ];
    const ordered = [...result.violations].sort((a, b) => (a.level === b.level ? a.policy.localeCompare(b.policy) : a.level === "mandatory" ? -1 : 1));
    for (const violation of ordered) {
        lines.push("", `${violation.level.toUpperCase()}  ${violation.policy}${violation.severity ? ` (${violation.severity})` : ""}`, `  on ${where(violation)}`);
        for (const line of violation.message.split("\n")) {
            lines.push(`  ${line}`);
        }
        if (violation.urn) {
            lines.push(`  ${violation.urn}`);
        }
    }
    for (const log of result.logs.filter((l) => l.severity === "warning" || l.severity === "error")) {
        lines.push("", `pack ${log.severity}: ${log.message}`);
    }
    const mandatory = result.violations.filter((v) => v.level === "mandatory").length;
    const advisory = result.violations.length - mandatory;
    lines.push("", mandatory > 0
        ? `FAILED: ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}, ${advisory} advisory.`
        : `PASSED: no mandatory violations${advisory ? `, ${advisory} advisory` : ""}.`);
    return lines.join("\n");
}
