import { z } from "zod";
import { catalogueFileName, ModelCatalogue } from "./catalogue";
import { IAM_NAME_MAX, invokeRoleName, S3_BUCKET_NAME_MAX } from "./genaiNames";
import {
    documentsAccessLogsBucketName,
    documentsBucketName,
    knowledgeBaseRoleName,
    vectorBucketName,
    vectorCollectionName,
    workloadRoleName,
} from "./naming";
import { ConfigProblem, show } from "./problems";

/**
 * Config of the data account, the application accounts and the retrieval (RAG) layer. Each schema is a fragment the
 * environment schema in accounts/schema.ts extends (`accounts.applications.<app>`, `accounts.data`, `retrieval`;
 * `budgetSchema` also serves the organization's management account); the cross-field rules below return every
 * problem rather than throwing, so accounts/validate.ts reports them with everything else.
 */

/**
 * The range AWS WAF accepts for a rate-based rule's limit, in requests per evaluation window. The floor was 100 until
 * AWS lowered it to 10 on 2024-08-30; the ceiling is 2,000,000,000.
 */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;
/** Evaluation windows a rate-based rule accepts, in seconds. */
export const wafEvaluationWindows = [60, 120, 300, 600] as const;
/** E-mail subscribers AWS Budgets allows per notification. */
export const BUDGET_SUBSCRIBERS_MAX = 10;
/** OpenSearch Serverless names collections and policies with 3-32 characters; the store appends `-net` and the like. */
export const COLLECTION_NAME_MAX = 28;

export const vectorStoreKinds = ["s3vectors", "opensearch-serverless"] as const;
export type VectorStoreKind = (typeof vectorStoreKinds)[number];

/**
 * A tenant as it appears in the `tenant` session tag and in the `tenants/<tenant>/` prefix: no `/` (which would reach
 * into another tenant's prefix), no wildcards and no `${`, which IAM would read as a policy variable.
 */
export const tenantNamePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

function wholeNumber(min: number, max: number, rule: string) {
    return z.number().min(min, rule).max(max, rule).refine(Number.isInteger, "must be a whole number");
}

const days = (what: string) => wholeNumber(1, 36_500, `must be a number of days from 1 to 36500 that ${what}`);

export const budgetSchema = z.strictObject({
    /** Monthly cost limit in US dollars; alerts fire at 80 % and 100 % of actual spend. */
    monthlyLimitUsd: z.number().min(1, "must be a monthly limit in US dollars of at least 1, such as 500"),
    /** Who is e-mailed when an alert fires. */
    subscribers: z.array(z.email("must be an e-mail address such as \"platform-team@example.com\""))
        .min(1, "must list at least one e-mail address to alert")
        .max(BUDGET_SUBSCRIBERS_MAX, `must list at most ${BUDGET_SUBSCRIBERS_MAX} e-mail addresses, the AWS Budgets limit per notification`),
});

/** Settings of one application account, beside its `vpcCidr` and `compute`. */
export const applicationSettingsSchema = z.strictObject({
    /** Tenants the application serves: the only values its workload may put in the `tenant` session tag. */
    tenants: z.array(z.string().regex(tenantNamePattern, "must be a tenant name of lower-case letters, digits and hyphens such as \"acme\""))
        .min(1, "must list at least one tenant the application serves"),
    /** Give the VPC public subnets and NAT gateways (one per AZ in prod). @default false */
    egress: z.boolean().default(false),
    /** Requests one client IP may make per evaluation window before WAF blocks it. @default 2000 */
    wafRateLimit: wholeNumber(WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX,
        `must be from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX} requests per evaluation window, the range AWS WAF accepts`).default(2000),
    /** Seconds over which WAF counts requests for the rate limit. @default 300 */
    wafEvaluationWindowSeconds: z.literal(wafEvaluationWindows).default(300),
    budget: budgetSchema,
});

