import { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { stackResources } from "../lib/resources";

interface Config {
    readonly maxInstanceCount: number;
}

const configSchema = {
    properties: {
        maxInstanceCount: {
            type: "integer" as const,
            minimum: 0,
            default: 8,
            description: "Most instances the stack's capacity reservations may reserve in total.",
        },
    },
};

const reservationType = "aws:ec2/capacityReservation:CapacityReservation";

/** The environment's budget for reserved accelerators is a total: many small reservations cost as much as one large. */
export const capReservedInstances: StackValidationPolicy = {
    name: "capacity-reservations-within-environment-maximum",
    description: "The instances reserved by all of a stack's EC2 capacity reservations add up to no more than the environment's maximum.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["capacity", "cost"],
    remediationSteps: "Lower instanceCount or release reservations; raise maxInstanceCount in policies/config/<env>.json only with the budget owner's approval.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { maxInstanceCount } = configOf<Config>(configSchema, args);
        const reservations = stackResources(args.resources).filter((r) => r.type === reservationType);
        const counted = reservations.filter((r) => typeof r.props.instanceCount === "number");
        const total = counted.reduce((sum, r) => sum + (r.props.instanceCount as number), 0);
        // Counts not known yet can only add to the total, so a known excess is already a violation.
        if (total > maxInstanceCount) {
            const parts = counted.map((r) => `${r.name}: ${r.props.instanceCount as number}`).join(", ");
            reportViolation(`Capacity reservations reserve ${total} instance${total === 1 ? "" : "s"} in total (${parts}); the environment allows at most ${maxInstanceCount} (maxInstanceCount).`);
        }
    },
};
