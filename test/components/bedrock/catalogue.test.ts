import * as assert from "assert";
import { CatalogueModel, loadCatalogue, ModelCatalogue, modelsForEnvironment } from "../../../accounts/catalogue";
import {
    bedrockRuntimeEndpointPolicy,
    catalogueParameterValue,
    catalogueServiceControlPolicies,
    classifiedModels,
    environmentModelArns,
    guardrailIdentifier,
    invocableModels,
    invokeRolePolicy,
} from "../../../components/bedrock/catalogue";
import { modelInvokeActions } from "../../../components/identity/invokeRolePolicies";
import { policySize, SCP_MAX_CHARACTERS } from "../../../components/organization/policyDocuments";
import { decide } from "../../fixtures/genai/simulate";
import { projectDir } from "../../fixtures/plans";

const catalogue = loadCatalogue(projectDir);
const account = "123456789012";
const org = "o-a1b2c3d4e5";
const guardrailArn = `arn:aws:bedrock:us-east-1:${account}:guardrail/abcdefghij12`;
const guardrailKeyArn = `arn:aws:kms:us-east-1:${account}:key/11111111-2222-4333-a444-555555555555`;
const prodModels = modelsForEnvironment(catalogue, "prod", [
    "anthropic.claude-sonnet-4-6", "anthropic.claude-haiku-4-5-20251001-v1:0", "amazon.titan-embed-text-v2:0",
]);
const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const profile = (region: string, id: string) => `arn:aws:bedrock:${region}:${account}:inference-profile/${id}`;
const sonnet = "anthropic.claude-sonnet-4-6";
/** Legacy, kept for dev only while workloads move to its successor. */
const sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";
const titan = "amazon.titan-embed-text-v2:0";

/** Prod's approved ARNs with DR on (us-east-1 and us-west-2); both Claude profiles also route to us-east-2. */
const prodArns = [
    profile("us-east-1", `us.${haiku}`), profile("us-east-1", `us.${sonnet}`),
    fm("us-east-1", titan), fm("us-east-1", haiku), fm("us-east-1", sonnet), fm("us-east-2", haiku), fm("us-east-2", sonnet),
    profile("us-west-2", `us.${haiku}`), profile("us-west-2", `us.${sonnet}`),
    fm("us-west-2", titan), fm("us-west-2", haiku), fm("us-west-2", sonnet),
];

describe("catalogue compilation: model ARNs", () => {
    it("gives an environment its models in each of its regions, its profiles there, and each profile's destinations", () => {
        assert.deepStrictEqual(environmentModelArns(prodModels, ["us-east-1", "us-west-2"], "aws", account).all, prodArns);
    });

    it("stays in the primary region when DR is off, except for the regions a profile routes to", () => {
        const arns = environmentModelArns(prodModels, ["us-east-1"], "aws", account);
        assert.deepStrictEqual(arns.inferenceProfileArns, [profile("us-east-1", `us.${haiku}`), profile("us-east-1", `us.${sonnet}`)]);
        assert.deepStrictEqual(arns.foundationModelArns, [
            fm("us-east-1", titan), fm("us-east-1", haiku), fm("us-east-1", sonnet), fm("us-east-2", haiku), fm("us-east-2", sonnet),
            // The profiles route to us-west-2, so invoking them needs the models there too.
            fm("us-west-2", haiku), fm("us-west-2", sonnet),
        ]);
    });

    it("uses the partition of the region", () => {
        const gov: CatalogueModel = { ...prodModels[2], regions: ["us-gov-west-1"] };
        assert.deepStrictEqual(environmentModelArns([gov], ["us-gov-west-1"], "aws-us-gov", account).all, [
            `arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${titan}`,
        ]);
    });
});

