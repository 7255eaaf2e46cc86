import * as assert from "assert";
import { loadCatalogue } from "../../accounts/catalogue";
import { formatProblem, parseWithProblems } from "../../accounts/problems";
import {
    applicationSettingsProblems,
    applicationSettingsSchema,
    dataAccountSettingsSchema,
    retrievalProblems,
    retrievalSettingsSchema,
    workloadNameProblems,
} from "../../accounts/workloadSchema";
import { projectDir } from "../fixtures/plans";

const catalogue = loadCatalogue(projectDir);
const file = "Pulumi.prod.yaml";
const appRoot = "landing-zone:environment.accounts.applications.chat";

function application(): Record<string, any> {
    return {
        tenants: ["acme", "globex"],
        egress: false,
        wafRateLimit: 2000,
        budget: { monthlyLimitUsd: 500, subscribers: ["platform-team@example.com"] },
    };
}

function applicationProblems(change: (settings: Record<string, any>) => void): string[] {
    const settings = application();
    change(settings);
    const parsed = parseWithProblems(applicationSettingsSchema, settings, file, appRoot);
    return [...parsed.problems, ...applicationSettingsProblems(parsed.value ?? settings, { file, path: appRoot })].map(formatProblem);
}

describe("application account settings", () => {
    it("accepts the baseline and resolves defaults", () => {
        const parsed = applicationSettingsSchema.parse(application());
        assert.deepStrictEqual(parsed, { ...application(), wafEvaluationWindowSeconds: 300 });
        const minimal = applicationSettingsSchema.parse({ tenants: ["acme"], budget: application().budget });
        assert.strictEqual(minimal.egress, false);
        assert.strictEqual(minimal.wafRateLimit, 2000);
    });

    const cases: [string, (s: Record<string, any>) => void, string[]][] = [
        ["an empty tenant list", (s) => { s.tenants = []; }, [
            `${file}: ${appRoot}.tenants must list at least one tenant the application serves (got []).`,
        ]],
        ["a tenant that could reach another tenant's prefix", (s) => { s.tenants = ["acme/../globex"]; }, [
            `${file}: ${appRoot}.tenants[0] must be a tenant name of lower-case letters, digits and hyphens such as "acme" (got "acme/../globex").`,
        ]],
        ["a tenant listed twice", (s) => { s.tenants = ["acme", "globex", "acme"]; }, [
            `${file}: ${appRoot}.tenants lists "acme" twice; list each tenant once.`,
        ]],
        ["a rate limit below WAF's floor", (s) => { s.wafRateLimit = 5; }, [
            `${file}: ${appRoot}.wafRateLimit must be from 10 to 2000000000 requests per evaluation window, the range AWS WAF accepts (got 5).`,
        ]],
        ["a rate limit above WAF's ceiling", (s) => { s.wafRateLimit = 3_000_000_000; }, [
            `${file}: ${appRoot}.wafRateLimit must be from 10 to 2000000000 requests per evaluation window, the range AWS WAF accepts (got 3000000000).`,
        ]],
        ["a fractional rate limit", (s) => { s.wafRateLimit = 99.5; }, [
            `${file}: ${appRoot}.wafRateLimit must be a whole number (got 99.5).`,
        ]],
        ["an evaluation window WAF does not offer", (s) => { s.wafEvaluationWindowSeconds = 30; }, [
            `${file}: ${appRoot}.wafEvaluationWindowSeconds must be one of 60, 120, 300, 600 (got 30).`,
        ]],
        ["a budget without subscribers", (s) => { s.budget.subscribers = []; }, [
            `${file}: ${appRoot}.budget.subscribers must list at least one e-mail address to alert (got []).`,
        ]],
        ["a budget with more subscribers than AWS Budgets allows", (s) => { s.budget.subscribers = Array.from({ length: 11 }, (_, i) => `team${i}@example.com`); }, [
            `${file}: ${appRoot}.budget.subscribers must list at most 10 e-mail addresses, the AWS Budgets limit per notification (got ${JSON.stringify(Array.from({ length: 11 }, (_, i) => `team${i}@example.com`))}).`,
        ]],
        ["a malformed subscriber and a zero limit", (s) => { s.budget = { monthlyLimitUsd: 0, subscribers: ["platform-team"] }; }, [
            `${file}: ${appRoot}.budget.monthlyLimitUsd must be a monthly limit in US dollars of at least 1, such as 500 (got 0).`,
            `${file}: ${appRoot}.budget.subscribers[0] must be an e-mail address such as "platform-team@example.com" (got "platform-team").`,
        ]],
        ["a missing budget", (s) => { delete s.budget; }, [
            `${file}: ${appRoot}.budget is required: set it to an object.`,
        ]],
        ["a misspelt setting", (s) => { s.tenant = ["acme"]; }, [
            `${file}: ${appRoot}.tenant is not a known setting; did you mean "tenants"?`,
        ]],
    ];
    for (const [what, change, expected] of cases) {
        it(`reports ${what}`, () => {
            assert.deepStrictEqual(applicationProblems(change), expected);
        });
    }

    it("accepts WAF's floor and ceiling themselves", () => {
        assert.deepStrictEqual(applicationProblems((s) => { s.wafRateLimit = 10; }), []);
        assert.deepStrictEqual(applicationProblems((s) => { s.wafRateLimit = 2_000_000_000; }), []);
    });
});

