import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { daysToEndOfLife, ModelCatalogue } from "../../accounts/catalogue";
import { configOf } from "../lib/config";
import { projectCatalogue } from "../lib/modelCatalogue";
import { isKnownString, propsOf } from "../lib/props";

interface Config {
    readonly lifecycleWarningDays: number;
    readonly asOf?: string;
}

const configSchema = {
    properties: {
        lifecycleWarningDays: {
            type: "number" as const,
            minimum: 0,
            default: 90,
            description: "Warn this many days before a model the environment uses reaches its end of life on Bedrock.",
        },
        asOf: {
            type: "string" as const,
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
            description: "The day to judge from (YYYY-MM-DD); today when unset. For reproducible checks.",
        },
    },
};

/**
 * The catalogue models among `modelIds` whose end of life is within `warningDays` of `now`, as messages. A model past
 * its end of life is refused earlier, by `lz plan`; this is the notice before it.
 */
export function endOfLifeWarnings(catalogue: ModelCatalogue, modelIds: readonly string[], now: number, warningDays: number): string[] {
    return modelIds.flatMap((modelId) => {
        const model = catalogue.models.find((candidate) => candidate.id === modelId);
        const days = model ? daysToEndOfLife(model, now) : undefined;
        if (!model || days === undefined || days > warningDays) {
            return [];
        }
        const successor = model.lifecycle?.successor ? `; move to its successor "${model.lifecycle.successor}"` : "; pick another catalogue model";
        return [`model "${modelId}" reaches its end of life on Bedrock on ${model.lifecycle!.endOfLife} (in ${days} days, within the ${warningDays}-day notice)${successor} before then.`];
    });
}

// Loaded when the pack starts, so that a broken catalogue stops the pack with the loader's list of problems.
const catalogue = projectCatalogue();

export const warnBeforeModelEndOfLife: ResourceValidationPolicy = {
    name: "bedrock-models-not-near-end-of-life",
    description: "No model an environment publishes in its catalogue parameter reaches its end of life on Bedrock within the notice period.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["bedrock", "model-governance", "lifecycle"],
    remediationSteps: "Move the environment's stack file (models:) to the model's successor in model-catalogue.yaml, test it, and deploy before the end-of-life date.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.ssmParameter, (_parameter, args, reportViolation) => {
        const value = propsOf(args.props).value;
        if (!isKnownString(value)) {
            return;
        }
        let published: { schemaVersion?: unknown; models?: { id?: unknown }[] };
        try {
            published = JSON.parse(value);
        } catch {
            return;
        }
        if (published.schemaVersion === undefined || !Array.isArray(published.models)) {
            return;
        }
        const config = configOf<Config>(configSchema, args);
        const now = config.asOf ? Date.parse(`${config.asOf}T00:00:00Z`) : Date.now();
        const modelIds = published.models.map((model) => model.id).filter((id): id is string => typeof id === "string");
        endOfLifeWarnings(catalogue, modelIds, now, config.lifecycleWarningDays).forEach((message) => reportViolation(message));
    }),
};
