import * as assert from "assert";
import { requirePermissionsBoundary as policy } from "../../../policies/iam/requirePermissionsBoundary";
import { runResourcePolicy, unknown, violationsOf } from "../harness";

function role(overrides: Record<string, unknown> = {}) {
    return { type: "aws:iam/role:Role", name: "chat-invoke", props: { name: "acme-ai-prod-chat-invoke", assumeRolePolicy: "{}", permissionsBoundary: "arn:aws:iam::906602663697:policy/lz-boundary", ...overrides } };
}

describe("iam-roles-have-permissions-boundary", () => {
    it("passes a role with a boundary", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role()), []);
    });

    it("reports a role without one", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role({ permissionsBoundary: undefined })), [
            "permissionsBoundary must name a boundary policy (got nothing); without one, any policy attached later applies in full.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, role({ permissionsBoundary: "" })), [
            "permissionsBoundary must name a boundary policy (got \"\"); without one, any policy attached later applies in full.",
        ]);
    });

    it("honours exemptRoles by resource name or role name", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role({ permissionsBoundary: undefined }), { exemptRoles: ["chat-invoke"] }), []);
        assert.deepStrictEqual(await violationsOf(policy, role({ permissionsBoundary: undefined }), { exemptRoles: ["acme-ai-prod-chat-invoke"] }), []);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:iam/user:User", props: {} })).notApplicable, true);
    });

    it("treats a boundary not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, role({ permissionsBoundary: unknown })), []);
    });
});
