import { createHash } from "crypto";
import type * as Sarif from "sarif";
import { CheckResult, Violation } from "../check";
import { EnforcementLevel } from "../policyConfig";

export interface SarifOptions {
    /**
     * The file results point at, relative to the repository root: the stack's Pulumi.<stack>.yaml, whose config
     * decides what the stack creates. Code scanning needs a physical location to show an alert.
     */
    readonly locationFile: string;
}

/** GitHub code scanning ranks alerts by `security-severity` (0-10): critical ≥ 9, high ≥ 7, medium ≥ 4. */
const securitySeverity: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function level(value: EnforcementLevel | Violation["level"]): Sarif.ReportingConfiguration.level {
    return value === "mandatory" || value === "remediate" ? "error" : value === "advisory" ? "warning" : "none";
}

/** Distinct violations must stay distinct alerts although they share a location. */
function fingerprint(violation: Violation): string {
    return createHash("sha256").update(`${violation.policy}\u0000${violation.urn ?? ""}\u0000${violation.message}`).digest("hex").slice(0, 32);
}

/** A SARIF 2.1.0 log for GitHub code scanning: one rule per policy, one result per violation. */
export function formatSarif(result: CheckResult, options: SarifOptions): string {
    const rules: Sarif.ReportingDescriptor[] = result.policies.map((policy) => ({
        id: policy.name,
        name: policy.name,
        shortDescription: { text: policy.description },
        fullDescription: { text: policy.description },
        help: { text: policy.remediationSteps ?? policy.description, markdown: policy.remediationSteps ?? policy.description },
        defaultConfiguration: { level: level(policy.configuredLevel), enabled: policy.configuredLevel !== "disabled" },
        properties: {
            tags: ["security", "pulumi-policy", ...policy.tags],
            ...(policy.severity ? { "security-severity": securitySeverity[policy.severity], problem: { severity: policy.severity } } : {}),
            precision: "very-high",
        },
    }));
    const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
    const results: Sarif.Result[] = result.violations.map((violation) => ({
        ruleId: violation.policy,
        ...(ruleIndex.has(violation.policy) ? { ruleIndex: ruleIndex.get(violation.policy) } : {}),
        level: level(violation.level),
        message: { text: violation.urn ? `${violation.message}\nResource: ${violation.urn}` : violation.message },
        locations: [{
            physicalLocation: { artifactLocation: { uri: options.locationFile, uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
            ...(violation.urn ? { logicalLocations: [{ name: violation.resourceName ?? violation.urn, fullyQualifiedName: violation.urn, kind: "resource" }] } : {}),
        }],
        partialFingerprints: { "lzCheckViolation/v1": fingerprint(violation) },
    }));
    const log: Sarif.Log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [{
            tool: {
                driver: {
                    name: "lz-check",
                    fullName: `lz check (${result.pack.name} CrossGuard policy pack)`,
                    version: result.pack.version,
                    semanticVersion: result.pack.version,
                    rules,
                },
            },
            automationDetails: { id: `lz-check/${result.stack}/` },
            invocations: [{ executionSuccessful: true }],
            results,
        }],
    };
    return JSON.stringify(log, null, 2);
}
