import * as assert from "assert";
import { organizationalUnits } from "../../../accounts/model";
import { workloadsOuName } from "../../../policies/lib/organization";
import { requireResourceControlPolicies as policy } from "../../../policies/security/requireResourceControlPolicies";
import { plan } from "../../fixtures/plans";
import { FakeResource, stackViolationsOf, unknown } from "../harness";
import { planResources, PlanResources } from "../planResources";

const policyType = "aws:organizations/policy:Policy";
const attachmentType = "aws:organizations/policyAttachment:PolicyAttachment";
const ouType = "aws:organizations/organizationalUnit:OrganizationalUnit";
const fix = "attach the data-perimeter RCP to the Workloads OU.";
const notAttached = "the plan's RCPs (\"acme-ai-data-perimeter\") are not attached there or do not deny s3:GetObject by a principal of organization \"o-outsider0000\"";

async function organization(): Promise<PlanResources> {
    return planResources(await plan("organization"));
}

function attachment(name: string, policyId: unknown, targetId: unknown): FakeResource {
    return { type: attachmentType, name, props: { policyId, targetId }, provider: null };
}

describe("resource-control-policies-guard-every-workload-ou", () => {
    it("knows the Workloads OU by the name accounts/model.ts gives it", () => {
        assert.strictEqual(organizationalUnits([]).find((unit) => unit.key === "workloads")!.name, workloadsOuName);
    });

    it("passes the shipped organization plan, whose data-perimeter RCP is attached to the Workloads OU", async () => {
        const org = await organization();
        assert.deepStrictEqual(org.resources.filter((r) => r.type === policyType && r.props.type === "RESOURCE_CONTROL_POLICY").map((r) => r.props.name), ["acme-ai-data-perimeter"]);
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, planResources(await plan("prod")).resources), []);
    });

    it("reports the RCP detached from the Workloads OU, naming the environment OUs left outside the perimeter", async () => {
        const org = await organization();
        assert.deepStrictEqual(await stackViolationsOf(policy, org.without((r) => r.name === "rcp-data-perimeter-attach-workloads")), [{
            resource: "ou-workloads",
            message: `no resource control policy that denies principals outside the organization is in effect on the Workloads OU or on Workloads/dev, Workloads/prod, Workloads/staging: ${notAttached}; ${fix}`,
        }]);
    });

    it("accepts the RCP attached to every environment OU instead, and names the one left out", async () => {
        const org = await organization();
        const rcpId = org.one(policyType, "rcp-data-perimeter-policy").props.id;
        const perEnvironment = ["dev", "prod", "staging"].map((env) => attachment(`rcp-${env}`, rcpId, org.one(ouType, `ou-workloads-${env}`).props.id));
        const detached = org.without((r) => r.name === "rcp-data-perimeter-attach-workloads");
        assert.deepStrictEqual(await stackViolationsOf(policy, [...detached, ...perEnvironment]), []);
        assert.deepStrictEqual((await stackViolationsOf(policy, [...detached, ...perEnvironment.slice(0, 2)])).map((v) => v.message), [
            `no resource control policy that denies principals outside the organization is in effect on the Workloads OU or on Workloads/staging: ${notAttached}; ${fix}`,
        ]);
    });

    it("reports an RCP that no longer denies principals of other organizations, and a plan without any RCP", async () => {
        const org = await organization();
        const rcp = org.one(policyType, "rcp-data-perimeter-policy");
        const content = JSON.parse(rcp.props.content as string) as { Statement: { Sid: string }[] };
        rcp.props.content = JSON.stringify({ ...content, Statement: content.Statement.filter((s) => s.Sid !== "EnforceOrganizationIdentities") });
        assert.deepStrictEqual((await stackViolationsOf(policy, org.resources)).map((v) => v.message), [
            `no resource control policy that denies principals outside the organization is in effect on the Workloads OU or on Workloads/dev, Workloads/prod, Workloads/staging: ${notAttached}; ${fix}`,
        ]);
        const none = await organization();
        assert.deepStrictEqual((await stackViolationsOf(policy, none.without((r) => r.name.startsWith("rcp-data-perimeter")))).map((v) => v.message), [
            `no resource control policy that denies principals outside the organization is in effect on the Workloads OU or on Workloads/dev, Workloads/prod, Workloads/staging: the plan has no RESOURCE_CONTROL_POLICY; ${fix}`,
        ]);
    });

    it("does not count the same document as a service control policy", async () => {
        const org = await organization();
        org.one(policyType, "rcp-data-perimeter-policy").props.type = "SERVICE_CONTROL_POLICY";
        assert.deepStrictEqual((await stackViolationsOf(policy, org.resources)).map((v) => v.message), [
            `no resource control policy that denies principals outside the organization is in effect on the Workloads OU or on Workloads/dev, Workloads/prod, Workloads/staging: the plan has no RESOURCE_CONTROL_POLICY; ${fix}`,
        ]);
    });

    it("reports an organization plan without a Workloads OU", async () => {
        const org = await organization();
        org.one(ouType, "ou-workloads").props.name = "Apps";
        assert.deepStrictEqual((await stackViolationsOf(policy, org.resources)).map((v) => v.message), [
            "the organization plan has no \"Workloads\" OU, so no resource control policy can be shown to guard the environments' accounts; create the landing zone's OUs (components/organization/organizationalUnits.ts).",
        ]);
    });

    it("treats a content or an attachment not known yet as not known", async () => {
        const org = await organization();
        org.one(policyType, "rcp-data-perimeter-policy").props.content = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
        const pending = await organization();
        pending.one(attachmentType, "rcp-data-perimeter-attach-workloads").props.targetId = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, pending.resources), []);
    });
});
