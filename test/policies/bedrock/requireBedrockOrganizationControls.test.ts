import * as assert from "assert";
import { mantleModelActions, ungovernedMantleActions } from "../../../accounts/bedrockActions";
import { refusedBedrockRequests, requireBedrockOrganizationControls as policy } from "../../../policies/bedrock/requireBedrockOrganizationControls";
import { plan } from "../../fixtures/plans";
import { FakeResource, stackViolationsOf, unknown } from "../harness";
import { planResources, PlanResources } from "../planResources";

const policyType = "aws:organizations/policy:Policy";
const attachmentType = "aws:organizations/policyAttachment:PolicyAttachment";
const baselineFix = "attach the govern-bedrock-access SCP (governBedrockAccess, components/organization/policyDocuments.ts) to the Workloads OU.";
const catalogueFix = "attach the environment's catalogue SCP (catalogueServiceControlPolicies, components/bedrock/catalogue.ts) to its OU.";
const environments = ["dev", "prod", "staging"];

async function organization(): Promise<PlanResources> {
    return planResources(await plan("organization"));
}

interface Document {
    Statement: { Sid: string; Condition?: unknown }[];
}

/** Rewrites one SCP of the plan. */
function editScp(org: PlanResources, name: string, edit: (document: Document) => Document): void {
    const scp = org.one(policyType, name);
    scp.props.content = JSON.stringify(edit(JSON.parse(scp.props.content as string) as Document));
}

function withoutStatements(...sids: string[]) {
    return (document: Document): Document => ({ ...document, Statement: document.Statement.filter((s) => !sids.includes(s.Sid)) });
}

describe("scps-deny-bedrock-api-keys-and-govern-mantle", () => {
    it("asks about every inference path accounts/bedrockActions.ts lists", () => {
        assert.deepStrictEqual(refusedBedrockRequests.map((r) => r.request.action), [
            "iam:CreateServiceSpecificCredential", "bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken", ...mantleModelActions, ...ungovernedMantleActions,
        ]);
    });

    it("passes the shipped organization plan: the baseline and each environment's catalogue SCP refuse every request", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, (await organization()).resources), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, planResources(await plan("prod")).resources), []);
    });

    it("reports every environment OU once the Bedrock baseline is detached from the Workloads OU, and accepts it on the root", async () => {
        const org = await organization();
        const detached = org.without((r) => r.name === "scp-govern-bedrock-access-attach-workloads");
        assert.deepStrictEqual(await stackViolationsOf(policy, detached), environments.map((env) => ({
            resource: `ou-workloads-${env}`,
            message: `the SCPs in effect on Workloads/${env} do not deny creating a long-term Bedrock API key (iam:CreateServiceSpecificCredential with iam:ServiceSpecificCredentialServiceName "bedrock.amazonaws.com") in us-east-1, us-west-2; ${baselineFix}`,
        })));
        const onRoot: FakeResource = { type: attachmentType, name: "scp-govern-bedrock-access-attach-root", provider: null, props: { policyId: org.one(policyType, "scp-govern-bedrock-access-policy").props.id, targetId: "r-en7j" } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [...detached, onRoot]), []);
    });

    it("reports long-term API-key calls once no SCP denies them on a service", async () => {
        const org = await organization();
        editScp(org, "scp-govern-bedrock-access-policy", withoutStatements("DenyLongTermMantleApiKeys"));
        // The catalogue SCP denies every bearer-token call while an environment has not opted in to short-term keys.
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
        for (const env of environments) {
            editScp(org, `scp-catalogue-models-${env}-policy`, withoutStatements("DenyBedrockApiKeys"));
        }
        assert.deepStrictEqual((await stackViolationsOf(policy, org.resources)).map((v) => v.message), environments.map((env) =>
            `the SCPs in effect on Workloads/${env} do not deny a bedrock-mantle call with a long-term API key (bedrock-mantle:CallWithBearerToken with bedrock-mantle:BearerTokenType "LONG_TERM") in us-east-1, us-west-2; ${baselineFix}`));
    });

    it("reports Mantle inference left open in one environment, by a removed statement or a condition that matches every model", async () => {
        const expected = mantleModelActions.map((action) =>
            `the SCPs in effect on Workloads/prod do not deny Mantle inference on a model outside the catalogue (${action} with bedrock-mantle:Model "model-outside-the-catalogue") in us-east-1, us-west-2; ${catalogueFix}`);
        const removed = await organization();
        editScp(removed, "scp-catalogue-models-prod-policy", withoutStatements("DenyMantleInferenceOutsideTheCatalogue"));
        assert.deepStrictEqual(await stackViolationsOf(policy, removed.resources), expected.map((message) => ({ resource: "ou-workloads-prod", message })));
        const opened = await organization();
        editScp(opened, "scp-catalogue-models-prod-policy", (document) => ({
            ...document,
            Statement: document.Statement.map((s) => s.Sid === "DenyMantleInferenceOutsideTheCatalogue" ? { ...s, Condition: { StringNotLike: { "bedrock-mantle:Model": "*" } } } : s),
        }));
        assert.deepStrictEqual((await stackViolationsOf(policy, opened.resources)).map((v) => v.message), expected);
    });

    it("reports an environment OU without its catalogue SCP", async () => {
        const org = await organization();
        assert.deepStrictEqual((await stackViolationsOf(policy, org.without((r) => r.name === "scp-catalogue-models-staging-attach-workloads-staging"))).map((v) => v.message), [
            ...mantleModelActions.map((action) => `the SCPs in effect on Workloads/staging do not deny Mantle inference on a model outside the catalogue (${action} with bedrock-mantle:Model "model-outside-the-catalogue") in us-east-1, us-west-2; ${catalogueFix}`),
            ...ungovernedMantleActions.map((action) => `the SCPs in effect on Workloads/staging do not deny a Mantle model or reservation the catalogue does not govern (${action}) in us-east-1, us-west-2; ${catalogueFix}`),
        ]);
    });

    it("treats an SCP or an attachment not known yet as not known", async () => {
        const org = await organization();
        org.one(policyType, "scp-catalogue-models-prod-policy").props.content = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
        const pending = await organization();
        pending.one(attachmentType, "scp-catalogue-models-staging-attach-workloads-staging").props.policyId = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, pending.resources), []);
    });
});
