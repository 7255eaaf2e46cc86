/**
 * The model catalogue compiled into what enforces it, as plain data (no resources): the invoke role's permissions,
 * the bedrock-runtime endpoint policy, the organization's SCP and the SSM parameter applications read. One module, so
 * that adding or removing a model changes all four together.
 */
import { CatalogueModel, Classification, ModelCatalogue } from "../../accounts/catalogue";
import { foundationModelArn } from "../../accounts/naming";
import { Partition } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement, policySize, SCP_MAX_CHARACTERS } from "../organization/policyDocuments";
import { policyDocument } from "../identity/policies";
import { ClassifiedModel, classificationInvokeStatements, modelInvokeActions } from "../identity/invokeRolePolicies";
import {
    bearerTokenActions,
    mantleModelActions,
    mantleModelKey,
    modelResourceInferenceActions,
    resourceTypesJudgedByTheirModel,
    ungovernedMantleActions,
} from "../../accounts/bedrockActions";

/**
 * The inference actions the catalogue's SCP judges by model: every current and future `InvokeModel…` action (so a new
 * streaming variant is covered on day one), batch jobs, provisioned throughput, prompt routers and application
 * inference profiles.
 */
export const scpInferenceActions = [
    "bedrock:InvokeModel*",
    ...modelResourceInferenceActions.filter((action) => !action.startsWith("bedrock:InvokeModel")),
];

/** A model's provider as its ARN shows it: the model ID up to the first dot (`anthropic.claude-…` → `anthropic`). */
export function modelProvider(modelId: string): string {
    return modelId.split(".")[0];
}

export function inferenceProfileArn(partition: Partition, region: string, accountId: string, profileId: string): string {
    return `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${profileId}`;
}

function unique(values: Iterable<string>): string[] {
    return [...new Set(values)].sort();
}

/** Regions where the catalogue says a model can be reached: in-region, and through its inference profile. */
export function catalogueModelRegions(model: CatalogueModel): string[] {
    return unique([...model.regions, ...(model.inferenceProfile?.destinationRegions ?? [])]);
}

/**
 * The models applications invoke through the invoke role and the guardrail: every approved model except embedding
 * models. An embedding model turns documents and queries into vectors for the knowledge base, which invokes it with
 * its own role from Bedrock's side; applications retrieve through the knowledge base, and a guardrail has no prompt
 * or response to screen in a vector, so granting embedding models to the invoke role would only widen it.
 */
export function invocableModels(models: readonly CatalogueModel[]): CatalogueModel[] {
    return models.filter((model) => model.modality !== "embedding");
}

export interface EnvironmentModelArns {
    readonly foundationModelArns: string[];
    readonly inferenceProfileArns: string[];
    /** Both lists, sorted: the resources of every invoke permission. */
    readonly all: string[];
}

/**
 * The ARNs an environment may invoke: each approved model in each of the environment's regions (primary, and DR when
 * it is on); for a model used through a cross-region inference profile, the profile in those regions and the model
 * in every destination region, because Bedrock authorizes the request against each region it may route to.
 */
export function environmentModelArns(models: readonly CatalogueModel[], regions: readonly string[], partition: Partition, accountId: string): EnvironmentModelArns {
    const foundation = new Set<string>();
    const profiles = new Set<string>();
    for (const model of models) {
        regions.forEach((region) => foundation.add(foundationModelArn(partition, region, model.id)));
        if (model.inferenceProfile) {
            const profileId = model.inferenceProfile.id;
            regions.forEach((region) => profiles.add(inferenceProfileArn(partition, region, accountId, profileId)));
            model.inferenceProfile.destinationRegions.forEach((region) => foundation.add(foundationModelArn(partition, region, model.id)));
        }
    }
    const foundationModelArns = unique(foundation);
    const inferenceProfileArns = unique(profiles);
    return { foundationModelArns, inferenceProfileArns, all: unique([...foundationModelArns, ...inferenceProfileArns]) };
}

/**
 * The value of `bedrock:GuardrailIdentifier` for a published guardrail version. The Service Authorization Reference
 * defines the key as "the GuardrailArn or the GuardrailArn:NumericVersion", and the Bedrock user guide's policy
 * ("Enforce the use of specific guardrails in model inference requests", example 1) pins
 * `arn:aws:bedrock:<region>:<account>:guardrail/<id>:<version>` with StringEquals. Pinning the numeric version also
 * refuses calls that name the guardrail's mutable DRAFT.
 */
