/**
 * Policy pack configuration, read and reconciled as the Pulumi CLI does (pkg/resource/analyzer/config.go):
 * `parsePolicyPackConfig` reads the file, `ReconcilePolicyPackConfig` starts from each policy's own enforcement
 * level and its schema's defaults, applies the pack's initial config and then the file (first the `all` level, then
 * each policy's entry), and validates every policy's properties against its schema. lz check is stricter in one
 * way: a key that names no policy, or a setting no policy schema declares, is an error rather than silently ignored,
 * because a misspelt policy name would otherwise leave that policy at its default in the real preview too.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { ConfigError, ConfigProblem, show } from "../../accounts/problems";

export const enforcementLevels = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof enforcementLevels)[number];

export interface PolicyConfigSchema {
    readonly properties: Record<string, Record<string, unknown>>;
    readonly required?: readonly string[];
}

/** What GetAnalyzerInfo says about one policy. */
export interface PolicyInfo {
    readonly name: string;
    readonly displayName?: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity?: "low" | "medium" | "high" | "critical";
    readonly remediationSteps?: string;
    readonly url?: string;
    readonly tags: readonly string[];
    readonly type: "resource" | "stack" | "unknown";
    readonly configSchema?: PolicyConfigSchema;
}

export interface PolicyConfig {
    readonly enforcementLevel?: EnforcementLevel;
    readonly properties?: Record<string, unknown>;
}

export type PolicyConfigMap = Record<string, PolicyConfig>;

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (enforcementLevels as readonly string[]).includes(value);
}

/** Parses a `--policy-pack-config` file as the CLI does: each key maps to a level, or to an object of settings. */
export function parsePolicyConfig(text: string, file: string): PolicyConfigMap {
    if (text.trim() === "") {
        throw new ConfigError([{ file, path: "(file)", message: "is empty; write a JSON object of policy names to levels or settings, such as {\"kms-keys-rotate\": \"mandatory\"}, or {} for the policies' own levels." }]);
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new ConfigError([{ file, path: "(file)", message: `is not valid JSON: ${jsonSyntaxError(text, error as Error)}.` }]);
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        throw new ConfigError([{ file, path: "(file)", message: `must be a JSON object of policy names (got ${show(document)}).` }]);
    }
    const problems: ConfigProblem[] = [];
    const result: PolicyConfigMap = {};
    for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
        if (typeof value === "string") {
            if (!isLevel(value)) {
                problems.push({ file, path: key, message: `must be an enforcement level: ${enforcementLevels.join(", ")} (got ${show(value)}).` });
                continue;
            }
            result[key] = { enforcementLevel: value };
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            problems.push({ file, path: key, message: `must be an enforcement level or an object of settings (got ${show(value)}).` });
            continue;
        }
        const { enforcementLevel, ...properties } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
            problems.push({ file, path: `${key}.enforcementLevel`, message: `must be one of ${enforcementLevels.join(", ")} (got ${show(enforcementLevel)}).` });
            continue;
        }
        if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
            continue;
        }
        result[key] = { enforcementLevel, properties: Object.keys(properties).length > 0 ? properties : undefined };
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return result;
}

/**
 * Where JSON.parse stopped, as "line L, column C: what was wrong", in place of the engine's "at position N" (or
 * no position at all for a bad first token).
 */
export function jsonSyntaxError(text: string, error: Error): string {
    const positioned = /^(.*?) in JSON at position (\d+)/.exec(error.message);
    const badToken = /^Unexpected token '(.)'/.exec(error.message);
    let offset: number;
    let reason: string;
    if (positioned) {
        offset = Number(positioned[2]);
        reason = positioned[1];
    } else if (badToken) {
        offset = Math.max(0, text.indexOf(badToken[1]));
        reason = `Unexpected ${JSON.stringify(badToken[1])}`;
    } else {
        offset = text.length;
        reason = /end of JSON input/.test(error.message) ? "the file ends before the JSON does" : error.message;
    }
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    return `line ${line}, column ${column}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

/** Reads a policy config file; `label` is how messages name it (the path the user gave, relative to the project). */
export function readPolicyConfigFile(file: string, label = path.basename(file)): PolicyConfigMap {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ConfigError([{ file: label, path: "(file)", message: `cannot be read: there is no file ${file}; check the --policy-config path.` }]);
    }
    return parsePolicyConfig(text, label);
}

/** "an array", "a string". */
function withArticle(noun: string): string {
    return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/** A schema violation in the project's own words: what must hold, then the value found. */
function schemaMessage(error: ErrorObject): string {
    const params = error.params as Record<string, unknown>;
    const got = ` (got ${show(error.data)})`;
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    const rule = (() => {
        switch (error.keyword) {
            case "type":
                return `must be ${String(params.type).split(",").map(withArticle).join(" or ")}`;
            case "enum":
                return `must be one of ${(params.allowedValues as unknown[]).map((value) => show(value)).join(", ")}`;
            case "const":
                return `must be ${show(params.allowedValue)}`;
            case "minimum":
                return `must be at least ${params.limit}`;
            case "maximum":
                return `must be at most ${params.limit}`;
            case "exclusiveMinimum":
                return `must be more than ${params.limit}`;
            case "exclusiveMaximum":
                return `must be less than ${params.limit}`;
            case "minItems":
                return `must list at least ${params.limit} item${params.limit === 1 ? "" : "s"}`;
            case "maxItems":
                return `must list at most ${params.limit} item${params.limit === 1 ? "" : "s"}`;
            case "minLength":
                return `must be at least ${params.limit} character${params.limit === 1 ? "" : "s"} long`;
            case "maxLength":
                return `must be at most ${params.limit} character${params.limit === 1 ? "" : "s"} long`;
            case "pattern":
                return `must have the form ${description ?? `given by the pattern ${String(params.pattern)}`}`;
            case "uniqueItems":
                return "must not list an item twice";
            default:
                return `must follow the policy's settings schema (${error.keyword})${description ? `: ${description}` : ""}`;
        }
    })();
    return `${rule}${got}.`;
}

