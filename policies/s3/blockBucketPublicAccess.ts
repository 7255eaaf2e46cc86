import { StackValidationPolicy } from "@pulumi/policy";
import { bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { containsUnknown, show } from "../lib/props";
import { accountKey, StackResource, stackResources } from "../lib/resources";

const blockSettings = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const bucketBlockType = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const accountBlockType = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const publicAcls = ["public-read", "public-read-write", "authenticated-read"];

function openSettings(block: StackResource): string[] | "unknown" {
    if (blockSettings.some((setting) => containsUnknown(block.props[setting]))) {
        return "unknown";
    }
    return blockSettings.filter((setting) => block.props[setting] !== true);
}

export const blockBucketPublicAccess: StackValidationPolicy = {
    name: "s3-buckets-block-public-access",
    description: "Every S3 bucket is covered by a public access block with all four settings on (its own, or its account's) and has no public canned ACL.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["s3", "data", "public-access"],
    remediationSteps: "Add aws.s3.BucketPublicAccessBlock for the bucket (or aws.s3.AccountPublicAccessBlock for its account, as the account baseline does) with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true; remove public ACLs.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const accountBlocks = resources.filter((r) => r.type === accountBlockType);
        for (const bucket of resources.filter(isBucket)) {
            if (publicAcls.includes(String(bucket.props.acl))) {
                reportViolation(`${bucketLabel(bucket)} has the public canned ACL ${show(bucket.props.acl)}; remove it.`, bucket.urn);
            }
            const accountBlock = accountBlocks.filter((block) => accountKey(block) !== undefined && accountKey(block) === accountKey(bucket));
            const candidates = [...accountBlock, ...settingsOf(resources, [bucketBlockType], bucket)];
            const verdicts = candidates.map(openSettings);
            if (verdicts.includes("unknown") || verdicts.some((open) => open !== "unknown" && open.length === 0)) {
                continue;
            }
            if (candidates.length === 0) {
                reportViolation(`${bucketLabel(bucket)} has no public access block; add aws.s3.BucketPublicAccessBlock with all four settings true (or an account-level aws.s3.AccountPublicAccessBlock).`, bucket.urn);
                continue;
            }
            const open = [...new Set(verdicts.flatMap((v) => (v === "unknown" ? [] : v)))];
            reportViolation(`${bucketLabel(bucket)}'s public access block leaves ${open.join(", ")} off; set all four settings true.`, bucket.urn);
        }
    },
};
