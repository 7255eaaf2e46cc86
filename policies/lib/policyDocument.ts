/**
 * IAM policy documents as AWS evaluates them, for the policies that read identity policies, trust policies,
 * endpoint policies, bucket policies and SCPs. A document arrives as JSON text or as an object (the SDKs accept
 * both); a document that is not known yet, or a field of it that is not, is reported as such and never judged.
 */
import { containsUnknown, isUnknown, raw } from "./props";

export interface Statement {
    readonly Sid?: string;
    readonly Effect?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Principal?: unknown;
    readonly NotPrincipal?: unknown;
    readonly Condition?: unknown;
}

export type ParsedDocument =
    | { readonly kind: "absent" }
    | { readonly kind: "unknown" }
    | { readonly kind: "invalid"; readonly reason: string }
    | { readonly kind: "document"; readonly statements: readonly Statement[] };

/** Reads a policy document from JSON text or an object. */
export function parsePolicyDocument(value: unknown): ParsedDocument {
    const plain = raw(value);
    if (plain === undefined || plain === null || plain === "") {
        return { kind: "absent" };
    }
    if (isUnknown(plain)) {
        return { kind: "unknown" };
    }
    let document: unknown = plain;
    if (typeof plain === "string") {
        if (containsUnknown(plain)) {
            return { kind: "unknown" };
        }
        try {
            document = JSON.parse(plain);
        } catch (error) {
            return { kind: "invalid", reason: `is not valid JSON (${(error as Error).message})` };
        }
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        return { kind: "invalid", reason: "is not a JSON object" };
    }
    const statement = (document as { Statement?: unknown }).Statement;
    if (isUnknown(statement)) {
        return { kind: "unknown" };
    }
    const statements = (Array.isArray(statement) ? statement : statement === undefined ? [] : [statement])
        .filter((s): s is Statement => s !== null && typeof s === "object");
    return { kind: "document", statements };
}

/** A statement's `Action`/`Resource`-style field as a list; `undefined` when the field is absent. */
export function listOf(value: unknown): string[] | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** The statement's label in messages: its Sid, or its position. */
export function statementLabel(statement: Statement, index: number): string {
    return typeof statement.Sid === "string" && statement.Sid !== "" ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
}

export function isAllow(statement: Statement): boolean {
    return statement.Effect === "Allow";
}

/** IAM wildcard matching: `*` is any run of characters, `?` any one; actions compare case-insensitively. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = true): boolean {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`, caseInsensitive ? "i" : "").test(value);
}

/**
 * True when an Allow statement grants `action`: one of its `Action` patterns matches it, or it has a `NotAction`
 * none of whose patterns does. "unknown" when the field that decides is not known yet.
 */
export function grantsAction(statement: Statement, action: string): boolean | "unknown" {
    if (!isAllow(statement)) {
        return false;
    }
    if (statement.Action !== undefined) {
        if (containsUnknown(statement.Action)) {
            return "unknown";
        }
        return listOf(statement.Action)!.some((pattern) => wildcardMatches(pattern, action));
    }
    if (statement.NotAction !== undefined) {
        if (containsUnknown(statement.NotAction)) {
            return "unknown";
        }
        return !listOf(statement.NotAction)!.some((pattern) => wildcardMatches(pattern, action));
    }
    return false;
}

/** One condition of a statement: `{ "StringEquals": { "aws:SourceAccount": "111111111111" } }` gives one entry. */
export interface ConditionEntry {
    readonly operator: string;
    readonly key: string;
    readonly values: unknown[];
}

export function conditionEntries(statement: Statement): ConditionEntry[] | "unknown" {
    const condition = statement.Condition;
    if (condition === undefined || condition === null) {
        return [];
    }
    if (isUnknown(condition)) {
        return "unknown";
    }
    if (typeof condition !== "object") {
        return [];
    }
    const entries: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
        if (isUnknown(block)) {
            return "unknown";
        }
        if (block === null || typeof block !== "object") {
            continue;
        }
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            entries.push({ operator, key, values: Array.isArray(values) ? values : [values] });
        }
    }
    return entries;
}

/** Conditions on `key` (condition keys compare case-insensitively). */
export function conditionsOn(entries: readonly ConditionEntry[], key: string): ConditionEntry[] {
    return entries.filter((entry) => entry.key.toLowerCase() === key.toLowerCase());
}

/**
 * True when a condition entry requires the key to be present with a value: an `...IfExists` operator, or
 * `Null: true`, also lets requests without the key through, so it constrains nothing.
 */
export function requiresPresence(entry: ConditionEntry): boolean {
    const operator = entry.operator.replace(/^For(AllValues|AnyValue):/i, "");
    if (/IfExists$/i.test(operator)) {
        return false;
    }
    if (/^Null$/i.test(operator)) {
        return entry.values.every((value) => String(value).toLowerCase() === "false");
    }
    return true;
}

/** The principals of a statement by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`); `*` is `{ AWS: ["*"] }`. */
export function principalsOf(statement: Statement): Record<string, string[]> | "unknown" {
    const principal = statement.Principal;
    if (principal === undefined || principal === null) {
        return {};
    }
    if (isUnknown(principal)) {
        return "unknown";
    }
    if (typeof principal === "string") {
        return { AWS: [principal] };
    }
    const out: Record<string, string[]> = {};
    for (const [kind, value] of Object.entries(principal as Record<string, unknown>)) {
        if (containsUnknown(value)) {
            return "unknown";
        }
        out[kind] = listOf(value) ?? [];
    }
    return out;
}

/** The account of an AWS principal: `123456789012`, `arn:aws:iam::123456789012:root` or a role/user ARN in it. */
export function principalAccount(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) {
        return principal;
    }
    return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}