describe("catalogue compilation: the invoke role", () => {
    const regions = ["us-east-1", "us-west-2"];
    const policy = invokeRolePolicy({ models: classifiedModels(invocableModels(prodModels), regions, "aws", account), guardrails: [{ arn: guardrailArn, version: "3", keyArn: guardrailKeyArn }] });
    const haikuArns = [profile("us-east-1", `us.${haiku}`), fm("us-east-1", haiku), fm("us-east-2", haiku), profile("us-west-2", `us.${haiku}`), fm("us-west-2", haiku)];
    const sonnetArns = [profile("us-east-1", `us.${sonnet}`), fm("us-east-1", sonnet), fm("us-east-2", sonnet), profile("us-west-2", `us.${sonnet}`), fm("us-west-2", sonnet)];
    // us-east-2 is only the profiles' destination: no invocation logging there, so the model is granted there only
    // through the profiles.
    const direct = (arns: string[]) => arns.filter((arn) => !arn.includes("us-east-2"));
    const applicationProfiles = [`arn:aws:bedrock:us-east-1:${account}:application-inference-profile/*`, `arn:aws:bedrock:us-west-2:${account}:application-inference-profile/*`];
    const throughProfiles = (id: string) => ({ foundationModelArns: [fm("us-east-2", id)], inferenceProfileArns: [profile("us-east-1", `us.${id}`), profile("us-west-2", `us.${id}`), ...applicationProfiles] });
    const profilePatterns = (id: string) => [...throughProfiles(id).inferenceProfileArns].sort();

    it("pins the guardrail ARN with its numeric version, the form bedrock:GuardrailIdentifier takes", () => {
        assert.strictEqual(guardrailIdentifier(guardrailArn, "3"), `${guardrailArn}:3`);
    });

    it("leaves embedding models to the knowledge base: applications invoke generation models only", () => {
        assert.deepStrictEqual(invocableModels(prodModels).map((m) => m.id), [sonnet, haiku]);
        assert.deepStrictEqual(classifiedModels(invocableModels(prodModels), regions, "aws", account), [
            { modelId: sonnet, maxClassification: "confidential", resourceArns: sonnetArns, throughProfileOnly: throughProfiles(sonnet) },
            { modelId: haiku, maxClassification: "internal", resourceArns: haikuArns, throughProfileOnly: throughProfiles(haiku) },
        ]);
    });

    it("allows each model up to its clearance, only with the guardrail, and denies invocation without it", () => {
        const identifier = `${guardrailArn}:3`;
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "InvokeModelsClearedForInternal",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: direct(haikuArns),
                Condition: { StringEquals: { "aws:PrincipalTag/data-classification": ["public", "internal"], "bedrock:GuardrailIdentifier": identifier } },
            },
            {
                Sid: "InvokeModelsClearedForInternalThroughProfiles",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: [fm("us-east-2", haiku)],
                Condition: {
                    StringEquals: { "aws:PrincipalTag/data-classification": ["public", "internal"], "bedrock:GuardrailIdentifier": identifier },
                    StringLike: { "bedrock:InferenceProfileArn": profilePatterns(haiku) },
                },
            },
            {
                Sid: "InvokeModelsClearedForConfidential",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: direct(sonnetArns),
                Condition: { StringEquals: { "aws:PrincipalTag/data-classification": ["public", "internal", "confidential"], "bedrock:GuardrailIdentifier": identifier } },
            },
            {
                Sid: "InvokeModelsClearedForConfidentialThroughProfiles",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: [fm("us-east-2", sonnet)],
                Condition: {
                    StringEquals: { "aws:PrincipalTag/data-classification": ["public", "internal", "confidential"], "bedrock:GuardrailIdentifier": identifier },
                    StringLike: { "bedrock:InferenceProfileArn": profilePatterns(sonnet) },
                },
            },
            {
                Sid: "DenyInvocationWithoutTheGuardrail",
                Effect: "Deny",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: "*",
                Condition: { StringNotEquals: { "bedrock:GuardrailIdentifier": identifier } },
            },
            { Sid: "ApplyTheGuardrail", Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: guardrailArn },
            { Sid: "DecryptTheGuardrail", Effect: "Allow", Action: "kms:Decrypt", Resource: guardrailKeyArn },
        ]);
    });

    const guarded = (classification?: string): Record<string, string> => ({
        "bedrock:GuardrailIdentifier": `${guardrailArn}:3`,
        ...(classification ? { "aws:PrincipalTag/data-classification": classification } : {}),
    });
    const cases: [string, string, string, Record<string, string>, string][] = [
        ["an internal request to a model cleared for internal, with the guardrail", "bedrock:InvokeModel", fm("us-east-1", haiku), guarded("internal"), "Allowed"],
        ["a confidential request to a profile cleared for confidential, streaming", "bedrock:InvokeModelWithResponseStream", profile("us-west-2", `us.${sonnet}`), guarded("confidential"), "Allowed"],
        ["a confidential request to a model cleared for internal only", "bedrock:InvokeModel", fm("us-east-1", haiku), guarded("confidential"), "ImplicitlyDenied"],
        ["a restricted request to the model with the highest clearance", "bedrock:InvokeModel", fm("us-east-1", sonnet), guarded("restricted"), "ImplicitlyDenied"],
        ["a session without a classification tag", "bedrock:InvokeModel", fm("us-east-1", haiku), guarded(), "ImplicitlyDenied"],
        ["a catalogue model without a guardrail", "bedrock:InvokeModel", fm("us-east-1", haiku), { "aws:PrincipalTag/data-classification": "public" }, "ExplicitlyDenied"],
        ["the guardrail's DRAFT (unversioned ARN)", "bedrock:InvokeModel", fm("us-east-1", haiku), { "bedrock:GuardrailIdentifier": guardrailArn, "aws:PrincipalTag/data-classification": "public" }, "ExplicitlyDenied"],
        ["another guardrail", "bedrock:InvokeModel", fm("us-east-1", haiku), { "bedrock:GuardrailIdentifier": `arn:aws:bedrock:us-east-1:${account}:guardrail/zzzzzzzzzzzz:1`, "aws:PrincipalTag/data-classification": "public" }, "ExplicitlyDenied"],
        ["the environment's embedding model, with the guardrail", "bedrock:InvokeModel", fm("us-east-1", titan), guarded("public"), "ImplicitlyDenied"],
        ["a model outside the catalogue, with the guardrail", "bedrock:InvokeModel", fm("us-east-1", "anthropic.claude-3-opus-20240229-v1:0"), guarded("public"), "ImplicitlyDenied"],
        ["a catalogue model in a region the environment does not use", "bedrock:InvokeModel", fm("eu-west-1", haiku), guarded("public"), "ImplicitlyDenied"],
        ["applying the guardrail", "bedrock:ApplyGuardrail", guardrailArn, {}, "Allowed"],
    ];
    for (const [title, action, resource, context, expected] of cases) {
        it(`simulated: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action, resource, context }, { identity: [policy] }), expected);
        });
    }
});

describe("catalogue compilation: the bedrock-runtime endpoint policy", () => {
    const policy = bedrockRuntimeEndpointPolicy(org, prodArns, [{ arn: guardrailArn, version: "3" }]);

    it("admits organization principals invoking the compiled ARNs through the guardrail and applying it, nothing else", () => {
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "InvokeCatalogueModelsFromOrganization",
                Effect: "Allow",
                Principal: "*",
                Action: [...modelInvokeActions],
                Resource: prodArns,
                Condition: { StringEquals: { "aws:PrincipalOrgID": org, "bedrock:GuardrailIdentifier": `${guardrailArn}:3` } },
            },
            {
                Sid: "ApplyGuardrailFromOrganization",
                Effect: "Allow",
                Principal: "*",
                Action: "bedrock:ApplyGuardrail",
                Resource: guardrailArn,
                Condition: { StringEquals: { "aws:PrincipalOrgID": org } },
            },
        ]);
    });

    const withGuardrail = { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` };
    const cases: [string, string, Record<string, string>, string][] = [
        ["a catalogue model from the organization, through the guardrail", fm("us-east-1", sonnet), { "aws:PrincipalOrgID": org, ...withGuardrail }, "Allowed"],
        ["a catalogue model from the organization, without the guardrail", fm("us-east-1", sonnet), { "aws:PrincipalOrgID": org }, "ImplicitlyDenied"],
        ["a catalogue model from another organization", fm("us-east-1", sonnet), { "aws:PrincipalOrgID": "o-zzzzzzzzzz", ...withGuardrail }, "ImplicitlyDenied"],
        ["a model outside the catalogue from the organization", fm("us-east-1", "meta.llama3-1-70b-instruct-v1:0"), { "aws:PrincipalOrgID": org, ...withGuardrail }, "ImplicitlyDenied"],
    ];
    for (const [title, resource, context, expected] of cases) {
        it(`simulated: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource, context }, { vpcEndpoint: policy }), expected);
        });
    }
});

describe("catalogue compilation: the catalogue parameter", () => {
    it("lists the approved models with what to invoke, the guardrail, each application's invoke role and the active region", () => {
        const value = catalogueParameterValue({
            environment: "prod",
            activeRegion: "us-east-1",
            invokeRoleArns: {
                search: `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke-search`,
                chat: `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke-chat`,
            },
            guardrail: { id: "abcdefghij12", arn: guardrailArn, version: "3" },
            models: prodModels,
        });
        // Sorted by application, whatever the config order.
        assert.deepStrictEqual(Object.keys(value.invokeRoleArns), ["chat", "search"]);
        assert.deepStrictEqual(value, {
            schemaVersion: 2,
            environment: "prod",
            activeRegion: "us-east-1",
            invokeRoleArns: {
                chat: `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke-chat`,
                search: `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke-search`,
            },
            guardrail: { id: "abcdefghij12", arn: guardrailArn, version: "3" },
            models: [
                { id: sonnet, provider: "anthropic", modality: "text", maxClassification: "confidential", invokeId: `us.${sonnet}`, inferenceProfileId: `us.${sonnet}` },
                { id: haiku, provider: "anthropic", modality: "text", maxClassification: "internal", invokeId: `us.${haiku}`, inferenceProfileId: `us.${haiku}` },
                { id: titan, provider: "amazon", modality: "embedding", maxClassification: "confidential", invokeId: titan, embeddingDimensions: 1024 },
            ],
        });
    });
});

/** A catalogue of many providers, each with many models reachable through profiles in three regions. */
function largeCatalogue(providers: number, modelsPerProvider: number): ModelCatalogue {
    const models: CatalogueModel[] = [];
    for (let p = 0; p < providers; p++) {
        for (let m = 0; m < modelsPerProvider; m++) {
            const id = `provider${p}.model-${m}-20250101-v1:0`;
            models.push({
                id,
                provider: `provider${p}`,
                modality: "text",
                maxClassification: "internal",
                environments: ["prod"],
                regions: ["us-east-1", "us-west-2"],
                inferenceProfile: { id: `us.${id}`, destinationRegions: ["us-east-1", "us-east-2", "us-west-2"] },
            });
        }
    }
    return { environments: ["prod"], models };
}

describe("catalogue compilation: the organization's SCPs, one per environment", () => {
    const inferenceActions = [
        "bedrock:InvokeModel*", "bedrock:CreateModelInvocationJob", "bedrock:CreateProvisionedModelThroughput",
        "bedrock:UpdateProvisionedModelThroughput", "bedrock:CreatePromptRouter", "bedrock:CreateInferenceProfile",
    ];
    it("compiles the shipped catalogue for dev into one SCP within the size limit, listing every ARN approved for dev exactly", () => {
        const { policies, problems } = catalogueServiceControlPolicies(catalogue, "dev", "aws");
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(policies.map((p) => [p.key, p.environment, p.providers]), [["catalogue-models-dev", "dev", ["amazon", "anthropic", "meta"]]]);
        const [statement] = policies[0].document.Statement;
        assert.deepStrictEqual({ ...statement, NotResource: undefined }, {
            Sid: "DenyInferenceOutsideTheCatalogue", Effect: "Deny", Action: inferenceActions, NotResource: undefined,
        });
        const nova = "amazon.nova-pro-v1:0";
        const anyProfile = (region: string, id: string) => `arn:aws:bedrock:${region}:*:inference-profile/${id}`;
        assert.deepStrictEqual(statement.NotResource, [
            anyProfile("us-east-1", `us.${nova}`), fm("us-east-1", nova), fm("us-east-1", titan),
            anyProfile("us-east-2", `us.${nova}`), fm("us-east-2", nova),
            anyProfile("us-west-2", `us.${nova}`), fm("us-west-2", nova), fm("us-west-2", titan),
            ...["us-east-1", "us-east-2", "us-west-2"].flatMap((region) => [
                anyProfile(region, `us.${haiku}`), anyProfile(region, `us.${sonnet45}`), anyProfile(region, `us.${sonnet}`),
                fm(region, haiku), fm(region, sonnet45), fm(region, sonnet),
            ]),
            fm("us-east-1", "meta.llama3-1-70b-instruct-v1:0"), fm("us-west-2", "meta.llama3-1-70b-instruct-v1:0"),
            // Resources that carry their model on the model's own ARN, judged there.
            "arn:aws:bedrock:*:*:application-inference-profile/*", "arn:aws:bedrock:*:*:async-invoke/*", "arn:aws:bedrock:*:*:model-invocation-job/*",
        ]);
        assert.ok(policySize(policies[0].document) <= SCP_MAX_CHARACTERS);
    });

    it("gives each environment only the models the catalogue approves for it", () => {
        const notResource = (environment: string) => catalogueServiceControlPolicies(catalogue, environment, "aws").policies
            .flatMap((p) => p.document.Statement[0].NotResource as string[]);
        const nova = "amazon.nova-pro-v1:0";
        const llama = "meta.llama3-1-70b-instruct-v1:0";
        // Llama is approved for dev only, Nova for dev and staging; prod's SCP names neither.
        assert.deepStrictEqual(notResource("prod").filter((arn) => arn.includes(nova) || arn.includes(llama)), []);
        assert.deepStrictEqual(notResource("staging").filter((arn) => arn.includes(llama)), []);
        assert.ok(notResource("staging").includes(fm("us-east-1", nova)));
        assert.deepStrictEqual(catalogueServiceControlPolicies(catalogue, "prod", "aws").policies.map((p) => [p.key, p.providers]),
            [["catalogue-models-prod", ["amazon", "anthropic"]]]);
    });

    const prodScps = catalogueServiceControlPolicies(catalogue, "prod", "aws").policies.map((p) => p.document);
    const envCases: [string, string, string][] = [
        ["a model approved for prod", fm("us-east-1", sonnet), "Allowed"],
        ["prod's embedding model, for the knowledge base", fm("us-west-2", titan), "Allowed"],
        ["a profile destination of a prod model", `arn:aws:bedrock:us-east-2:${account}:inference-profile/us.${haiku}`, "Allowed"],
        ["a catalogue model approved for dev and staging only", fm("us-east-1", "amazon.nova-pro-v1:0"), "ExplicitlyDenied"],
        ["a catalogue model of a provider approved for dev only", fm("us-east-1", "meta.llama3-1-70b-instruct-v1:0"), "ExplicitlyDenied"],
    ];
    for (const [title, resource, expected] of envCases) {
        it(`simulated on the prod OU: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource }, { scps: prodScps }), expected);
        });
    }

    it("denies every model to an environment the catalogue approves none for", () => {
        const { policies } = catalogueServiceControlPolicies({ environments: ["prod", "sandbox"], models: catalogue.models }, "sandbox", "aws");
        assert.deepStrictEqual(policies.map((p) => [p.key, p.document.Statement]), [["catalogue-models-sandbox", [
            { Sid: "DenyInferenceOutsideTheCatalogue", Effect: "Deny", Action: inferenceActions, Resource: "*" },
            { Sid: "DenyMantleInferenceOutsideTheCatalogue", Effect: "Deny", Action: ["bedrock-mantle:CreateInference", "bedrock-mantle:CountTokens", "bedrock-mantle:CreateFineTuningJob"], Resource: "*" },
            { Sid: "DenyUngovernedMantleModels", Effect: "Deny", Action: ["bedrock-mantle:CreateCustomizedModel", "bedrock-mantle:CreateReservation", "bedrock-mantle:UpdateReservation"], Resource: "*" },
            { Sid: "DenyBedrockApiKeys", Effect: "Deny", Action: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"], Resource: "*" },
        ]]]);
    });

    it("splits a catalogue too large for one SCP by provider, every part within the limit", () => {
        const large = largeCatalogue(4, 12);
        const whole = catalogueServiceControlPolicies(large, "prod", "aws", Number.MAX_SAFE_INTEGER).policies[0].document;
        assert.ok(policySize(whole) > SCP_MAX_CHARACTERS, `the fixture must exceed the limit (${policySize(whole)})`);
        const { policies, problems } = catalogueServiceControlPolicies(large, "prod", "aws");
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(policies.map((p) => [p.key, p.providers]), [
            ["catalogue-models-prod-provider0", ["provider0"]],
            ["catalogue-models-prod-provider1", ["provider1"]],
            ["catalogue-models-prod-provider2", ["provider2"]],
            ["catalogue-models-prod-provider3", ["provider3"]],
        ]);
        for (const policy of policies) {
            assert.ok(policySize(policy.document) <= SCP_MAX_CHARACTERS, `${policy.key} is ${policySize(policy.document)} characters`);
        }
        // Each part steps aside for the providers the others judge.
        assert.ok((policies[0].document.Statement[0].NotResource as string[]).includes("arn:aws:bedrock:*::foundation-model/provider1.*"));
        assert.ok((policies[0].document.Statement[0].NotResource as string[]).includes("arn:aws:bedrock:*:*:inference-profile/*.provider1.*"));
    });

    it("packs several providers into one part when they fit", () => {
        const { policies } = catalogueServiceControlPolicies(largeCatalogue(6, 2), "prod", "aws", 3400);
        assert.deepStrictEqual(policies.map((p) => p.providers), [["provider0", "provider1"], ["provider2", "provider3"], ["provider4", "provider5"]]);
        for (const policy of policies) {
            assert.ok(policySize(policy.document) <= 3400);
        }
    });

    describe("the split SCPs together still deny exactly what is outside the catalogue (simulated)", () => {
        const large = largeCatalogue(4, 12);
        const scps = catalogueServiceControlPolicies(large, "prod", "aws").policies.map((p) => p.document);
        const cases: [string, string, string][] = [
            ["a catalogue model of the first provider", fm("us-east-1", "provider0.model-0-20250101-v1:0"), "Allowed"],
            ["a catalogue model of the last provider", fm("us-west-2", "provider3.model-7-20250101-v1:0"), "Allowed"],
            ["a catalogue profile in a destination region", `arn:aws:bedrock:us-east-2:${account}:inference-profile/us.provider2.model-3-20250101-v1:0`, "Allowed"],
            ["another model of a catalogue provider", fm("us-east-1", "provider1.model-99-20250101-v1:0"), "ExplicitlyDenied"],
            ["a catalogue model in a region the catalogue does not list", fm("eu-west-1", "provider1.model-1-20250101-v1:0"), "ExplicitlyDenied"],
            ["a model of a provider outside the catalogue", fm("us-east-1", "mistral.mistral-large-2402-v1:0"), "ExplicitlyDenied"],
            ["a provisioned model", `arn:aws:bedrock:us-east-1:${account}:provisioned-model/abcdefghijkl`, "ExplicitlyDenied"],
        ];
        for (const [title, resource, expected] of cases) {
            it(`${title} → ${expected}`, async () => {
                assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource }, { scps }), expected);
            });
        }
    });

    it("reports a provider whose models cannot fit one SCP even alone", () => {
        const { problems } = catalogueServiceControlPolicies(largeCatalogue(2, 3), "prod", "aws", 900);
        assert.deepStrictEqual(problems, [
            'the catalogue\'s prod models of provider "provider0" need an SCP of 2535 characters, over the 900-character limit of AWS Organizations, even on their own; list fewer of its models or regions in model-catalogue.yaml.',
            'the catalogue\'s prod models of provider "provider1" need an SCP of 2535 characters, over the 900-character limit of AWS Organizations, even on their own; list fewer of its models or regions in model-catalogue.yaml.',
        ]);
    });

});