describe("data account settings", () => {
    it("defaults the retention periods and requires a budget, as every account has one", () => {
        const budget = { monthlyLimitUsd: 200, subscribers: ["data-team@example.com"] };
        assert.deepStrictEqual(dataAccountSettingsSchema.parse({ budget }), { noncurrentVersionExpirationDays: 90, accessLogRetentionDays: 365, budget });
        assert.deepStrictEqual(parseWithProblems(dataAccountSettingsSchema, {}, file, "landing-zone:environment.accounts.data").problems.map(formatProblem),
            [`${file}: landing-zone:environment.accounts.data.budget is required: set it to an object.`]);
    });

    it("reports retention periods outside 1 to 36500 days", () => {
        const root = "landing-zone:environment.accounts.data";
        const budget = { monthlyLimitUsd: 200, subscribers: ["data-team@example.com"] };
        const parsed = parseWithProblems(dataAccountSettingsSchema, { noncurrentVersionExpirationDays: 0, accessLogRetentionDays: 7.5, budget }, file, root);
        assert.deepStrictEqual(parsed.problems.map(formatProblem), [
            `${file}: ${root}.noncurrentVersionExpirationDays must be a number of days from 1 to 36500 that an old document version is kept (got 0).`,
            `${file}: ${root}.accessLogRetentionDays must be a whole number (got 7.5).`,
        ]);
    });
});

