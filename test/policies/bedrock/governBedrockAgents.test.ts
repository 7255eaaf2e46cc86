import * as assert from "assert";
import { governBedrockAgents as policy } from "../../../policies/bedrock/governBedrockAgents";
import { genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

function agent(overrides: Record<string, unknown> = {}) {
    return {
        type: "aws:bedrock/agentAgent:AgentAgent",
        props: {
            agentName: "support",
            agentResourceRoleArn: `arn:aws:iam::${genaiAccount}:role/agent`,
            foundationModel: "anthropic.claude-haiku-4-5-20251001-v1:0",
            guardrailConfigurations: [{ guardrailIdentifier: "abc", guardrailVersion: "1" }],
            customerEncryptionKeyArn: `arn:aws:kms:us-east-1:${genaiAccount}:key/1234`,
            ...overrides,
        },
    };
}

describe("bedrock-agents-use-catalogue-model-guardrail-and-kms", () => {
    it("passes an agent on a catalogue model with a guardrail and a CMK", async () => {
        assert.deepStrictEqual(await violationsOf(policy, agent()), []);
        assert.deepStrictEqual(await violationsOf(policy, agent({ foundationModel: "us.anthropic.claude-haiku-4-5-20251001-v1:0" })), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["a model outside the catalogue", { foundationModel: "mistral.mistral-large-2402-v1:0" },
            "foundationModel \"mistral.mistral-large-2402-v1:0\" names model \"mistral.mistral-large-2402-v1:0\", which is not in model-catalogue.yaml; use a model from model-catalogue.yaml."],
        ["no guardrail", { guardrailConfigurations: [] },
            "guardrailConfigurations must name a guardrail and version (got nothing); the agent would answer unfiltered."],
        ["no customer-managed key", { customerEncryptionKeyArn: undefined },
            "customerEncryptionKeyArn must be a customer-managed KMS key (got nothing)."],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await violationsOf(policy, agent(change)), [message]);
        });
    }

    it("honours environment", async () => {
        assert.deepStrictEqual(await violationsOf(policy, agent({ foundationModel: "amazon.nova-pro-v1:0" }), { environment: "staging" }), []);
        assert.deepStrictEqual(await violationsOf(policy, agent({ foundationModel: "amazon.nova-pro-v1:0" }), { environment: "prod" }), [
            "foundationModel \"amazon.nova-pro-v1:0\" names \"amazon.nova-pro-v1:0\", which model-catalogue.yaml approves for dev, staging but not prod; use a model from model-catalogue.yaml approved for prod.",
        ]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:bedrock/guardrail:Guardrail", props: {} })).notApplicable, true);
    });

    it("treats values not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, agent({ foundationModel: unknown, guardrailConfigurations: unknown, customerEncryptionKeyArn: unknown })), []);
    });
});
