import { StackValidationPolicy } from "@pulumi/policy";
import { AccountCost, CostEstimate, estimateCost, formatUsd, roundUsd } from "../../accounts/cost/estimate";
import { configOf } from "../lib/config";
import { costResourceOf } from "../lib/costResources";
import { containsUnknown } from "../lib/props";
import { stackResources } from "../lib/resources";

interface Config {
    readonly maxShareOfBudgetPercent: number;
}

const configSchema = {
    properties: {
        maxShareOfBudgetPercent: {
            type: "number" as const,
            minimum: 1,
            maximum: 1000,
            default: 100,
            description: "How much of each account's monthly AWS Budgets limit its fixed cost (what bills before any usage) may take, in percent. Below 100 leaves room for usage: tokens, logs, storage, requests.",
        },
    },
};

/** The account's three largest fixed costs, which are what a reviewer would cut first. */
function largest(estimate: CostEstimate, account: string): string {
    return estimate.priced
        .filter((item) => item.account === account)
        .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.name.localeCompare(b.name))
        .slice(0, 3)
        .map((item) => `${item.name} ${formatUsd(item.monthlyUsd)} (${item.basis})`)
        .join("; ");
}

function categories(cost: AccountCost): string {
    return Object.entries(cost.byCategory).sort(([, a], [, b]) => b - a).map(([category, amount]) => `${category} ${formatUsd(amount)}`).join(", ");
}

/**
 * Reserved accelerators, interface endpoints and NAT gateways bill by the hour whether or not anything runs, so an
 * environment can be over its budget before its first request. The estimate comes from the price table in
 * accounts/cost/priceTable.ts, the same one `lz cost` prints.
 */
export const keepFixedCostWithinBudget: StackValidationPolicy = {
    name: "fixed-monthly-cost-within-budget",
    description: "Each account's fixed monthly cost (capacity reservations, interface endpoints, NAT gateways, keys, WAF, alarms and other hourly or monthly fees, priced from accounts/cost/priceTable.ts) stays within the configured share of its AWS Budgets limit.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["cost", "governance"],
    remediationSteps: "Run `npx lz cost <stack>` to see the account's fixed costs. Shorten or shrink the capacity reservation (or buy a Capacity Block for the training window), remove interface endpoints the account does not use, or raise the budget's monthlyLimitUsd so that it states the cost.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const config = configOf<Config>(configSchema, args);
        const estimate = estimateCost(stackResources(args.resources).map((resource) => costResourceOf(resource, resource.resource.parent?.urn)), { isUnknown: containsUnknown });
        for (const cost of estimate.accounts) {
            if (!cost.budget) {
                continue; // every-account-has-a-budget reports it
            }
            const allowed = roundUsd((cost.budget.limitUsd * config.maxShareOfBudgetPercent) / 100);
            // An amount not known yet could only add to the total: a total already over the limit is a violation.
            if (cost.fixedMonthlyUsd <= allowed) {
                continue;
            }
            const share = config.maxShareOfBudgetPercent === 100 ? "" : `${config.maxShareOfBudgetPercent}% of `;
            const pending = estimate.unpriced.filter((item) => item.account === cost.account).length;
            reportViolation(
                `Account ${cost.account} has a fixed monthly cost of ${formatUsd(cost.fixedMonthlyUsd)} (prices of ${estimate.priceTableDate}${pending > 0 ? `, ${pending} more not priced` : ""}), over ${share}its budget "${cost.budget.name}" of ${formatUsd(cost.budget.limitUsd)}${share ? ` (${formatUsd(allowed)})` : ""} by ${formatUsd(cost.fixedMonthlyUsd - allowed)}: ${categories(cost)}. Largest: ${largest(estimate, cost.account)}. It must be at most ${formatUsd(allowed)}.`,
                cost.budget.urn,
            );
        }
    },
};