/** Settings of the data account, beside its `vpcCidr`. */
export const dataAccountSettingsSchema = z.strictObject({
    /** Days an overwritten or deleted document version is kept. @default 90 */
    noncurrentVersionExpirationDays: days("an old document version is kept").default(90),
    /** Days the documents bucket's access logs are kept. @default 365 */
    accessLogRetentionDays: days("access logs are kept").default(365),
    /** The data account's monthly budget (every account has one). */
    budget: budgetSchema,
});

/** The knowledge base's vector store and embedding model (`landing-zone:environment.retrieval`). */
export const retrievalSettingsSchema = z.strictObject({
    /**
     * `s3vectors` (declarative, no minimum capacity cost) or `opensearch-serverless` (lower query latency, a minimum
     * of OCUs billed around the clock, and a vector index created by hand before the knowledge base).
     * @default "s3vectors"
     */
    vectorStore: z.enum(vectorStoreKinds).default("s3vectors"),
    /** A catalogue model with `modality: embedding`. */
    embeddingModel: z.string().min(1, "must name an embedding model from model-catalogue.yaml"),
    /**
     * Dimension of the vector index; must equal the embedding model's. Required for OpenSearch Serverless, whose index
     * is created by hand. @default the model's embeddingDimensions
     */
    indexDimension: wholeNumber(1, 16_000, "must be a vector dimension from 1 to 16000").optional(),
    /** OpenSearch Serverless only: standby replicas in a second AZ (doubles the minimum OCUs). @default true */
    standbyReplicas: z.boolean().default(true),
    /**
     * OpenSearch Serverless only: set to true once the vector index exists (created by hand after the first deployment,
     * see docs/identity-and-data.md); until then the stack creates the store but not the knowledge base, which Bedrock
     * would refuse. @default false
     */
    vectorIndexReady: z.boolean().default(false),
    /**
     * OpenSearch Serverless only: roles that may create the vector index, for the one-off step; empty it afterwards.
     * @default none
     */
    indexCreators: z.array(z.string().regex(/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/, "must be an IAM role ARN such as \"arn:aws:iam::123456789012:role/platform-admin\""))
        .default([]),
});

export type ApplicationSettings = z.infer<typeof applicationSettingsSchema>;
export type DataAccountSettings = z.infer<typeof dataAccountSettingsSchema>;
export type RetrievalSettings = z.infer<typeof retrievalSettingsSchema>;
export type BudgetSettings = z.infer<typeof budgetSchema>;

/** Where a fragment sits: the file the user edits and the dotted path of the fragment in it. */
export interface ConfigLocation {
    readonly file: string;
    readonly path: string;
}

/** Rules a schema cannot express for one application's settings. */
export function applicationSettingsProblems(settings: Partial<ApplicationSettings>, at: ConfigLocation): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const tenants = settings.tenants ?? [];
    const repeated = tenants.filter((tenant, index) => tenants.indexOf(tenant) !== index);
    for (const tenant of new Set(repeated)) {
        problems.push({ file: at.file, path: `${at.path}.tenants`, message: `lists ${show(tenant)} twice; list each tenant once.` });
    }
    return problems;
}

export interface RetrievalContext {
    /** The environment's name, when valid. */
    readonly environment?: string;
    readonly primaryRegion?: string;
}

/**
 * The embedding model must be an approved catalogue embedding model of this environment and region, and the vector
 * index must have its dimension: a mismatch makes every ingestion fail.
 */
