import * as assert from "assert";
import { guardDutyFeatures, runtimeMonitoringAgents } from "../../../components/security/guardDuty";
import { requiredGuardDutyFeatures, requiredRuntimeMonitoringAgents, requireGuardDutyOrganizationFeatures as policy } from "../../../policies/security/requireGuardDutyOrganizationFeatures";
import { plan } from "../../fixtures/plans";
import { stackViolationsOf, unknown } from "../harness";
import { planResources, PlanResources } from "../planResources";

const configurationType = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const organizationFeatureType = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature";
const detectorFeatureType = "aws:guardduty/detectorFeature:DetectorFeature";

async function organization(): Promise<PlanResources> {
    return planResources(await plan("organization"));
}

describe("guardduty-protects-every-member-with-ai-protection", () => {
    it("requires features and agents the program turns on (components/security/guardDuty.ts)", () => {
        assert.ok(requiredGuardDutyFeatures.every((feature) => (guardDutyFeatures as readonly string[]).includes(feature)));
        assert.deepStrictEqual([...requiredRuntimeMonitoringAgents], [...runtimeMonitoringAgents]);
    });

    it("passes the shipped organization plan, which configures GuardDuty in us-east-1 and us-west-2", async () => {
        const org = await organization();
        assert.deepStrictEqual(org.resources.filter((r) => r.type === configurationType).map((r) => `${r.props.region} ${r.props.autoEnableOrganizationMembers}`), ["us-east-1 ALL", "us-west-2 ALL"]);
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, planResources(await plan("prod")).resources), []);
    });

    it("reports a region the plan deploys into without an organization configuration", async () => {
        const org = await organization();
        const violations = await stackViolationsOf(policy, org.without((r) => r.name.startsWith("guardduty-us-west-2")));
        assert.deepStrictEqual(violations[0], {
            resource: undefined,
            message: "GuardDuty has no organization configuration in us-west-2, a region this plan deploys into; add aws.guardduty.OrganizationConfiguration there with autoEnableOrganizationMembers \"ALL\" so every member account is watched.",
        });
        assert.strictEqual(violations.length, 1);
    });

    it("reports an organization configuration that does not enable every member", async () => {
        const org = await organization();
        org.one(configurationType, "guardduty-us-east-1-organization").props.autoEnableOrganizationMembers = "NEW";
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), [{
            resource: "guardduty-us-east-1-organization",
            message: "GuardDuty's organization configuration in us-east-1 must have autoEnableOrganizationMembers \"ALL\" (got \"NEW\"); otherwise existing or new member accounts are not watched.",
        }]);
    });

    it("reports AI Protection removed, on either side", async () => {
        const org = await organization();
        const violations = await stackViolationsOf(policy, org.without((r) => r.name === "guardduty-us-west-2-organization-ai-protection" || r.name === "guardduty-us-west-2-detector-ai-protection"));
        assert.deepStrictEqual(violations, [
            { resource: "guardduty-us-west-2-organization", message: "GuardDuty in us-west-2: the organization configuration has no AI_PROTECTION feature; add it with autoEnable \"ALL\"." },
            { resource: "guardduty-us-west-2-organization", message: "GuardDuty in us-west-2: the administrator's detector has no AI_PROTECTION feature; add it with status \"ENABLED\"." },
        ]);
    });

    it("reports a feature turned off for new members only, or disabled on the detector", async () => {
        const org = await organization();
        org.one(organizationFeatureType, "guardduty-us-east-1-organization-s3-data-events").props.autoEnable = "NEW";
        org.one(detectorFeatureType, "guardduty-us-east-1-detector-ai-protection").props.status = "DISABLED";
        assert.deepStrictEqual((await stackViolationsOf(policy, org.resources)).map((v) => v.message), [
            "GuardDuty in us-east-1: the administrator's detector's AI_PROTECTION feature must have status \"ENABLED\" (got \"DISABLED\").",
            "GuardDuty in us-east-1: the organization configuration's S3_DATA_EVENTS feature must have autoEnable \"ALL\" (got \"NEW\").",
        ]);
    });

    it("reports Runtime Monitoring without its agent management", async () => {
        const org = await organization();
        const feature = org.one(organizationFeatureType, "guardduty-us-east-1-organization-runtime-monitoring");
        feature.props.additionalConfigurations = [{ name: "EC2_AGENT_MANAGEMENT", autoEnable: "NONE" }];
        assert.deepStrictEqual((await stackViolationsOf(policy, org.resources)).map((v) => v.message), [
            "GuardDuty in us-east-1: RUNTIME_MONITORING's additional configuration EC2_AGENT_MANAGEMENT must have autoEnable \"ALL\" (got \"NONE\").",
            "GuardDuty in us-east-1: RUNTIME_MONITORING's additional configuration ECS_FARGATE_AGENT_MANAGEMENT must have autoEnable \"ALL\" (got none).",
        ]);
    });

    it("treats values not known yet as not known", async () => {
        const org = await organization();
        org.one(configurationType, "guardduty-us-east-1-organization").props.autoEnableOrganizationMembers = unknown;
        org.one(organizationFeatureType, "guardduty-us-east-1-organization-runtime-monitoring").props.additionalConfigurations = unknown;
        org.one(detectorFeatureType, "guardduty-us-east-1-detector-ai-protection").props.status = unknown;
        org.one(organizationFeatureType, "guardduty-us-west-2-organization-ai-protection").props.name = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
    });
});
