import * as path from "path";
import { z } from "zod";
import { isKnownRegion } from "./regions";
import { ConfigProblem, ConfigError, parseWithProblems, show } from "./problems";
import { readYamlFile } from "./yamlFile";

export const catalogueFileName = "model-catalogue.yaml";

/** Data classifications, lowest to highest. A model may see data up to its `maxClassification`. */
export const classifications = ["public", "internal", "confidential", "restricted"] as const;
export type Classification = (typeof classifications)[number];

export const modalities = ["text", "multimodal", "image", "embedding"] as const;

/** `anthropic.claude-sonnet-4-6`, `amazon.titan-embed-text-v2:0`, `cohere.embed-english-v3`. */
const modelIdPattern = /^[a-z0-9-]+\.[a-z0-9][a-z0-9.-]*(:[0-9]+(:[a-z0-9]+)?)?$/;
/** A cross-region inference profile is the model ID behind a geography prefix: `us.`, `eu.`, `apac.`, `global.`. */
const inferenceProfilePattern = /^(us|eu|apac|us-gov|ca|jp|au|global)\.[a-z0-9-]+\.[a-z0-9][a-z0-9.-]*(:[0-9]+)?$/;
const environmentNamePattern = /^[a-z][a-z0-9-]{1,15}$/;

const region = z.string().refine(isKnownRegion, "must be an AWS region name such as \"us-east-1\"");

/** Bedrock's lifecycle states ("Model lifecycle", Amazon Bedrock user guide): `modelLifecycle` of GetFoundationModel. */
export const lifecycleStatuses = ["active", "legacy", "eol"] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as \"2026-03-01\" (quote it)")
    // Date.parse rolls 2026-02-30 over to March: a real date reads back unchanged.
    .refine((value) => { const time = Date.parse(`${value}T00:00:00Z`); return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value; }, "must be a real calendar date such as \"2026-03-01\"");

export const lifecycleSchema = z.strictObject({
    status: z.enum(lifecycleStatuses),
    /** The day Bedrock stops serving it (on-demand). Required for `legacy` and `eol`. */
    endOfLife: isoDate.optional(),
    /** The catalogue model to move to. */
    successor: z.string().regex(modelIdPattern, "must be a Bedrock model ID such as \"anthropic.claude-sonnet-4-6\"").optional(),
    /** Where status and date come from (a page and the day it was read), so that a reviewer can check them. */
    source: z.string().min(1, "must say where the status and date come from"),
});

export const catalogueModelSchema = z.strictObject({
    /** The Bedrock foundation-model ID. */
    id: z.string().regex(modelIdPattern, "must be a Bedrock model ID such as \"anthropic.claude-sonnet-4-6\""),
    provider: z.string().regex(/^[a-z0-9-]+$/, "must be a lower-case provider name such as \"anthropic\""),
    modality: z.enum(modalities),
    /** The highest data classification this model may be sent. */
    maxClassification: z.enum(classifications),
    /** Environments that may invoke it. */
    environments: z.array(z.string()).min(1, "must list at least one environment"),
    /** Regions where the model can be invoked in-region. */
    regions: z.array(region).min(1, "must list at least one region"),
    /** Present when the model is invoked through a cross-region inference profile. */
    inferenceProfile: z.strictObject({
        id: z.string().regex(inferenceProfilePattern, "must be an inference-profile ID such as \"us.anthropic.claude-sonnet-4-6\""),
        destinationRegions: z.array(region).min(1, "must list the regions the profile routes requests to"),
    }).optional(),
    /** Vector size produced by an embedding model; required for `modality: embedding`. */
    embeddingDimensions: z.number().int().positive().optional(),
    /**
     * The model's name in `bedrock-mantle:Model`, when it may be used through Bedrock's second inference service.
     * Absent: the model is not approved there (Mantle inference on it is denied).
     */
    mantleModel: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "must be the model name Bedrock Mantle uses in bedrock-mantle:Model").optional(),
    /** Where the model is in Bedrock's lifecycle, and since when it is known. */
    lifecycle: lifecycleSchema.optional(),
});

export const catalogueSchema = z.strictObject({
    /** Every environment name the organization has; models may only name these. */
    environments: z.array(z.string().regex(environmentNamePattern, "must be a short lower-case environment name such as \"prod\"")).min(1),
    models: z.array(catalogueModelSchema).min(1, "must list at least one model"),
});

export type CatalogueModel = z.infer<typeof catalogueModelSchema>;
export type ModelCatalogue = z.infer<typeof catalogueSchema>;

