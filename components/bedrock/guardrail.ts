import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    GuardrailContentFilterType,
    guardrailContentFilterTypes,
    GuardrailFilterStrength,
    guardrailFilterStrengths,
    GuardrailPiiEntityType,
    guardrailPiiEntityTypes,
    guardrailSensitiveInformationActions,
    defaultGuardrailPiiEntities,
} from "../../accounts/schema";
import { EncryptionKey } from "../security/encryptionKey";

type SensitiveInformationAction = (typeof guardrailSensitiveInformationActions)[number];

export interface BedrockGuardrailArgs {
    /** Region of the guardrail (guardrails are regional: the DR region gets its own). */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** The guardrail's name in Bedrock. */
    readonly guardrailName: string;
    /** Alias of the customer-managed key the guardrail is encrypted with. */
    readonly keyAlias: string;
    /** Strength of each content filter, on input and output. @default "HIGH" for every category */
    readonly contentFilters?: Partial<Record<GuardrailContentFilterType, GuardrailFilterStrength>>;
    /** Strength of the prompt-attack filter on input (Bedrock evaluates it on input only). @default "HIGH" */
    readonly promptAttackStrength?: GuardrailFilterStrength;
    /** Topics the guardrail refuses. @default none */
    readonly deniedTopics?: readonly { readonly name: string; readonly definition: string; readonly examples?: readonly string[] }[];
    /** PII entity types and their actions. @default defaultGuardrailPiiEntities */
    readonly piiEntities?: readonly { readonly type: string; readonly action: SensitiveInformationAction }[];
    /** Custom sensitive-information patterns. @default none */
    readonly regexes?: readonly { readonly name: string; readonly pattern: string; readonly action: SensitiveInformationAction; readonly description?: string }[];
    /** Custom blocked words and phrases. @default none */
    readonly blockedWords?: readonly string[];
    /** Block AWS's managed profanity list. @default true */
    readonly profanityFilter?: boolean;
    /** Contextual grounding threshold, 0-0.99. @default 0.75 */
    readonly groundingThreshold?: number;
    /** Contextual relevance threshold, 0-0.99. @default 0.75 */
    readonly relevanceThreshold?: number;
    /** @default "This request was blocked by the acceptable-use guardrail." */
    readonly blockedInputMessage?: string;
    /** @default "The response was blocked by the acceptable-use guardrail." */
    readonly blockedOutputMessage?: string;
    /** Protect the guardrail's key. @default true */
    readonly protect?: boolean;
}

function isStrength(value: string): boolean {
    return (guardrailFilterStrengths as readonly string[]).includes(value);
}

export function bedrockGuardrailProblems(args: BedrockGuardrailArgs): string[] {
    const problems: string[] = [];
    if (!/^[0-9a-zA-Z_-]{1,50}$/.test(args.guardrailName)) {
        problems.push(`guardrailName must be 1-50 letters, digits, _ or - (got "${args.guardrailName}").`);
    }
    for (const [type, strength] of Object.entries(args.contentFilters ?? {})) {
        if (!(guardrailContentFilterTypes as readonly string[]).includes(type)) {
            problems.push(`contentFilters has unknown category "${type}"; use ${guardrailContentFilterTypes.join(", ")}.`);
        }
        if (strength !== undefined && !isStrength(strength)) {
            problems.push(`contentFilters.${type} must be one of ${guardrailFilterStrengths.join(", ")} (got "${strength}").`);
        }
    }
    if (args.promptAttackStrength !== undefined && !isStrength(args.promptAttackStrength)) {
        problems.push(`promptAttackStrength must be one of ${guardrailFilterStrengths.join(", ")} (got "${args.promptAttackStrength}").`);
    }
    for (const [field, value] of [["groundingThreshold", args.groundingThreshold], ["relevanceThreshold", args.relevanceThreshold]] as const) {
        if (value !== undefined && !(value >= 0 && value <= 0.99)) {
            problems.push(`${field} must be from 0 to 0.99 (got ${value}).`);
        }
    }
    for (const entity of args.piiEntities ?? []) {
        if (!(guardrailPiiEntityTypes as readonly string[]).includes(entity.type)) {
            problems.push(`piiEntities has type "${entity.type}", which Bedrock does not accept; use one of guardrailPiiEntityTypes such as "EMAIL".`);
        }
        if (!(guardrailSensitiveInformationActions as readonly string[]).includes(entity.action)) {
            problems.push(`piiEntities.${entity.type} action must be BLOCK or ANONYMIZE (got "${entity.action}").`);
        }
    }
    for (const regex of args.regexes ?? []) {
        if (!(guardrailSensitiveInformationActions as readonly string[]).includes(regex.action)) {
            problems.push(`regexes.${regex.name} action must be BLOCK or ANONYMIZE (got "${regex.action}").`);
        }
    }
    return problems;
}