export function guardrailIdentifier(guardrailArn: string, guardrailVersion: string): string {
    return `${guardrailArn}:${guardrailVersion}`;
}

/**
 * Each model with its clearance and the ARNs it is invoked through in the environment's regions, for the invoke role's
 * classification-gated statements.
 */
export function classifiedModels(models: readonly CatalogueModel[], regions: readonly string[], partition: Partition, accountId: string): ClassifiedModel[] {
    return models.map((model) => {
        const arns = environmentModelArns([model], regions, partition, accountId);
        // Direct calls only where the environment logs invocations and the model is served in-region; anywhere else the
        // model is reached only through its profile, whose request is logged in the source region.
        const direct = new Set(regions.filter((region) => model.regions.includes(region)).map((region) => foundationModelArn(partition, region, model.id)));
        const profileOnly = arns.foundationModelArns.filter((arn) => !direct.has(arn));
        // The account's application inference profiles route too: which model one copies is judged on the model's ARN,
        // and the organization's SCP lets a profile copy only catalogue models.
        const applicationProfiles = regions.map((region) => `arn:${partition}:bedrock:${region}:${accountId}:application-inference-profile/*`);
        return {
            modelId: model.id,
            maxClassification: model.maxClassification,
            resourceArns: arns.all,
            ...(profileOnly.length > 0 ? { throughProfileOnly: { foundationModelArns: profileOnly, inferenceProfileArns: [...arns.inferenceProfileArns, ...applicationProfiles] } } : {}),
        };
    });
}

/**
 * One region's copy of the environment's guardrail. A guardrail is regional and a call names the guardrail of the
 * region it is made in, so an environment with DR pins one per region: the primary's and the DR region's.
 */
export interface GuardrailPin {
    readonly arn: string;
    /** The published (numeric) version callers must name. */
    readonly version: string;
    /** The key the guardrail is encrypted with: applying the guardrail decrypts its configuration. */
    readonly keyArn: string;
}

/**
 * The `bedrock:GuardrailIdentifier` condition value for the pinned guardrails: one string for one guardrail (the
 * policy of an environment without DR is unchanged), a list for several (StringEquals matches any of them, and
 * StringNotEquals is true only when the call names none of them).
 */
export function guardrailIdentifiers(guardrails: readonly Pick<GuardrailPin, "arn" | "version">[]): string | string[] {
    if (guardrails.length === 0) {
        throw new Error("guardrails must pin at least one guardrail version (got none); every invoke must go through the guardrail.");
    }
    const identifiers = guardrails.map((guardrail) => guardrailIdentifier(guardrail.arn, guardrail.version));
    return identifiers.length === 1 ? identifiers[0] : identifiers;
}

function oneOrList(values: readonly string[]): string | string[] {
    return values.length === 1 ? values[0] : [...values];
}

/** One application's invoke role and the application inference profiles it alone may call. */
export interface ApplicationProfileGrant {
    readonly application: string;
    readonly roleArn: string;
    readonly profileArns: readonly string[];
}

export interface InvokePolicyArgs {
    /** The environment's invocable models with their ARNs and clearance (`classifiedModels`). */
    readonly models: readonly ClassifiedModel[];
    /** The guardrail of each region the environment invokes in: the primary's first, then the DR region's. */
    readonly guardrails: readonly GuardrailPin[];
    /** Each application's own inference profiles. @default none */
    readonly applicationProfiles?: readonly ApplicationProfileGrant[];
}

/**
 * Each application's invoke role may call its own application inference profiles only (the policy is shared by every
 * invoke role, so the statement names the role). The model behind the profile is authorized on its own ARN as well,
 * where the clearance and guardrail statements decide.
 */
export function applicationProfileStatements(grants: readonly ApplicationProfileGrant[], guardrailIdentifier: string | string[]): PolicyStatement[] {
    return [...grants].sort((a, b) => a.application.localeCompare(b.application)).filter((grant) => grant.profileArns.length > 0).map((grant) => ({
        Sid: `Invoke${grant.application.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0].toUpperCase() + part.slice(1)).join("")}ApplicationProfiles`,
        Effect: "Allow" as const,
        Action: [...modelInvokeActions],
        Resource: [...grant.profileArns].sort(),
        Condition: { ArnEquals: { "aws:PrincipalArn": grant.roleArn }, StringEquals: { "bedrock:GuardrailIdentifier": guardrailIdentifier } },
    }));
}

