import * as assert from "assert";
import { CatalogueModel, loadCatalogue, ModelCatalogue, modelsForEnvironment } from "../../../accounts/catalogue";
import { ConfigError } from "../../../accounts/problems";
import { enforcedGuardrailProblems, validateStackConfig } from "../../../accounts/validate";
import { catalogueServiceControlPolicies, classifiedModels, invocableModels, invokeRolePolicy } from "../../../components/bedrock/catalogue";
import { aiServicesOptOutPolicy, bedrockGuardrailPolicy, governBedrockAccess, regionAllowList } from "../../../components/organization/policyDocuments";
import { decide, Decision } from "../../fixtures/genai/simulate";
import { projectDir } from "../../fixtures/plans";

const catalogue = loadCatalogue(projectDir);
const account = "123456789012";
const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const sonnet = "anthropic.claude-sonnet-4-6";
const haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";
const nova = "amazon.nova-pro-v1:0";
const project = `arn:aws:bedrock-mantle:us-east-1:${account}:project/chat`;

describe("Bedrock controls of the organization: the baseline every OU gets", () => {
    it("denies creating Bedrock API keys, long-term keys on both services and provider data sharing, exactly", () => {
        assert.deepStrictEqual(governBedrockAccess().Statement, [
            {
                Sid: "DenyCreatingBedrockApiKeys", Effect: "Deny", Action: "iam:CreateServiceSpecificCredential", Resource: "*",
                Condition: { StringLike: { "iam:ServiceSpecificCredentialServiceName": "bedrock*.amazonaws.com" } },
            },
            { Sid: "DenyLongTermBedrockApiKeys", Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*", Condition: { StringNotEquals: { "bedrock:BearerTokenType": "SHORT_TERM" } } },
            { Sid: "DenyLongTermMantleApiKeys", Effect: "Deny", Action: "bedrock-mantle:CallWithBearerToken", Resource: "*", Condition: { StringNotEquals: { "bedrock-mantle:BearerTokenType": "SHORT_TERM" } } },
            { Sid: "DenyBedrockProviderDataSharing", Effect: "Deny", Action: ["bedrock:PutAccountDataRetention"], Resource: "*", Condition: { StringEquals: { "bedrock:DataRetentionMode": "provider_data_share" } } },
            {
                Sid: "DenyMantleProviderDataSharing", Effect: "Deny",
                Action: ["bedrock-mantle:PutAccountDataRetention", "bedrock-mantle:CreateProject", "bedrock-mantle:UpdateProject"], Resource: "*",
                Condition: { StringEquals: { "bedrock-mantle:DataRetentionMode": "provider_data_share" } },
            },
        ]);
    });

    const user = `arn:aws:iam::${account}:user/explorer`;
    const cases: [string, string, string, Record<string, string>, Decision][] = [
        ["a long-term Bedrock API key", "iam:CreateServiceSpecificCredential", user, { "iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com" }, "ExplicitlyDenied"],
        ["a CodeCommit credential", "iam:CreateServiceSpecificCredential", user, { "iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com" }, "Allowed"],
        ["a call with a long-term key", "bedrock:CallWithBearerToken", "*", { "bedrock:BearerTokenType": "LONG_TERM" }, "ExplicitlyDenied"],
        ["a Mantle call with a long-term key", "bedrock-mantle:CallWithBearerToken", "*", { "bedrock-mantle:BearerTokenType": "LONG_TERM" }, "ExplicitlyDenied"],
        ["a bearer call that names no token type", "bedrock:CallWithBearerToken", "*", {}, "ExplicitlyDenied"],
        ["a call with a short-term key (left to the environment's SCP)", "bedrock:CallWithBearerToken", "*", { "bedrock:BearerTokenType": "SHORT_TERM" }, "Allowed"],
        ["sharing Bedrock inference data with providers", "bedrock:PutAccountDataRetention", "*", { "bedrock:DataRetentionMode": "provider_data_share" }, "ExplicitlyDenied"],
        ["keeping no inference data", "bedrock:PutAccountDataRetention", "*", { "bedrock:DataRetentionMode": "none" }, "Allowed"],
        ["a Mantle project sharing data with providers", "bedrock-mantle:CreateProject", project, { "bedrock-mantle:DataRetentionMode": "provider_data_share" }, "ExplicitlyDenied"],
        ["a Mantle project with the default retention", "bedrock-mantle:CreateProject", project, { "bedrock-mantle:DataRetentionMode": "default" }, "Allowed"],
    ];
    for (const [title, action, resource, context, expected] of cases) {
        it(`simulated: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action, resource, context }, { scps: [governBedrockAccess()] }), expected);
        });
    }
});

describe("Bedrock controls of the organization: every inference path judged by the environment's catalogue models", () => {
    const prod = catalogueServiceControlPolicies(catalogue, "prod", "aws");

    it("denies each inference action on any model outside the catalogue, lets through what carries its model, and adds Mantle and API-key statements", () => {
        assert.deepStrictEqual(prod.problems, []);
        const [models, ...rest] = prod.policies[0].document.Statement;
        assert.deepStrictEqual(models.Action, [
            "bedrock:InvokeModel*", "bedrock:CreateModelInvocationJob", "bedrock:CreateProvisionedModelThroughput",
            "bedrock:UpdateProvisionedModelThroughput", "bedrock:CreatePromptRouter", "bedrock:CreateInferenceProfile",
        ]);
        assert.deepStrictEqual((models.NotResource as string[]).slice(-3), [
            "arn:aws:bedrock:*:*:application-inference-profile/*", "arn:aws:bedrock:*:*:async-invoke/*", "arn:aws:bedrock:*:*:model-invocation-job/*",
        ]);
        assert.deepStrictEqual(rest, [
            { Sid: "DenyMantleInferenceOutsideTheCatalogue", Effect: "Deny", Action: ["bedrock-mantle:CreateInference", "bedrock-mantle:CountTokens", "bedrock-mantle:CreateFineTuningJob"], Resource: "*" },
            { Sid: "DenyUngovernedMantleModels", Effect: "Deny", Action: ["bedrock-mantle:CreateCustomizedModel", "bedrock-mantle:CreateReservation", "bedrock-mantle:UpdateReservation"], Resource: "*" },
            { Sid: "DenyBedrockApiKeys", Effect: "Deny", Action: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"], Resource: "*" },
        ]);
    });

    const scps = [governBedrockAccess(), ...prod.policies.map((p) => p.document)];
    const job = `arn:aws:bedrock:us-east-1:${account}:model-invocation-job/nightly`;
    const asyncInvoke = `arn:aws:bedrock:us-east-1:${account}:async-invoke/abcdef123456`;
    const appProfile = `arn:aws:bedrock:us-east-1:${account}:application-inference-profile/abcdef123456`;
    const paths: [string, string, string, Record<string, string>, Decision][] = [
        ["runtime and Converse: an approved model", "bedrock:InvokeModel", fm("us-east-1", sonnet), {}, "Allowed"],
        ["runtime and Converse: a model not approved for prod", "bedrock:InvokeModel", fm("us-east-1", nova), {}, "ExplicitlyDenied"],
        ["streaming: a model not approved for prod", "bedrock:InvokeModelWithResponseStream", fm("us-east-1", nova), {}, "ExplicitlyDenied"],
        ["async: the async-invoke resource", "bedrock:InvokeModel", asyncInvoke, {}, "Allowed"],
        ["batch: the job resource", "bedrock:CreateModelInvocationJob", job, {}, "Allowed"],
        ["batch: an approved model", "bedrock:CreateModelInvocationJob", fm("us-east-1", haiku), {}, "Allowed"],
        ["batch: a model not approved for prod", "bedrock:CreateModelInvocationJob", fm("us-east-1", nova), {}, "ExplicitlyDenied"],
        ["provisioned throughput: for an approved model", "bedrock:CreateProvisionedModelThroughput", fm("us-east-1", sonnet), {}, "Allowed"],
        ["provisioned throughput: for a model not approved", "bedrock:CreateProvisionedModelThroughput", fm("us-east-1", nova), {}, "ExplicitlyDenied"],
        ["provisioned throughput: invoking a provisioned model, which names no catalogue model", "bedrock:InvokeModel", `arn:aws:bedrock:us-east-1:${account}:provisioned-model/abcdef123456`, {}, "ExplicitlyDenied"],
        ["prompt routers: over a model not approved", "bedrock:CreatePromptRouter", fm("us-east-1", nova), {}, "ExplicitlyDenied"],
        ["prompt routers: invoking one, which names no catalogue model", "bedrock:InvokeModel", `arn:aws:bedrock:us-east-1:${account}:prompt-router/abcdef123456`, {}, "ExplicitlyDenied"],
        ["application profiles: copying an approved model", "bedrock:CreateInferenceProfile", fm("us-east-1", sonnet), {}, "Allowed"],
        ["application profiles: copying a model not approved", "bedrock:CreateInferenceProfile", fm("us-east-1", nova), {}, "ExplicitlyDenied"],
        ["application profiles: invoking one (its model is judged on the model's ARN)", "bedrock:InvokeModel", appProfile, {}, "Allowed"],
        ["Mantle: inference, no model approved there", "bedrock-mantle:CreateInference", project, { "bedrock-mantle:Model": sonnet }, "ExplicitlyDenied"],
        ["Mantle: a reservation", "bedrock-mantle:CreateReservation", project, {}, "ExplicitlyDenied"],
        ["API keys: a short-term key in an environment that did not opt in", "bedrock:CallWithBearerToken", "*", { "bedrock:BearerTokenType": "SHORT_TERM" }, "ExplicitlyDenied"],
        ["API keys: a short-term key on Mantle", "bedrock-mantle:CallWithBearerToken", "*", { "bedrock-mantle:BearerTokenType": "SHORT_TERM" }, "ExplicitlyDenied"],
    ];
    for (const [title, action, resource, context, expected] of paths) {
        it(`simulated on the prod OU: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action, resource, context }, { scps }), expected);
        });
    }

    it("lets an environment that opts in use short-term keys only (simulated)", async () => {
        const optedIn = [governBedrockAccess(), ...catalogueServiceControlPolicies(catalogue, "dev", "aws", undefined, { allowShortTermApiKeys: true }).policies.map((p) => p.document)];
        assert.deepStrictEqual([
            await decide({ action: "bedrock:CallWithBearerToken", resource: "*", context: { "bedrock:BearerTokenType": "SHORT_TERM" } }, { scps: optedIn }),
            await decide({ action: "bedrock:CallWithBearerToken", resource: "*", context: { "bedrock:BearerTokenType": "LONG_TERM" } }, { scps: optedIn }),
        ], ["Allowed", "ExplicitlyDenied"]);
    });

    it("allows Mantle inference on the catalogue's Mantle names only (simulated)", async () => {
        const mantleCatalogue: ModelCatalogue = {
            ...catalogue,
            models: catalogue.models.map((model): CatalogueModel => model.id === sonnet ? { ...model, mantleModel: "anthropic.claude-sonnet-4-6" } : model),
        };
        const withMantle = catalogueServiceControlPolicies(mantleCatalogue, "prod", "aws").policies.map((p) => p.document);
        assert.deepStrictEqual(withMantle[0].Statement[1].Condition, { StringNotEquals: { "bedrock-mantle:Model": "anthropic.claude-sonnet-4-6" } });
        const mantle = (model?: string) => decide({ action: "bedrock-mantle:CreateInference", resource: project, context: model ? { "bedrock-mantle:Model": model } : {} }, { scps: withMantle });
        assert.deepStrictEqual([await mantle("anthropic.claude-sonnet-4-6"), await mantle("openai.gpt-oss-120b"), await mantle()], ["Allowed", "ExplicitlyDenied", "ExplicitlyDenied"]);
    });
});

