import * as assert from "assert";
import { AccountBudget, AccountBudgetArgs, accountBudgetProblems } from "../../../components/observability/budget";
import { constructionError, runComponent } from "../../fixtures/componentHarness";

const account = "333333333333";
const topic = `arn:aws:sns:us-east-1:${account}:acme-ai-prod-genai-alarms`;
const base: AccountBudgetArgs = { accountId: account, budgetName: "acme-ai-prod-data-monthly", monthlyLimitUsd: 2500, subscriberEmails: ["data-platform@example.com"] };

const notification = (notificationType: string, threshold: number, subscribers: Record<string, string[]>) =>
    ({ notificationType, comparisonOperator: "GREATER_THAN", threshold, thresholdType: "PERCENTAGE", ...subscribers });

describe("AccountBudget (every account's budget)", () => {
    it("alerts e-mail subscribers at 80 % and 100 % of actual spend and on the forecast, for the account's own costs", async () => {
        const run = await runComponent((opts) => new AccountBudget("prod-data-budget", base, opts), { accountId: account });
        assert.deepStrictEqual(run.resources.map((r) => `${r.type} ${r.name}`), [
            "lz:observability:AccountBudget prod-data-budget",
            "aws:budgets/budget:Budget prod-data-budget-budget",
        ]);
        const emails = { subscriberEmailAddresses: ["data-platform@example.com"] };
        assert.deepStrictEqual(run.named("prod-data-budget-budget").inputs, {
            accountId: account,
            name: "acme-ai-prod-data-monthly",
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: "2500.00",
            limitUnit: "USD",
            notifications: [notification("ACTUAL", 80, emails), notification("ACTUAL", 100, emails), notification("FORECASTED", 100, emails)],
        });
    });

    it("notifies a topic and e-mail addresses together, and filters the management account's budget to its own costs", async () => {
        const run = await runComponent((opts) => new AccountBudget("management-budget", {
            ...base, budgetName: "acme-ai-management-monthly", alarmTopicArn: topic, ownCostsOnly: true, forecastAlert: false,
        }, opts), { accountId: account });
        const inputs = run.named("management-budget-budget").inputs;
        const both = { subscriberSnsTopicArns: [topic], subscriberEmailAddresses: ["data-platform@example.com"] };
        assert.deepStrictEqual(inputs.notifications, [notification("ACTUAL", 80, both), notification("ACTUAL", 100, both)]);
        assert.deepStrictEqual(inputs.costFilters, [{ name: "LinkedAccount", values: [account] }]);
    });

    const cases: [string, Partial<AccountBudgetArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["nobody to alert", { subscriberEmails: [] }, ["alarmTopicArn or subscriberEmails must be set (got neither); a budget that alerts nobody goes unnoticed."]],
        ["more e-mail subscribers than Budgets allows", { subscriberEmails: Array.from({ length: 11 }, (_, i) => `owner-${i}@example.com`) },
            ["subscriberEmails must list at most 10 addresses, the AWS Budgets limit per notification (got 11)."]],
        ["a name Budgets refuses", { budgetName: "acme:prod" }, ['budgetName must be 1-100 characters without ":" or "\\" (got "acme:prod").']],
        ["five thresholds without the forecast", { actualThresholdsPercent: [50, 60, 70, 80, 90], forecastAlert: false }, []],
        ["six thresholds without the forecast", { actualThresholdsPercent: [40, 50, 60, 70, 80, 90], forecastAlert: false },
            ["actualThresholdsPercent must list at most 5 thresholds (got 6); Budgets allows 5 notifications."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(accountBudgetProblems({ ...base, ...change }), expected));
    }

    it("refuses bad arguments before creating anything", async () => {
        assert.strictEqual(await constructionError(() => new AccountBudget("bad", { ...base, subscriberEmails: [], monthlyLimitUsd: -1 })),
            "monthlyLimitUsd must be a positive amount (got -1). alarmTopicArn or subscriberEmails must be set (got neither); a budget that alerts nobody goes unnoticed.");
    });
});
