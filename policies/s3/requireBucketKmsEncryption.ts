import { StackValidationPolicy } from "@pulumi/policy";
import { accessLogTargets, bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { configOf } from "../lib/config";
import { asList, at, block, containsUnknown, isKnownString, show } from "../lib/props";
import { stackResources } from "../lib/resources";
import { bucketEncryptionTypes as encryptionTypes } from "../lib/replication";

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

const kmsAlgorithms = ["aws:kms", "aws:kms:dsse"];

/**
 * SSE-S3, the one default encryption S3 server access logging supports on its destination: "You can use default
 * bucket encryption on the destination bucket only if you use server-side encryption with Amazon S3 managed keys
 * (SSE-S3), which uses the 256-bit Advanced Encryption Standard (AES-256). Default server-side encryption with AWS Key
 * Management Service (AWS KMS) keys (SSE-KMS) is not supported." (Amazon S3 User Guide, "Enabling Amazon S3 server
 * access logging", https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html). Accepted
 * only on a bucket an aws.s3.BucketLogging of the same stack names as its targetBucket: such a bucket holds request
 * metadata, and every other bucket still needs SSE-KMS.
 */
const accessLogAlgorithm = "AES256";

/** The default-encryption rules of a bucket, from its encryption resources or its deprecated inline block. */
function defaultEncryptionRules(rules: unknown[]): unknown[] {
    return rules.map((rule) => block(at(rule, "applyServerSideEncryptionByDefault"))).filter((rule) => rule !== undefined);
}

export const requireBucketKmsEncryption: StackValidationPolicy = {
    name: "s3-buckets-encrypted-with-kms",
    description: "Every S3 bucket encrypts by default with SSE-KMS under a customer-managed key, except a server access logging destination (the targetBucket of an aws.s3.BucketLogging in the stack), which may use SSE-S3 (AES256) because S3 server access logging does not support SSE-KMS default encryption on its destination.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["s3", "data", "encryption"],
    remediationSteps: "Add aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule applyServerSideEncryptionByDefault { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <key ARN> } and bucketKeyEnabled true. A bucket that only receives S3 server access logs may use sseAlgorithm \"AES256\" instead; name it as the targetBucket of the aws.s3.BucketLogging that sends the logs, in the same stack.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { requireCustomerManagedKey } = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        const logTargets = accessLogTargets(resources);
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
                if (algorithm === accessLogAlgorithm && (logTargets.urns.has(bucket.urn) || logTargets.unresolved)) {
                    // A server access log destination (or, while a logging target is not known yet, possibly one).
                    continue;
                }
                if (!kmsAlgorithms.includes(String(algorithm))) {
                    reportViolation(`${bucketLabel(bucket)} encrypts with sseAlgorithm ${show(algorithm)}; it must be "aws:kms" (SSE-S3 "AES256" is accepted only on the targetBucket of an aws.s3.BucketLogging in the stack).`, bucket.urn);
                } else if (requireCustomerManagedKey && !isKnownString(at(rule, "kmsMasterKeyId"))) {
                    reportViolation(`${bucketLabel(bucket)} encrypts with SSE-KMS but no kmsMasterKeyId, so S3 uses the AWS-managed aws/s3 key; name a customer-managed key.`, bucket.urn);
                }
            }
        }
    },
};
