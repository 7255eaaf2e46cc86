import { StackValidationPolicy } from "@pulumi/policy";
import { isOrganizationPlan, organizationStructure, organizationsPolicies, OrganizationsPolicy, policiesInEffect, workloadsOuName } from "../lib/organization";
import { isKnownString } from "../lib/props";
import { notKnown, stackResources } from "../lib/resources";
import { stackConfigValue } from "../lib/stackConfig";

/** The config key of the organization stack, whose `environments.<env>.bedrock.enforcedGuardrails` this checks. */
export const organizationConfigKey = "landing-zone:organization";

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The guardrail identifiers a Bedrock policy assigns in a region (`bedrock.guardrail_inference.<region>.<config>.identifier`). */
export function enforcedIdentifiers(policy: OrganizationsPolicy, region: string): string[] {
    const configs = record(record(record(record(policy.content).bedrock).guardrail_inference)[region]);
    return Object.values(configs).map((config) => record(record(config).identifier)["@@assign"]).filter(isKnownString);
}

/**
 * An enforced guardrail is a promise made in config: every inference call in the environment's OU goes through it.
 * Bedrock keeps that promise only while a BEDROCK_POLICY naming the guardrail is attached to the OU.
 */
export const requireEnforcedGuardrailPolicy: StackValidationPolicy = {
    name: "enforced-guardrails-have-an-attached-bedrock-policy",
    description: "In an organization plan, every guardrail the stack config enforces (landing-zone:organization environments.<env>.bedrock.enforcedGuardrails) is applied by a BEDROCK_POLICY in effect on that environment's OU, in the region it is configured for.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "guardrails", "model-governance"],
    remediationSteps: "Create the environment's Bedrock policy (an OrganizationPolicy of type BEDROCK_POLICY with bedrockGuardrailPolicy(enforcedGuardrails), components/organization/policyDocuments.ts) and attach it to Workloads/<env>; the BEDROCK_POLICY type must be enabled on the root.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        if (!isOrganizationPlan(resources)) {
            return;
        }
        const structure = organizationStructure(resources);
        const bedrockPolicies = organizationsPolicies(resources, "BEDROCK_POLICY");
        const environments = record(record(stackConfigValue(organizationConfigKey)).environments);
        for (const environment of Object.keys(environments).sort()) {
            const guardrails = record(record(record(environments[environment]).bedrock).enforcedGuardrails);
            const setting = `${organizationConfigKey} environments.${environment}.bedrock.enforcedGuardrails`;
            if (Object.keys(guardrails).length === 0) {
                continue;
            }
            const ou = structure.environmentOus.find((candidate) => candidate.resource.props.name === environment);
            if (!ou) {
                if (!structure.environmentOusNotKnown) {
                    reportViolation(`${setting} enforces guardrails for ${environment}, but the plan has no ${workloadsOuName}/${environment} OU to attach its BEDROCK_POLICY to; create the environment's OU under ${workloadsOuName}.`);
                }
                continue;
            }
            const inEffect = policiesInEffect(bedrockPolicies, ou, structure.workloads ? [structure.workloads] : [], resources);
            if (inEffect.othersNotKnown || inEffect.policies.some((policy) => policy.content === notKnown)) {
                continue;
            }
            for (const region of Object.keys(guardrails).sort()) {
                const identifier = guardrails[region];
                if (!inEffect.policies.some((policy) => enforcedIdentifiers(policy, region).includes(String(identifier)))) {
                    const found = inEffect.policies.length === 0
                        ? "none is attached to it"
                        : `the attached ones (${inEffect.policies.map((policy) => policy.label).join(", ")}) assign ${JSON.stringify(inEffect.policies.flatMap((policy) => enforcedIdentifiers(policy, region)))} there`;
                    reportViolation(`${setting}.${region} enforces guardrail "${identifier}", but no BEDROCK_POLICY in effect on ${ou.path} applies it in ${region}: ${found}; attach the environment's Bedrock policy to its OU.`, ou.resource.urn);
                }
            }
        }
    },
};
