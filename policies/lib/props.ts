/**
 * Reading resource properties as @pulumi/policy hands them over. During a preview a value that depends on a
 * resource not created yet is an "unknown" sentinel string, and the SDK wraps props in a proxy that throws as soon
 * as a policy touches one; the SDK then reports "can't run policy during preview" instead of the policy's verdict,
 * and a stack policy stops at the first unknown of any resource. Policies here read the raw values instead and
 * treat an unknown as "not known yet": never a violation, never an abort.
 */

/**
 * The sentinels of @pulumi/policy's proxy.ts (the engine sends the string one for every unknown; the others come
 * from SDK-side deserialization). They are wire-protocol constants; a test checks them against the SDK.
 */
export const unknownSentinels: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && unknownSentinels.has(value);
}

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return typeof value === "string" && [...unknownSentinels].some((sentinel) => value.includes(sentinel));
}

/** The plain object behind @pulumi/policy's unknown-checking proxy (values inside are plain too). */
export function raw<T>(value: T): T {
    if (value !== null && typeof value === "object") {
        const proxy = value as unknown as Record<string, unknown>;
        if (proxy["__isSpecialProxy"] === true) {
            return proxy["__getSpecialProxyTarget"] as T;
        }
    }
    return value;
}

export type Props = Record<string, unknown>;

/** The raw props of a resource, as a plain record. */
export function propsOf(props: unknown): Props {
    const plain = raw(props);
    return plain !== null && typeof plain === "object" ? (plain as Props) : {};
}

/** The value at a dotted path; `undefined` when absent. An unknown anywhere on the way is returned as is. */
export function at(props: unknown, path: string): unknown {
    let current: unknown = raw(props);
    for (const segment of path.split(".")) {
        if (isUnknown(current) || current === null || current === undefined || typeof current !== "object") {
            return isUnknown(current) ? current : undefined;
        }
        current = (current as Record<string, unknown>)[segment];
    }
    return current;
}

/**
 * Nested blocks reach policies either as an object or, from some providers and older SDKs, as a one-element list
 * (a Terraform block with MaxItems 1). Both shapes read the same here.
 */
export function block(value: unknown): unknown {
    return Array.isArray(value) && value.length <= 1 ? value[0] : value;
}

export function asList(value: unknown): unknown[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

export function isKnownString(value: unknown): value is string {
    return typeof value === "string" && !containsUnknown(value);
}

/** Renders a value for a message, the way it would appear in the program. */
export function show(value: unknown): string {
    return value === undefined ? "nothing" : JSON.stringify(value);
}

/**
 * Provider inputs reach the engine as JSON text for anything that is not a string (`defaultTags`, `assumeRoles`,
 * `allowedAccountIds`), while the offline plan shows them structured; both read the same here.
 */
export function maybeJson(value: unknown): unknown {
    if (typeof value === "string" && !isUnknown(value)) {
        const trimmed = value.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return JSON.parse(trimmed);
            } catch {
                return value;
            }
        }
        if (trimmed === "true" || trimmed === "false") {
            return trimmed === "true";
        }
    }
    return value;
}
