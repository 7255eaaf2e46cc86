import * as assert from "assert";
import { requireOrganizationTrail as policy } from "../../../policies/security/requireOrganizationTrail";
import { plan } from "../../fixtures/plans";
import { FakeResource, stackViolationsOf, unknown } from "../harness";
import { planResources, PlanResources } from "../planResources";

const trailType = "aws:cloudtrail/trail:Trail";
const trailName = "organization-trail-trail";
const bucketType = "aws:s3/bucket:Bucket";
const lockType = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const label = 'organization trail "acme-ai-organization-trail"';

async function organization(): Promise<PlanResources> {
    return planResources(await plan("organization"));
}

async function violationsWithTrail(change: (trail: FakeResource) => void): Promise<{ message: string; resource?: string }[]> {
    const org = await organization();
    change(org.one(trailType, trailName));
    return stackViolationsOf(policy, org.resources);
}

describe("organization-trail-logs-every-region-to-a-locked-archive", () => {
    it("passes the shipped organization plan: one organization trail, multi-region, validated, KMS-encrypted, into the Object Lock bucket", async () => {
        const org = await organization();
        const trail = org.one(trailType, trailName);
        assert.deepStrictEqual([trail.props.isOrganizationTrail, trail.props.isMultiRegionTrail, trail.props.enableLogFileValidation, trail.props.s3BucketName],
            [true, true, true, "acme-ai-trail-o-a1b2c3d4e5"]);
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
    });

    it("leaves environment plans alone: they do not shape the organization", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, planResources(await plan("prod")).resources), []);
    });

    it("reports an organization plan without the trail", async () => {
        const org = await organization();
        assert.deepStrictEqual(await stackViolationsOf(policy, org.without((r) => r.type === trailType)), [{
            resource: undefined,
            message: "the organization plan has no organization trail; add an aws.cloudtrail.Trail with isOrganizationTrail true in the management account so every account's activity is recorded.",
        }]);
    });

    it("reports a trail that records its own account only", async () => {
        assert.deepStrictEqual(await violationsWithTrail((trail) => { trail.props.isOrganizationTrail = false; }), [{
            resource: undefined,
            message: "the organization plan has no organization trail: its trails \"acme-ai-organization-trail\" (isOrganizationTrail false) record their own account only; " +
                "add an aws.cloudtrail.Trail with isOrganizationTrail true in the management account so every account's activity is recorded.",
        }]);
    });

    it("reports each weakened setting on the trail, quoting the value", async () => {
        const cases: [string, (trail: FakeResource) => void, string][] = [
            ["single region", (t) => { t.props.isMultiRegionTrail = false; }, "isMultiRegionTrail must be true (got false); a single-region trail misses activity in every other region."],
            ["no validation", (t) => { delete t.props.enableLogFileValidation; }, "enableLogFileValidation must be true (got nothing); without digest files nobody can prove a log was not altered or deleted."],
            ["stopped", (t) => { t.props.enableLogging = false; }, "enableLogging must not be false; a stopped trail records nothing."],
            ["no key", (t) => { delete t.props.kmsKeyId; }, "kmsKeyId must name a customer-managed KMS key (got nothing); without it the logs are readable by anyone who can read the bucket."],
            ["empty key", (t) => { t.props.kmsKeyId = ""; }, "kmsKeyId must name a customer-managed KMS key (got \"\"); without it the logs are readable by anyone who can read the bucket."],
            ["foreign bucket", (t) => { t.props.s3BucketName = "someone-elses-bucket"; },
                "delivers to bucket \"someone-elses-bucket\", which this plan does not create, so its Object Lock cannot be verified; deliver to the log-archive bucket the plan creates."],
        ];
        for (const [what, change, problem] of cases) {
            assert.deepStrictEqual(await violationsWithTrail(change), [{ resource: trailName, message: `${label}: ${problem}` }], what);
        }
    });

    it("reports a trail bucket without Object Lock, or without a default retention", async () => {
        const org = await organization();
        org.one(bucketType, "log-archive-trail-bucket").props.objectLockEnabled = false;
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), [{
            resource: trailName,
            message: `${label}: delivers to bucket "acme-ai-trail-o-a1b2c3d4e5", whose objectLockEnabled must be true (got false); Object Lock can only be turned on when the bucket is created.`,
        }]);
        const noRetention = `${label}: delivers to bucket "acme-ai-trail-o-a1b2c3d4e5", which has no Object Lock configuration with a default retention; ` +
            "add aws.s3.BucketObjectLockConfiguration with rule.defaultRetention (mode COMPLIANCE and days) so no log can be deleted or overwritten.";
        const unlocked = await organization();
        assert.deepStrictEqual(await stackViolationsOf(policy, unlocked.without((r) => r.type === lockType)), [{ resource: trailName, message: noRetention }]);
        const withoutRetention = await organization();
        withoutRetention.one(lockType, "log-archive-trail-bucket-object-lock").props.rule = {};
        assert.deepStrictEqual(await stackViolationsOf(policy, withoutRetention.resources), [{ resource: trailName, message: noRetention }]);
    });

    it("treats values not known yet as not known", async () => {
        const org = await organization();
        const trail = org.one(trailType, trailName);
        Object.assign(trail.props, { isOrganizationTrail: unknown, isMultiRegionTrail: unknown, enableLogFileValidation: unknown, kmsKeyId: unknown, s3BucketName: unknown });
        org.one(bucketType, "log-archive-trail-bucket").props.objectLockEnabled = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
    });
});
