import * as assert from "assert";
import { requireGuardrailCondition as policy } from "../../../policies/bedrock/requireGuardrailCondition";
import { document, FakeResource, genaiAccount, messagesOf, unknown } from "../harness";

const haiku = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
/** The catalogue's embedding model (model-catalogue.yaml, modality: embedding), as the knowledge-base role names it. */
const titanEmbed = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";
const guardrail = `arn:aws:bedrock:us-east-1:${genaiAccount}:guardrail/abc:1`;
const actions = "bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream";

function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        Sid: "Invoke",
        Effect: "Allow",
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        Resource: haiku,
        Condition: { StringEquals: { "bedrock:GuardrailIdentifier": guardrail } },
        ...overrides,
    };
}

function rolePolicy(...statements: Record<string, unknown>[]): FakeResource {
    return { type: "aws:iam/rolePolicy:RolePolicy", props: { role: "invoke", policy: document(...statements) } };
}

describe("bedrock-invoke-requires-guardrail", () => {
    it("passes an invoke statement that requires a named guardrail", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement())]), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["no condition", { Condition: undefined },
            `policy statement "Invoke" allows ${actions} without a bedrock:GuardrailIdentifier condition; add "Condition": {"StringEquals": {"bedrock:GuardrailIdentifier": "<guardrail ARN>:<version>"}}.`],
        ["a condition on another key", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
            `policy statement "Invoke" allows ${actions} without a bedrock:GuardrailIdentifier condition; add "Condition": {"StringEquals": {"bedrock:GuardrailIdentifier": "<guardrail ARN>:<version>"}}.`],
        ["an IfExists operator", { Condition: { StringEqualsIfExists: { "bedrock:GuardrailIdentifier": guardrail } } },
            `policy statement "Invoke" checks bedrock:GuardrailIdentifier only with StringEqualsIfExists, which also lets calls without a guardrail through; use StringEquals.`],
        ["a Null check that allows absence", { Condition: { Null: { "bedrock:GuardrailIdentifier": "true" } } },
            `policy statement "Invoke" checks bedrock:GuardrailIdentifier only with Null, which also lets calls without a guardrail through; use StringEquals.`],
        ["any guardrail at all", { Condition: { StringLike: { "bedrock:GuardrailIdentifier": "*" } } },
            `policy statement "Invoke" accepts any bedrock:GuardrailIdentifier ("*"), so a guardrail of the caller's own making satisfies it; name the landing zone's guardrail ARNs.`],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement(change))]), [message]);
        });
    }

    it("accepts the condition key in any case and a Null check that requires presence", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Condition: { Null: { "Bedrock:GuardrailIdentifier": "false" } } }))]), []);
    });

    it("checks identity policies, role inline policies and bedrock-runtime endpoint policies alike, but not SCPs", async () => {
        const bad = document(statement({ Condition: undefined }));
        const message = `allows ${actions} without a bedrock:GuardrailIdentifier condition; add "Condition": {"StringEquals": {"bedrock:GuardrailIdentifier": "<guardrail ARN>:<version>"}}.`;
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/policy:Policy", props: { policy: bad } }]), [`policy statement "Invoke" ${message}`]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "invoke", policy: bad }] } }]), [`inlinePolicies[0] ("invoke") statement "Invoke" ${message}`]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.bedrock-runtime", policy: bad } }]), [`policy statement "Invoke" ${message}`]);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:organizations/policy:Policy", props: { content: bad } }]), []);
    });

    it("judges no other resource type", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:s3/bucketPolicy:BucketPolicy", props: { bucket: "b", policy: document(statement({ Condition: undefined })) } }]), []);
    });

    it("does not judge a managed policy used only as a permissions boundary", async () => {
        const boundary: FakeResource = { type: "aws:iam/policy:Policy", name: "boundary", props: { name: "lz-boundary", arn: `arn:aws:iam::${genaiAccount}:policy/lz-boundary`, policy: document({ Effect: "Allow", Action: "*", Resource: "*" }) } };
        const role: FakeResource = { type: "aws:iam/role:Role", name: "invoke", props: { assumeRolePolicy: "{}", permissionsBoundary: unknown }, propertyDependencies: { permissionsBoundary: ["boundary"] } };
        assert.deepStrictEqual(await messagesOf(policy, [boundary, role]), []);
    });

    describe("embedding models, which guardrails do not apply to", () => {
        const embed = (resource: unknown) => statement({ Sid: "EmbedWithCatalogueModel", Action: "bedrock:InvokeModel", Resource: resource, Condition: undefined });
        const unguarded = `policy statement "EmbedWithCatalogueModel" allows bedrock:InvokeModel without a bedrock:GuardrailIdentifier condition; add "Condition": {"StringEquals": {"bedrock:GuardrailIdentifier": "<guardrail ARN>:<version>"}}.`;

        it("passes the knowledge-base role's statement that invokes only the catalogue embedding model", async () => {
            assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(embed(titanEmbed))]), []);
            assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(embed([titanEmbed, titanEmbed.replace("us-east-1", "us-west-2")]))]), []);
            // A non-Bedrock resource in the same statement grants no invocation and does not spoil the exemption.
            assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(embed([titanEmbed, "arn:aws:s3:::acme-ai-prod-docs/*"]))]), []);
        });

        const nearMisses: [string, unknown][] = [
            ["an embedding model beside a generation model", [titanEmbed, haiku]],
            ["an embedding model ID with a wildcard", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-*"],
            ["an embedding model outside the catalogue", "arn:aws:bedrock:us-east-1::foundation-model/cohere.embed-english-v3"],
            ["every foundation model", "arn:aws:bedrock:us-east-1::foundation-model/*"],
            ["the \"*\" resource", "*"],
        ];
        for (const [what, resource] of nearMisses) {
            it(`still requires the condition for ${what}`, async () => {
                assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(embed(resource))]), [unguarded]);
            });
        }

        it("still requires the condition when the statement uses NotResource, even if it excludes only generation models", async () => {
            const notResource = statement({ Sid: "EmbedWithCatalogueModel", Action: "bedrock:InvokeModel", Resource: undefined, NotResource: haiku, Condition: undefined });
            assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(notResource)]), [unguarded]);
        });
    });

    it("treats a condition or document not known yet as not known", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy(statement({ Condition: unknown }))]), []);
        assert.deepStrictEqual(await messagesOf(policy, [{ type: "aws:iam/rolePolicy:RolePolicy", props: { role: "invoke", policy: unknown } }]), []);
    });
});
