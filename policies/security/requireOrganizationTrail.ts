import { StackValidationPolicy } from "@pulumi/policy";
import { bucketIdentifiers, bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { isOrganizationPlan } from "../lib/organization";
import { at, block, containsUnknown, isKnownString, isUnknown, show } from "../lib/props";
import { pointsAt, StackResource, stackResources } from "../lib/resources";

const trailType = "aws:cloudtrail/trail:Trail";
const objectLockTypes = [
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
];

/** The settings an organization trail must have, each with what is lost without it. */
const requiredFlags: ReadonlyArray<{ readonly field: string; readonly why: string }> = [
    { field: "isMultiRegionTrail", why: "a single-region trail misses activity in every other region" },
    { field: "enableLogFileValidation", why: "without digest files nobody can prove a log was not altered or deleted" },
];

function trailLabel(trail: StackResource): string {
    return `organization trail "${isKnownString(trail.props.name) ? trail.props.name : trail.name}"`;
}

/** Problems with where the trail delivers: a bucket of this plan, under Object Lock with a default retention. */
function deliveryProblems(trail: StackResource, resources: readonly StackResource[]): string[] {
    const bucketName = trail.props.s3BucketName;
    const bucket = resources.find((candidate) => isBucket(candidate) && pointsAt(trail, "s3BucketName", bucketName, candidate, bucketIdentifiers(candidate)));
    if (!bucket) {
        return containsUnknown(bucketName)
            ? []
            : [`delivers to bucket ${show(bucketName)}, which this plan does not create, so its Object Lock cannot be verified; deliver to the log-archive bucket the plan creates`];
    }
    const problems: string[] = [];
    const lockEnabled = bucket.props.objectLockEnabled;
    if (!isUnknown(lockEnabled) && lockEnabled !== true) {
        problems.push(`delivers to ${bucketLabel(bucket)}, whose objectLockEnabled must be true (got ${show(lockEnabled)}); Object Lock can only be turned on when the bucket is created`);
    }
    const locks = settingsOf(resources, objectLockTypes, bucket);
    const retention = locks.map((lock) => block(at(lock.props, "rule.defaultRetention")));
    const retains = retention.some((r) => containsUnknown(r) || (r !== undefined && r !== null && (at(r, "days") !== undefined || at(r, "years") !== undefined)));
    if (!retains) {
        problems.push(`delivers to ${bucketLabel(bucket)}, which has no Object Lock configuration with a default retention; add aws.s3.BucketObjectLockConfiguration with rule.defaultRetention (mode COMPLIANCE and days) so no log can be deleted or overwritten`);
    }
    return problems;
}

/**
 * The organization trail is the audit record every other control is proven by: it must cover every account and
 * region, be tamper-evident and encrypted, and land where nobody, the platform team included, can delete it.
 */
export const requireOrganizationTrail: StackValidationPolicy = {
    name: "organization-trail-logs-every-region-to-a-locked-archive",
    description: "An organization plan has an organization CloudTrail trail (isOrganizationTrail) that records every region, validates its log files, encrypts with a KMS key and delivers to a bucket of the plan under S3 Object Lock with a default retention.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["audit", "logging", "security-baseline"],
    remediationSteps: "Create the trail with the OrganizationTrail component (components/security/organizationTrail.ts), which sets isOrganizationTrail, isMultiRegionTrail, enableLogFileValidation and kmsKeyId, delivering to the LogArchive component's trail bucket (objectLockEnabled and an aws.s3.BucketObjectLockConfiguration with a default retention).",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        if (!isOrganizationPlan(resources)) {
            return;
        }
        const trails = resources.filter((r) => r.type === trailType);
        const organizationTrails = trails.filter((trail) => trail.props.isOrganizationTrail === true || isUnknown(trail.props.isOrganizationTrail));
        if (organizationTrails.length === 0) {
            const others = trails.map((trail) => `"${isKnownString(trail.props.name) ? trail.props.name : trail.name}" (isOrganizationTrail ${show(trail.props.isOrganizationTrail)})`);
            reportViolation(`the organization plan has no organization trail${others.length > 0 ? `: its trails ${others.join(", ")} record their own account only` : ""}; ` +
                "add an aws.cloudtrail.Trail with isOrganizationTrail true in the management account so every account's activity is recorded.");
            return;
        }
        for (const trail of organizationTrails) {
            const problems: string[] = [];
            for (const { field, why } of requiredFlags) {
                const value = trail.props[field];
                if (!isUnknown(value) && value !== true) {
                    problems.push(`${field} must be true (got ${show(value)}); ${why}`);
                }
            }
            const logging = trail.props.enableLogging;
            if (logging === false) {
                problems.push("enableLogging must not be false; a stopped trail records nothing");
            }
            const key = trail.props.kmsKeyId;
            if (!containsUnknown(key) && !(isKnownString(key) && key !== "")) {
                problems.push(`kmsKeyId must name a customer-managed KMS key (got ${show(key)}); without it the logs are readable by anyone who can read the bucket`);
            }
            problems.push(...deliveryProblems(trail, resources));
            for (const problem of problems) {
                reportViolation(`${trailLabel(trail)}: ${problem}.`, trail.urn);
            }
        }
    },
};
