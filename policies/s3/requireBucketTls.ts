import { StackValidationPolicy } from "@pulumi/policy";
import { bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { conditionEntries, conditionsOn, parsePolicyDocument, Statement } from "../lib/policyDocument";
import { stackResources } from "../lib/resources";

const policyType = "aws:s3/bucketPolicy:BucketPolicy";

/** A Deny of requests whose aws:SecureTransport is false. */
function deniesPlainHttp(statement: Statement): boolean {
    if (statement.Effect !== "Deny") {
        return false;
    }
    const entries = conditionEntries(statement);
    if (entries === "unknown") {
        return false;
    }
    return conditionsOn(entries, "aws:SecureTransport").some((entry) =>
        /^Bool(IfExists)?$/i.test(entry.operator) && entry.values.some((value) => String(value).toLowerCase() === "false"));
}

export const requireBucketTls: StackValidationPolicy = {
    name: "s3-buckets-require-tls",
    description: "Every S3 bucket has a bucket policy that denies requests not made over TLS (aws:SecureTransport false).",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["s3", "data", "encryption-in-transit"],
    remediationSteps: "Add aws.s3.BucketPolicy with a statement { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [<bucket ARN>, <bucket ARN>/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        for (const bucket of resources.filter(isBucket)) {
            const documents = [...settingsOf(resources, [policyType], bucket).map((p) => p.props.policy), bucket.props.policy]
                .map(parsePolicyDocument)
                .filter((d) => d.kind !== "absent");
            if (documents.some((d) => d.kind === "unknown")) {
                continue;
            }
            const denies = documents.some((d) => d.kind === "document" && d.statements.some(deniesPlainHttp));
            if (!denies) {
                reportViolation(`${bucketLabel(bucket)} has no bucket policy statement denying requests without TLS; add a Deny with "Condition": {"Bool": {"aws:SecureTransport": "false"}}.`, bucket.urn);
            }
        }
    },
};
