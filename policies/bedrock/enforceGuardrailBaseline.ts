import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf, Strength, strengths } from "../lib/config";
import { asList, at, block, containsUnknown, isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly requiredContentFilters: string[];
    readonly minimumFilterStrength: Strength;
    readonly minimumPromptAttackStrength: Strength;
}

const filterTypes = ["SEXUAL", "VIOLENCE", "HATE", "INSULTS", "MISCONDUCT"];

const configSchema = {
    properties: {
        requiredContentFilters: {
            type: "array" as const,
            items: { type: "string" as const, enum: filterTypes },
            default: filterTypes,
            description: "Content filter types every guardrail must configure on input and output.",
        },
        minimumFilterStrength: {
            type: "string" as const,
            enum: [...strengths],
            default: "HIGH",
            description: "Lowest inputStrength and outputStrength accepted for the required content filters.",
        },
        minimumPromptAttackStrength: {
            type: "string" as const,
            enum: [...strengths],
            default: "HIGH",
            description: "Lowest inputStrength accepted for the PROMPT_ATTACK filter (AWS applies it to input only).",
        },
    },
};

function weaker(value: unknown, minimum: Strength): boolean {
    return strengths.indexOf(String(value).toUpperCase() as Strength) < strengths.indexOf(minimum);
}

export const enforceGuardrailBaseline: ResourceValidationPolicy = {
    name: "bedrock-guardrails-meet-baseline",
    description: "Bedrock guardrails configure the required content filters at or above the configured strength, PROMPT_ATTACK on input, a sensitive-information policy, and a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "guardrails", "encryption"],
    remediationSteps: "In aws.bedrock.Guardrail set contentPolicyConfig.filtersConfigs with each required type at the minimum inputStrength/outputStrength, a PROMPT_ATTACK filter (inputStrength at the minimum, outputStrength NONE), sensitiveInformationPolicyConfig with the PII entities or regexes your data classification requires, and kmsKeyArn of a customer-managed key.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.bedrockGuardrail, (_guardrail, args, reportViolation) => {
        const props = propsOf(args.props);
        const config = configOf<Config>(configSchema, args);
        const content = block(props.contentPolicyConfig);
        const filters = at(content, "filtersConfigs");
        if (!containsUnknown(content) && !isUnknown(filters)) {
            const list = asList(filters);
            const filterOf = (type: string) => list.find((f) => at(f, "type") === type);
            for (const type of config.requiredContentFilters) {
                const filter = filterOf(type);
                if (!filter) {
                    reportViolation(`contentPolicyConfig has no ${type} filter; add one with inputStrength and outputStrength ${config.minimumFilterStrength}.`);
                    continue;
                }
                for (const direction of ["input", "output"] as const) {
                    const strength = at(filter, `${direction}Strength`);
                    const enabled = at(filter, `${direction}Enabled`);
                    if (enabled === false) {
                        reportViolation(`contentPolicyConfig ${type} filter has ${direction}Enabled false; it must screen ${direction}.`);
                    } else if (isKnownString(strength) && weaker(strength, config.minimumFilterStrength)) {
                        reportViolation(`contentPolicyConfig ${type} filter has ${direction}Strength ${show(strength)}; it must be at least "${config.minimumFilterStrength}".`);
                    }
                }
            }
            const promptAttack = filterOf("PROMPT_ATTACK");
            const attackStrength = at(promptAttack, "inputStrength");
            if (!promptAttack) {
                reportViolation(`contentPolicyConfig has no PROMPT_ATTACK filter; add one with inputStrength ${config.minimumPromptAttackStrength} and outputStrength NONE.`);
            } else if (at(promptAttack, "inputEnabled") === false) {
                reportViolation("contentPolicyConfig PROMPT_ATTACK filter has inputEnabled false; it must screen input.");
            } else if (isKnownString(attackStrength) && weaker(attackStrength, config.minimumPromptAttackStrength)) {
                reportViolation(`contentPolicyConfig PROMPT_ATTACK filter has inputStrength ${show(attackStrength)}; it must be at least "${config.minimumPromptAttackStrength}".`);
            }
        }
        const sensitive = block(props.sensitiveInformationPolicyConfig);
        if (!containsUnknown(sensitive)) {
            const entities = asList(at(sensitive, "piiEntitiesConfigs"));
            const regexes = asList(at(sensitive, "regexesConfigs"));
            if (entities.length === 0 && regexes.length === 0) {
                reportViolation("sensitiveInformationPolicyConfig must list at least one PII entity or regex (got nothing); the guardrail would pass personal data through.");
            }
        }
        if (!isUnknown(props.kmsKeyArn) && !isKnownString(props.kmsKeyArn)) {
            reportViolation(`kmsKeyArn must be a customer-managed KMS key (got ${show(props.kmsKeyArn)}); an AWS-owned key cannot be audited or revoked.`);
        }
    }),
};
