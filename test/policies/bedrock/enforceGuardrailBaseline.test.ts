import * as assert from "assert";
import { enforceGuardrailBaseline as policy } from "../../../policies/bedrock/enforceGuardrailBaseline";
import { genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

const key = `arn:aws:kms:us-east-1:${genaiAccount}:key/1234`;
const types = ["SEXUAL", "VIOLENCE", "HATE", "INSULTS", "MISCONDUCT"];

function filters(overrides: Record<string, Record<string, unknown> | null> = {}): Record<string, unknown>[] {
    const all = [...types, "PROMPT_ATTACK"].filter((type) => overrides[type] !== null);
    return all.map((type): Record<string, unknown> => ({
        type,
        inputStrength: "HIGH",
        outputStrength: type === "PROMPT_ATTACK" ? "NONE" : "HIGH",
        ...(overrides[type] ?? {}),
    }));
}

function guardrail(overrides: Record<string, unknown> = {}) {
    return {
        type: "aws:bedrock/guardrail:Guardrail",
        props: {
            name: "genai",
            blockedInputMessaging: "Blocked.",
            blockedOutputsMessaging: "Blocked.",
            contentPolicyConfig: { filtersConfigs: filters() },
            sensitiveInformationPolicyConfig: { piiEntitiesConfigs: [{ type: "EMAIL", action: "ANONYMIZE" }] },
            kmsKeyArn: key,
            ...overrides,
        },
    };
}

describe("bedrock-guardrails-meet-baseline", () => {
    it("passes a guardrail with every filter at HIGH, prompt-attack screening, PII handling and a CMK", async () => {
        assert.deepStrictEqual(await violationsOf(policy, guardrail()), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["a missing content filter", { contentPolicyConfig: { filtersConfigs: filters({ HATE: null }) } },
            "contentPolicyConfig has no HATE filter; add one with inputStrength and outputStrength HIGH."],
        ["a weak output filter", { contentPolicyConfig: { filtersConfigs: filters({ VIOLENCE: { outputStrength: "LOW" } }) } },
            "contentPolicyConfig VIOLENCE filter has outputStrength \"LOW\"; it must be at least \"HIGH\"."],
        ["a filter switched off on input", { contentPolicyConfig: { filtersConfigs: filters({ INSULTS: { inputEnabled: false } }) } },
            "contentPolicyConfig INSULTS filter has inputEnabled false; it must screen input."],
        ["no prompt-attack filter", { contentPolicyConfig: { filtersConfigs: filters({ PROMPT_ATTACK: null }) } },
            "contentPolicyConfig has no PROMPT_ATTACK filter; add one with inputStrength HIGH and outputStrength NONE."],
        ["a weak prompt-attack filter", { contentPolicyConfig: { filtersConfigs: filters({ PROMPT_ATTACK: { inputStrength: "MEDIUM" } }) } },
            "contentPolicyConfig PROMPT_ATTACK filter has inputStrength \"MEDIUM\"; it must be at least \"HIGH\"."],
        ["no sensitive-information policy", { sensitiveInformationPolicyConfig: undefined },
            "sensitiveInformationPolicyConfig must list at least one PII entity or regex (got nothing); the guardrail would pass personal data through."],
        ["no customer-managed key", { kmsKeyArn: undefined },
            "kmsKeyArn must be a customer-managed KMS key (got nothing); an AWS-owned key cannot be audited or revoked."],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await violationsOf(policy, guardrail(change)), [message]);
        });
    }

    it("reports every required filter when there is no content policy at all", async () => {
        const violations = await violationsOf(policy, guardrail({ contentPolicyConfig: undefined }));
        assert.deepStrictEqual(violations, [
            ...types.map((type) => `contentPolicyConfig has no ${type} filter; add one with inputStrength and outputStrength HIGH.`),
            "contentPolicyConfig has no PROMPT_ATTACK filter; add one with inputStrength HIGH and outputStrength NONE.",
        ]);
    });

    it("honours minimumFilterStrength, minimumPromptAttackStrength and requiredContentFilters", async () => {
        const medium = guardrail({ contentPolicyConfig: { filtersConfigs: filters({ HATE: { inputStrength: "MEDIUM" }, PROMPT_ATTACK: { inputStrength: "MEDIUM" } }) } });
        assert.deepStrictEqual(await violationsOf(policy, medium, { minimumFilterStrength: "MEDIUM", minimumPromptAttackStrength: "MEDIUM" }), []);
        assert.deepStrictEqual(await violationsOf(policy, guardrail({ contentPolicyConfig: { filtersConfigs: filters({ MISCONDUCT: null }) } }), { requiredContentFilters: ["SEXUAL", "VIOLENCE", "HATE", "INSULTS"] }), []);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:bedrock/agentAgent:AgentAgent", props: {} })).notApplicable, true);
    });

    it("treats blocks and values not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, guardrail({ contentPolicyConfig: unknown, sensitiveInformationPolicyConfig: unknown, kmsKeyArn: unknown })), []);
        assert.deepStrictEqual(await violationsOf(policy, guardrail({ contentPolicyConfig: { filtersConfigs: filters({ HATE: { inputStrength: unknown } }) } })), []);
    });
});
