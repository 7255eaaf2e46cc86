import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ModelInvokeRole, ModelInvokeRoleArgs, modelInvokeRoleProblems } from "../../../components/bedrock/invokeRole";
import { runComponent, valueOf } from "../../fixtures/componentHarness";
import { documentOf, one } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

describe("ModelInvokeRole", () => {
    const chat = { application: "chat", roleName: "acme-ai-prod-genai-invoke-chat", workloadRoleArn: "arn:aws:iam::222222222222:role/acme-ai-prod-app-chat-workload", tenants: ["acme"] };
    const search = { application: "search", roleName: "acme-ai-prod-genai-invoke-search", workloadRoleArn: "arn:aws:iam::333333333333:role/acme-ai-prod-app-search-workload", tenants: ["globex", "acme"] };
    const guardrailArn = "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij12";
    const base: ModelInvokeRoleArgs = {
        policyName: "acme-ai-prod-genai-invoke-models", workloads: [chat], organizationId: "o-a1b2c3d4e5",
        models: [{ modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", maxClassification: "internal", resourceArns: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"] }],
        guardrails: [{ arn: guardrailArn, version: "1", keyArn: "arn:aws:kms:us-east-1:111111111111:key/k" }], permissionsBoundaryArn: "arn:aws:iam::111111111111:policy/boundary",
    };
    const cases: [string, Partial<ModelInvokeRoleArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["a role name IAM refuses", { workloads: [{ ...chat, roleName: "genai invoke" }] }, ['workloads.chat.roleName must be 1-64 letters, digits or +=,.@_- (got "genai invoke").']],
        ["a role name longer than IAM allows", { workloads: [{ ...chat, roleName: `acme-ai-prod-genai-invoke-${"x".repeat(40)}` }] },
            [`workloads.chat.roleName must be 1-64 letters, digits or +=,.@_- (got "acme-ai-prod-genai-invoke-${"x".repeat(40)}").`]],
        ["two applications sharing a role", { workloads: [chat, { ...search, roleName: chat.roleName }] },
            ['workloads give the role name "acme-ai-prod-genai-invoke-chat" to more than one application; give each application its own invoke role.']],
        ["a policy name IAM refuses", { policyName: "invoke models" }, ['policyName must be 1-128 letters, digits or +=,.@_- (got "invoke models").']],
        ["a session longer than IAM allows", { maxSessionDurationSeconds: 86400 }, ["maxSessionDurationSeconds must be 3600-43200 (got 86400)."]],
        ["no workloads", { workloads: [] }, ["workloads must list at least one application workload role (got none); no invoke role would be created."]],
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

    it("creates one role per application, each trusting only its workload role, and one permissions policy attached to each", async () => {
        const run = await runComponent((opts) => new ModelInvokeRole("prod-invoke", { ...base, workloads: [chat, search] }, opts), { accountId: "111111111111" });
        assert.deepStrictEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:iam/policy:Policy prod-invoke-invoke-policy",
            "aws:iam/role:Role prod-invoke-chat-role",
            "aws:iam/role:Role prod-invoke-search-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment prod-invoke-chat-invoke-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment prod-invoke-search-invoke-policy",
            "lz:bedrock:ModelInvokeRole prod-invoke",
        ]);
        const policy = run.named("prod-invoke-invoke-policy");
        assert.strictEqual(policy.inputs.name, "acme-ai-prod-genai-invoke-models");
        for (const workload of [chat, search]) {
            const role = run.named(`prod-invoke-${workload.application}-role`);
            assert.deepStrictEqual([role.inputs.name, role.inputs.permissionsBoundary, role.inputs.maxSessionDuration],
                [workload.roleName, base.permissionsBoundaryArn, 3600]);
            const trust = run.policyOf(`prod-invoke-${workload.application}-role`, "assumeRolePolicy");
            const root = String(workload.workloadRoleArn).replace(/:role\/.*$/, ":root");
            assert.deepStrictEqual(trust.Statement.map((s: { Principal: unknown; Condition: { ArnEquals: unknown } }) => [s.Principal, s.Condition.ArnEquals]), [
                [{ AWS: root }, { "aws:PrincipalArn": workload.workloadRoleArn }],
                [{ AWS: root }, { "aws:PrincipalArn": workload.workloadRoleArn }],
            ]);
            assert.deepStrictEqual(trust.Statement[1].Condition.StringEquals["aws:RequestTag/tenant"], [...workload.tenants].sort());
            const attachment = run.named(`prod-invoke-${workload.application}-invoke-policy`);
            assert.deepStrictEqual([attachment.inputs.role, attachment.inputs.policyArn], [role.outputs.name, policy.outputs.arn]);
        }
        assert.deepStrictEqual(run.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy"), []);
        assert.deepStrictEqual(await valueOf(run.component.roleArns.search), "arn:aws:iam::111111111111:role/acme-ai-prod-genai-invoke-search");
        assert.deepStrictEqual(Object.keys(run.component.roleNames), ["chat", "search"]);
    });
});

describe("AcceleratorWorkloadRole in prod", () => {
    it("is an EC2 role with an instance profile of the same name and no permissions of its own", async () => {
        const graph = await plan("prod");
        const role = one(graph, "prod-genai-accelerator-workload-role-role");
        const profile = one(graph, "prod-genai-accelerator-workload-role-instance-profile");
        assert.deepStrictEqual(documentOf(role, "assumeRolePolicy").Statement, [{ Sid: "AllowEc2Instances", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        assert.deepStrictEqual([role.inputs.name, profile.inputs.name, profile.inputs.role], ["acme-ai-prod-accelerator-workload", "acme-ai-prod-accelerator-workload", role.outputs.name]);
        // Its only grants come from the model artifacts it reads: the primary's and, with DR, their replicas.
        const grants = graph.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name);
        assert.deepStrictEqual(grants.map((g) => g.name).sort(),
            ["prod-genai-accelerator-workload-role-artifacts-us-west-2", "prod-genai-model-artifacts-us-east-1-reader-accelerator"]);
    });
});
