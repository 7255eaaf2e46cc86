import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUDGET_SUBSCRIBERS_MAX } from "../../accounts/workloadSchema";

export interface AccountBudgetArgs {
    /** `accountBudgetName` in accounts/naming.ts. */
    readonly budgetName: string;
    /** Monthly cost limit in US dollars. */
    readonly monthlyLimitUsd: number;
    /** E-mail addresses alerted at 80 % and at 100 % of actual spend (at most 10). */
    readonly subscriberEmails: readonly string[];
    /** The account whose spend is measured. @default the provider's account */
    readonly accountId?: pulumi.Input<string>;
}

/** Percentages of the limit at which subscribers are alerted, on actual (not forecast) spend. */
export const budgetAlertThresholds = [80, 100] as const;

export function accountBudgetProblems(args: AccountBudgetArgs): string[] {
    const problems: string[] = [];
    if (!/^[^:\\]{1,100}$/.test(args.budgetName)) {
        problems.push(`budgetName must be 1-100 characters without ":" or "\\" (got "${args.budgetName}").`);
    }
    if (!(args.monthlyLimitUsd >= 1)) {
        problems.push(`monthlyLimitUsd must be at least 1 (got ${args.monthlyLimitUsd}).`);
    }
    if (args.subscriberEmails.length < 1 || args.subscriberEmails.length > BUDGET_SUBSCRIBERS_MAX) {
        problems.push(`subscriberEmails must list 1 to ${BUDGET_SUBSCRIBERS_MAX} e-mail addresses, the AWS Budgets limit per notification (got ${args.subscriberEmails.length}).`);
    }
    return problems;
}

/** A monthly cost budget for one member account, alerting its owners at 80 % and 100 % of actual spend. */
export class AccountBudget extends pulumi.ComponentResource {
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: AccountBudgetArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:AccountBudget", name, {}, opts);
        const problems = accountBudgetProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const budget = new aws.budgets.Budget(`${name}-budget`, {
            name: args.budgetName,
            accountId: args.accountId,
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: args.monthlyLimitUsd.toFixed(2),
            limitUnit: "USD",
            notifications: budgetAlertThresholds.map((threshold) => ({
                comparisonOperator: "GREATER_THAN",
                threshold,
                thresholdType: "PERCENTAGE",
                notificationType: "ACTUAL",
                subscriberEmailAddresses: [...args.subscriberEmails],
            })),
        }, { parent: this });
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
