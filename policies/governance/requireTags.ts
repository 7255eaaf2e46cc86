import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { containsUnknown, isUnknown, maybeJson, propsOf } from "../lib/props";
import { awsProviderType, effectiveTags, notKnown, providerFacts } from "../lib/resources";

interface Config {
    readonly requiredTags: string[];
}

const configSchema = {
    properties: {
        requiredTags: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["environment", "owner", "cost-center", "managed-by"],
            description: "Tag keys every taggable resource must carry with a non-empty value.",
        },
    },
};

function missing(tags: Record<string, string>, required: readonly string[]): string[] {
    return required.filter((key) => typeof tags[key] !== "string" || tags[key].trim() === "");
}

/**
 * Tags come from two places: the provider's defaultTags (every taggable resource of that provider gets them) and
 * the resource's own tags. The provider is checked once; a resource with tags of its own is checked with the
 * provider's defaults overlaid, as AWS applies them. A resource without a `tags` argument gets the defaults, or
 * is not taggable at all.
 */
export const requireTags: ResourceValidationPolicy = {
    name: "resources-carry-required-tags",
    description: "Every taggable resource carries the required tags (environment, owner, cost-center, managed-by), from its provider's defaultTags or its own tags.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["tagging", "cost"],
    remediationSteps: "Set the tags on the AWS provider's defaultTags (the stacks do this from landing-zone config), or on the resource's tags.",
    configSchema,
    validateResource: (args, reportViolation) => {
        const { requiredTags } = configOf<Config>(configSchema, args);
        const props = propsOf(args.props);
        if (args.type === awsProviderType) {
            const defaultTags = maybeJson(props.defaultTags);
            if (containsUnknown(defaultTags)) {
                return;
            }
            const tags = (defaultTags as { tags?: Record<string, string> } | undefined)?.tags ?? {};
            const absent = missing(tags, requiredTags);
            if (absent.length > 0) {
                reportViolation(`The provider's defaultTags lack ${absent.map((k) => `"${k}"`).join(", ")}; every resource it creates would go without them.`);
            }
            return;
        }
        if (!args.type.startsWith("aws:") || props.tags === undefined || isUnknown(props.tags)) {
            args.notApplicable("not an AWS resource with tags of its own");
        }
        const tags = effectiveTags(props, providerFacts(args.provider));
        if (tags === notKnown) {
            return;
        }
        const absent = missing(tags, requiredTags);
        if (absent.length > 0) {
            reportViolation(`The resource's tags, with its provider's defaultTags, lack ${absent.map((k) => `"${k}"`).join(", ")}; set them on the provider's defaultTags or the resource.`);
        }
    },
};