describe("catalogue compilation: a catalogue change reaches every enforcement point together", () => {
    const added: CatalogueModel = {
        id: "anthropic.claude-3-opus-20240229-v1:0",
        provider: "anthropic",
        modality: "text",
        maxClassification: "restricted",
        environments: ["prod"],
        regions: ["us-east-1", "us-west-2"],
    };
    const regions = ["us-east-1", "us-west-2"];
    const compile = (cat: ModelCatalogue, allowed: string[]) => {
        const models = modelsForEnvironment(cat, "prod", allowed);
        const arns = environmentModelArns(invocableModels(models), regions, "aws", account).all;
        return {
            invokeRole: invokeRolePolicy({ models: classifiedModels(invocableModels(models), regions, "aws", account), guardrails: [{ arn: guardrailArn, version: "1", keyArn: guardrailKeyArn }] }),
            endpoint: bedrockRuntimeEndpointPolicy(org, arns, [{ arn: guardrailArn, version: "1" }]),
            scp: catalogueServiceControlPolicies(cat, "prod", "aws").policies.map((p) => p.document),
            parameter: catalogueParameterValue({ environment: "prod", activeRegion: "us-east-1", invokeRoleArns: { chat: "arn" }, guardrail: { id: "g", arn: guardrailArn, version: "1" }, models }),
        };
    };
    const allowed = prodModels.map((m) => m.id);
    const before = compile(catalogue, allowed);
    const newArns = [fm("us-east-1", added.id), fm("us-west-2", added.id)];

    /** Every ARN any statement of a document allows invoking (the invoke role splits them by clearance). */
    const invocable = (doc: typeof before.invokeRole) => doc.Statement
        .filter((statement) => statement.Effect === "Allow" && statement.Action !== "bedrock:ApplyGuardrail" && statement.Action !== "kms:Decrypt")
        .flatMap((statement) => statement.Resource as string[]).sort();
    const notResource = (docs: typeof before.scp) => docs.flatMap((d) => d.Statement[0].NotResource as string[]);

    it("adding a model adds its ARNs to the invoke role, the endpoint policy and the SCP, and the model to the parameter", () => {
        const after = compile({ ...catalogue, models: [...catalogue.models, added] }, [...allowed, added.id]);
        assert.deepStrictEqual(invocable(after.invokeRole).filter((a) => !invocable(before.invokeRole).includes(a)), newArns);
        // A model cleared for restricted data gets a statement of its own: only restricted sessions' tag list differs.
        assert.deepStrictEqual(after.invokeRole.Statement.map((statement) => statement.Sid).slice(0, 5), [
            "InvokeModelsClearedForInternal", "InvokeModelsClearedForInternalThroughProfiles",
            "InvokeModelsClearedForConfidential", "InvokeModelsClearedForConfidentialThroughProfiles", "InvokeModelsClearedForRestricted",
        ]);
        assert.deepStrictEqual(invocable(after.endpoint).filter((a) => !invocable(before.endpoint).includes(a)), newArns);
        assert.deepStrictEqual(notResource(after.scp).filter((a) => !notResource(before.scp).includes(a)), newArns);
        assert.deepStrictEqual(after.parameter.models.map((m) => m.id), [sonnet, haiku, titan, added.id]);
    });

    it("removing a model removes it from all four", () => {
        const without = catalogue.models.filter((m) => m.id !== haiku);
        const after = compile({ ...catalogue, models: without }, allowed.filter((id) => id !== haiku));
        const isHaiku = (arn: string) => arn.includes(haiku);
        assert.deepStrictEqual(invocable(before.invokeRole).filter(isHaiku).length, 5);
        for (const doc of [after.invokeRole, after.endpoint]) {
            assert.deepStrictEqual(invocable(doc).filter(isHaiku), []);
        }
        assert.deepStrictEqual(invocable(after.invokeRole), invocable(before.invokeRole).filter((a) => !isHaiku(a)));
        assert.deepStrictEqual(notResource(after.scp).filter(isHaiku), []);
        assert.deepStrictEqual(after.parameter.models.map((m) => m.id), [sonnet, titan]);
    });
});
