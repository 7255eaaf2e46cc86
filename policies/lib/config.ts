/**
 * Policy configuration. The CLI fills each policy's config with its schema's defaults before the run, but a pack
 * can also be started without config (an older CLI, `pulumi policy publish`'s conformance run), so policies apply
 * the same defaults themselves: one schema, read both ways.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export interface ConfigurableArgs {
    getConfig<T extends object>(): T;
}

/** The policy's configuration: the schema's defaults overlaid with what the user configured. */
export function configOf<T extends object>(schema: PolicyConfigSchema, args: ConfigurableArgs): T {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        if (property && typeof property === "object" && "default" in property) {
            defaults[key] = (property as { default: unknown }).default;
        }
    }
    return { ...defaults, ...args.getConfig<Record<string, unknown>>() } as T;
}

/** The `environment` setting shared by the catalogue policies. */
export const environmentProperty: PolicyConfigJSONSchema = {
    type: "string",
    description: "The environment whose approvals in model-catalogue.yaml apply (dev, staging, prod). Unset, any catalogue model is accepted, as in the organization stack's SCPs.",
};

/** The account roles whose accounts host Bedrock, read from the provider's `account-role` default tag. */
export const genaiAccountRolesProperty: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string" },
    default: ["genai"],
    description: "Values of the providers' `account-role` default tag that mark a generative-AI account.",
};

export const strengths = ["NONE", "LOW", "MEDIUM", "HIGH"] as const;
export type Strength = (typeof strengths)[number];
