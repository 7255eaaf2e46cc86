import { z } from "zod";

/** One config mistake: where it is and what to do about it. */
export interface ConfigProblem {
    /** The file the user edits to fix it, e.g. `Pulumi.prod.yaml` or `model-catalogue.yaml`. */
    readonly file: string;
    /** Dotted path inside the file, e.g. `landing-zone:environment.drRegion`. */
    readonly path: string;
    /** What must be true, the value found and the fix; reads as a sentence after the path. */
    readonly message: string;
}

/**
 * Every config mistake found, thrown once so that a user fixes them all in one pass instead of one per run.
 * Its message is the whole report; callers print it without a stack trace.
 */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly ConfigProblem[]) {
        super(formatProblems(problems));
        this.name = "ConfigError";
    }
}

export function formatProblem(problem: ConfigProblem): string {
    return `${problem.file}: ${problem.path} ${problem.message}`;
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
    const files = [...new Set(problems.map((p) => p.file))];
    const subject = files.length === 1 ? files[0] : "The configuration";
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    return [`${subject} has ${count}:`, ...problems.map((p) => `  - ${formatProblem(p)}`)].join("\n");
}

/** Throws a ConfigError when any problem was collected. */
export function throwIfAny(problems: readonly ConfigProblem[]): void {
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
}

/** "an object", "an array", "a string". */
function article(noun: string): string {
    return /^[aeiou]/.test(noun) ? "an" : "a";
}

/** Renders a value the way it appears in YAML, for quoting in a message. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    return JSON.stringify(value);
}

export function joinPath(root: string, path: readonly PropertyKey[]): string {
    let out = root;
    for (const segment of path) {
        out += typeof segment === "number" ? `[${segment}]` : `${out ? "." : ""}${String(segment)}`;
    }
    return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
    let current: unknown = raw;
    for (const segment of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<PropertyKey, unknown>)[segment];
    }
    return current;
}

/** Unwraps optional/default/pipe wrappers to reach the schema that describes a value's shape. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
    let current = schema;
    for (;;) {
        const def = current._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
        if (def.innerType) {
            current = def.innerType;
        } else if (def.type === "pipe" && def.in) {
            current = def.in;
        } else {
            return current;
        }
    }
}

/** The setting names an object schema accepts at `path`, used to suggest the right spelling of an unknown key. */
function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
    let current = unwrap(schema);
    for (const segment of path) {
        const def = current._zod.def as unknown as {
            type: string;
            shape?: Record<string, z.core.$ZodType>;
            valueType?: z.core.$ZodType;
            element?: z.core.$ZodType;
        };
        if (def.type === "object" && def.shape && typeof segment === "string" && def.shape[segment]) {
            current = unwrap(def.shape[segment]);
        } else if (def.type === "record" && def.valueType) {
            current = unwrap(def.valueType);
        } else if (def.type === "array" && def.element) {
            current = unwrap(def.element);
        } else {
            return [];
        }
    }
    const def = current._zod.def as unknown as { type: string; shape?: Record<string, unknown> };
    return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Levenshtein distance, for "did you mean" suggestions on misspelt keys. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

function suggestion(key: string, known: readonly string[]): string {
    const ranked = known
        .map((candidate) => ({ candidate, d: distance(key.toLowerCase(), candidate.toLowerCase()) }))
        .sort((x, y) => x.d - y.d);
    if (ranked.length > 0 && ranked[0].d <= Math.max(2, Math.floor(key.length / 3))) {
        return `did you mean "${ranked[0].candidate}"?`;
    }
    return known.length > 0 ? `known settings here: ${known.join(", ")}` : "remove it";
}

/**
 * A number where text is expected: YAML reads unquoted digits as a number, dropping leading zeros (and reading
 * some as octal), so an account ID must be quoted.
 */
function unquotedNumberMessage(path: readonly PropertyKey[], value: number): string {
    const key = String(path[path.length - 1] ?? "");
    if (/^id$|Id$/.test(key)) {
        const padded = Number.isInteger(value) && value >= 0 && value < 1e12 ? String(value).padStart(12, "0") : undefined;
        return `must be a 12-digit AWS account ID in quotes: unquoted, YAML read it as the number ${value}, dropping any leading zero. ` +
            `Quote it as it appears in AWS Organizations${padded && padded !== String(value) ? ` (${JSON.stringify(padded)}?)` : ""}.`;
    }
    return `must be text (got the number ${value}); put it in quotes.`;
}

/**
 * Parses `raw` against `schema` and turns every schema issue into a ConfigProblem. Custom messages in our
 * schemas are written as "must be …", so that the path, the rule, the value found and the fix read as one line.
 */
export function parseWithProblems<S extends z.ZodType>(
    schema: S,
    raw: unknown,
    file: string,
    root: string,
): { value?: z.output<S>; problems: ConfigProblem[] } {
    const result = schema.safeParse(raw);
    if (result.success) {
        return { value: result.data, problems: [] };
    }
    const problems: ConfigProblem[] = [];
    for (const issue of result.error.issues) {
        const value = valueAt(raw, issue.path);
        const path = joinPath(root, issue.path);
        switch (issue.code) {
            case "unrecognized_keys": {
                const known = knownKeysAt(schema, issue.path);
                for (const key of issue.keys) {
                    problems.push({
                        file,
                        path: joinPath(root, [...issue.path, key]),
                        message: `is not a known setting; ${suggestion(key, known)}`,
                    });
                }
                break;
            }
            case "invalid_type":
                problems.push({
                    file,
                    path,
                    message: value === undefined
                        ? `is required: set it to ${article(issue.expected)} ${issue.expected}.`
                        : issue.expected === "string" && typeof value === "number"
                            ? unquotedNumberMessage(issue.path, value)
                            : `must be ${article(issue.expected)} ${issue.expected} (got ${show(value)}).`,
                });
                break;
            case "invalid_key":
                problems.push({
                    file,
                    path,
                    message: `is not a valid name here: ${issue.issues.map((inner) => inner.message).join("; ")}.`,
                });
                break;
            case "invalid_value":
                problems.push({
                    file,
                    path,
                    message: `must be one of ${issue.values.map((v) => show(v)).join(", ")} (got ${show(value)}).`,
                });
                break;
            default:
                problems.push({ file, path, message: `${issue.message} (got ${show(value)}).` });
        }
    }
    return { problems };
}

/**
 * The parts of `raw` that are valid on their own, recursing into objects and records: when one field fails its
 * schema, cross-field rules still run on every other value, so a user sees every mistake in one run.
 */
export function salvage(schema: z.core.$ZodType, raw: unknown): unknown {
    const parsed = z.safeParse(schema, raw);
    if (parsed.success) {
        return parsed.data;
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return undefined;
    }
    const def = unwrap(schema)._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType };
    const out: Record<string, unknown> = {};
    const entries = Object.entries(raw as Record<string, unknown>);
    if (def.type === "object" && def.shape) {
        for (const [key, value] of entries) {
            const fieldSchema = def.shape[key];
            const kept = fieldSchema ? salvage(fieldSchema, value) : undefined;
            if (kept !== undefined) {
                out[key] = kept;
            }
        }
        return out;
    }
    if (def.type === "record" && def.valueType) {
        for (const [key, value] of entries) {
            const kept = salvage(def.valueType, value);
            if (kept !== undefined) {
                out[key] = kept;
            }
        }
        return out;
    }
    return undefined;
}