/**
 * An environment's Bedrock guardrail and its published version. Every content filter (HATE, INSULTS, SEXUAL,
 * VIOLENCE, MISCONDUCT) on input and output, the prompt-attack filter on input, denied topics, PII and custom
 * patterns, the managed profanity list and custom words, and contextual grounding; encrypted with its own key.
 *
 * Callers must name a numeric version (the invoke role's condition pins it), so any change to the configuration
 * publishes a new version: the version's description carries a digest of the configuration, and a changed
 * description replaces the version. Old versions are kept (`skipDestroy`) so that running applications, which read
 * the version from the catalogue parameter, keep working until they pick up the new one.
 */
export class BedrockGuardrail extends pulumi.ComponentResource {
    public readonly guardrailArn: pulumi.Output<string>;
    public readonly guardrailId: pulumi.Output<string>;
    /** The published version callers must name. */
    public readonly version: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    /** URN of the `aws.bedrock.Guardrail`, for the DR inventory. */
    public readonly guardrailUrn: pulumi.Output<string>;

    constructor(name: string, args: BedrockGuardrailArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:bedrock:Guardrail", name, {}, opts);
        const problems = bedrockGuardrailProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;

        const key = new EncryptionKey(`${name}-key`, {
            region,
            accountId: args.accountId,
            description: `Bedrock guardrail ${args.guardrailName}`,
            aliasName: args.keyAlias,
            protect: args.protect ?? true,
        }, { parent: this });

        const contentFilters = guardrailContentFilterTypes.map((type) => {
            const strength = args.contentFilters?.[type] ?? "HIGH";
            return { type, inputStrength: strength, outputStrength: strength };
        });
        const piiEntities = (args.piiEntities ?? defaultGuardrailPiiEntities).map((entity) => ({
            type: entity.type as GuardrailPiiEntityType,
            action: entity.action,
        }));
        const configuration = {
            blockedInputMessaging: args.blockedInputMessage ?? "This request was blocked by the acceptable-use guardrail.",
            blockedOutputsMessaging: args.blockedOutputMessage ?? "The response was blocked by the acceptable-use guardrail.",
            contentPolicyConfig: {
                filtersConfigs: [
                    ...contentFilters,
                    // Bedrock accepts prompt-attack filtering on input only; its output strength must be NONE.
                    { type: "PROMPT_ATTACK", inputStrength: args.promptAttackStrength ?? "HIGH", outputStrength: "NONE" },
                ],
            },
            sensitiveInformationPolicyConfig: {
                piiEntitiesConfigs: piiEntities,
                regexesConfigs: (args.regexes ?? []).map((regex) => ({
                    name: regex.name,
                    pattern: regex.pattern,
                    action: regex.action,
                    ...(regex.description ? { description: regex.description } : {}),
                })),
            },
            wordPolicyConfig: {
                managedWordListsConfigs: (args.profanityFilter ?? true) ? [{ type: "PROFANITY" }] : [],
                wordsConfigs: (args.blockedWords ?? []).map((text) => ({ text })),
            },
            contextualGroundingPolicyConfig: {
                filtersConfigs: [
                    { type: "GROUNDING", threshold: args.groundingThreshold ?? 0.75 },
                    { type: "RELEVANCE", threshold: args.relevanceThreshold ?? 0.75 },
                ],
            },
            ...((args.deniedTopics ?? []).length > 0 ? {
                topicPolicyConfig: {
                    topicsConfigs: (args.deniedTopics ?? []).map((topic) => ({
                        name: topic.name,
                        definition: topic.definition,
                        examples: [...(topic.examples ?? [])],
                        type: "DENY",
                    })),
                },
            } : {}),
        };

        const guardrail = new aws.bedrock.Guardrail(`${name}-guardrail`, {
            region,
            name: args.guardrailName,
            description: `Acceptable-use guardrail ${args.guardrailName}, managed by the landing zone`,
            kmsKeyArn: key.keyArn,
            ...configuration,
        }, { parent: this });

        const digest = createHash("sha256").update(JSON.stringify(configuration)).digest("hex").slice(0, 16);
        const version = new aws.bedrock.GuardrailVersion(`${name}-version`, {
            region,
            guardrailArn: guardrail.guardrailArn,
            description: `configuration ${digest}`,
            skipDestroy: true,
        }, { parent: this, replaceOnChanges: ["description"] });

        this.guardrailArn = guardrail.guardrailArn;
        this.guardrailId = guardrail.guardrailId;
        this.version = version.version;
        this.keyArn = key.keyArn;
        this.guardrailUrn = guardrail.urn;
        this.registerOutputs({ guardrailArn: this.guardrailArn, guardrailId: this.guardrailId, version: this.version, keyArn: this.keyArn, guardrailUrn: this.guardrailUrn });
    }
}
