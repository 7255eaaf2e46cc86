import * as assert from "assert";
import { restrictRoleTrust as policy } from "../../../policies/iam/restrictRoleTrust";
import { document, genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

const appAccount = "021718575882";
const orgCondition = { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } };

function role(...statements: Record<string, unknown>[]) {
    return { type: "aws:iam/role:Role", props: { name: "genai-invoke", assumeRolePolicy: document(...statements), permissionsBoundary: "arn:aws:iam::1:policy/b" } };
}

function trust(principal: unknown, condition?: unknown): Record<string, unknown> {
    return { Sid: "Trust", Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) };
}

describe("iam-role-trust-stays-in-organization", () => {
    it("passes trust in an organization account's role under aws:PrincipalOrgID, and in a service under aws:SourceAccount", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role(
            trust({ AWS: `arn:aws:iam::${appAccount}:role/chat` }, orgCondition),
            trust({ Service: "bedrock.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": genaiAccount } }),
        )), []);
    });

    it("passes trust in the role's own account without conditions", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role(trust({ AWS: `arn:aws:iam::${genaiAccount}:root` }))), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["a * principal", trust("*", orgCondition), "assumeRolePolicy statement \"Trust\" trusts every AWS principal (\"*\"); name the roles or accounts that may assume it."],
        ["another account without aws:PrincipalOrgID", trust({ AWS: `arn:aws:iam::${appAccount}:role/chat` }),
            `assumeRolePolicy statement "Trust" trusts "arn:aws:iam::${appAccount}:role/chat" in account ${appAccount}, which is neither this account nor in trustedAccountIds, without an aws:PrincipalOrgID condition.`],
        ["another account under an IfExists org condition", trust({ AWS: appAccount }, { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
            `assumeRolePolicy statement "Trust" trusts "${appAccount}" in account ${appAccount}, which is neither this account nor in trustedAccountIds, without an aws:PrincipalOrgID condition.`],
        ["a service without aws:SourceAccount", trust({ Service: "bedrock.amazonaws.com" }),
            "assumeRolePolicy statement \"Trust\" trusts service \"bedrock.amazonaws.com\" without an aws:SourceAccount condition; add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<this account>\"}} so the service cannot assume it on another account's behalf."],
    ];
    for (const [what, statement, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await violationsOf(policy, role(statement)), [message]);
        });
    }

    it("accepts the services that assume execution roles without a source account", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role(trust({ Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"] }))), []);
    });

    it("honours organizationId, trustedAccountIds and servicesWithoutSourceAccount", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role(trust({ AWS: appAccount }, { StringEquals: { "aws:PrincipalOrgID": "o-zzzzzzzzzz" } })), { organizationId: "o-a1b2c3d4e5" }), [
            `assumeRolePolicy statement "Trust" trusts "${appAccount}" in account ${appAccount}, which is neither this account nor in trustedAccountIds, without an aws:PrincipalOrgID condition naming o-a1b2c3d4e5.`,
        ]);
        assert.deepStrictEqual(await violationsOf(policy, role(trust({ AWS: appAccount })), { trustedAccountIds: [appAccount] }), []);
        assert.deepStrictEqual((await violationsOf(policy, role(trust({ Service: "lambda.amazonaws.com" })), { servicesWithoutSourceAccount: [] })).length, 1);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:iam/policy:Policy", props: { policy: document(trust("*")) } })).notApplicable, true);
    });

    it("treats a trust policy, principal or condition not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:iam/role:Role", props: { assumeRolePolicy: unknown } }), []);
        assert.deepStrictEqual(await violationsOf(policy, role(trust({ AWS: unknown }))), []);
        assert.deepStrictEqual(await violationsOf(policy, role(trust({ AWS: appAccount }, unknown))), []);
    });
});
