import * as assert from "assert";
import { loadCatalogue, parseCatalogue } from "../../accounts/catalogue";
import { ConfigError } from "../../accounts/problems";
import { validateStackConfig } from "../../accounts/validate";
import { prodEnvironmentConfig } from "../fixtures/environmentConfig";
import { projectDir } from "../fixtures/plans";

const catalogue = loadCatalogue(projectDir);
const file = "Pulumi.prod.yaml";

function environment(): Record<string, any> {
    return prodEnvironmentConfig();
}

function organization(): Record<string, any> {
    return {
        organizationId: "o-a1b2c3d4e5",
        managementAccountId: "111111111111",
        homeRegion: "us-east-1",
        namePrefix: "acme-ai",
        owner: "platform-team",
        costCenter: "cc-4100",
        accountEmailTemplate: "aws+{account}@example.com",
        allowedRegions: ["us-east-1", "us-west-2"],
        environments: { prod: { genai: {}, data: { id: "210987654321" }, applications: { chat: {} } } },
        budget: { monthlyLimitUsd: 200, subscribers: ["platform-team@example.com"] },
    };
}

const disabled = { "pulumi:disable-default-providers": ["*"] };

function problemsOf(values: Record<string, unknown>, options = { requireDefaultProvidersDisabled: true }): string[] {
    try {
        validateStackConfig(values, catalogue, file, options);
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        return error.problems.map((p) => `${p.file}: ${p.path} ${p.message}`);
    }
    return [];
}

function envProblems(change: (env: Record<string, any>) => void): string[] {
    const env = environment();
    change(env);
    return problemsOf({ ...disabled, "landing-zone:environment": env });
}

function orgProblems(change: (org: Record<string, any>) => void): string[] {
    const org = organization();
    change(org);
    return problemsOf({ ...disabled, "landing-zone:organization": org });
}

