import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ModelInvokeRoleArgs, modelInvokeRoleProblems } from "../../../components/bedrock/invokeRole";
import { documentOf, one } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

describe("ModelInvokeRole", () => {
    const chat = { application: "chat", workloadRoleArn: "arn:aws:iam::222222222222:role/acme-ai-prod-app-chat-workload", tenants: ["acme"] };
    const base: ModelInvokeRoleArgs = {
        roleName: "acme-ai-prod-genai-invoke", workloads: [chat], organizationId: "o-a1b2c3d4e5",
        models: [{ modelId: "anthropic.claude-3-haiku-20240307-v1:0", maxClassification: "internal", resourceArns: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"] }],
        guardrailArn: "g", guardrailVersion: "1", guardrailKeyArn: "k", permissionsBoundaryArn: "b",
    };
    const cases: [string, Partial<ModelInvokeRoleArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["a role name IAM refuses", { roleName: "genai invoke" }, ['roleName must be 1-64 letters, digits or +=,.@_- (got "genai invoke").']],
        ["a session longer than IAM allows", { maxSessionDurationSeconds: 86400 }, ["maxSessionDurationSeconds must be 3600-43200 (got 86400)."]],
        ["no workloads", { workloads: [] }, ["workloads must list at least one application workload role (got none); the invoke role would trust nobody."]],
        ["a workload without tenants", { workloads: [{ ...chat, tenants: [] }] }, ["workloads.chat.tenants must list at least one tenant (got none)."]],
        ["a wildcard workload role", { workloads: [{ ...chat, workloadRoleArn: "arn:aws:iam::222222222222:role/*" }] },
            ['workloads.chat.workloadRoleArn must be the exact ARN of an IAM role, without wildcards (got "arn:aws:iam::222222222222:role/*").']],
        ["no models", { models: [] }, ["models must list the environment's invocable catalogue models (got none)."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(modelInvokeRoleProblems({ ...base, ...change }), expected));
    }

    it("leaves a workload role ARN that is not known yet to the trust policy's own check", () => {
        const unknown = { ...chat, workloadRoleArn: pulumi.output("arn:aws:iam::222222222222:role/acme-ai-prod-app-chat-workload") };
        assert.deepStrictEqual(modelInvokeRoleProblems({ ...base, workloads: [unknown] }), []);
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