/**
 * The invoke role's permissions: inference on the catalogue's models only, each only for sessions whose
 * `data-classification` tag is within the model's clearance, and only with one of this environment's guardrails (the
 * explicit deny keeps that true whatever other policy is attached later); applying the guardrails themselves.
 */
export function invokeRolePolicy(args: InvokePolicyArgs): PolicyDocument {
    const identifier = guardrailIdentifiers(args.guardrails);
    return policyDocument(
        ...classificationInvokeStatements(args.models, { StringEquals: { "bedrock:GuardrailIdentifier": identifier } }),
        ...applicationProfileStatements(args.applicationProfiles ?? [], identifier),
        {
            Sid: "DenyInvocationWithoutTheGuardrail",
            Effect: "Deny",
            Action: [...modelInvokeActions],
            Resource: "*",
            // A missing key counts as "not equal", so a call that names no guardrail is denied too.
            Condition: { StringNotEquals: { "bedrock:GuardrailIdentifier": identifier } },
        },
        {
            Sid: "ApplyTheGuardrail",
            Effect: "Allow",
            Action: "bedrock:ApplyGuardrail",
            Resource: oneOrList(args.guardrails.map((guardrail) => guardrail.arn)),
        },
        {
            Sid: "DecryptTheGuardrail",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: oneOrList(args.guardrails.map((guardrail) => guardrail.keyArn)),
        },
    );
}

/**
 * The bedrock-runtime endpoint's policy: organization principals may invoke the environment's catalogue models,
 * through its guardrail, and apply the guardrail through the endpoint, and nothing else. The guardrail condition
 * repeats the invoke role's, so that no other role of the organization can call a model from this network without it.
 */
export function bedrockRuntimeEndpointPolicy(organizationId: string, modelArns: readonly string[], guardrails: readonly Pick<GuardrailPin, "arn" | "version">[]): PolicyDocument {
    const fromOrganization = { StringEquals: { "aws:PrincipalOrgID": organizationId } };
    return policyDocument(
        {
            Sid: "InvokeCatalogueModelsFromOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: [...modelInvokeActions],
            Resource: [...modelArns],
            Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId, "bedrock:GuardrailIdentifier": guardrailIdentifiers(guardrails) } },
        },
        {
            Sid: "ApplyGuardrailFromOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: "bedrock:ApplyGuardrail",
            Resource: oneOrList(guardrails.map((guardrail) => guardrail.arn)),
            Condition: fromOrganization,
        },
    );
}

/** One approved model as applications see it in the catalogue parameter. */
export interface ApprovedModel {
    readonly id: string;
    readonly provider: string;
    readonly modality: CatalogueModel["modality"];
    readonly maxClassification: Classification;
    /** What to pass as `modelId`: the inference profile when the catalogue names one, otherwise the model. */
    readonly invokeId: string;
    readonly inferenceProfileId?: string;
    readonly embeddingDimensions?: number;
}