describe("stack config validation", () => {
    it("accepts the baseline environment and resolves defaults", () => {
        const config = validateStackConfig({ ...disabled, "landing-zone:environment": environment() }, catalogue, file);
        assert.strictEqual(config.kind, "environment");
        if (config.kind === "environment") {
            assert.strictEqual(config.environment.accessRoleName, "OrganizationAccountAccessRole");
            assert.strictEqual(config.environment.organizationStack, "organization");
            assert.strictEqual(config.environment.dr.enabled, true, "DR is on by default in prod");
        }
    });

    it("turns DR off by default outside prod", () => {
        const env = { ...environment(), name: "staging" };
        const config = validateStackConfig({ ...disabled, "landing-zone:environment": env }, catalogue, "Pulumi.staging.yaml");
        assert.ok(config.kind === "environment" && config.environment.dr.enabled === false);
    });

    it("accepts the baseline organization", () => {
        assert.deepStrictEqual(orgProblems(() => undefined), []);
    });

    const environmentCases: [string, (env: Record<string, any>) => void, string[]][] = [
        ["DR region equal to the primary", (e) => { e.drRegion = "us-east-1"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.drRegion must differ from primaryRegion (both "us-east-1").',
        ]],
        ["a malformed account ID", (e) => { e.accounts.data.id = "21098765432"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.data.id must be a 12-digit AWS account ID such as "123456789012" (got "21098765432").',
        ]],
        ["an unquoted account ID", (e) => { e.accounts.data.id = 210987654321; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.data.id must be a 12-digit AWS account ID in quotes: unquoted, YAML read it as the number 210987654321, dropping any leading zero. Quote it as it appears in AWS Organizations.",
        ]],
        ["an unquoted account ID with a leading zero", (e) => { e.accounts.data.id = 21098765432; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.data.id must be a 12-digit AWS account ID in quotes: unquoted, YAML read it as the number 21098765432, dropping any leading zero. Quote it as it appears in AWS Organizations (\"021098765432\"?).",
        ]],
        ["one account ID in two roles", (e) => { e.accounts.genai.id = "210987654321"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.data.id repeats account "210987654321" already used by accounts.genai; every role needs its own account.',
        ]],
        ["overlapping VPC ranges", (e) => { e.accounts.applications.chat.vpcCidr = "10.30.128.0/17"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.vpcCidr "10.30.128.0/17" overlaps accounts.genai.vpcCidr "10.30.0.0/16"; give each account a range of its own.',
        ]],
        ["an availability zone of another region", (e) => { e.availabilityZones["us-east-1"][2] = "us-west-2c"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.availabilityZones.us-east-1[2] must be a zone of us-east-1 such as "us-east-1a" (got "us-west-2c").',
        ]],
        ["no zones for the DR region", (e) => { delete e.availabilityZones["us-west-2"]; }, [
            "Pulumi.prod.yaml: landing-zone:environment.availabilityZones must list the zones of us-west-2, which this environment deploys into; add us-west-2: [us-west-2a, us-west-2b].",
        ]],
        ["a model missing from the catalogue", (e) => { e.models.push("anthropic.claude-9-v1:0"); }, [
            'Pulumi.prod.yaml: landing-zone:environment.models[2] must be a model listed in model-catalogue.yaml (got "anthropic.claude-9-v1:0"); add it to the catalogue for review or remove it here.',
        ]],
        ["a catalogue model not approved for the environment", (e) => { e.models.push("meta.llama3-1-70b-instruct-v1:0"); }, [
            'Pulumi.prod.yaml: landing-zone:environment.models[2] names "meta.llama3-1-70b-instruct-v1:0", which model-catalogue.yaml does not approve for prod (approved for dev).',
        ]],
        ["a model not available in the DR region", (e) => { e.drRegion = "eu-west-1"; e.availabilityZones["eu-west-1"] = ["eu-west-1a", "eu-west-1b"]; }, [
            'Pulumi.prod.yaml: landing-zone:environment.drRegion "eu-west-1" is not among the regions model-catalogue.yaml gives for models[0] "anthropic.claude-sonnet-4-6" (regions us-east-1, us-west-2), ' +
                'models[1] "amazon.titan-embed-text-v2:0" (regions us-east-1, us-west-2); pick a drRegion where they all are available, or add eu-west-1 to their regions in model-catalogue.yaml once Bedrock offers them there.',
        ]],
        ["a misspelt key", (e) => { e.acounts = e.accounts; }, [
            'Pulumi.prod.yaml: landing-zone:environment.acounts is not a known setting; did you mean "accounts"?',
        ]],
        ["a misspelt nested key", (e) => { e.accounts.genai.vpcCdir = "10.40.0.0/16"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.genai.vpcCdir is not a known setting; did you mean "vpcCidr"?',
        ]],
        ["an unknown region", (e) => { e.primaryRegion = "us-east-9"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.primaryRegion must be an AWS region name such as "us-east-1" (got "us-east-9").',
        ]],
        ["a missing required field", (e) => { delete e.owner; }, [
            "Pulumi.prod.yaml: landing-zone:environment.owner is required: set it to a string.",
        ]],
        ["an application without a compute type", (e) => { delete e.accounts.applications.chat.compute; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.compute must be one of \"ecs\", \"lambda\" (got nothing).",
        ]],
        ["a CIDR that is not one", (e) => { e.accounts.genai.vpcCidr = "10.30.0.0"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.genai.vpcCidr must be an IPv4 CIDR block between /16 and /28 such as "10.20.0.0/16" (got "10.30.0.0").',
        ]],
        ["an application serving no tenant", (e) => { e.accounts.applications.chat.tenants = []; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.tenants must list at least one tenant the application serves (got []).",
        ]],
        ["a tenant that could reach another tenant's prefix", (e) => { e.accounts.applications.chat.tenants = ["acme/../globex"]; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.tenants[0] must be a tenant name of lower-case letters, digits and hyphens such as "acme" (got "acme/../globex").',
        ]],
        ["a tenant listed twice", (e) => { e.accounts.applications.chat.tenants = ["acme", "globex", "acme"]; }, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.tenants lists "acme" twice; list each tenant once.',
        ]],
        ["a WAF rate limit above WAF's ceiling", (e) => { e.accounts.applications.chat.wafRateLimit = 2_000_000_001; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.wafRateLimit must be from 10 to 2000000000 requests per evaluation window, the range AWS WAF accepts (got 2000000001).",
        ]],
        ["an application without a budget", (e) => { delete e.accounts.applications.chat.budget; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.budget is required: set it to an object.",
        ]],
        ["a data account budget that alerts nobody", (e) => { e.accounts.data.budget.subscribers = []; }, [
            "Pulumi.prod.yaml: landing-zone:environment.accounts.data.budget.subscribers must list at least one e-mail address to alert (got []).",
        ]],
        ["no retrieval settings", (e) => { delete e.retrieval; }, [
            "Pulumi.prod.yaml: landing-zone:environment.retrieval is required: set it to an object.",
        ]],
        ["an embedding model the environment does not list", (e) => { e.models = ["anthropic.claude-sonnet-4-6"]; }, [
            'Pulumi.prod.yaml: landing-zone:environment.retrieval.embeddingModel names "amazon.titan-embed-text-v2:0", which is not in models; add it to models, the environment\'s approved models, or pick an embedding model listed there.',
        ]],
        ["a text model as the embedding model", (e) => { e.retrieval.embeddingModel = "anthropic.claude-sonnet-4-6"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.retrieval.embeddingModel must name an embedding model (got "anthropic.claude-sonnet-4-6", a text model); pick a model with modality: embedding in model-catalogue.yaml such as "amazon.titan-embed-text-v2:0".',
        ]],
        ["an OpenSearch store without the dimension its hand-made index gets", (e) => { e.retrieval.vectorStore = "opensearch-serverless"; }, [
            'Pulumi.prod.yaml: landing-zone:environment.retrieval.indexDimension is required when vectorStore is "opensearch-serverless": the vector index is created by hand before the knowledge base, so set the dimension you create it with (1024 for "amazon.titan-embed-text-v2:0").',
        ]],
    ];
    for (const [title, change, expected] of environmentCases) {
        it(`environment: ${title}`, () => assert.deepStrictEqual(envProblems(change), expected));
    }

    it("reports every mistake at once, including cross-field rules beside schema errors", () => {
        const problems = envProblems((e) => {
            e.drRegion = "us-east-1";
            e.accounts.data.id = "2109";
            e.accounts.applications.chat.vpcCidr = "10.31.0.0/24";
            e.availabilityZones["us-east-1"][0] = "eu-west-1a";
            e.models = ["amazon.titan-embed-text-v2:0", "openai.gpt-x-v1:0"];
            e.colour = "blue";
        });
        assert.deepStrictEqual(problems, [
            'Pulumi.prod.yaml: landing-zone:environment.accounts.data.id must be a 12-digit AWS account ID such as "123456789012" (got "2109").',
            'Pulumi.prod.yaml: landing-zone:environment.colour is not a known setting; known settings here: name, namePrefix, owner, costCenter, organizationStack, accessRoleName, primaryRegion, drRegion, activeRegion, availabilityZones, dr, protectStatefulResources, accounts, models, genai, retrieval',
            'Pulumi.prod.yaml: landing-zone:environment.drRegion must differ from primaryRegion (both "us-east-1").',
            'Pulumi.prod.yaml: landing-zone:environment.availabilityZones.us-east-1[0] must be a zone of us-east-1 such as "us-east-1a" (got "eu-west-1a").',
            'Pulumi.prod.yaml: landing-zone:environment.accounts.applications.chat.vpcCidr "10.31.0.0/24" overlaps accounts.data.vpcCidr "10.31.0.0/16"; give each account a range of its own.',
            'Pulumi.prod.yaml: landing-zone:environment.models[1] must be a model listed in model-catalogue.yaml (got "openai.gpt-x-v1:0"); add it to the catalogue for review or remove it here.',
        ]);
    });

    const organizationCases: [string, (org: Record<string, any>) => void, string[]][] = [
        ["a home region outside the allow-list", (o) => { o.homeRegion = "eu-west-1"; }, [
            'Pulumi.prod.yaml: landing-zone:organization.homeRegion must be one of allowedRegions (got "eu-west-1"); add it to allowedRegions or pick one of us-east-1, us-west-2.',
        ]],
        ["an adopted account that is the management account", (o) => { o.environments.prod.data.id = "111111111111"; }, [
            'Pulumi.prod.yaml: landing-zone:organization.environments.prod.data.id repeats account "111111111111" already used by managementAccountId; every environment role needs its own account.',
        ]],
        ["two accounts with one e-mail", (o) => { o.environments.prod.genai.email = "aws+acme-ai-prod-app-chat@example.com"; }, [
            'Pulumi.prod.yaml: landing-zone:organization.environments.prod.applications.chat.email repeats e-mail "aws+acme-ai-prod-app-chat@example.com" of environments.prod.genai; AWS requires a distinct root e-mail per account.',
        ]],
        ["an environment the catalogue does not know", (o) => { o.environments.qa = o.environments.prod; delete o.environments.prod; o.environments.qa.data = {}; }, [
            "Pulumi.prod.yaml: landing-zone:organization.environments.qa is not an environment of model-catalogue.yaml (known: dev, staging, prod); add it there or rename it here.",
        ]],
        ["an e-mail template without the account placeholder", (o) => { o.accountEmailTemplate = "aws@example.com"; }, [
            'Pulumi.prod.yaml: landing-zone:organization.accountEmailTemplate must be an e-mail address containing {account}, such as "aws+{account}@example.com" (got "aws@example.com").',
        ]],
        ["an environment without application accounts", (o) => { o.environments.prod.applications = {}; }, [
            "Pulumi.prod.yaml: landing-zone:organization.environments.prod.applications must list at least one application account (got {}).",
        ]],
        ["a management account without a budget", (o) => { delete o.budget; }, [
            "Pulumi.prod.yaml: landing-zone:organization.budget is required: set it to an object.",
        ]],
        ["a budget below a dollar", (o) => { o.budget.monthlyLimitUsd = 0; }, [
            "Pulumi.prod.yaml: landing-zone:organization.budget.monthlyLimitUsd must be a monthly limit in US dollars of at least 1, such as 500 (got 0).",
        ]],
        ["a log-archive account adopted twice, once as a workload account", (o) => {
            o.security = { logArchive: { id: "333333333333" } };
            o.environments.prod.data.id = "333333333333";
        }, [
            'Pulumi.prod.yaml: landing-zone:organization.environments.prod.data.id repeats account "333333333333" already used by security.logArchive; every environment role needs its own account.',
        ]],
        ["a security-tooling account that is the management account", (o) => { o.security = { securityTooling: { id: "111111111111" } }; }, [
            'Pulumi.prod.yaml: landing-zone:organization.security.securityTooling.id repeats account "111111111111" already used by managementAccountId; every core account needs its own account.',
        ]],
        ["a security-tooling account named like the log-archive account", (o) => { o.security = { securityTooling: { name: "acme-ai-log-archive" } }; }, [
            'Pulumi.prod.yaml: landing-zone:organization.security.securityTooling.name repeats account name "acme-ai-log-archive" of security.logArchive; give each account its own name.',
            'Pulumi.prod.yaml: landing-zone:organization.security.securityTooling.email repeats e-mail "aws+acme-ai-log-archive@example.com" of security.logArchive; AWS requires a distinct root e-mail per account.',
        ]],
        ["logs expiring while still locked, and archived after they expire", (o) => {
            o.security = { logs: { objectLockRetentionDays: 400, expireAfterDays: 60, archiveAfterDays: 90 } };
        }, [
            "Pulumi.prod.yaml: landing-zone:organization.security.logs.expireAfterDays must be at least objectLockRetentionDays (400) (got 60); S3 cannot expire a log that is still locked, so raise it or shorten the lock.",
            "Pulumi.prod.yaml: landing-zone:organization.security.logs.archiveAfterDays must be less than expireAfterDays (60) (got 90); logs would be deleted before they are archived.",
        ]],
        ["an unknown setting and a bad account ID in the Security OU", (o) => { o.security = { logArchive: { id: "42" }, auditor: {} }; }, [
            'Pulumi.prod.yaml: landing-zone:organization.security.logArchive.id must be a 12-digit AWS account ID such as "123456789012" (got "42").',
            "Pulumi.prod.yaml: landing-zone:organization.security.auditor is not a known setting; known settings here: logArchive, securityTooling, monthlyLimitUsd, logs",
        ]],
    ];
    for (const [title, change, expected] of organizationCases) {
        it(`organization: ${title}`, () => assert.deepStrictEqual(orgProblems(change), expected));
    }

    it("requires the stack to be the organization, an environment or an application", () => {
        assert.deepStrictEqual(problemsOf({ ...disabled }), [
            "Pulumi.prod.yaml: landing-zone must set landing-zone:organization (the organization stack), landing-zone:environment (an environment stack) or landing-zone:application (an application stack).",
        ]);
        assert.deepStrictEqual(problemsOf({ ...disabled, "landing-zone:organization": organization(), "landing-zone:environment": environment() }), [
            "Pulumi.prod.yaml: landing-zone sets landing-zone:organization and landing-zone:environment; a stack is the organization, one environment or one application, so keep one.",
        ]);
    });

    it("rejects unknown landing-zone keys and enabled default providers", () => {
        assert.deepStrictEqual(problemsOf({ "landing-zone:environment": environment(), "landing-zone:enviroment": {} }), [
            "Pulumi.prod.yaml: landing-zone:enviroment is not a known setting; use landing-zone:organization, landing-zone:environment or landing-zone:application.",
            'Pulumi.prod.yaml: pulumi:disable-default-providers must be ["*"] so that no resource can land in the deployer\'s own account (got nothing).',
        ]);
    });

    it("lets the program itself run when the CLI keeps pulumi: settings to itself", () => {
        assert.deepStrictEqual(problemsOf({ "landing-zone:environment": environment() }, { requireDefaultProvidersDisabled: false }), []);
    });
});

