import * as assert from "assert";
import { restrictInvokeToCatalogueModels as policy } from "../../../policies/bedrock/restrictInvokeToCatalogueModels";
import { document, FakeResource, genaiAccount, messagesOf, unknown } from "../harness";

const haiku = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
const haikuProfile = `arn:aws:bedrock:us-east-1:${genaiAccount}:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0`;
const llama = "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-70b-instruct-v1:0";
const actions = "bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream";

function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        Sid: "Invoke",
        Effect: "Allow",
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        Resource: [haiku, haikuProfile],
        Condition: { StringEquals: { "bedrock:GuardrailIdentifier": `arn:aws:bedrock:us-east-1:${genaiAccount}:guardrail/abc:1` } },
        ...overrides,
    };
}

function rolePolicy(...statements: Record<string, unknown>[]): FakeResource {
    return { type: "aws:iam/rolePolicy:RolePolicy", props: { role: "invoke", policy: document(...statements) } };
}

describe("bedrock-invoke-limited-to-catalogue-models", () => {
    it("passes a role policy that invokes catalogue models by foundation-model and inference-profile ARN", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement())]), []);
    });

    it("passes one exact application inference profile of the account: its model is judged on the model's own ARN", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Resource: [haiku, `arn:aws:bedrock:us-east-1:${genaiAccount}:application-inference-profile/abcdef123456`] }))]), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["every application inference profile", { Resource: `arn:aws:bedrock:us-east-1:${genaiAccount}:application-inference-profile/*` },
            `policy statement "Invoke" allows ${actions} on "arn:aws:bedrock:us-east-1:${genaiAccount}:application-inference-profile/*" is not a foundation-model or inference-profile ARN of a catalogue model; only model-catalogue.yaml models may be invoked.`],
        ["bedrock:*", { Action: "bedrock:*" }, `policy statement "Invoke" grants "bedrock:*"; allow only ${actions.replace(", ", " and ")} on catalogue models.`],
        ["a * resource", { Resource: "*" }, `policy statement "Invoke" allows ${actions} on "*"; name the foundation-model and inference-profile ARNs of catalogue models instead.`],
        ["a model outside the catalogue", { Resource: "arn:aws:bedrock:us-east-1::foundation-model/mistral.mistral-large-2402-v1:0" },
            `policy statement "Invoke" allows ${actions} on "arn:aws:bedrock:us-east-1::foundation-model/mistral.mistral-large-2402-v1:0" names model "mistral.mistral-large-2402-v1:0", which is not in model-catalogue.yaml; only model-catalogue.yaml models may be invoked.`],
        ["a wildcard model", { Resource: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*" },
            `policy statement "Invoke" allows ${actions} on "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*" uses a wildcard, which admits models outside the catalogue; only model-catalogue.yaml models may be invoked.`],
        ["a catalogue model in a region the catalogue does not list", { Resource: "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" },
            `policy statement "Invoke" allows ${actions} on "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" names "anthropic.claude-haiku-4-5-20251001-v1:0" in eu-west-1, where model-catalogue.yaml does not list it (listed: us-east-1, us-east-2, us-west-2); only model-catalogue.yaml models may be invoked.`],
        ["an inference profile outside the catalogue", { Resource: `arn:aws:bedrock:us-east-1:${genaiAccount}:inference-profile/us.meta.llama3-2-90b-instruct-v1:0` },
            `policy statement "Invoke" allows ${actions} on "arn:aws:bedrock:us-east-1:${genaiAccount}:inference-profile/us.meta.llama3-2-90b-instruct-v1:0" names inference profile "us.meta.llama3-2-90b-instruct-v1:0", which is not in model-catalogue.yaml; only model-catalogue.yaml models may be invoked.`],
        ["a provisioned model", { Resource: `arn:aws:bedrock:us-east-1:${genaiAccount}:provisioned-model/abc123` },
            `policy statement "Invoke" allows ${actions} on "arn:aws:bedrock:us-east-1:${genaiAccount}:provisioned-model/abc123" is not a foundation-model or inference-profile ARN of a catalogue model; only model-catalogue.yaml models may be invoked.`],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement(change))]), [message]);
        });
    }

    it("reports NotResource, which admits every model it does not list", async () => {
        const { Resource: _resource, ...withoutResource } = statement();
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ ...withoutResource, NotResource: haiku })]), [
            `policy statement "Invoke" allows ${actions} with NotResource, which admits every model it does not list; name catalogue models in Resource instead.`,
        ]);
    });

    it("reports NotAction statements that leave invoke allowed", async () => {
        const { Action: _action, ...withoutAction } = statement({ Resource: "*" });
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ ...withoutAction, NotAction: "iam:*" })]), [
            `policy statement "Invoke" allows ${actions} on "*"; name the foundation-model and inference-profile ARNs of catalogue models instead.`,
        ]);
    });

    it("ignores statements that grant invoke only on non-Bedrock resources and Deny statements", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(
            { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::logs/*" },
            { Effect: "Deny", Action: "bedrock:*", Resource: "*" },
        )]), []);
    });

    it("checks the same statements in every resource type that carries a permission document", async () => {
        const bad = document(statement({ Resource: "*" }));
        const message = `${actions} on "*"; name the foundation-model and inference-profile ARNs of catalogue models instead.`;
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/policy:Policy", props: { policy: JSON.parse(bad) } }]), [`policy statement "Invoke" allows ${message}`]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "invoke", policy: bad }] } }]), [`inlinePolicies[0] ("invoke") statement "Invoke" allows ${message}`]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.bedrock-runtime", policy: bad } }]), [`policy statement "Invoke" allows ${message}`]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:organizations/policy:Policy", props: { content: bad, type: "SERVICE_CONTROL_POLICY" } }]), [`content statement "Invoke" allows ${message}`]);
    });

    it("leaves endpoints of other services and SCPs' default allow-all alone", async () => {
        const allowAll = document({ Effect: "Allow", Action: "*", Resource: "*" });
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", policy: allowAll } }]), []);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:organizations/policy:Policy", props: { content: allowAll } }]), []);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:organizations/policy:Policy", props: { content: document(statement({ Resource: "*" })), type: "TAG_POLICY" } }]), []);
    });

    it("judges no other resource type", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:s3/bucket:Bucket", props: { policy: document(statement({ Resource: "*" })) } }]), []);
    });

    it("does not judge a managed policy used only as a permissions boundary, which caps rather than grants", async () => {
        const boundary: FakeResource = { type: "aws:iam/policy:Policy", name: "boundary", props: { name: "lz-boundary", policy: document({ Sid: "AllowWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" }) } };
        const role: FakeResource = { type: "aws:iam/role:Role", name: "invoke", props: { assumeRolePolicy: "{}", permissionsBoundary: `arn:aws:iam::${genaiAccount}:policy/lz-boundary` } };
        assert.deepStrictEqual(await messagesOf(policy, [boundary, role]), []);
        const attachment: FakeResource = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "attach", props: { role: "invoke", policyArn: `arn:aws:iam::${genaiAccount}:policy/lz-boundary` } };
        assert.deepStrictEqual(await messagesOf(policy, [boundary, role, attachment]), [
            `policy statement "AllowWithinBoundary" allows ${actions} on "*"; name the foundation-model and inference-profile ARNs of catalogue models instead.`,
        ]);
    });

    it("does not judge endpoints of other Bedrock services, which cannot carry InvokeModel", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.bedrock-agent-runtime", policy: document({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }) } }]), []);
    });

    it("honours environment: a model the catalogue approves for dev only is refused in prod", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Resource: llama }))]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Resource: llama }))], { environment: "prod" }), [
            `policy statement "Invoke" allows ${actions} on "${llama}" names "meta.llama3-1-70b-instruct-v1:0", which model-catalogue.yaml approves for dev but not prod; only model-catalogue.yaml models approved for prod may be invoked.`,
        ]);
    });

    it("treats a document, statement or resource not known yet as not known, not as a violation", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/rolePolicy:RolePolicy", props: { role: "invoke", policy: unknown } }]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Resource: [unknown] }))]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Action: unknown, Resource: "*" }))]), []);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: unknown, policy: document(statement({ Resource: "*" })) } }]), []);
    });
});
