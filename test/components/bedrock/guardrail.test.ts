import * as assert from "assert";
import { BedrockGuardrailArgs, bedrockGuardrailProblems } from "../../../components/bedrock/guardrail";
import { defaultGuardrailPiiEntities } from "../../../accounts/schema";
import { genaiAccountOf, one } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

describe("BedrockGuardrail: argument validation", () => {
    const base: BedrockGuardrailArgs = { region: "us-east-1", accountId: "123456789012", guardrailName: "acme-prod-guardrail", keyAlias: "alias/acme-guardrail" };
    const cases: [string, Partial<BedrockGuardrailArgs>, string[]][] = [
        ["the defaults", {}, []],
        ["a strength Bedrock does not accept", { contentFilters: { HATE: "EXTREME" as never } }, ["contentFilters.HATE must be one of NONE, LOW, MEDIUM, HIGH (got \"EXTREME\")."]],
        ["an unknown content category", { contentFilters: { SPAM: "HIGH" } as never }, ["contentFilters has unknown category \"SPAM\"; use HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT."]],
        ["a prompt-attack strength Bedrock does not accept", { promptAttackStrength: "MAX" as never }, ["promptAttackStrength must be one of NONE, LOW, MEDIUM, HIGH (got \"MAX\")."]],
        ["a grounding threshold of 1", { groundingThreshold: 1 }, ["groundingThreshold must be from 0 to 0.99 (got 1)."]],
        ["a negative relevance threshold", { relevanceThreshold: -0.5 }, ["relevanceThreshold must be from 0 to 0.99 (got -0.5)."]],
        ["an unknown PII type", { piiEntities: [{ type: "SSN", action: "BLOCK" }] }, ["piiEntities has type \"SSN\", which Bedrock does not accept; use one of guardrailPiiEntityTypes such as \"EMAIL\"."]],
        ["a PII action other than BLOCK or ANONYMIZE", { piiEntities: [{ type: "EMAIL", action: "NONE" as never }] }, ["piiEntities.EMAIL action must be BLOCK or ANONYMIZE (got \"NONE\")."]],
        ["a name Bedrock refuses", { guardrailName: "acme prod" }, ["guardrailName must be 1-50 letters, digits, _ or - (got \"acme prod\")."]],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => assert.deepStrictEqual(bedrockGuardrailProblems({ ...base, ...change }), expected));
    }
});

describe("BedrockGuardrail in the shipped stacks", () => {
    it("filters every content category HIGH on input and output in prod, prompt attacks on input only", async () => {
        const guardrail = one(await plan("prod"), "prod-genai-guardrail-us-east-1-guardrail");
        assert.deepStrictEqual(guardrail.inputs.contentPolicyConfig, {
            filtersConfigs: [
                { type: "HATE", inputStrength: "HIGH", outputStrength: "HIGH" },
                { type: "INSULTS", inputStrength: "HIGH", outputStrength: "HIGH" },
                { type: "SEXUAL", inputStrength: "HIGH", outputStrength: "HIGH" },
                { type: "VIOLENCE", inputStrength: "HIGH", outputStrength: "HIGH" },
                { type: "MISCONDUCT", inputStrength: "HIGH", outputStrength: "HIGH" },
                { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" },
            ],
        });
    });

    it("takes dev's weaker insults filter from its config", async () => {
        const guardrail = one(await plan("dev"), "dev-genai-guardrail-us-east-1-guardrail");
        const filters = (guardrail.inputs.contentPolicyConfig as { filtersConfigs: { type: string; inputStrength: string }[] }).filtersConfigs;
        assert.deepStrictEqual(filters.map((f) => [f.type, f.inputStrength]), [
            ["HATE", "HIGH"], ["INSULTS", "MEDIUM"], ["SEXUAL", "HIGH"], ["VIOLENCE", "HIGH"], ["MISCONDUCT", "HIGH"], ["PROMPT_ATTACK", "HIGH"],
        ]);
    });

    it("denies prod's topics, masks or blocks PII, its custom pattern and words, with profanity and grounding", async () => {
        const guardrail = one(await plan("prod"), "prod-genai-guardrail-us-east-1-guardrail");
        assert.deepStrictEqual(guardrail.inputs.topicPolicyConfig, {
            topicsConfigs: [
                {
                    name: "investment-advice",
                    definition: "Recommendations on buying, selling or holding securities, funds or other financial products.",
                    examples: ["Which stocks should I buy this year?", "Should I move my pension into crypto?"],
                    type: "DENY",
                },
                { name: "legal-advice", definition: "Advice on how the law applies to a person's specific situation, or on what they should do in a dispute.", examples: [], type: "DENY" },
            ],
        });
        assert.deepStrictEqual(guardrail.inputs.sensitiveInformationPolicyConfig, {
            piiEntitiesConfigs: defaultGuardrailPiiEntities.map((e) => ({ type: e.type, action: e.action })),
            regexesConfigs: [{ name: "employee-id", pattern: "EMP-[0-9]{6}", action: "ANONYMIZE", description: "Internal employee numbers" }],
        });
        assert.deepStrictEqual(guardrail.inputs.wordPolicyConfig, { managedWordListsConfigs: [{ type: "PROFANITY" }], wordsConfigs: [{ text: "project-bluebird" }] });
        assert.deepStrictEqual(guardrail.inputs.contextualGroundingPolicyConfig, {
            filtersConfigs: [{ type: "GROUNDING", threshold: 0.75 }, { type: "RELEVANCE", threshold: 0.75 }],
        });
    });

    it("is encrypted with its own protected, rotating key and publishes a version it keeps on change", async () => {
        const graph = await plan("prod");
        const guardrail = one(graph, "prod-genai-guardrail-us-east-1-guardrail");
        const key = one(graph, "prod-genai-guardrail-us-east-1-key-key");
        const version = one(graph, "prod-genai-guardrail-us-east-1-version");
        assert.deepStrictEqual([guardrail.inputs.name, guardrail.inputs.kmsKeyArn, guardrail.region, guardrail.account],
            ["acme-ai-prod-guardrail", key.outputs.arn, "us-east-1", genaiAccountOf(graph)]);
        assert.deepStrictEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.protect, key.retainOnDelete], [true, 30, true, true]);
        assert.deepStrictEqual([version.inputs.guardrailArn, version.inputs.skipDestroy], [guardrail.outputs.guardrailArn, true]);
        assert.match(String(version.inputs.description), /^configuration [0-9a-f]{16}$/);
    });

    it("publishes a new version when the configuration changes (the version's description follows it)", async () => {
        const prod = one(await plan("prod"), "prod-genai-guardrail-us-east-1-version").inputs.description;
        const dev = one(await plan("dev"), "dev-genai-guardrail-us-east-1-version").inputs.description;
        const staging = one(await plan("staging"), "staging-genai-guardrail-us-east-1-version").inputs.description;
        assert.notStrictEqual(prod, dev);
        assert.notStrictEqual(dev, staging);
    });
});
