import { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { asList, at, block, isKnownString, isUnknown, maybeJson } from "../lib/props";
import { accountKey, regionOf, StackResource, stackResources } from "../lib/resources";

interface Config {
    readonly requiredDataIdentifiers: string[];
}

const configSchema = {
    properties: {
        requiredDataIdentifiers: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["EmailAddress", "CreditCardNumber", "AwsSecretKey"],
            description: "Managed data identifiers (the last part of `arn:aws:dataprotection::aws:data-identifier/<name>`) that the prompt log group must mask.",
        },
    },
};

const loggingType = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration";
const protectionType = "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy";

function identifierName(value: unknown): string {
    return String(value).split("/").pop() ?? String(value);
}

/** Identifiers a data protection policy masks: those of a statement whose operation is Deidentify with MaskConfig. */
function maskedIdentifiers(document: unknown): Set<string> {
    const masked = new Set<string>();
    for (const statement of asList(at(document, "Statement"))) {
        const deidentify = at(at(statement, "Operation"), "Deidentify");
        if (at(deidentify, "MaskConfig") !== undefined) {
            asList(at(statement, "DataIdentifier")).forEach((id) => masked.add(identifierName(id)));
        }
    }
    return masked;
}

/**
 * Prompts and completions carry whatever users type: the log group that receives them must mask personal data
 * before anyone can read it, in every region that logs invocations.
 */
export const requirePromptLogPiiMasking: StackValidationPolicy = {
    name: "prompt-log-groups-mask-pii",
    description: "The CloudWatch log group that receives Bedrock model invocation logs, in every region, has a data protection policy that masks the required personal-data identifiers.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "logging", "data-protection"],
    remediationSteps: "Add aws.cloudwatch.LogDataProtectionPolicy on the invocation log group (same account and region) with an Audit statement and a Deidentify statement whose MaskConfig covers requiredDataIdentifiers.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { requiredDataIdentifiers } = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        const protections = resources.filter((r) => r.type === protectionType);
        const sameSlot = (a: StackResource, b: StackResource) =>
            accountKey(a) === accountKey(b) && regionOf(a.type, a.props, a.provider) === regionOf(b.type, b.props, b.provider);
        for (const logger of resources.filter((r) => r.type === loggingType)) {
            const logGroupName = at(block(at(block(logger.props.loggingConfig), "cloudwatchConfig")), "logGroupName");
            if (!isKnownString(logGroupName)) {
                continue;
            }
            const region = regionOf(logger.type, logger.props, logger.provider);
            const protection = protections.find((p) => p.props.logGroupName === logGroupName && sameSlot(p, logger));
            if (!protection) {
                reportViolation(`Invocation log group "${logGroupName}"${typeof region === "string" ? ` in ${region}` : ""} has no data protection policy; prompts would be stored with personal data in clear. Add aws.cloudwatch.LogDataProtectionPolicy masking ${requiredDataIdentifiers.join(", ")}.`, logger.urn);
                continue;
            }
            if (isUnknown(protection.props.policyDocument)) {
                continue;
            }
            const masked = maskedIdentifiers(maybeJson(protection.props.policyDocument));
            const missing = requiredDataIdentifiers.filter((id) => !masked.has(id));
            if (missing.length > 0) {
                reportViolation(`The data protection policy "${protection.name}" of invocation log group "${logGroupName}" does not mask ${missing.join(", ")} (masked: ${[...masked].sort().join(", ") || "nothing"}); add them to a Deidentify statement with MaskConfig.`, protection.urn);
            }
        }
    },
};
