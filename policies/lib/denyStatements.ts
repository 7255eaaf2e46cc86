/**
 * Whether a set of deny-only documents (SCPs, RCPs) denies one request, evaluated as IAM evaluates a Deny: the action
 * and resource match, and every condition holds for the request's context. The policies use it to ask "would this
 * request be refused?" instead of looking for a particular statement, so a rewritten statement that still denies
 * passes and a weakened one fails. Condition operators outside the string, ARN, Bool and Null families are not
 * evaluated, and a statement using one is taken as not denying.
 */
import { containsUnknown } from "./props";
import { Known, notKnown } from "./resources";
import { conditionEntries, listOf, parsePolicyDocument, Statement, statementLabel, wildcardMatches } from "./policyDocument";

export interface DeniableRequest {
    readonly action: string;
    readonly resource: string;
    /** Condition keys the request carries; a key absent here is absent from the request. */
    readonly context: Readonly<Record<string, string>>;
}

function matchesAny(patterns: readonly string[], value: string, caseInsensitive: boolean): boolean {
    return patterns.some((pattern) => wildcardMatches(pattern, value, caseInsensitive));
}

function fieldMatches(statement: Statement, field: "Action" | "Resource", value: string): Known<boolean> {
    const positive = statement[field];
    const negative = statement[field === "Action" ? "NotAction" : "NotResource"];
    const caseInsensitive = field === "Action";
    if (positive !== undefined) {
        return containsUnknown(positive) ? notKnown : matchesAny(listOf(positive)!, value, caseInsensitive);
    }
    if (negative !== undefined) {
        return containsUnknown(negative) ? notKnown : !matchesAny(listOf(negative)!, value, caseInsensitive);
    }
    return false;
}

function contextValue(context: Readonly<Record<string, string>>, key: string): string | undefined {
    const found = Object.keys(context).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : context[found];
}

/** One condition entry against the request; undefined for an operator this module does not evaluate. */
function conditionHolds(operator: string, key: string, values: readonly unknown[], context: Readonly<Record<string, string>>): boolean | undefined {
    const bare = operator.replace(/^For(AllValues|AnyValue):/i, "");
    const ifExists = /IfExists$/i.test(bare);
    const base = bare.replace(/IfExists$/i, "");
    const actual = contextValue(context, key);
    const expected = values.map((value) => String(value));
    if (/^Null$/i.test(base)) {
        return expected.some((value) => (value.toLowerCase() === "true") === (actual === undefined));
    }
    if (actual === undefined) {
        if (ifExists) {
            return true;
        }
        // A negated operator matches a request without the key; a positive one does not.
        return /^(String|Arn)Not/i.test(base) ? true : /^(String|Arn|Bool)/i.test(base) ? false : undefined;
    }
    switch (base.toLowerCase()) {
        case "stringequals":
        case "arnequals":
            return expected.includes(actual);
        case "stringnotequals":
        case "arnnotequals":
            return !expected.includes(actual);
        case "stringequalsignorecase":
            return expected.some((value) => value.toLowerCase() === actual.toLowerCase());
        case "stringnotequalsignorecase":
            return !expected.some((value) => value.toLowerCase() === actual.toLowerCase());
        case "stringlike":
        case "arnlike":
            return matchesAny(expected, actual, false);
        case "stringnotlike":
        case "arnnotlike":
            return !matchesAny(expected, actual, false);
        case "bool":
            return expected.some((value) => value.toLowerCase() === actual.toLowerCase());
        default:
            return undefined;
    }
}

/**
 * The statement of `documents` that denies the request (`policy label, statement "Sid"`), false when none does, or
 * notKnown when one might but a field of it is not known yet.
 */
export function deniedBy(documents: ReadonlyArray<{ readonly label: string; readonly content: Known<unknown> }>, request: DeniableRequest): Known<string | false> {
    let result: Known<string | false> = false;
    for (const { label, content } of documents) {
        if (content === notKnown) {
            result = notKnown;
            continue;
        }
        const parsed = parsePolicyDocument(content);
        if (parsed.kind === "unknown") {
            result = notKnown;
            continue;
        }
        if (parsed.kind !== "document") {
            continue;
        }
        for (const [index, statement] of parsed.statements.entries()) {
            if (statement.Effect !== "Deny") {
                continue;
            }
            const action = fieldMatches(statement, "Action", request.action);
            const resource = fieldMatches(statement, "Resource", request.resource);
            const entries = conditionEntries(statement);
            if (action === false || resource === false) {
                continue;
            }
            if (action === notKnown || resource === notKnown || entries === "unknown" || entries.some((entry) => containsUnknown(entry.values))) {
                result = notKnown;
                continue;
            }
            if (entries.every((entry) => conditionHolds(entry.operator, entry.key, entry.values, request.context) === true)) {
                return `${label}, ${statementLabel(statement, index)}`;
            }
        }
    }
    return result;
}
