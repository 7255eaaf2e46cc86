import * as assert from "assert";
import { forbidStarOnStar as policy } from "../../../policies/iam/forbidStarOnStar";
import { document, FakeResource, genaiAccount, messagesOf, unknown } from "../harness";

const scoped = { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::docs/*" };

describe("iam-policies-grant-no-star-on-star", () => {
    it("passes a scoped policy", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/policy:Policy", props: { policy: document(scoped) } }]), []);
    });

    it("reports * on *", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/policy:Policy", props: { policy: document({ ...scoped, Action: "*", Resource: "*" }) } }]), [
            "policy statement \"Read\" allows \"*\" on \"*\", which is administrator access; grant the actions and resources the principal needs.",
        ]);
    });

    it("reports NotAction on *", async () => {
        const { Action: _action, ...rest } = scoped;
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/rolePolicy:RolePolicy", props: { role: "r", policy: document({ ...rest, NotAction: ["iam:*"], Resource: "*" }) } }]), [
            "policy statement \"Read\" allows every action except iam:* on \"*\", which is administrator access in all but name; grant the actions the principal needs.",
        ]);
    });

    it("reports inline role policies and attachments of AdministratorAccess with the same checker", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "admin", policy: document({ Effect: "Allow", Action: "*:*", Resource: ["*"] }) }] } }]), [
            "inlinePolicies[0] (\"admin\") statement 1 allows \"*\" on \"*\", which is administrator access; grant the actions and resources the principal needs.",
        ]);
        const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
        const message = `attaches the AWS-managed policy AdministratorAccess (${admin}), which allows "*" on "*"; attach a policy scoped to what the principal needs.`;
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: "r", policyArn: admin } }]), [message]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", managedPolicyArns: [admin] } }]), [message]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: "r", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } }]), []);
    });

    it("honours forbiddenManagedPolicies", async () => {
        assert.deepStrictEqual((await messagesOf(policy, [{ type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", props: { user: "u", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }], { forbiddenManagedPolicies: ["AdministratorAccess", "PowerUserAccess"] })).length, 1);
    });

    it("judges no other resource type", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:s3/bucketPolicy:BucketPolicy", props: { bucket: "b", policy: document({ Effect: "Allow", Action: "*", Resource: "*" }) } }]), []);
    });

    it("does not judge a managed policy used only as a permissions boundary, but does once it is attached", async () => {
        const boundary: FakeResource = { type: "aws:iam/policy:Policy", name: "boundary", props: { name: "lz-boundary", policy: document({ Sid: "AllowWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" }) } };
        const boundaryArn = `arn:aws:iam::${genaiAccount}:policy/lz-boundary`;
        const role: FakeResource = { type: "aws:iam/role:Role", name: "invoke", props: { assumeRolePolicy: "{}", permissionsBoundary: boundaryArn } };
        assert.deepStrictEqual(await messagesOf(policy, [boundary, role]), []);
        assert.deepStrictEqual(await messagesOf(policy, [boundary, { ...role, props: { ...role.props, managedPolicyArns: [boundaryArn] } }]), [
            "policy statement \"AllowWithinBoundary\" allows \"*\" on \"*\", which is administrator access; grant the actions and resources the principal needs.",
        ]);
    });

    it("treats documents and attachments not known yet as not known", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/policy:Policy", props: { policy: unknown } }]), []);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/policy:Policy", props: { policy: document({ Effect: "Allow", Action: "*", Resource: unknown }) } }]), []);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: "r", policyArn: unknown } }]), []);
    });
});
