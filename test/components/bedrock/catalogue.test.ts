import * as assert from "assert";
import { CatalogueModel, loadCatalogue, ModelCatalogue, modelsForEnvironment } from "../../../accounts/catalogue";
import {
    bedrockRuntimeEndpointPolicy,
    catalogueParameterValue,
    catalogueScpAttachmentProblems,
    catalogueServiceControlPolicies,
    environmentModelArns,
    guardrailIdentifier,
    invokeRolePolicy,
    modelInvokeActions,
} from "../../../components/bedrock/catalogue";
import { policySize, SCP_MAX_CHARACTERS } from "../../../components/organization/policyDocuments";
import { decide } from "../../fixtures/genai/simulate";
import { projectDir } from "../../fixtures/plans";

const catalogue = loadCatalogue(projectDir);
const account = "123456789012";
const org = "o-a1b2c3d4e5";
const guardrailArn = `arn:aws:bedrock:us-east-1:${account}:guardrail/abcdefghij12`;
const guardrailKeyArn = `arn:aws:kms:us-east-1:${account}:key/11111111-2222-4333-a444-555555555555`;
const prodModels = modelsForEnvironment(catalogue, "prod", [
    "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-embed-text-v2:0",
]);
const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const profile = (region: string, id: string) => `arn:aws:bedrock:${region}:${account}:inference-profile/${id}`;
const sonnet = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const haiku = "anthropic.claude-3-haiku-20240307-v1:0";
const titan = "amazon.titan-embed-text-v2:0";

/** Prod's approved ARNs with DR on (us-east-1 and us-west-2); haiku's profile also routes to us-east-2. */
const prodArns = [
    profile("us-east-1", `us.${sonnet}`), profile("us-east-1", `us.${haiku}`),
    fm("us-east-1", titan), fm("us-east-1", sonnet), fm("us-east-1", haiku), fm("us-east-2", haiku),
    profile("us-west-2", `us.${sonnet}`), profile("us-west-2", `us.${haiku}`),
    fm("us-west-2", titan), fm("us-west-2", sonnet), fm("us-west-2", haiku),
];

describe("catalogue compilation: model ARNs", () => {
    it("gives an environment its models in each of its regions, its profiles there, and each profile's destinations", () => {
        assert.deepStrictEqual(environmentModelArns(prodModels, ["us-east-1", "us-west-2"], "aws", account).all, prodArns);
    });

    it("stays in the primary region when DR is off, except for the regions a profile routes to", () => {
        const arns = environmentModelArns(prodModels, ["us-east-1"], "aws", account);
        assert.deepStrictEqual(arns.inferenceProfileArns, [profile("us-east-1", `us.${sonnet}`), profile("us-east-1", `us.${haiku}`)]);
        assert.deepStrictEqual(arns.foundationModelArns, [
            fm("us-east-1", titan), fm("us-east-1", sonnet), fm("us-east-1", haiku), fm("us-east-2", haiku),
            // Sonnet's profile routes to us-west-2, so invoking it needs the model there too.
            fm("us-west-2", sonnet), fm("us-west-2", haiku),
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
    const policy = invokeRolePolicy({ modelArns: prodArns, guardrailArn, guardrailVersion: "3", guardrailKeyArn });

    it("pins the guardrail ARN with its numeric version, the form bedrock:GuardrailIdentifier takes", () => {
        assert.strictEqual(guardrailIdentifier(guardrailArn, "3"), `${guardrailArn}:3`);
    });

    it("allows invocation of exactly the compiled ARNs, only with the guardrail, and denies it otherwise", () => {
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "InvokeCatalogueModelsThroughTheGuardrail",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: prodArns,
                Condition: { StringEquals: { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` } },
            },
            {
                Sid: "DenyInvocationWithoutTheGuardrail",
                Effect: "Deny",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: "*",
                Condition: { StringNotEquals: { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` } },
            },
            { Sid: "ApplyTheGuardrail", Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: guardrailArn },
            { Sid: "DecryptTheGuardrail", Effect: "Allow", Action: "kms:Decrypt", Resource: guardrailKeyArn },
        ]);
    });

    const cases: [string, string, string, Record<string, string>, string][] = [
        ["a catalogue model with the guardrail", "bedrock:InvokeModel", fm("us-east-1", haiku), { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` }, "Allowed"],
        ["a profile, streaming, with the guardrail", "bedrock:InvokeModelWithResponseStream", profile("us-west-2", `us.${sonnet}`), { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` }, "Allowed"],
        ["a catalogue model without a guardrail", "bedrock:InvokeModel", fm("us-east-1", haiku), {}, "ExplicitlyDenied"],
        ["the guardrail's DRAFT (unversioned ARN)", "bedrock:InvokeModel", fm("us-east-1", haiku), { "bedrock:GuardrailIdentifier": guardrailArn }, "ExplicitlyDenied"],
        ["another guardrail", "bedrock:InvokeModel", fm("us-east-1", haiku), { "bedrock:GuardrailIdentifier": `arn:aws:bedrock:us-east-1:${account}:guardrail/zzzzzzzzzzzz:1` }, "ExplicitlyDenied"],
        ["a model outside the catalogue, with the guardrail", "bedrock:InvokeModel", fm("us-east-1", "anthropic.claude-3-opus-20240229-v1:0"), { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` }, "ImplicitlyDenied"],
        ["a catalogue model in a region the environment does not use", "bedrock:InvokeModel", fm("eu-west-1", haiku), { "bedrock:GuardrailIdentifier": `${guardrailArn}:3` }, "ImplicitlyDenied"],
        ["applying the guardrail", "bedrock:ApplyGuardrail", guardrailArn, {}, "Allowed"],
    ];
    for (const [title, action, resource, context, expected] of cases) {
        it(`simulated: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action, resource, context }, { identity: [policy] }), expected);
        });
    }
});

