import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { isKnownString, propsOf } from "../lib/props";
import { awsProviderType, providerFacts, regionOf } from "../lib/resources";

interface Config {
    readonly allowedRegions: string[];
}

const configSchema = {
    properties: {
        allowedRegions: {
            type: "array" as const,
            items: { type: "string" as const, pattern: "^[a-z]{2}(-gov)?-[a-z]+-\\d$" },
            default: [],
            description: "Regions resources may land in. Empty, the policy checks nothing; each environment's config file lists its primary and DR regions.",
        },
    },
};

/**
 * Data residency: where a resource lands is decided by its own `region` argument or its provider's region, and
 * either can drift from what the organization's SCP allows (the SCP only fails the deployment halfway through).
 */
export const restrictRegions: ResourceValidationPolicy = {
    name: "resources-stay-in-allowed-regions",
    description: "AWS providers and regional resources are in the environment's allowed regions.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["data-residency", "governance"],
    remediationSteps: "Use a region listed in allowedRegions of policies/config/<env>.json (the environment's primary and DR regions); adding a region there needs the same review as the organization's region SCP.",
    configSchema,
    validateResource: (args, reportViolation) => {
        const { allowedRegions } = configOf<Config>(configSchema, args);
        const props = propsOf(args.props);
        if (allowedRegions.length === 0 || !(args.type === awsProviderType || args.type.startsWith("aws:"))) {
            args.notApplicable("no allowed regions configured, or not an AWS resource");
        }
        const region = args.type === awsProviderType ? props.region : regionOf(args.type, props, providerFacts(args.provider));
        if (isKnownString(region) && region !== "global" && !allowedRegions.includes(region)) {
            const where = args.type === awsProviderType ? `The provider's region "${region}" is` : `The resource lands in "${region}",`;
            reportViolation(`${where} outside the allowed regions ${allowedRegions.join(", ")}; use one of them.`);
        }
    },
};
