import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly maxRotationPeriodDays: number;
}

const configSchema = {
    properties: {
        maxRotationPeriodDays: {
            type: "integer" as const,
            minimum: 90,
            maximum: 2560,
            default: 365,
            description: "Longest rotationPeriodInDays accepted (KMS allows 90-2560; it rotates yearly by default).",
        },
    },
};

export const rotateKmsKeys: ResourceValidationPolicy = {
    name: "kms-keys-rotate",
    description: "Symmetric encryption KMS keys have automatic key rotation enabled, at least as often as the configured period.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["kms", "encryption"],
    remediationSteps: "Set enableKeyRotation true (and rotationPeriodInDays no longer than maxRotationPeriodDays, or leave it at KMS's 365 days).",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.kmsKey, (_key, args, reportViolation) => {
        const props = propsOf(args.props);
        const { maxRotationPeriodDays } = configOf<Config>(configSchema, args);
        // KMS rotates only symmetric encryption keys it holds the material of: asymmetric and HMAC keys, and keys
        // in custom key stores, cannot rotate automatically.
        const spec = props.customerMasterKeySpec ?? props.keySpec;
        const usage = props.keyUsage;
        if ((isKnownString(spec) && spec !== "SYMMETRIC_DEFAULT") || (isKnownString(usage) && usage !== "ENCRYPT_DECRYPT") || isKnownString(props.customKeyStoreId)) {
            args.notApplicable("KMS does not rotate asymmetric, HMAC or custom-key-store keys automatically");
        }
        if (!isUnknown(props.enableKeyRotation) && props.enableKeyRotation !== true) {
            reportViolation(`enableKeyRotation must be true (got ${show(props.enableKeyRotation)}); a key that never rotates keeps encrypting new data with old key material.`);
        }
        const period = props.rotationPeriodInDays;
        if (typeof period === "number" && period > maxRotationPeriodDays) {
            reportViolation(`rotationPeriodInDays is ${period}; it must be at most ${maxRotationPeriodDays} (maxRotationPeriodDays).`);
        }
    }),
};
