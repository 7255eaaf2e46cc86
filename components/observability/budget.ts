import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUDGET_SUBSCRIBERS_MAX } from "../../accounts/workloadSchema";

/** AWS Budgets allows five notifications per budget. */
export const BUDGET_NOTIFICATIONS_MAX = 5;
/** Percentages of the limit that notify when actual (not forecast) spend crosses them. */
export const defaultBudgetThresholdsPercent: readonly number[] = [80, 100];

export interface AccountBudgetArgs {
    /** The account whose costs are budgeted; the budget is created through that account's provider. */
    readonly accountId: pulumi.Input<string>;
    /** `accountBudgetName` in accounts/naming.ts (`acme-ai-prod-app-chat-monthly`). */
    readonly budgetName: string;
    /** Monthly limit in USD. */
    readonly monthlyLimitUsd: number;
    /**
     * SNS topic notified when a threshold is crossed; its policy must let `budgets.amazonaws.com` publish (the
     * AlarmTopic's does). @default none
     */
    readonly alarmTopicArn?: pulumi.Input<string>;
    /** E-mail addresses notified directly (AWS Budgets allows 10 beside one topic per notification). @default none */
    readonly subscriberEmails?: readonly string[];
    /** Percentages of the limit that notify when actual spend crosses them. @default [80, 100] */
    readonly actualThresholdsPercent?: readonly number[];
    /** Also notify when the month's forecast exceeds the limit. @default true */
    readonly forecastAlert?: boolean;
    /**
     * Count only the costs of `accountId` itself. A member account's budget only ever sees its own costs; a budget in
     * the management account sees every account of the organization unless it is filtered to its own. @default false
     */
    readonly ownCostsOnly?: boolean;
}

export function accountBudgetProblems(args: AccountBudgetArgs): string[] {
    const problems: string[] = [];
    if (!/^[^:\\]{1,100}$/.test(args.budgetName)) {
        problems.push(`budgetName must be 1-100 characters without ":" or "\\" (got "${args.budgetName}").`);
    }
    if (!(args.monthlyLimitUsd > 0)) {
        problems.push(`monthlyLimitUsd must be a positive amount (got ${args.monthlyLimitUsd}).`);
    }
    const emails = args.subscriberEmails ?? [];
    if (args.alarmTopicArn === undefined && emails.length === 0) {
        problems.push("alarmTopicArn or subscriberEmails must be set (got neither); a budget that alerts nobody goes unnoticed.");
    }
    if (emails.length > BUDGET_SUBSCRIBERS_MAX) {
        problems.push(`subscriberEmails must list at most ${BUDGET_SUBSCRIBERS_MAX} addresses, the AWS Budgets limit per notification (got ${emails.length}).`);
    }
    const thresholds = args.actualThresholdsPercent ?? defaultBudgetThresholdsPercent;
    const forecasts = (args.forecastAlert ?? true) ? 1 : 0;
    if (thresholds.length + forecasts > BUDGET_NOTIFICATIONS_MAX) {
        problems.push(`actualThresholdsPercent must list at most ${BUDGET_NOTIFICATIONS_MAX - forecasts} thresholds (got ${thresholds.length}); Budgets allows ${BUDGET_NOTIFICATIONS_MAX} notifications${forecasts ? " and one is the forecast" : ""}.`);
    }
    return problems;
}

/**
 * An account's monthly cost budget, the same for every account of the landing zone (management, genAI, data and
 * each application account): notifications when actual spend crosses 80 % and 100 % of the limit and when the month's
 * forecast exceeds it, to an SNS topic, to e-mail addresses, or both.
 */
export class AccountBudget extends pulumi.ComponentResource {
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: AccountBudgetArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:observability:AccountBudget", name, {}, opts);
        const problems = accountBudgetProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const emails = args.subscriberEmails ?? [];
        const subscribers = {
            ...(args.alarmTopicArn !== undefined ? { subscriberSnsTopicArns: [args.alarmTopicArn] } : {}),
            ...(emails.length > 0 ? { subscriberEmailAddresses: [...emails] } : {}),
        };
        const budget = new aws.budgets.Budget(`${name}-budget`, {
            accountId: args.accountId,
            name: args.budgetName,
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: args.monthlyLimitUsd.toFixed(2),
            limitUnit: "USD",
            ...(args.ownCostsOnly ? { costFilters: [{ name: "LinkedAccount", values: [args.accountId] }] } : {}),
            notifications: [
                ...(args.actualThresholdsPercent ?? defaultBudgetThresholdsPercent).map((threshold) => ({
                    notificationType: "ACTUAL",
                    comparisonOperator: "GREATER_THAN",
                    threshold,
                    thresholdType: "PERCENTAGE",
                    ...subscribers,
                })),
                // Accelerator capacity and NAT gateways bill by the hour: the forecast sees a month's bill early.
                ...((args.forecastAlert ?? true)
                    ? [{ notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", ...subscribers }]
                    : []),
            ],
        }, { parent: this });
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
