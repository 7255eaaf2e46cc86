import * as assert from "assert";
import { iamRoleArn, knowledgeBaseRoleName } from "../../../accounts/naming";
import { KnowledgeBaseRole, knowledgeBaseRoleProblems } from "../../../components/retrieval/knowledgeBaseRole";
import { constructionError, runComponent } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const genai = "111111111111";
const roleName = knowledgeBaseRoleName("acme-ai", "prod");
const boundary = `arn:aws:iam::${genai}:policy/acme-ai-lz-permission-boundary`;

describe("KnowledgeBaseRole", () => {
    const build = () => runComponent((opts) => new KnowledgeBaseRole("prod-knowledge-base-role", {
        region: "us-east-1", accountId: genai, roleName, permissionsBoundaryArn: boundary,
    }, opts), { accountId: genai });

    it("creates one role, with the boundary and no permissions of its own", async () => {
        const run = await build();
        assert.deepStrictEqual(run.resources.map((r) => r.type), ["lz:retrieval:KnowledgeBaseRole", "aws:iam/role:Role"]);
        const role = run.named("prod-knowledge-base-role-role");
        assert.strictEqual(role.inputs.name, "acme-ai-prod-genai-knowledge-base");
        assert.strictEqual(role.inputs.permissionsBoundary, boundary);
        assert.strictEqual(role.inputs.inlinePolicies, undefined);
        assert.strictEqual(role.inputs.managedPolicyArns, undefined);
    });

    it("is trusted by Bedrock only, for knowledge bases of this account and region (confused-deputy guard)", async () => {
        const run = await build();
        assert.deepStrictEqual(run.policyOf("prod-knowledge-base-role-role", "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "AllowServiceForThisAccountOnly",
                Effect: "Allow",
                Principal: { Service: "bedrock.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": genai },
                    ArnLike: { "aws:SourceArn": `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/*` },
                },
            }],
        });
    });

    it("under the IAM simulator, lets Bedrock assume it for this account's knowledge bases only", async () => {
        const run = await build();
        const trust = run.policyOf("prod-knowledge-base-role-role", "assumeRolePolicy");
        const assume = (sourceAccount: string, sourceArn: string) => simulate({
            principal: "bedrock.amazonaws.com",
            action: "sts:AssumeRole",
            resource: iamRoleArn("aws", genai, roleName),
            resourceAccount: genai,
            context: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": sourceArn },
        }, { resource: trust });
        assert.strictEqual(await assume(genai, `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/ABCDEFGHIJ`), "Allowed");
        assert.strictEqual(await assume("999999999999", `arn:aws:bedrock:us-east-1:999999999999:knowledge-base/ABCDEFGHIJ`), "ImplicitlyDenied");
        assert.strictEqual(await assume(genai, `arn:aws:bedrock:us-east-1:${genai}:agent/ABCDEFGHIJ`), "ImplicitlyDenied");
        assert.strictEqual(await assume(genai, `arn:aws:bedrock:eu-west-1:${genai}:knowledge-base/ABCDEFGHIJ`), "ImplicitlyDenied");
    });

    it("refuses a malformed role name or boundary", async () => {
        assert.deepStrictEqual(knowledgeBaseRoleProblems({ region: "us-east-1", accountId: genai, roleName: "kb role", permissionsBoundaryArn: "AdministratorAccess" }), [
            'roleName must be 1-64 letters, digits or +=,.@_- (got "kb role").',
            'permissionsBoundaryArn must be the ARN of an IAM managed policy (got "AdministratorAccess").',
        ]);
        assert.strictEqual(
            await constructionError(() => new KnowledgeBaseRole("bad", { region: "us-east-1", accountId: genai, roleName, permissionsBoundaryArn: "" })),
            'permissionsBoundaryArn must be the ARN of an IAM managed policy (got "").',
        );
    });
});
