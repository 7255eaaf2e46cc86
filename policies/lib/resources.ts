/**
 * Facts about where a resource lands and what it carries, read from its own props and its provider's, the way
 * the AWS provider decides them: a resource-level `region` wins over the provider's; tags are the provider's
 * `defaultTags` overlaid with the resource's own `tags`.
 */
import { PolicyProviderResource, PolicyResource } from "@pulumi/policy";
import { containsUnknown, isKnownString, isUnknown, maybeJson, Props, propsOf } from "./props";

/** Marks a fact that is not known yet during a preview. */
export const notKnown: unique symbol = Symbol("not known yet");
export type Known<T> = T | typeof notKnown;

export const awsProviderType = "pulumi:providers:aws";

/**
 * Services whose resources are global (IAM, Organizations, Budgets, account-wide S3 settings, CloudFront,
 * Route 53): they take no region, so region rules do not apply to them.
 */
const globalTypePrefixes = ["aws:iam/", "aws:organizations/", "aws:budgets/", "aws:s3/accountPublicAccessBlock:", "aws:cloudfront/", "aws:route53/", "aws:account/"];

export function isGlobalType(type: string): boolean {
    return globalTypePrefixes.some((prefix) => type.startsWith(prefix));
}

export interface ProviderFacts {
    readonly urn?: string;
    readonly name?: string;
    readonly region: Known<string | undefined>;
    /** From `allowedAccountIds`, or the account of the role it assumes. */
    readonly accountId: Known<string | undefined>;
    readonly defaultTags: Known<Record<string, string>>;
}

function accountFromRoleArn(value: unknown): string | undefined {
    return typeof value === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(value)?.[1] : undefined;
}

/** What an AWS provider's inputs say about the account, region and default tags of its resources. */
export function providerFactsFromProps(props: Props, urn?: string, name?: string): ProviderFacts {
    const region = isUnknown(props.region) ? notKnown : isKnownString(props.region) ? props.region : undefined;
    const allowed = maybeJson(props.allowedAccountIds);
    const assumeRoles = maybeJson(props.assumeRoles) ?? maybeJson(props.assumeRole);
    let accountId: Known<string | undefined>;
    if (containsUnknown(allowed) || containsUnknown(assumeRoles)) {
        accountId = notKnown;
    } else {
        const firstAllowed = Array.isArray(allowed) && typeof allowed[0] === "string" ? allowed[0] : undefined;
        const role = Array.isArray(assumeRoles) ? (assumeRoles[0] as { roleArn?: unknown } | undefined)?.roleArn : (assumeRoles as { roleArn?: unknown } | undefined)?.roleArn;
        accountId = firstAllowed ?? accountFromRoleArn(role);
    }
    const defaultTagsBlock = maybeJson(props.defaultTags);
    let defaultTags: Known<Record<string, string>> = {};
    if (containsUnknown(defaultTagsBlock)) {
        defaultTags = notKnown;
    } else if (defaultTagsBlock !== null && typeof defaultTagsBlock === "object") {
        const tags = (defaultTagsBlock as { tags?: unknown }).tags;
        defaultTags = tags !== null && typeof tags === "object" ? { ...(tags as Record<string, string>) } : {};
    }
    return { urn, name, region, accountId, defaultTags };
}

export function providerFacts(provider: PolicyProviderResource | undefined): ProviderFacts | undefined {
    if (!provider || provider.type !== awsProviderType) {
        return undefined;
    }
    return providerFactsFromProps(propsOf(provider.props), provider.urn, provider.name);
}

/** The region a resource lands in: its own `region` argument, else its provider's; "global" for global services. */
export function regionOf(type: string, props: Props, provider: ProviderFacts | undefined): Known<string | undefined> | "global" {
    if (isGlobalType(type)) {
        return "global";
    }
    if (isUnknown(props.region)) {
        return notKnown;
    }
    if (isKnownString(props.region)) {
        return props.region;
    }
    return provider ? provider.region : undefined;
}

/** The tags AWS will put on a resource: the provider's default tags overlaid with its own. */
export function effectiveTags(props: Props, provider: ProviderFacts | undefined): Known<Record<string, string>> {
    if (containsUnknown(props.tags)) {
        return notKnown;
    }
    const defaults = provider ? provider.defaultTags : {};
    if (defaults === notKnown) {
        return notKnown;
    }
    const own = props.tags !== null && typeof props.tags === "object" ? (props.tags as Record<string, string>) : {};
    return { ...defaults, ...own };
}

/** The tag that names an account's role in the landing zone (`genai`, `data`, `application`, `management`). */
export const accountRoleTag = "account-role";

/** A resource of a stack policy, with the facts the stack policies share. */
export interface StackResource {
    readonly resource: PolicyResource;
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Props;
    readonly provider: ProviderFacts | undefined;
}

export function stackResources(resources: readonly PolicyResource[]): StackResource[] {
    return resources.map((resource) => ({
        resource,
        type: resource.type,
        urn: resource.urn,
        name: resource.name,
        props: propsOf(resource.props),
        provider: providerFacts(resource.provider),
    }));
}

/** The account a resource lands in, as a stable key: the account ID when known, else its provider's URN. */
export function accountKey(resource: StackResource): string | undefined {
    const provider = resource.provider;
    if (!provider) {
        return undefined;
    }
    return typeof provider.accountId === "string" ? provider.accountId : provider.urn;
}

/** The landing-zone role of the account a resource lands in, from its provider's default tags. */
export function accountRoleOf(provider: ProviderFacts | undefined): Known<string | undefined> {
    if (!provider) {
        return undefined;
    }
    return provider.defaultTags === notKnown ? notKnown : provider.defaultTags[accountRoleTag];
}

/**
 * True when `from` points at `to` through `property` (a top-level property): its known value equals one of `to`'s
 * identifiers, or, when the value is not known yet (the target is created in the same update), the engine
 * recorded that the property's value comes from `to`. A plain `dependsOn` is not evidence: it orders, it names
 * nothing.
 */
export function pointsAt(from: StackResource, property: string, value: unknown, to: StackResource, identifiers: readonly unknown[]): boolean {
    if (isKnownString(value) && identifiers.some((id) => isKnownString(id) && id === value)) {
        return true;
    }
    if (containsUnknown(value)) {
        return (from.resource.propertyDependencies?.[property] ?? []).some((dependency) => dependency.urn === to.urn);
    }
    return false;
}
