import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly maxRetentionDays: number;
}

const configSchema = {
    properties: {
        maxRetentionDays: {
            type: "integer" as const,
            minimum: 1,
            default: 3653,
            description: "Longest retention any log group may have; logs kept forever are data kept without a purpose.",
        },
    },
};

export const requireLogGroupRetentionAndKms: ResourceValidationPolicy = {
    name: "log-groups-have-retention-and-kms",
    description: "CloudWatch log groups set a retention period (no never-expire, at most the configured maximum) and are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["logging", "encryption", "data-retention"],
    remediationSteps: "Set retentionInDays to one of CloudWatch's allowed values no longer than maxRetentionDays, and kmsKeyId to a customer-managed key whose policy lets logs.<region>.amazonaws.com use it.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.logGroup, (_logGroup, args, reportViolation) => {
        const props = propsOf(args.props);
        const { maxRetentionDays } = configOf<Config>(configSchema, args);
        const retention = props.retentionInDays;
        if (!isUnknown(retention)) {
            if (typeof retention !== "number" || retention === 0) {
                reportViolation(`retentionInDays must be set (got ${show(retention)}); without it CloudWatch keeps logs forever.`);
            } else if (retention > maxRetentionDays) {
                reportViolation(`retentionInDays is ${retention}; it must be at most ${maxRetentionDays} (maxRetentionDays).`);
            }
        }
        if (!isUnknown(props.kmsKeyId) && !isKnownString(props.kmsKeyId)) {
            reportViolation(`kmsKeyId must be a customer-managed KMS key (got ${show(props.kmsKeyId)}).`);
        }
    }),
};