describe("retrieval settings", () => {
    const root = "landing-zone:environment.retrieval";
    const at = { file, path: root };
    const context = { environment: "prod", primaryRegion: "us-east-1" };
    const problemsOf = (raw: Record<string, unknown>, ctx = context) => {
        const parsed = parseWithProblems(retrievalSettingsSchema, raw, file, root);
        return [...parsed.problems, ...retrievalProblems(parsed.value ?? raw, catalogue, ctx, at)].map(formatProblem);
    };

    it("defaults to S3 Vectors and accepts the catalogue's embedding model", () => {
        assert.deepStrictEqual(retrievalSettingsSchema.parse({ embeddingModel: "amazon.titan-embed-text-v2:0" }),
            { vectorStore: "s3vectors", embeddingModel: "amazon.titan-embed-text-v2:0", standbyReplicas: true, vectorIndexReady: false, indexCreators: [] });
        assert.deepStrictEqual(problemsOf({ embeddingModel: "amazon.titan-embed-text-v2:0" }), []);
        assert.deepStrictEqual(problemsOf({ embeddingModel: "amazon.titan-embed-text-v2:0", vectorStore: "opensearch-serverless", indexDimension: 1024 }), []);
    });

    const cases: [string, Record<string, unknown>, string[], typeof context?][] = [
        ["an embedding model that is not in the catalogue", { embeddingModel: "cohere.embed-english-v3" }, [
            `${file}: ${root}.embeddingModel must be a model listed in model-catalogue.yaml (got "cohere.embed-english-v3"); add it to the catalogue for review or pick an embedding model such as "amazon.titan-embed-text-v2:0".`,
        ]],
        ["a catalogue model that is not an embedding model", { embeddingModel: "anthropic.claude-haiku-4-5-20251001-v1:0" }, [
            `${file}: ${root}.embeddingModel must name an embedding model (got "anthropic.claude-haiku-4-5-20251001-v1:0", a text model); pick a model with modality: embedding in model-catalogue.yaml such as "amazon.titan-embed-text-v2:0".`,
        ]],
        ["an index dimension that differs from the model's", { embeddingModel: "amazon.titan-embed-text-v2:0", indexDimension: 1536 }, [
            `${file}: ${root}.indexDimension must equal the vector size of "amazon.titan-embed-text-v2:0", 1024 (got 1536); create the index with 1024 dimensions or pick a model that produces 1536.`,
        ]],
        ["an OpenSearch store without the dimension of its hand-made index", { embeddingModel: "amazon.titan-embed-text-v2:0", vectorStore: "opensearch-serverless" }, [
            `${file}: ${root}.indexDimension is required when vectorStore is "opensearch-serverless": the vector index is created by hand before the knowledge base, so set the dimension you create it with (1024 for "amazon.titan-embed-text-v2:0").`,
        ]],
        ["a vector store kind that does not exist", { embeddingModel: "amazon.titan-embed-text-v2:0", vectorStore: "pinecone" }, [
            `${file}: ${root}.vectorStore must be one of "s3vectors", "opensearch-serverless" (got "pinecone").`,
        ]],
        ["an index creator that is not a role ARN", { embeddingModel: "amazon.titan-embed-text-v2:0", indexCreators: ["platform-admin"] }, [
            `${file}: ${root}.indexCreators[0] must be an IAM role ARN such as "arn:aws:iam::123456789012:role/platform-admin" (got "platform-admin").`,
        ]],
        ["a missing embedding model", {}, [
            `${file}: ${root}.embeddingModel is required: set it to a string.`,
        ]],
        ["a model not approved for the environment or not in its region", { embeddingModel: "amazon.titan-embed-text-v2:0" }, [
            `${file}: ${root}.embeddingModel names "amazon.titan-embed-text-v2:0", which model-catalogue.yaml does not approve for qa (approved for dev, staging, prod); approve it there or pick another model.`,
            `${file}: ${root}.embeddingModel names "amazon.titan-embed-text-v2:0", which is not available in the primary region eu-west-1 (available in us-east-1, us-west-2); pick another model or region.`,
        ], { environment: "qa", primaryRegion: "eu-west-1" }],
    ];
    for (const [what, raw, expected, ctx] of cases) {
        it(`reports ${what}`, () => {
            assert.deepStrictEqual(problemsOf(raw, ctx), expected);
        });
    }
});

describe("derived names of the data, retrieval and application accounts", () => {
    const at = { file, path: "landing-zone:environment" };

    it("fit AWS's limits for the shipped prefix", () => {
        assert.deepStrictEqual(workloadNameProblems("acme-ai", "prod", ["chat", "search"], "us-east-1", "s3vectors", at), []);
        assert.deepStrictEqual(workloadNameProblems("acme-ai", "prod", ["chat"], "ap-southeast-1", "opensearch-serverless", at), []);
    });

    it("are refused, with the field to shorten, when a long prefix would push them over", () => {
        assert.deepStrictEqual(workloadNameProblems("acme-generative-ai-lz", "production-east", ["customer-support-bot"], "ap-southeast-1", "opensearch-serverless", at).map(formatProblem), [
            `${file}: landing-zone:environment.accounts.applications.customer-support-bot gives the workload role the name "acme-generative-ai-lz-production-east-app-customer-support-bot-workload" (71 characters), over AWS's limit of 64; shorten namePrefix, the environment name or the application name.`,
            `${file}: landing-zone:environment.accounts.applications.customer-support-bot gives the genAI invoke role the name "acme-generative-ai-lz-production-east-genai-invoke-customer-support-bot" (71 characters), over AWS's limit of 64; shorten namePrefix, the environment name or the application name.`,
            `${file}: landing-zone:environment.accounts.data gives the documents bucket the name "acme-generative-ai-lz-production-east-docs-123456789012-ap-southeast-1" (70 characters), over AWS's limit of 63; shorten namePrefix or the environment name.`,
            `${file}: landing-zone:environment.accounts.data gives the access-log bucket the name "acme-generative-ai-lz-production-east-docs-logs-123456789012-ap-southeast-1" (75 characters), over AWS's limit of 63; shorten namePrefix or the environment name.`,
            `${file}: landing-zone:environment.retrieval.vectorStore gives the OpenSearch Serverless collection the name "acme-generative-ai-lz-production-east-kb" (40 characters), over AWS's limit of 28; shorten namePrefix or the environment name.`,
        ]);
    });
});