describe("Bedrock controls: logged in the region it runs in", () => {
    const region = regionAllowList(["us-east-1", "us-west-2"], ["us-east-1", "us-east-2", "us-west-2"]);

    it("denies direct invocation in a region that is only a profile's destination", () => {
        assert.deepStrictEqual(region.Statement[2], {
            Sid: "DenyDirectInvocationInProfileOnlyRegions", Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] }, Null: { "bedrock:InferenceProfileArn": "true" } },
        });
    });

    const profileArn = `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${haiku}`;
    const cases: [string, Record<string, string>, Decision][] = [
        ["a direct call in us-east-2", { "aws:RequestedRegion": "us-east-2" }, "ExplicitlyDenied"],
        ["a profile's request routed to us-east-2", { "aws:RequestedRegion": "us-east-2", "bedrock:InferenceProfileArn": profileArn }, "Allowed"],
        ["a direct call in the primary region", { "aws:RequestedRegion": "us-east-1" }, "Allowed"],
    ];
    for (const [title, context, expected] of cases) {
        it(`simulated on the region SCP: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource: fm(context["aws:RequestedRegion"], haiku), context }, { scps: [region] }), expected);
        });
    }

    const guardrailArn = `arn:aws:bedrock:us-east-1:${account}:guardrail/abcdefghij12`;
    const policy = invokeRolePolicy({
        models: classifiedModels(invocableModels(modelsForEnvironment(catalogue, "prod", [sonnet, haiku])), ["us-east-1", "us-west-2"], "aws", account),
        guardrails: [{ arn: guardrailArn, version: "1", keyArn: `arn:aws:kms:us-east-1:${account}:key/11111111-2222-4333-a444-555555555555` }],
    });

    it("grants the invoke role a model in a profile-only region only through the catalogue's profiles", () => {
        const throughProfiles = policy.Statement.filter((s) => s.Sid?.endsWith("ThroughProfiles"));
        const routes = (id: string) => [
            `arn:aws:bedrock:us-east-1:${account}:application-inference-profile/*`, `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${id}`,
            `arn:aws:bedrock:us-west-2:${account}:application-inference-profile/*`, `arn:aws:bedrock:us-west-2:${account}:inference-profile/us.${id}`,
        ];
        assert.deepStrictEqual(throughProfiles.map((s) => [s.Sid, s.Resource, s.Condition?.StringLike?.["bedrock:InferenceProfileArn"]]), [
            ["InvokeModelsClearedForInternalThroughProfiles", [fm("us-east-2", haiku)], routes(haiku)],
            ["InvokeModelsClearedForConfidentialThroughProfiles", [fm("us-east-2", sonnet)], routes(sonnet)],
        ]);
        assert.ok(!policy.Statement.some((s) => !s.Sid?.endsWith("ThroughProfiles") && s.Effect === "Allow" && ([] as unknown[]).concat(s.Resource).includes(fm("us-east-2", haiku))));
    });

    const session = { "aws:PrincipalTag/data-classification": "internal", "bedrock:GuardrailIdentifier": `${guardrailArn}:1` };
    const cases2: [string, Record<string, string>, Decision][] = [
        ["claude-haiku-4-5 called directly in us-east-2 (no invocation logging there)", {}, "ImplicitlyDenied"],
        ["claude-haiku-4-5 in us-east-2 through the us profile", { "bedrock:InferenceProfileArn": `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${haiku}` }, "Allowed"],
        ["claude-haiku-4-5 in us-east-2 through another profile", { "bedrock:InferenceProfileArn": `arn:aws:bedrock:us-east-1:${account}:inference-profile/global.${haiku}` }, "ImplicitlyDenied"],
        ["claude-haiku-4-5 in us-east-2 through an application profile of the account", { "bedrock:InferenceProfileArn": `arn:aws:bedrock:us-east-1:${account}:application-inference-profile/abcdef123456` }, "Allowed"],
    ];
    for (const [title, context, expected] of cases2) {
        it(`simulated on the invoke role: ${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource: fm("us-east-2", haiku), context: { ...session, ...context } }, { identity: [policy] }), expected);
        });
    }
});

describe("Bedrock controls: the root's AI-services opt-out and the OUs' enforced guardrails", () => {
    it("opts every AI service out at the root, with no override below", () => {
        assert.deepStrictEqual(aiServicesOptOutPolicy(), {
            services: { default: { opt_out_policy: { "@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "optOut" } } },
        });
    });

    it("enforces each region's guardrail version on every inference call of the OU", () => {
        assert.deepStrictEqual(bedrockGuardrailPolicy({
            "us-west-2": "arn:aws:bedrock:us-west-2:111111111111:guardrail/abcdefghij12:3",
            "us-east-1": "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij34:7",
        }), {
            bedrock: {
                guardrail_inference: {
                    "us-east-1": { config_1: { identifier: { "@@assign": "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij34:7" }, input_tags: { "@@assign": "ignore" } } },
                    "us-west-2": { config_1: { identifier: { "@@assign": "arn:aws:bedrock:us-west-2:111111111111:guardrail/abcdefghij12:3" }, input_tags: { "@@assign": "ignore" } } },
                },
            },
        });
    });

    it("refuses a bad reference in the organization's stack file (exit 2), naming the file and the path", () => {
        const organization = {
            organizationId: "o-a1b2c3d4e5", managementAccountId: "111111111111", homeRegion: "us-east-1", namePrefix: "acme-ai",
            owner: "platform-team", costCenter: "cc-4100", accountEmailTemplate: "aws+{account}@example.com", allowedRegions: ["us-east-1", "us-west-2"],
            environments: { prod: { bedrock: { apiKeys: "short-term", enforcedGuardrails: { "us-east-1": "abcdefghij12" } }, genai: {}, data: {}, applications: { chat: {} } } },
            budget: { monthlyLimitUsd: 200, subscribers: ["platform-team@example.com"] },
        };
        assert.throws(() => validateStackConfig({ "landing-zone:organization": organization }, catalogue, "Pulumi.organization.yaml"), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.deepStrictEqual(error.problems.map((p) => `${p.file}: ${p.path} ${p.message}`), [
                'Pulumi.organization.yaml: landing-zone:organization.environments.prod.bedrock.enforcedGuardrails.us-east-1 must be a published guardrail version "arn:aws:bedrock:us-east-1:<management account>:guardrail/<12-character id>:<version number>" (got "abcdefghij12"); DRAFT and bare IDs are refused because a bad reference fails every Bedrock call in the OU.',
            ]);
            return true;
        });
    });

    it("refuses every malformed guardrail reference at once, naming the value and the fix", () => {
        const org = { managementAccountId: "111111111111", allowedRegions: ["us-east-1", "us-west-2"] };
        assert.deepStrictEqual(enforcedGuardrailProblems({ "us-east-1": "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij12:2" }, org), []);
        assert.deepStrictEqual(enforcedGuardrailProblems({
            "us-east-1": "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij12:DRAFT",
            "us-west-2": "arn:aws:bedrock:us-east-1:222222222222:guardrail/abcdefghij12:1",
            "eu-west-1": "arn:aws:bedrock:eu-west-1:111111111111:guardrail/abcdefghij12:1",
        }, org), [
            { path: ".us-east-1", message: 'must be a published guardrail version "arn:aws:bedrock:us-east-1:<management account>:guardrail/<12-character id>:<version number>" (got "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij12:DRAFT"); DRAFT and bare IDs are refused because a bad reference fails every Bedrock call in the OU.' },
            { path: ".us-west-2", message: 'names a guardrail in us-east-1 (got "arn:aws:bedrock:us-east-1:222222222222:guardrail/abcdefghij12:1"); Organizations enforces a guardrail only in its own region, so list it under us-east-1 or name the us-west-2 guardrail.' },
            { path: ".us-west-2", message: 'names a guardrail of account 222222222222 (got "arn:aws:bedrock:us-east-1:222222222222:guardrail/abcdefghij12:1"); AWS Organizations enforces only guardrails of the management account 111111111111.' },
            { path: ".eu-west-1", message: 'is a region outside allowedRegions (got "eu-west-1"); enforce guardrails in us-east-1, us-west-2 only.' },
        ]);
    });
});