/** Checks that span entries: duplicates, unknown environments, embedding dimensions. */
export function catalogueProblems(catalogue: ModelCatalogue, file = catalogueFileName): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const seen = new Map<string, number>();
    catalogue.models.forEach((model, index) => {
        const at = `models[${index}]`;
        const first = seen.get(model.id);
        if (first !== undefined) {
            problems.push({ file, path: `${at}.id`, message: `repeats model ${show(model.id)} already listed at models[${first}]; keep one entry per model.` });
        } else {
            seen.set(model.id, index);
        }
        model.environments.forEach((environment, envIndex) => {
            if (!catalogue.environments.includes(environment)) {
                problems.push({
                    file,
                    path: `${at}.environments[${envIndex}]`,
                    message: `names unknown environment ${show(environment)}; use one of ${catalogue.environments.map((e) => show(e)).join(", ")} or add it to environments.`,
                });
            }
        });
        if (model.modality === "embedding" && model.embeddingDimensions === undefined) {
            problems.push({ file, path: `${at}.embeddingDimensions`, message: `is required for embedding model ${show(model.id)}: set the vector size it produces, e.g. 1024.` });
        }
        if (model.lifecycle && model.lifecycle.status !== "active" && model.lifecycle.endOfLife === undefined) {
            problems.push({ file, path: `${at}.lifecycle.endOfLife`, message: `is required for a ${model.lifecycle.status} model such as ${show(model.id)}: set the end-of-life date Bedrock announced, e.g. "2026-03-01".` });
        }
        if (model.lifecycle?.successor !== undefined && !catalogue.models.some((other) => other.id === model.lifecycle!.successor)) {
            problems.push({ file, path: `${at}.lifecycle.successor`, message: `names ${show(model.lifecycle.successor)}, which the catalogue does not list; add the successor as a model of its own.` });
        }
        if (model.inferenceProfile && !model.inferenceProfile.id.endsWith(`.${model.id}`)) {
            problems.push({
                file,
                path: `${at}.inferenceProfile.id`,
                message: `must be a geography prefix followed by the model ID ${show(model.id)} (got ${show(model.inferenceProfile.id)}).`,
            });
        }
    });
    return problems;
}

/** Parses and checks a catalogue value; every problem is returned, none thrown. */
export function parseCatalogue(raw: unknown, file = catalogueFileName): { catalogue?: ModelCatalogue; problems: ConfigProblem[] } {
    const parsed = parseWithProblems(catalogueSchema, raw, file, "");
    if (!parsed.value) {
        return { problems: parsed.problems };
    }
    const problems = catalogueProblems(parsed.value, file);
    return problems.length > 0 ? { problems } : { catalogue: parsed.value, problems: [] };
}

/** Loads `model-catalogue.yaml` from `projectDir`, throwing one ConfigError with every problem. */
export function loadCatalogue(projectDir: string, fileName = catalogueFileName): ModelCatalogue {
    const filePath = path.join(projectDir, fileName);
    const read = readYamlFile(filePath);
    if (read.problems.length > 0) {
        throw new ConfigError(read.problems);
    }
    const parsed = parseCatalogue(read.value, path.basename(filePath));
    if (!parsed.catalogue) {
        throw new ConfigError(parsed.problems);
    }
    return parsed.catalogue;
}

/** Models an environment may invoke, in catalogue order. */
export function modelsForEnvironment(catalogue: ModelCatalogue, environment: string, allowed: readonly string[]): CatalogueModel[] {
    return catalogue.models.filter((m) => m.environments.includes(environment) && allowed.includes(m.id));
}

/** Every region any catalogue model can be reached in, including inference-profile destinations. */
export function catalogueRegions(catalogue: ModelCatalogue): string[] {
    const regions = new Set<string>();
    for (const model of catalogue.models) {
        model.regions.forEach((r) => regions.add(r));
        model.inferenceProfile?.destinationRegions.forEach((r) => regions.add(r));
    }
    return [...regions].sort();
}

/** The first day a model may no longer be used: its end-of-life date, when the catalogue records one. */
export function endOfLifeTime(model: CatalogueModel): number | undefined {
    return model.lifecycle?.endOfLife === undefined ? undefined : Date.parse(`${model.lifecycle.endOfLife}T00:00:00Z`);
}

/** Whether a model has reached its end of life on `now` (milliseconds since the epoch). */
export function isPastEndOfLife(model: CatalogueModel, now: number): boolean {
    const eol = endOfLifeTime(model);
    return model.lifecycle?.status === "eol" || (eol !== undefined && now >= eol);
}

/** What a stack file should say about a model past its end of life: the date, and the successor when there is one. */
export function endOfLifeMessage(model: CatalogueModel): string {
    const when = model.lifecycle?.endOfLife ? ` on ${model.lifecycle.endOfLife}` : "";
    const fix = model.lifecycle?.successor ? `use its successor ${show(model.lifecycle.successor)} instead` : "pick another catalogue model";
    return `names ${show(model.id)}, which reached its end of life on Bedrock${when} (${catalogueFileName}), so requests to it fail; ${fix}.`;
}

/** Days from `now` to a model's end of life (negative once past), or undefined when the catalogue records no date. */
export function daysToEndOfLife(model: CatalogueModel, now: number): number | undefined {
    const eol = endOfLifeTime(model);
    return eol === undefined ? undefined : Math.ceil((eol - now) / 86_400_000);
}
