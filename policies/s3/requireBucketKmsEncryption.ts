import { StackValidationPolicy } from "@pulumi/policy";
import { bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { configOf } from "../lib/config";
import { asList, at, block, containsUnknown, isKnownString, show } from "../lib/props";
import { stackResources } from "../lib/resources";

interface Config {
    readonly requireCustomerManagedKey: boolean;
}

const configSchema = {
    properties: {
        requireCustomerManagedKey: {
            type: "boolean" as const,
            default: true,
            description: "Require kmsMasterKeyId (a customer-managed key) rather than the AWS-managed aws/s3 key, whose use cannot be restricted by key policy.",
        },
    },
};

const encryptionTypes = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const kmsAlgorithms = ["aws:kms", "aws:kms:dsse"];

/** The default-encryption rules of a bucket, from its encryption resources or its deprecated inline block. */
function defaultEncryptionRules(rules: unknown[]): unknown[] {
    return rules.map((rule) => block(at(rule, "applyServerSideEncryptionByDefault"))).filter((rule) => rule !== undefined);
}

export const requireBucketKmsEncryption: StackValidationPolicy = {
    name: "s3-buckets-encrypted-with-kms",
    description: "Every S3 bucket encrypts by default with SSE-KMS under a customer-managed key.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["s3", "data", "encryption"],
    remediationSteps: "Add aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule applyServerSideEncryptionByDefault { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <key ARN> } and bucketKeyEnabled true.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { requireCustomerManagedKey } = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        for (const bucket of resources.filter(isBucket)) {
            const configurations = settingsOf(resources, encryptionTypes, bucket);
            const inline = block(at(block(bucket.props.serverSideEncryptionConfiguration), "rule"));
            const sources = [...configurations.map((c) => c.props.rules), ...(inline === undefined ? [] : [[inline]])];
            if (sources.some(containsUnknown)) {
                continue;
            }
            const rules = defaultEncryptionRules(sources.flatMap((rules) => asList(rules)));
            if (rules.length === 0) {
                reportViolation(`${bucketLabel(bucket)} has no default encryption configuration, so S3 uses SSE-S3 with an AWS-owned key; add aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms".`, bucket.urn);
                continue;
            }
            for (const rule of rules) {
                const algorithm = at(rule, "sseAlgorithm");
                if (!kmsAlgorithms.includes(String(algorithm))) {
                    reportViolation(`${bucketLabel(bucket)} encrypts with sseAlgorithm ${show(algorithm)}; it must be "aws:kms".`, bucket.urn);
                } else if (requireCustomerManagedKey && !isKnownString(at(rule, "kmsMasterKeyId"))) {
                    reportViolation(`${bucketLabel(bucket)} encrypts with SSE-KMS but no kmsMasterKeyId, so S3 uses the AWS-managed aws/s3 key; name a customer-managed key.`, bucket.urn);
                }
            }
        }
    },
};
