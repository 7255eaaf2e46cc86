import { StackValidationPolicy } from "@pulumi/policy";
import { asList, at, containsUnknown, isKnownString } from "../lib/props";
import { accountKey, awsProviderType, providerFactsFromProps, ProviderFacts, stackResources } from "../lib/resources";

const budgetType = "aws:budgets/budget:Budget";

function accountLabel(provider: ProviderFacts): string {
    const id = typeof provider.accountId === "string" ? `account ${provider.accountId}` : "the account";
    return `${id} of provider "${provider.name}"`;
}

/** A budget is the alarm that fires before a runaway GPU reservation or token bill reaches the invoice. */
export const requireBudgets: StackValidationPolicy = {
    name: "every-account-has-a-budget",
    description: "Every account the stack deploys into (one per AWS provider) has an AWS Budgets budget, in the account or filtering on it from the payer.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["cost", "governance"],
    remediationSteps: "Add aws.budgets.Budget deployed through the account's provider (budgetType COST, a monthly limit, and notifications to the owner), or a budget in the management account with a LinkedAccount cost filter on it.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        // The accounts deployed into: every explicit AWS provider, seen directly or through the resources using it.
        const providers = new Map<string, ProviderFacts>();
        for (const resource of resources) {
            const facts = resource.type === awsProviderType ? providerFactsFromProps(resource.props, resource.urn, resource.name) : resource.provider;
            const key = facts && (typeof facts.accountId === "string" ? facts.accountId : facts.urn);
            if (facts && key && !providers.has(key)) {
                providers.set(key, facts);
            }
        }
        const covered = new Set<string>();
        let unknownCoverage = false;
        for (const budget of resources.filter((r) => r.type === budgetType)) {
            const own = isKnownString(budget.props.accountId) ? budget.props.accountId : accountKey(budget);
            if (containsUnknown(budget.props.accountId) || containsUnknown(budget.props.costFilters)) {
                unknownCoverage = true;
            }
            if (own) {
                covered.add(own);
            }
            for (const filter of asList(budget.props.costFilters)) {
                if (at(filter, "name") === "LinkedAccount") {
                    asList(at(filter, "values")).filter(isKnownString).forEach((id) => covered.add(id));
                }
            }
        }
        if (unknownCoverage) {
            return;
        }
        for (const [key, provider] of providers) {
            if (!covered.has(key) && !(provider.urn && covered.has(provider.urn))) {
                reportViolation(`${accountLabel(provider)} has no AWS Budgets budget; add aws.budgets.Budget through this provider so spend in the account alerts its owner.`, provider.urn);
            }
        }
    },
};
