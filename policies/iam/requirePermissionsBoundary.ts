import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly exemptRoles: string[];
}

const configSchema = {
    properties: {
        exemptRoles: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Roles (Pulumi resource name or IAM role name) exempt from the boundary requirement, each with a reason recorded in the config file's pull request.",
        },
    },
};

/**
 * A permissions boundary caps what a role can ever do, whatever policies are attached to it later: the guard
 * against a workload team widening its own role.
 */
export const requirePermissionsBoundary: ResourceValidationPolicy = {
    name: "iam-roles-have-permissions-boundary",
    description: "Every IAM role has a permissions boundary.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["iam", "least-privilege"],
    remediationSteps: "Set permissionsBoundary to the landing zone's boundary policy ARN; exempt a role only through exemptRoles in policies/config/<env>.json.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.iamRole, (_role, args, reportViolation) => {
        const props = propsOf(args.props);
        const { exemptRoles } = configOf<Config>(configSchema, args);
        if (exemptRoles.includes(args.name) || (isKnownString(props.name) && exemptRoles.includes(props.name))) {
            return;
        }
        if (!isUnknown(props.permissionsBoundary) && !(isKnownString(props.permissionsBoundary) && props.permissionsBoundary !== "")) {
            reportViolation(`permissionsBoundary must name a boundary policy (got ${show(props.permissionsBoundary)}); without one, any policy attached later applies in full.`);
        }
    }),
};
