import * as assert from "assert";
import { ModelInvokeRoleArgs, modelInvokeRoleProblems } from "../../../components/bedrock/invokeRole";
import { organizationPrincipalTrustPolicy } from "../../../components/identity/policies";
import { documentOf, one } from "../../fixtures/genai/graph";
import { decide } from "../../fixtures/genai/simulate";
import { plan } from "../../fixtures/plans";

describe("ModelInvokeRole", () => {
    const base: ModelInvokeRoleArgs = {
        roleName: "acme-ai-prod-genai-invoke", trustedPrincipalArns: [], organizationId: "o-a1b2c3d4e5", modelArns: [],
        guardrailArn: "g", guardrailVersion: "1", guardrailKeyArn: "k", permissionsBoundaryArn: "b",
    };
    const cases: [string, Partial<ModelInvokeRoleArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["a role name IAM refuses", { roleName: "genai invoke" }, ['roleName must be 1-64 letters, digits or +=,.@_- (got "genai invoke").']],
        ["a session longer than IAM allows", { maxSessionDurationSeconds: 86400 }, ["maxSessionDurationSeconds must be 3600-43200 (got 86400)."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(modelInvokeRoleProblems({ ...base, ...change }), expected));
    }

    it("admits a trusted principal of the organization only (simulated trust policy)", async () => {
        const trust = organizationPrincipalTrustPolicy(["arn:aws:iam::123456789012:root"], "o-a1b2c3d4e5");
        const assume = (context: Record<string, string>) => decide({
            principal: "arn:aws:iam::123456789012:role/app", action: "sts:AssumeRole", resource: "arn:aws:iam::123456789012:role/acme-ai-prod-genai-invoke", context,
        }, { identity: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }], resource: trust });
        assert.strictEqual(await assume({ "aws:PrincipalOrgID": "o-a1b2c3d4e5" }), "Allowed");
        assert.strictEqual(await assume({ "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ImplicitlyDenied");
    });
});

describe("AcceleratorWorkloadRole in prod", () => {
    it("is an EC2 role with an instance profile of the same name and no permissions of its own", async () => {
        const graph = await plan("prod");
        const role = one(graph, "prod-genai-accelerator-workload-role-role");
        const profile = one(graph, "prod-genai-accelerator-workload-role-instance-profile");
        assert.deepStrictEqual(documentOf(role, "assumeRolePolicy").Statement, [{ Sid: "AllowEc2Instances", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        assert.deepStrictEqual([role.inputs.name, profile.inputs.name, profile.inputs.role], ["acme-ai-prod-accelerator-workload", "acme-ai-prod-accelerator-workload", role.outputs.name]);
        // Its only grant comes from the model artifacts it reads.
        const grants = graph.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name);
        assert.deepStrictEqual(grants.map((g) => g.name), ["prod-genai-model-artifacts-us-east-1-reader-accelerator"]);
    });
});
