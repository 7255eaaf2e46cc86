import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { awsTypes, isOfType, validateResourceOfTypes } from "../lib/resourceOfType";
import { acceleratorInstanceFamilies } from "../../accounts/acceleratorFamilies";
import { configOf } from "../lib/config";
import { isKnownString, isUnknown, propsOf, show } from "../lib/props";
import { effectiveTags, notKnown, providerFacts } from "../lib/resources";

interface Config {
    readonly allowed: boolean;
    readonly approvedInstanceFamilies: string[];
    readonly ownerTagKey: string;
}

const configSchema = {
    properties: {
        allowed: {
            type: "boolean" as const,
            default: true,
            description: "Whether this environment may reserve capacity at all; a reservation is billed whether or not anything runs on it.",
        },
        approvedInstanceFamilies: {
            type: "array" as const,
            items: { type: "string" as const },
            // The families the config validator accepts; an environment that reserves GPUs says so in its config.
            default: [...acceleratorInstanceFamilies],
            description: "Accelerated instance families that may be reserved (the part of the instance type before the dot).",
        },
        ownerTagKey: {
            type: "string" as const,
            default: "owner",
            description: "Tag that must name who pays for and releases the reservation.",
        },
    },
};

function check(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    const props = propsOf(args.props);
    const config = configOf<Config>(configSchema, args);
    if (!config.allowed) {
        reportViolation("Capacity reservations are not allowed in this environment (allowed: false); reserve capacity in an environment that permits it.");
    }
    // A capacity block's instance type comes from its offering, and blocks are always targeted.
    if (isOfType(args, awsTypes.capacityReservation)) {
        if (isKnownString(props.instanceType)) {
            const family = props.instanceType.split(".")[0];
            if (!config.approvedInstanceFamilies.includes(family)) {
                reportViolation(`instanceType ${show(props.instanceType)} is of family "${family}", which is not approved for reservations (approved: ${config.approvedInstanceFamilies.join(", ")}).`);
            }
        }
        if (!isUnknown(props.instanceMatchCriteria) && props.instanceMatchCriteria !== "targeted") {
            reportViolation(`instanceMatchCriteria must be "targeted" (got ${show(props.instanceMatchCriteria)}${props.instanceMatchCriteria === undefined ? ", which AWS treats as \"open\"" : ""}); an open reservation is consumed by any matching instance in the account.`);
        }
    }
    const tags = effectiveTags(props, providerFacts(args.provider));
    if (tags !== notKnown && !(tags[config.ownerTagKey] ?? "").trim()) {
        reportViolation(`The reservation must carry an "${config.ownerTagKey}" tag naming who pays for it and releases it (got ${show(tags[config.ownerTagKey])}).`);
    }
}

export const restrictCapacityReservations: ResourceValidationPolicy = {
    name: "capacity-reservations-follow-environment-rules",
    description: "EC2 capacity reservations and capacity blocks exist only where the environment allows them, reserve approved accelerator families, match targeted instances only, and carry an owner tag.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["capacity", "cost"],
    remediationSteps: "Reserve an approved accelerator family with instanceMatchCriteria \"targeted\" and an owner tag, in an environment whose policy config has allowed: true.",
    configSchema,
    validateResource: validateResourceOfTypes([awsTypes.capacityReservation, awsTypes.capacityBlockReservation], check),
};