export function retrievalProblems(
    retrieval: Partial<RetrievalSettings>,
    catalogue: ModelCatalogue,
    context: RetrievalContext,
    at: ConfigLocation,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const problem = (field: string, message: string) => problems.push({ file: at.file, path: `${at.path}.${field}`, message });
    const modelId = retrieval.embeddingModel;
    if (modelId === undefined) {
        return problems;
    }
    const embeddingModels = catalogue.models.filter((m) => m.modality === "embedding");
    const example = embeddingModels.length > 0 ? ` such as ${show(embeddingModels[0].id)}` : "";
    const model = catalogue.models.find((m) => m.id === modelId);
    if (!model) {
        problem("embeddingModel", `must be a model listed in ${catalogueFileName} (got ${show(modelId)}); add it to the catalogue for review or pick an embedding model${example}.`);
        return problems;
    }
    if (model.modality !== "embedding") {
        problem("embeddingModel", `must name an embedding model (got ${show(modelId)}, a ${model.modality} model); pick a model with modality: embedding in ${catalogueFileName}${example}.`);
        return problems;
    }
    if (context.environment !== undefined && !model.environments.includes(context.environment)) {
        problem("embeddingModel", `names ${show(modelId)}, which ${catalogueFileName} does not approve for ${context.environment} (approved for ${model.environments.join(", ")}); approve it there or pick another model.`);
    }
    if (context.primaryRegion !== undefined && !model.regions.includes(context.primaryRegion)) {
        problem("embeddingModel", `names ${show(modelId)}, which is not available in the primary region ${context.primaryRegion} (available in ${model.regions.join(", ")}); pick another model or region.`);
    }
    const dimensions = model.embeddingDimensions;
    if (dimensions !== undefined && retrieval.indexDimension !== undefined && retrieval.indexDimension !== dimensions) {
        problem("indexDimension", `must equal the vector size of ${show(modelId)}, ${dimensions} (got ${retrieval.indexDimension}); create the index with ${dimensions} dimensions or pick a model that produces ${retrieval.indexDimension}.`);
    }
    if (retrieval.vectorStore === "opensearch-serverless" && retrieval.indexDimension === undefined) {
        problem("indexDimension", `is required when vectorStore is "opensearch-serverless": the vector index is created by hand before the knowledge base, so set the dimension you create it with (${dimensions ?? "the model's embeddingDimensions"} for ${show(modelId)}).`);
    }
    return problems;
}

/** The names the data, retrieval and application accounts derive, with AWS's length limit for each. */
export function workloadNameLimits(
    prefix: string,
    environment: string,
    applications: readonly string[],
    primaryRegion: string,
    vectorStore: VectorStoreKind,
): { what: string; path: string; name: string; max: number }[] {
    const account = "123456789012";
    return [
        ...applications.flatMap((app) => [
            { what: "the workload role", path: `accounts.applications.${app}`, name: workloadRoleName(prefix, environment, app), max: IAM_NAME_MAX },
            // The application's own invoke role in the genAI account.
            { what: "the genAI invoke role", path: `accounts.applications.${app}`, name: invokeRoleName(prefix, environment, app), max: IAM_NAME_MAX },
        ]),
        { what: "the knowledge-base role", path: "namePrefix", name: knowledgeBaseRoleName(prefix, environment), max: IAM_NAME_MAX },
        { what: "the documents bucket", path: "accounts.data", name: documentsBucketName(prefix, environment, account, primaryRegion), max: S3_BUCKET_NAME_MAX },
        { what: "the access-log bucket", path: "accounts.data", name: documentsAccessLogsBucketName(prefix, environment, account, primaryRegion), max: S3_BUCKET_NAME_MAX },
        vectorStore === "s3vectors"
            ? { what: "the vector bucket", path: "retrieval.vectorStore", name: vectorBucketName(prefix, environment), max: S3_BUCKET_NAME_MAX }
            : { what: "the OpenSearch Serverless collection", path: "retrieval.vectorStore", name: vectorCollectionName(prefix, environment), max: COLLECTION_NAME_MAX },
    ];
}

/** A derived name over AWS's limit fails at deploy time, after other resources were created; refuse it here. */
export function workloadNameProblems(
    prefix: string,
    environment: string,
    applications: readonly string[],
    primaryRegion: string,
    vectorStore: VectorStoreKind,
    at: ConfigLocation,
): ConfigProblem[] {
    return workloadNameLimits(prefix, environment, applications, primaryRegion, vectorStore)
        .filter(({ name, max }) => name.length > max)
        .map(({ what, path, name, max }) => ({
            file: at.file,
            path: `${at.path}.${path}`,
            message: `gives ${what} the name ${show(name)} (${name.length} characters), over AWS's limit of ${max}; shorten ${path.startsWith("accounts.applications") ? "namePrefix, the environment name or the application name" : "namePrefix or the environment name"}.`,
        }));
}