export interface CatalogueParameterValue {
    /** 2 since each application has an invoke role of its own (`invokeRoleArns` replaced version 1's `invokeRoleArn`). */
    readonly schemaVersion: 2;
    readonly environment: string;
    /** The region applications call; the primary region until failover is configured. */
    readonly activeRegion: string;
    /** Each application's own invoke role, by application name: an application may assume its own role only. */
    readonly invokeRoleArns: Readonly<Record<string, string>>;
    readonly guardrail: { readonly id: string; readonly arn: string; readonly version: string };
    readonly models: ApprovedModel[];
    /**
     * Each application's own inference profile ARN per model ID (in the primary region's parameter): pass it as
     * `modelId` so that the call is billed to the application. Absent in the DR region's parameter.
     */
    readonly applicationInferenceProfiles?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export function approvedModels(models: readonly CatalogueModel[]): ApprovedModel[] {
    return models.map((model) => ({
        id: model.id,
        provider: model.provider,
        modality: model.modality,
        maxClassification: model.maxClassification,
        invokeId: model.inferenceProfile?.id ?? model.id,
        ...(model.inferenceProfile ? { inferenceProfileId: model.inferenceProfile.id } : {}),
        ...(model.embeddingDimensions !== undefined ? { embeddingDimensions: model.embeddingDimensions } : {}),
    }));
}

export function catalogueParameterValue(args: {
    readonly environment: string;
    readonly activeRegion: string;
    readonly invokeRoleArns: Readonly<Record<string, string>>;
    readonly guardrail: { readonly id: string; readonly arn: string; readonly version: string };
    readonly models: readonly CatalogueModel[];
    readonly applicationInferenceProfiles?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}): CatalogueParameterValue {
    return {
        schemaVersion: 2,
        environment: args.environment,
        activeRegion: args.activeRegion,
        // Sorted by application, so that the parameter (and its diff) does not depend on config order.
        invokeRoleArns: Object.fromEntries(Object.entries(args.invokeRoleArns).sort(([a], [b]) => a.localeCompare(b))),
        guardrail: { ...args.guardrail },
        models: approvedModels(args.models),
        ...(args.applicationInferenceProfiles
            ? { applicationInferenceProfiles: Object.fromEntries(Object.entries(args.applicationInferenceProfiles).sort(([a], [b]) => a.localeCompare(b))) }
            : {}),
    };
}

// ---------------------------------------------------------------------------------------------
// The organization's SCPs: one per environment OU
// ---------------------------------------------------------------------------------------------

/**
 * The ARNs the catalogue approves for one environment: each of its models (and profiles, any account) in every region
 * the catalogue says it can be reached in, by provider.
 */
export function catalogueArnsByProvider(catalogue: ModelCatalogue, environment: string, partition: Partition): Map<string, string[]> {
    const byProvider = new Map<string, Set<string>>();
    for (const model of catalogue.models.filter((m) => m.environments.includes(environment))) {
        const provider = modelProvider(model.id);
        const arns = byProvider.get(provider) ?? new Set<string>();
        for (const region of catalogueModelRegions(model)) {
            arns.add(foundationModelArn(partition, region, model.id));
            if (model.inferenceProfile) {
                arns.add(inferenceProfileArn(partition, region, "*", model.inferenceProfile.id));
            }
        }
        byProvider.set(provider, arns);
    }
    return new Map([...byProvider.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([provider, arns]) => [provider, unique(arns)]));
}

/** Every model and profile of a provider, in any region and account: how one SCP steps aside for another's providers. */
export function providerArnPatterns(partition: Partition, provider: string): string[] {
    return [
        `arn:${partition}:bedrock:*::foundation-model/${provider}.*`,
        `arn:${partition}:bedrock:*:*:inference-profile/*.${provider}.*`,
    ];
}

export interface CatalogueScp {
    /** Stable key for names: `catalogue-models-<environment>`, with `-<providers>` appended when the SCP is split. */
    readonly key: string;
    readonly environment: string;
    /** Providers whose models this document judges. */
    readonly providers: string[];
    readonly document: PolicyDocument;
}

/**
 * Resources that carry their model on a second ARN of the same request (an application inference profile, an
 * asynchronous invocation, a batch job): the SCP lets them through, and the model ARN is judged as any other.
 */
export function judgedByTheirModelPatterns(partition: Partition): string[] {
    return resourceTypesJudgedByTheirModel.map((type) => `arn:${partition}:bedrock:*:*:${type}/*`);
}

function providerScpDocument(partition: Partition, arnsByProvider: Map<string, string[]>, members: readonly string[], environmentStatements: readonly PolicyStatement[]): PolicyDocument {
    const others = [...arnsByProvider.keys()].filter((provider) => !members.includes(provider));
    const approved = [
        ...[...members].sort().flatMap((provider) => arnsByProvider.get(provider) ?? []),
        ...others.flatMap((provider) => providerArnPatterns(partition, provider)),
    ];
    const statement: PolicyStatement = approved.length > 0
        ? { Sid: "DenyInferenceOutsideTheCatalogue", Effect: "Deny", Action: scpInferenceActions, NotResource: [...approved, ...judgedByTheirModelPatterns(partition)] }
        // An environment the catalogue approves no model for may invoke none (an empty NotResource is not valid).
        : { Sid: "DenyInferenceOutsideTheCatalogue", Effect: "Deny", Action: scpInferenceActions, Resource: "*" };
    return policyDocument(statement, ...environmentStatements);
}

export interface CatalogueScpOptions {
    /**
     * The environment may call Bedrock with short-term API keys (bearer tokens minted from an IAM session, which keep
     * its identity and expire with it). Long-term keys are denied by the organization's baseline whatever this says.
     * @default false
     */
    readonly allowShortTermApiKeys?: boolean;
}

/**
 * What the catalogue decides for an environment beyond model ARNs: Bedrock's second inference service, which names its
 * model in `bedrock-mantle:Model` rather than the resource, is allowed only the catalogue's `mantleModel` names (none
 * approved: all of it denied); what Mantle can do without naming a catalogue model is denied; API-key calls are denied
 * unless the environment opts in to short-term keys.
 */
export function environmentInferenceStatements(catalogue: ModelCatalogue, environment: string, options: CatalogueScpOptions = {}): PolicyStatement[] {
    const mantleModels = unique(catalogue.models
        .filter((model) => model.environments.includes(environment) && model.mantleModel !== undefined)
        .map((model) => model.mantleModel!));
    return [
        mantleModels.length > 0
            // A missing key counts as "not equal": a call that names no model is denied too.
            ? { Sid: "DenyMantleInferenceOutsideTheCatalogue", Effect: "Deny", Action: [...mantleModelActions], Resource: "*", Condition: { StringNotEquals: { [mantleModelKey]: oneOrList(mantleModels) } } }
            : { Sid: "DenyMantleInferenceOutsideTheCatalogue", Effect: "Deny", Action: [...mantleModelActions], Resource: "*" },
        { Sid: "DenyUngovernedMantleModels", Effect: "Deny", Action: [...ungovernedMantleActions], Resource: "*" },
        ...(options.allowShortTermApiKeys ? [] : [{ Sid: "DenyBedrockApiKeys", Effect: "Deny" as const, Action: [...bearerTokenActions], Resource: "*" }]),
    ];
}

/**
 * The SCP of one environment's OU: it denies invoking any model the catalogue does not approve for that environment,
 * and is split when it would exceed the size limit.
 *
 * A Deny with NotResource cannot simply be cut in two: two documents that each list half the models would together
 * deny every model. So each document judges whole providers: it lists its providers' approved ARNs exactly and
 * steps aside (by wildcard) for the providers another document judges. A model of a provider no document judges is
 * outside the catalogue and denied by all of them. Providers are packed largest first into the fewest documents.
 */
export function catalogueServiceControlPolicies(
    catalogue: ModelCatalogue,
    environment: string,
    partition: Partition,
    maxCharacters: number = SCP_MAX_CHARACTERS,
    options: CatalogueScpOptions = {},
): { policies: CatalogueScp[]; problems: string[] } {
    const base = `catalogue-models-${environment}`;
    const arnsByProvider = catalogueArnsByProvider(catalogue, environment, partition);
    const providers = [...arnsByProvider.keys()];
    // Every part carries the environment's own statements: each is then complete on its own, and the parts need no
    // order among them.
    const extra = environmentInferenceStatements(catalogue, environment, options);
    const scpDocument = (arns: Map<string, string[]>, members: readonly string[]) => providerScpDocument(partition, arns, members, extra);
    const whole = scpDocument(arnsByProvider, providers);
    if (policySize(whole) <= maxCharacters) {
        return { policies: [{ key: base, environment, providers, document: whole }], problems: [] };
    }
    const problems: string[] = [];
    const parts: string[][] = [];
    const bySize = [...providers].sort((a, b) => arnsByProvider.get(b)!.join().length - arnsByProvider.get(a)!.join().length || a.localeCompare(b));
    for (const provider of bySize) {
        const part = parts.find((members) => policySize(scpDocument(arnsByProvider, [...members, provider])) <= maxCharacters);
        if (part) {
            part.push(provider);
            continue;
        }
        const alone = policySize(scpDocument(arnsByProvider, [provider]));
        if (alone > maxCharacters) {
            problems.push(`the catalogue's ${environment} models of provider "${provider}" need an SCP of ${alone} characters, over the ${maxCharacters}-character limit of AWS Organizations, even on their own; list fewer of its models or regions in model-catalogue.yaml.`);
        }
        parts.push([provider]);
    }
    const policies = parts
        .map((members) => [...members].sort())
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map((members) => ({ key: `${base}-${members.join("-")}`, environment, providers: members, document: scpDocument(arnsByProvider, members) }));
    return { policies, problems };
}