describe("catalogue compilation: the bedrock-runtime endpoint policy", () => {
    const policy = bedrockRuntimeEndpointPolicy(org, prodArns, guardrailArn, "3");

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
    it("lists the approved models with what to invoke, the guardrail, the invoke role and the active region", () => {
        assert.deepStrictEqual(catalogueParameterValue({
            environment: "prod",
            activeRegion: "us-east-1",
            invokeRoleArn: `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke`,
            guardrail: { id: "abcdefghij12", arn: guardrailArn, version: "3" },
            models: prodModels,
        }), {
            schemaVersion: 1,
            environment: "prod",
            activeRegion: "us-east-1",
            invokeRoleArn: `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke`,
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

describe("catalogue compilation: the organization's SCP", () => {
    it("compiles the shipped catalogue into one SCP within the size limit, listing every approved ARN exactly", () => {
        const { policies, problems } = catalogueServiceControlPolicies(catalogue, "aws");
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(policies.map((p) => [p.key, p.providers]), [["catalogue-models", ["amazon", "anthropic", "meta"]]]);
        const [statement] = policies[0].document.Statement;
        assert.deepStrictEqual({ ...statement, NotResource: undefined }, {
            Sid: "DenyInvokingModelsOutsideTheCatalogue", Effect: "Deny", Action: "bedrock:InvokeModel*", NotResource: undefined,
        });
        const nova = "amazon.nova-pro-v1:0";
        const anyProfile = (region: string, id: string) => `arn:aws:bedrock:${region}:*:inference-profile/${id}`;
        assert.deepStrictEqual(statement.NotResource, [
            anyProfile("us-east-1", `us.${nova}`), fm("us-east-1", nova), fm("us-east-1", titan),
            anyProfile("us-east-2", `us.${nova}`), fm("us-east-2", nova),
            anyProfile("us-west-2", `us.${nova}`), fm("us-west-2", nova), fm("us-west-2", titan),
            anyProfile("us-east-1", `us.${sonnet}`), anyProfile("us-east-1", `us.${haiku}`), fm("us-east-1", sonnet), fm("us-east-1", haiku),
            anyProfile("us-east-2", `us.${haiku}`), fm("us-east-2", haiku),
            anyProfile("us-west-2", `us.${sonnet}`), anyProfile("us-west-2", `us.${haiku}`), fm("us-west-2", sonnet), fm("us-west-2", haiku),
            fm("us-east-1", "meta.llama3-1-70b-instruct-v1:0"), fm("us-west-2", "meta.llama3-1-70b-instruct-v1:0"),
        ]);
        assert.ok(policySize(policies[0].document) <= SCP_MAX_CHARACTERS);
    });

    it("splits a catalogue too large for one SCP by provider, every part within the limit", () => {
        const large = largeCatalogue(4, 8);
        const whole = catalogueServiceControlPolicies(large, "aws", Number.MAX_SAFE_INTEGER).policies[0].document;
        assert.ok(policySize(whole) > SCP_MAX_CHARACTERS, `the fixture must exceed the limit (${policySize(whole)})`);
        const { policies, problems } = catalogueServiceControlPolicies(large, "aws");
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(policies.map((p) => [p.key, p.providers]), [
            ["catalogue-models-provider0", ["provider0"]],
            ["catalogue-models-provider1", ["provider1"]],
            ["catalogue-models-provider2", ["provider2"]],
            ["catalogue-models-provider3", ["provider3"]],
        ]);
        for (const policy of policies) {
            assert.ok(policySize(policy.document) <= SCP_MAX_CHARACTERS, `${policy.key} is ${policySize(policy.document)} characters`);
        }
        // Each part steps aside for the providers the others judge.
        assert.ok((policies[0].document.Statement[0].NotResource as string[]).includes("arn:aws:bedrock:*::foundation-model/provider1.*"));
        assert.ok((policies[0].document.Statement[0].NotResource as string[]).includes("arn:aws:bedrock:*:*:inference-profile/*.provider1.*"));
    });

    it("packs several providers into one part when they fit", () => {
        const { policies } = catalogueServiceControlPolicies(largeCatalogue(6, 2), "aws", 2500);
        assert.deepStrictEqual(policies.map((p) => p.providers), [["provider0", "provider1"], ["provider2", "provider3"], ["provider4", "provider5"]]);
        for (const policy of policies) {
            assert.ok(policySize(policy.document) <= 2500);
        }
    });

    describe("the split SCPs together still deny exactly what is outside the catalogue (simulated)", () => {
        const large = largeCatalogue(4, 8);
        const scps = catalogueServiceControlPolicies(large, "aws").policies.map((p) => p.document);
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
        const { problems } = catalogueServiceControlPolicies(largeCatalogue(2, 3), "aws", 900);
        assert.deepStrictEqual(problems, [
            'the catalogue\'s models of provider "provider0" need an SCP of 1703 characters, over the 900-character limit of AWS Organizations, even on their own; list fewer of its models or regions in model-catalogue.yaml.',
            'the catalogue\'s models of provider "provider1" need an SCP of 1703 characters, over the 900-character limit of AWS Organizations, even on their own; list fewer of its models or regions in model-catalogue.yaml.',
        ]);
    });

    it("refuses more SCPs than AWS allows on one OU", () => {
        assert.deepStrictEqual(catalogueScpAttachmentProblems(1, 3, "Workloads"), []);
        assert.deepStrictEqual(catalogueScpAttachmentProblems(2, 3, "Workloads"), [
            "the model catalogue needs 2 SCPs, which with the 3 other landing-zone SCPs and FullAWSAccess on the Workloads OU makes 6, over AWS Organizations' limit of 5 per target; shorten model-catalogue.yaml (fewer models or regions).",
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
        const arns = environmentModelArns(models, regions, "aws", account).all;
        return {
            invokeRole: invokeRolePolicy({ modelArns: arns, guardrailArn, guardrailVersion: "1", guardrailKeyArn }),
            endpoint: bedrockRuntimeEndpointPolicy(org, arns, guardrailArn, "1"),
            scp: catalogueServiceControlPolicies(cat, "aws").policies.map((p) => p.document),
            parameter: catalogueParameterValue({ environment: "prod", activeRegion: "us-east-1", invokeRoleArn: "arn", guardrail: { id: "g", arn: guardrailArn, version: "1" }, models }),
        };
    };
    const allowed = prodModels.map((m) => m.id);
    const before = compile(catalogue, allowed);
    const newArns = [fm("us-east-1", added.id), fm("us-west-2", added.id)];

    it("adding a model adds its ARNs to the invoke role, the endpoint policy and the SCP, and the model to the parameter", () => {
        const after = compile({ ...catalogue, models: [...catalogue.models, added] }, [...allowed, added.id]);
        const resources = (doc: typeof after.invokeRole) => doc.Statement[0].Resource as string[];
        assert.deepStrictEqual(resources(after.invokeRole).filter((a) => !resources(before.invokeRole).includes(a)), newArns);
        assert.deepStrictEqual(resources(after.endpoint).filter((a) => !resources(before.endpoint).includes(a)), newArns);
        const notResource = (docs: typeof after.scp) => docs.flatMap((d) => d.Statement[0].NotResource as string[]);
        assert.deepStrictEqual(notResource(after.scp).filter((a) => !notResource(before.scp).includes(a)), newArns);
        assert.deepStrictEqual(after.parameter.models.map((m) => m.id), [sonnet, haiku, titan, added.id]);
    });

    it("removing a model removes it from all four", () => {
        const without = catalogue.models.filter((m) => m.id !== titan);
        const after = compile({ ...catalogue, models: without }, allowed.filter((id) => id !== titan));
        const gone = [fm("us-east-1", titan), fm("us-west-2", titan)];
        for (const doc of [after.invokeRole, after.endpoint]) {
            assert.deepStrictEqual(doc.Statement[0].Resource, prodArns.filter((a) => !gone.includes(a)));
        }
        const scpResources = after.scp.flatMap((d) => d.Statement[0].NotResource as string[]);
        assert.deepStrictEqual(gone.filter((a) => scpResources.includes(a)), []);
        assert.deepStrictEqual(after.parameter.models.map((m) => m.id), [sonnet, haiku]);
    });
});
