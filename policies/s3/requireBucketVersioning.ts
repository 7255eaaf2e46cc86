import { StackValidationPolicy } from "@pulumi/policy";
import { bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { configOf } from "../lib/config";
import { at, block, containsUnknown, isKnownString, show } from "../lib/props";
import { accountRoleOf, notKnown, stackResources } from "../lib/resources";

interface Config {
    readonly dataAccountRoles: string[];
    readonly exemptBuckets: string[];
}

const configSchema = {
    properties: {
        dataAccountRoles: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["data"],
            description: "Values of the providers' `account-role` default tag whose buckets hold data and must be versioned.",
        },
        exemptBuckets: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Buckets (Pulumi resource name or bucket name) exempt from versioning, such as scratch buckets.",
        },
    },
};

const versioningTypes = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];

/** Versioning is what turns an overwrite or a delete of data into something that can be undone. */
export const requireBucketVersioning: StackValidationPolicy = {
    name: "s3-data-buckets-are-versioned",
    description: "S3 buckets in data accounts have versioning enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["s3", "data", "resilience"],
    remediationSteps: "Add aws.s3.BucketVersioning for the bucket with versioningConfiguration { status: \"Enabled\" }, and a lifecycle rule expiring noncurrent versions.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const config = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        for (const bucket of resources.filter(isBucket)) {
            const role = accountRoleOf(bucket.provider);
            if (role === notKnown || role === undefined || !config.dataAccountRoles.includes(role)) {
                continue;
            }
            if (config.exemptBuckets.includes(bucket.name) || (isKnownString(bucket.props.bucket) && config.exemptBuckets.includes(bucket.props.bucket))) {
                continue;
            }
            const statuses = settingsOf(resources, versioningTypes, bucket).map((v) => at(block(v.props.versioningConfiguration), "status"));
            const inline = at(block(bucket.props.versioning), "enabled");
            if (statuses.some(containsUnknown) || containsUnknown(inline)) {
                continue;
            }
            if (!statuses.includes("Enabled") && inline !== true) {
                reportViolation(`${bucketLabel(bucket)} in a ${role} account is not versioned (status ${show(statuses[0])}); add aws.s3.BucketVersioning with status "Enabled".`, bucket.urn);
            }
        }
    },
};
