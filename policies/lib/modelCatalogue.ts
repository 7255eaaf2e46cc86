/**
 * The model catalogue, read from the project's model-catalogue.yaml through the same loader and validator the
 * program uses (accounts/catalogue.ts, compiled into the pack). The pack never keeps a list of its own: a model
 * approved in the reviewed catalogue is approved here, at the next preview.
 */
import { CatalogueModel, loadCatalogue, ModelCatalogue } from "../../accounts/catalogue";
import { findProjectRoot } from "../../accounts/project";

let loaded: ModelCatalogue | undefined;

/**
 * The catalogue of the project this pack lives in. Loaded once per pack process; a broken catalogue stops the
 * pack with the loader's own list of problems rather than letting policies guess.
 */
export function projectCatalogue(): ModelCatalogue {
    loaded ??= loadCatalogue(findProjectRoot(__dirname));
    return loaded;
}

/** What a Bedrock resource ARN or model ID names. */
export type ModelReference =
    | { readonly kind: "foundation-model"; readonly modelId: string; readonly region?: string }
    | { readonly kind: "inference-profile"; readonly profileId: string; readonly region?: string }
    | { readonly kind: "other"; readonly text: string };

const foundationModelArn = /^arn:[^:]+:bedrock:([^:]*):[^:]*:foundation-model\/(.+)$/;
const inferenceProfileArn = /^arn:[^:]+:bedrock:([^:]*):[^:]*:inference-profile\/(.+)$/;

/** Reads a foundation-model or inference-profile ARN, or a bare model or profile ID (agents take either). */
export function modelReference(text: string): ModelReference {
    const model = foundationModelArn.exec(text);
    if (model) {
        return { kind: "foundation-model", modelId: model[2], region: model[1] === "" || model[1] === "*" ? undefined : model[1] };
    }
    const profile = inferenceProfileArn.exec(text);
    if (profile) {
        return { kind: "inference-profile", profileId: profile[2], region: profile[1] === "" || profile[1] === "*" ? undefined : profile[1] };
    }
    if (!text.startsWith("arn:") && !text.includes("*")) {
        return /^(us|eu|apac|us-gov|ca|jp|au|global)\./.test(text)
            ? { kind: "inference-profile", profileId: text }
            : { kind: "foundation-model", modelId: text };
    }
    return { kind: "other", text };
}

/**
 * Why `text` does not name a catalogue model approved for `environment` (any environment when unset), or
 * undefined when it does. Wildcards are never approved: `anthropic.*` would admit models nobody reviewed.
 */
export function unapprovedModelReason(
    catalogue: ModelCatalogue,
    text: string,
    environment: string | undefined,
    modality?: CatalogueModel["modality"],
): string | undefined {
    const reference = modelReference(text);
    if (reference.kind === "other") {
        return `"${text}" is not a foundation-model or inference-profile ARN of a catalogue model`;
    }
    const id = reference.kind === "foundation-model" ? reference.modelId : reference.profileId;
    if (id.includes("*") || id.includes("?")) {
        return `"${text}" uses a wildcard, which admits models outside the catalogue`;
    }
    const model = reference.kind === "foundation-model"
        ? catalogue.models.find((m) => m.id === id)
        : catalogue.models.find((m) => m.inferenceProfile?.id === id);
    if (!model) {
        return `"${text}" names ${reference.kind === "foundation-model" ? "model" : "inference profile"} "${id}", which is not in model-catalogue.yaml`;
    }
    if (environment !== undefined && !model.environments.includes(environment)) {
        return `"${text}" names "${model.id}", which model-catalogue.yaml approves for ${model.environments.join(", ")} but not ${environment}`;
    }
    if (modality !== undefined && model.modality !== modality) {
        return `"${text}" names "${model.id}", a ${model.modality} model where a catalogue ${modality} model is required`;
    }
    const regions = new Set([...model.regions, ...(model.inferenceProfile?.destinationRegions ?? [])]);
    if (reference.region !== undefined && !regions.has(reference.region)) {
        return `"${text}" names "${model.id}" in ${reference.region}, where model-catalogue.yaml does not list it (listed: ${[...regions].sort().join(", ")})`;
    }
    return undefined;
}

/**
 * True when `text` is a foundation-model ARN (no wildcard) of a catalogue model whose modality is `embedding`. An
 * inference-profile ARN or a bare ID is not: only the exact model the catalogue reviewed as an embedding model counts.
 */
export function isCatalogueEmbeddingModelArn(catalogue: ModelCatalogue, text: string): boolean {
    if (!text.startsWith("arn:")) {
        return false;
    }
    const reference = modelReference(text);
    return reference.kind === "foundation-model"
        && !reference.modelId.includes("*") && !reference.modelId.includes("?")
        && catalogue.models.some((model) => model.id === reference.modelId && model.modality === "embedding");
}
