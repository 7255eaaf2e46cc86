import * as assert from "assert";
import { invokeRoleName } from "../../../accounts/genaiNames";
import { documentsBucketName, foundationModelArn, iamRoleArn, s3BucketArn } from "../../../accounts/naming";
import { InvokeRoleAttributeAccess, InvokeRoleAttributeAccessArgs } from "../../../components/identity/invokeRoleAttributeAccess";
import { constructionError, runComponent } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const genai = "111111111111";
const data = "222222222222";
const invokeRole = iamRoleArn("aws", genai, invokeRoleName("acme-ai", "prod", "chat"));
const documentsArn = s3BucketArn("aws", documentsBucketName("acme-ai", "prod", data, "us-east-1"));
const dataKeyArn = `arn:aws:kms:us-east-1:${data}:key/11111111-2222-4333-a444-555555555555`;
const knowledgeBaseArn = `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/ABCDEFGHIJ`;
const haiku = foundationModelArn("aws", "us-east-1", "anthropic.claude-haiku-4-5-20251001-v1:0");
const sonnet = foundationModelArn("aws", "us-east-1", "anthropic.claude-sonnet-4-6");

const args: InvokeRoleAttributeAccessArgs = {
    region: "us-east-1",
    invokeRoleNames: { chat: "acme-ai-prod-genai-invoke-chat", search: "acme-ai-prod-genai-invoke-search" },
    policyName: "acme-ai-prod-genai-invoke-attribute-access",
    classifiedModels: [
        { modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", maxClassification: "internal", resourceArns: [haiku] },
        { modelId: "anthropic.claude-sonnet-4-6", maxClassification: "confidential", resourceArns: [sonnet] },
    ],
    dataAccountId: data,
    documentsBucketArn: documentsArn,
    dataKeyArn,
    knowledgeBaseArn,
};

describe("InvokeRoleAttributeAccess", () => {
    it("attaches one managed policy to every application's invoke role: clearance denies, the caller's tenant documents, retrieval", async () => {
        const run = await runComponent((opts) => new InvokeRoleAttributeAccess("prod-invoke-abac", args, opts), { accountId: genai });
        assert.deepStrictEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:iam/policy:Policy prod-invoke-abac-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment prod-invoke-abac-chat",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment prod-invoke-abac-search",
            "lz:identity:InvokeRoleAttributeAccess prod-invoke-abac",
        ]);
        const policy = run.named("prod-invoke-abac-policy");
        assert.strictEqual(policy.inputs.name, "acme-ai-prod-genai-invoke-attribute-access");
        assert.deepStrictEqual(["chat", "search"].map((app) => [run.named(`prod-invoke-abac-${app}`).inputs.role, run.named(`prod-invoke-abac-${app}`).inputs.policyArn]), [
            ["acme-ai-prod-genai-invoke-chat", policy.outputs.arn],
            ["acme-ai-prod-genai-invoke-search", policy.outputs.arn],
        ]);
        assert.deepStrictEqual(run.policyOf("prod-invoke-abac-policy").Statement.map((s: { Sid: string }) => s.Sid), [
            "DenyModelsClearedForInternalAboveTheirClearance",
            "DenyModelsClearedForConfidentialAboveTheirClearance",
            "ReadCallerTenantDocuments",
            "ListCallerTenantDocuments",
            "DecryptDocumentsThroughS3",
            "RetrieveFromKnowledgeBase",
        ]);

        const guardrail = `arn:aws:bedrock:us-east-1:${genai}:guardrail/abcdefghij12:1`;
        const catalogueWideAllow = {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [haiku, sonnet],
                Condition: { StringEquals: { "bedrock:GuardrailIdentifier": guardrail } },
            }],
        };
        const invoke = (model: string, classification: string) => simulate({
            principal: invokeRole, action: "bedrock:InvokeModel", resource: model, resourceAccount: genai,
            context: { "bedrock:GuardrailIdentifier": guardrail, "aws:PrincipalTag/data-classification": classification },
        }, { identity: [catalogueWideAllow, run.policyOf("prod-invoke-abac-policy")] });
        assert.strictEqual(await invoke(haiku, "internal"), "Allowed");
        assert.strictEqual(await invoke(haiku, "confidential"), "ExplicitlyDenied");
        assert.strictEqual(await invoke(sonnet, "confidential"), "Allowed");
        assert.strictEqual(await invoke(sonnet, "restricted"), "ExplicitlyDenied");
    });

    it("grants no retrieval while there is no knowledge base yet", async () => {
        const run = await runComponent((opts) => new InvokeRoleAttributeAccess("prod-invoke-abac", { ...args, knowledgeBaseArn: undefined }, opts), { accountId: genai });
        assert.ok(!run.policyOf("prod-invoke-abac-policy").Statement.some((s: { Sid: string }) => s.Sid === "RetrieveFromKnowledgeBase"));
    });

    it("refuses an empty model list, no invoke role and a policy name IAM refuses", async () => {
        assert.strictEqual(await constructionError(() => new InvokeRoleAttributeAccess("bad", { ...args, classifiedModels: [] })),
            "classifiedModels must list the environment's catalogue models (got none); without them no model is refused above its clearance.");
        assert.strictEqual(await constructionError(() => new InvokeRoleAttributeAccess("bad", { ...args, invokeRoleNames: {} })),
            "invokeRoleNames must name at least one application's invoke role (got none); the policy would be attached to nothing.");
        assert.strictEqual(await constructionError(() => new InvokeRoleAttributeAccess("bad", { ...args, policyName: "attribute access" })),
            'policyName must be 1-128 letters, digits or +=,.@_- (got "attribute access").');
    });
});
