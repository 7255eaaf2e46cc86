import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AccountBudgetArgs {
    /** The account whose costs are budgeted. */
    readonly accountId: pulumi.Input<string>;
    readonly budgetName: string;
    /** Monthly limit in USD. */
    readonly monthlyLimitUsd: number;
    /** Topic notified when a threshold is crossed. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** E-mail addresses notified directly (Budgets allows ten subscribers per notification, the topic included). @default none */
    readonly emailAddresses?: readonly string[];
    /** Percentages of the limit that notify when actual spend crosses them. @default [80, 100] */
    readonly actualThresholdsPercent?: readonly number[];
}

export function accountBudgetProblems(args: AccountBudgetArgs): string[] {
    const problems: string[] = [];
    if (!(args.monthlyLimitUsd > 0)) {
        problems.push(`monthlyLimitUsd must be a positive amount (got ${args.monthlyLimitUsd}).`);
    }
    if ((args.emailAddresses ?? []).length > 9) {
        problems.push(`emailAddresses must list at most 9 addresses (got ${args.emailAddresses!.length}); Budgets allows ten subscribers, one of which is the topic.`);
    }
    const thresholds = args.actualThresholdsPercent ?? [80, 100];
    if (thresholds.length + 1 > 5) {
        problems.push(`actualThresholdsPercent must list at most 4 thresholds (got ${thresholds.length}); Budgets allows five notifications and one is the forecast.`);
    }
    return problems;
}

/**
 * The account's monthly cost budget: notifications when actual spend crosses 80 % and 100 % of the limit, and when
 * the forecast for the month exceeds it (accelerator capacity makes a month's bill predictable early).
 */
export class AccountBudget extends pulumi.ComponentResource {
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: AccountBudgetArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:observability:AccountBudget", name, {}, opts);
        const problems = accountBudgetProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const subscribers = {
            subscriberSnsTopicArns: [args.alarmTopicArn],
            ...((args.emailAddresses ?? []).length > 0 ? { subscriberEmailAddresses: [...args.emailAddresses!] } : {}),
        };
        const budget = new aws.budgets.Budget(`${name}-budget`, {
            accountId: args.accountId,
            name: args.budgetName,
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: args.monthlyLimitUsd.toFixed(2),
            limitUnit: "USD",
            notifications: [
                ...(args.actualThresholdsPercent ?? [80, 100]).map((threshold) => ({
                    notificationType: "ACTUAL",
                    comparisonOperator: "GREATER_THAN",
                    threshold,
                    thresholdType: "PERCENTAGE",
                    ...subscribers,
                })),
                { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", ...subscribers },
            ],
        }, { parent: this });
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