/** createConfigWithDefaults: each policy at its own level, with its schema's defaults. */
function configWithDefaults(policies: readonly PolicyInfo[]): PolicyConfigMap {
    const result: PolicyConfigMap = {};
    for (const policy of policies) {
        let properties: Record<string, unknown> | undefined;
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if ("default" in schema) {
                properties ??= {};
                properties[key] = schema.default;
            }
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
    }
    return result;
}

/** applyConfig: the `all` level first, then each entry over what is there. */
function applyConfig(result: PolicyConfigMap, given: PolicyConfigMap): PolicyConfigMap {
    const out: PolicyConfigMap = { ...result };
    const all = given["all"];
    if (all && isLevel(all.enforcementLevel)) {
        for (const [name, config] of Object.entries(out)) {
            out[name] = { enforcementLevel: all.enforcementLevel, properties: config.properties };
        }
    }
    for (const [name, config] of Object.entries(given)) {
        const existing = out[name];
        const properties = existing?.properties || config.properties ? { ...(existing?.properties ?? {}), ...(config.properties ?? {}) } : undefined;
        out[name] = {
            enforcementLevel: isLevel(config.enforcementLevel) ? config.enforcementLevel : existing?.enforcementLevel,
            properties,
        };
    }
    return out;
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
/** Compiled once per schema text: a pack's schemas are the same from one check to the next in a process. */
const validators = new Map<string, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
        validate = ajv.compile(schema);
        validators.set(key, validate);
    }
    return validate;
}

/**
 * The config the CLI would send with Configure. Throws a ConfigError listing every schema violation (as the CLI
 * refuses to run) and every key or setting that names nothing in the pack.
 */
export function reconcilePolicyConfig(
    policies: readonly PolicyInfo[],
    initialConfig: PolicyConfigMap,
    given: PolicyConfigMap,
    file: string,
): PolicyConfigMap {
    const problems: ConfigProblem[] = [];
    const byName = new Map(policies.map((policy) => [policy.name, policy]));
    for (const [name, config] of Object.entries(given)) {
        if (name === "all") {
            if (config.properties) {
                problems.push({ file, path: "all", message: "takes only an enforcement level; settings belong to a policy's own entry." });
            }
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            problems.push({ file, path: name, message: `is not a policy of this pack; known policies: ${[...byName.keys()].sort().join(", ")}.` });
            continue;
        }
        const declared = Object.keys(policy.configSchema?.properties ?? {});
        for (const key of Object.keys(config.properties ?? {})) {
            if (!declared.includes(key)) {
                problems.push({ file, path: `${name}.${key}`, message: `is not a setting of ${name}; ${declared.length ? `its settings are ${declared.join(", ")}` : "it takes none"}.` });
            }
        }
    }
    const result = applyConfig(applyConfig(configWithDefaults(policies), initialConfig), given);
    for (const policy of policies) {
        if (!policy.configSchema) {
            continue;
        }
        const schema = {
            type: "object",
            properties: { ...policy.configSchema.properties, enforcementLevel: { type: "string", enum: [...enforcementLevels] } },
            ...(policy.configSchema.required?.length ? { required: [...policy.configSchema.required] } : {}),
        };
        const validate = validatorOf(schema);
        if (!validate(result[policy.name]?.properties ?? {})) {
            for (const error of validate.errors ?? []) {
                const where = error.instancePath ? `${policy.name}${error.instancePath.replace(/\//g, ".")}` : policy.name;
                problems.push(error.keyword === "required"
                    ? { file, path: `${where}.${(error.params as { missingProperty: string }).missingProperty}`, message: `must be set: ${policy.name} has no default for it.` }
                    : { file, path: where, message: schemaMessage(error) });
            }
        }
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return result;
}
