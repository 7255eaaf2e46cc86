import { CheckResult, Violation } from "../check";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function resource(violation: Violation): string {
    return violation.urn ? `\`${violation.resourceName ?? violation.urn}\`<br><sub>${cell(violation.resourceType ?? "")}</sub>` : "_stack_";
}

/** A pull-request comment: the verdict, then one table row per violation, mandatory first. */
export function formatMarkdown(result: CheckResult): string {
    const mandatory = result.violations.filter((v) => v.level === "mandatory");
    const advisory = result.violations.filter((v) => v.level === "advisory");
    const verdict = mandatory.length > 0
        ? `❌ ${mandatory.length} mandatory violation${mandatory.length === 1 ? "" : "s"}${advisory.length ? `, ${advisory.length} advisory` : ""}`
        : `✅ passed${advisory.length ? ` with ${advisory.length} advisory finding${advisory.length === 1 ? "" : "s"}` : ""}`;
    const disabled = result.policies.filter((p) => p.configuredLevel === "disabled").map((p) => `\`${p.name}\``);
    const lines = [
        `### \`lz check ${result.stack}\`: ${verdict}`,
        "",
        `Policy pack \`${result.pack.name}\` ${result.pack.version} · ${result.policyConfigFile ? `config \`${result.policyConfigFile}\`` : "no policy config"} · ` +
        `${result.resourcesAnalyzed} resources · ${result.policies.length - disabled.length} of ${result.policies.length} policies enabled`,
    ];
    if (result.violations.length > 0) {
        lines.push("", "| Level | Policy | Resource | Finding |", "|---|---|---|---|");
        for (const violation of [...mandatory, ...advisory]) {
            const level = violation.level === "mandatory" ? "🔴 mandatory" : "🟡 advisory";
            lines.push(`| ${level} | \`${violation.policy}\`${violation.severity ? `<br><sub>${violation.severity}</sub>` : ""} | ${resource(violation)} | ${cell(violation.message)} |`);
        }
        const remediations = [...new Set(result.violations.map((v) => v.policy))]
            .map((name) => result.policies.find((p) => p.name === name))
            .filter((p) => p?.remediationSteps);
        if (remediations.length > 0) {
            lines.push("", "<details><summary>How to fix</summary>", "");
            for (const policy of remediations) {
                lines.push(`- **\`${policy!.name}\`**: ${policy!.remediationSteps}`);
            }
            lines.push("", "</details>");
        }
    }
    if (disabled.length > 0) {
        lines.push("", `Disabled by the policy config: ${disabled.join(", ")}.`);
    }
    return lines.join("\n");
}
