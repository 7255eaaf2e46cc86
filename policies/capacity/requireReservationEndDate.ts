import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { estimateCost, formatUsd } from "../../accounts/cost/estimate";
import { costResourceOf } from "../lib/costResources";
import { containsUnknown, propsOf, show } from "../lib/props";
import { providerFacts } from "../lib/resources";

/**
 * A capacity reservation without an end date bills at the on-demand rate until someone cancels it; its yearly cost
 * is what a reviewer should see. An environment that holds a standing inference reservation on purpose makes this
 * policy advisory in its config (policies/config/prod.json) and still sees the yearly cost on every check.
 */
export const requireReservationEndDate: ResourceValidationPolicy = {
    name: "capacity-reservations-have-an-end-date",
    description: "EC2 capacity reservations end on a date (endDateType \"limited\"), or show their yearly cost so that a reservation billed until cancelled is a decision, not an accident.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["capacity", "cost"],
    remediationSteps: "Set the reservation's endDate in the stack config (endDateType becomes \"limited\"), or keep it open-ended knowingly and review it with its yearly cost.",
    validateResource: validateResourceOfType(awsTypes.capacityReservation, (_props, args, reportViolation) => {
        const props = propsOf(args.props);
        if (containsUnknown(props.endDateType) || containsUnknown(props.endDate) || (props.endDateType === "limited" && props.endDate !== undefined)) {
            return;
        }
        const resource = costResourceOf({ type: args.type, urn: args.urn, name: args.name, props, provider: providerFacts(args.provider) });
        const [item] = estimateCost([resource], { isUnknown: containsUnknown }).priced;
        const cost = item?.openEndedYearlyUsd !== undefined ? `${formatUsd(item.openEndedYearlyUsd)} a year (${item.basis} a month)` : "an amount the price table cannot tell (see `lz cost`)";
        reportViolation(`The reservation of ${show(props.instanceCount)} × ${show(props.instanceType)} has no end date (${props.endDateType === undefined ? "no endDateType, which AWS treats as \"unlimited\"" : `endDateType ${show(props.endDateType)}`}): it bills ${cost} at the on-demand rate, used or not, until cancelled. Set endDate, or accept the yearly cost knowingly.`);
    }),
};