describe("model catalogue validation", () => {
    const model = {
        id: "anthropic.claude-haiku-4-5-20251001-v1:0",
        provider: "anthropic",
        modality: "text",
        maxClassification: "internal",
        environments: ["dev"],
        regions: ["us-east-1"],
    };
    const messages = (raw: unknown) => parseCatalogue(raw).problems.map((p) => `${p.file}: ${p.path} ${p.message}`);

    it("accepts a minimal catalogue", () => {
        assert.deepStrictEqual(messages({ environments: ["dev"], models: [model] }), []);
    });

    const cases: [string, unknown, string[]][] = [
        ["a duplicate model", { environments: ["dev"], models: [model, model] }, [
            'model-catalogue.yaml: models[1].id repeats model "anthropic.claude-haiku-4-5-20251001-v1:0" already listed at models[0]; keep one entry per model.',
        ]],
        ["a malformed model ID", { environments: ["dev"], models: [{ ...model, id: "Claude 3 Haiku" }] }, [
            'model-catalogue.yaml: models[0].id must be a Bedrock model ID such as "anthropic.claude-sonnet-4-6" (got "Claude 3 Haiku").',
        ]],
        ["an unknown environment", { environments: ["dev"], models: [{ ...model, environments: ["dev", "qa"] }] }, [
            'model-catalogue.yaml: models[0].environments[1] names unknown environment "qa"; use one of "dev" or add it to environments.',
        ]],
        ["a classification outside the known set", { environments: ["dev"], models: [{ ...model, maxClassification: "secret" }] }, [
            'model-catalogue.yaml: models[0].maxClassification must be one of "public", "internal", "confidential", "restricted" (got "secret").',
        ]],
        ["an embedding model without dimensions", { environments: ["dev"], models: [{ ...model, modality: "embedding" }] }, [
            'model-catalogue.yaml: models[0].embeddingDimensions is required for embedding model "anthropic.claude-haiku-4-5-20251001-v1:0": set the vector size it produces, e.g. 1024.',
        ]],
        ["an inference profile for another model", { environments: ["dev"], models: [{ ...model, inferenceProfile: { id: "us.anthropic.claude-3-opus-20240229-v1:0", destinationRegions: ["us-east-1"] } }] }, [
            'model-catalogue.yaml: models[0].inferenceProfile.id must be a geography prefix followed by the model ID "anthropic.claude-haiku-4-5-20251001-v1:0" (got "us.anthropic.claude-3-opus-20240229-v1:0").',
        ]],
    ];
    for (const [title, raw, expected] of cases) {
        it(`catalogue: ${title}`, () => assert.deepStrictEqual(messages(raw), expected));
    }
});
