import * as assert from "assert";
import { accountBudgetProblems } from "../../../components/observability/budget";
import { alarmTopicPolicy, alarmTopicProblems, subscriptionKey } from "../../../components/observability/alarmTopic";
import { genaiDashboardBody, modelKey } from "../../../components/observability/genaiMonitoring";
import { documentOf, genaiAccountOf, one, under } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

const sonnet = "anthropic.claude-sonnet-4-6";
const titan = "amazon.titan-embed-text-v2:0";

describe("observability: pure parts", () => {
    it("names alarms and subscriptions by stable keys, never by position", () => {
        assert.strictEqual(modelKey(sonnet), "anthropic-claude-sonnet-4-6");
        assert.strictEqual(subscriptionKey({ protocol: "email", endpoint: "GenAI-Oncall@example.com" }), "email-genai-oncall-example-com");
        assert.strictEqual(subscriptionKey({ protocol: "https", endpoint: "https://events.example.com/aws/alarms" }), "https-events-example-com-aws-alarms");
    });

    it("draws invocations, tokens, latency, throttles and errors per model, guardrail interventions and capacity utilisation", () => {
        const body = genaiDashboardBody("us-east-1", [{ modelId: sonnet, inferenceProfileId: `us.${sonnet}` }, { modelId: titan }], { "chat-inference": "cr-0123" });
        assert.deepStrictEqual(body.widgets.map((w) => [w.properties.title, w.x, w.y, w.properties.region]), [
            ["Invocations by model", 0, 0, "us-east-1"],
            ["Input and output tokens by model", 12, 0, "us-east-1"],
            ["Invocation latency by model (p90, ms)", 0, 6, "us-east-1"],
            ["Throttles and errors by model", 12, 6, "us-east-1"],
            ["Guardrail interventions", 0, 12, "us-east-1"],
            ["Capacity reservation utilisation (%)", 12, 12, "us-east-1"],
        ]);
        assert.deepStrictEqual(body.widgets[0].properties.metrics, [
            ["AWS/Bedrock", "Invocations", "ModelId", sonnet, { stat: "Sum", label: `Invocations ${sonnet}` }],
            ["AWS/Bedrock", "Invocations", "ModelId", `us.${sonnet}`, { stat: "Sum", label: `Invocations us.${sonnet}` }],
            ["AWS/Bedrock", "Invocations", "ModelId", titan, { stat: "Sum", label: `Invocations ${titan}` }],
        ]);
        assert.deepStrictEqual((body.widgets[2].properties.metrics as unknown[][]).map((m) => [m[1], m[3], (m[4] as { stat: string }).stat]), [
            ["InvocationLatency", sonnet, "p90"], ["InvocationLatency", `us.${sonnet}`, "p90"], ["InvocationLatency", titan, "p90"],
        ]);
        assert.deepStrictEqual((body.widgets[3].properties.metrics as unknown[][]).map((m) => m[1]).slice(0, 3), ["InvocationThrottles", "InvocationClientErrors", "InvocationServerErrors"]);
        assert.deepStrictEqual(body.widgets[4].properties.metrics, [[{
            expression: "SEARCH('{AWS/Bedrock/Guardrails} MetricName=\"InvocationsIntervened\"', 'Sum', 300)", id: "interventions", label: "Interventions",
        }]]);
        assert.deepStrictEqual(body.widgets[5].properties.metrics, [["AWS/EC2CapacityReservations", "InstanceUtilization", "CapacityReservationId", "cr-0123", { stat: "Average", label: "chat-inference" }]]);
    });

    it("leaves the capacity panel out when the environment reserves nothing", () => {
        assert.strictEqual(genaiDashboardBody("us-east-1", [{ modelId: titan }], {}).widgets.length, 5);
    });

    it("lets only this account's alarms and budgets publish to the topic, over TLS", () => {
        const topic = "arn:aws:sns:us-east-1:123456789012:alarms";
        const policy = alarmTopicPolicy("aws", "123456789012", topic);
        assert.deepStrictEqual(policy.Statement.map((s) => [s.Sid, s.Effect, s.Principal, s.Condition]), [
            ["AllowTheAccountToManageAndPublish", "Allow", { AWS: "arn:aws:iam::123456789012:root" }, undefined],
            ["AllowCloudWatchAlarms", "Allow", { Service: "cloudwatch.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:*:123456789012:alarm:*" } }],
            ["AllowBudgets", "Allow", { Service: "budgets.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:*" } }],
            ["DenyInsecureTransport", "Deny", "*", { Bool: { "aws:SecureTransport": false } }],
        ]);
    });

    it("validates subscribers and budgets", () => {
        assert.deepStrictEqual(alarmTopicProblems({ region: "us-east-1", accountId: "1", topicName: "t", keyAlias: "alias/t", subscribers: [{ protocol: "email", endpoint: "a@example.com" }, { protocol: "email", endpoint: "A@example.com" }] }),
            ['subscribers lists "email-a-example-com" twice; subscribe each endpoint once.']);
        assert.deepStrictEqual(accountBudgetProblems({ accountId: "1", budgetName: "b", monthlyLimitUsd: 0, alarmTopicArn: "t" }), ["monthlyLimitUsd must be a positive amount (got 0)."]);
        assert.deepStrictEqual(accountBudgetProblems({ accountId: "1", budgetName: "b", monthlyLimitUsd: 10, alarmTopicArn: "t", actualThresholdsPercent: [50, 60, 70, 80, 90] }),
            ["actualThresholdsPercent must list at most 4 thresholds (got 5); Budgets allows 5 notifications and one is the forecast."]);
    });
});

describe("observability in the shipped stacks", () => {
    it("alarms on throttling and on errors of each prod model, summed over the model and its profile, to the alarm topic", async () => {
        const graph = await plan("prod");
        const topic = one(graph, "prod-genai-alarm-topic-us-east-1-topic");
        const alarms = under(graph, "prod-genai-monitoring-us-east-1-", "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepStrictEqual(alarms.map((a) => a.inputs.name).sort(), [
            "acme-ai-prod-genai-errors-amazon-titan-embed-text-v2-0",
            "acme-ai-prod-genai-errors-anthropic-claude-haiku-4-5-20251001-v1-0",
            "acme-ai-prod-genai-errors-anthropic-claude-sonnet-4-6",
            "acme-ai-prod-genai-throttles-amazon-titan-embed-text-v2-0",
            "acme-ai-prod-genai-throttles-anthropic-claude-haiku-4-5-20251001-v1-0",
            "acme-ai-prod-genai-throttles-anthropic-claude-sonnet-4-6",
        ]);
        const throttles = alarms.find((a) => a.inputs.name === "acme-ai-prod-genai-throttles-anthropic-claude-sonnet-4-6")!;
        assert.deepStrictEqual([throttles.inputs.threshold, throttles.inputs.comparisonOperator, throttles.inputs.evaluationPeriods, throttles.inputs.alarmActions, throttles.region],
            [10, "GreaterThanOrEqualToThreshold", 1, [topic.outputs.arn], "us-east-1"]);
        assert.deepStrictEqual(throttles.inputs.metricQueries, [
            { id: "m0_0", returnData: false, metric: { namespace: "AWS/Bedrock", metricName: "InvocationThrottles", dimensions: { ModelId: sonnet }, period: 300, stat: "Sum" } },
            { id: "m1_0", returnData: false, metric: { namespace: "AWS/Bedrock", metricName: "InvocationThrottles", dimensions: { ModelId: `us.${sonnet}` }, period: 300, stat: "Sum" } },
            { id: "total", expression: "SUM([m0_0, m1_0])", label: "InvocationThrottles", returnData: true },
        ]);
        const errors = alarms.find((a) => a.inputs.name === "acme-ai-prod-genai-errors-amazon-titan-embed-text-v2-0")!;
        assert.deepStrictEqual((errors.inputs.metricQueries as { id: string; expression?: string }[]).map((q) => q.expression ?? q.id), ["m0_0", "m0_1", "SUM([m0_0, m0_1])"]);
        assert.strictEqual(errors.inputs.threshold, 5);
    });

    it("shows prod's reservations on its dashboard", async () => {
        const graph = await plan("prod");
        const body = documentOf(one(graph, "prod-genai-monitoring-us-east-1-dashboard"), "dashboardBody");
        const capacity = body.widgets.find((w: { properties: { title: string } }) => w.properties.title === "Capacity reservation utilisation (%)");
        assert.deepStrictEqual(capacity.properties.metrics.map((m: unknown[]) => [m[3], (m[4] as { label: string }).label]), [
            [one(graph, "prod-genai-capacity-us-east-1-chat-inference").id, "chat-inference"],
            [one(graph, "prod-genai-capacity-us-east-1-search-embeddings").id, "search-embeddings"],
        ]);
        assert.strictEqual(one(graph, "prod-genai-monitoring-us-east-1-dashboard").inputs.dashboardName, "acme-ai-prod-genai");
    });

    it("encrypts the alarm topic with its own key and subscribes prod's on-call", async () => {
        const graph = await plan("prod");
        const topic = one(graph, "prod-genai-alarm-topic-us-east-1-topic");
        const key = one(graph, "prod-genai-alarm-topic-us-east-1-key-key");
        assert.strictEqual(topic.inputs.kmsMasterKeyId, key.outputs.arn);
        assert.deepStrictEqual(documentOf(key).Statement.map((s: { Sid: string; Principal: unknown }) => [s.Sid, s.Principal]), [
            ["EnableAccountAdministrationThroughIam", { AWS: `arn:aws:iam::${genaiAccountOf(graph)}:root` }],
            ["AllowCloudWatchAlarmsToPublish", { Service: "cloudwatch.amazonaws.com" }],
            ["AllowBudgetsToPublish", { Service: "budgets.amazonaws.com" }],
        ]);
        const subscriptions = under(graph, "prod-genai-alarm-topic-us-east-1-subscription-", "aws:sns/topicSubscription:TopicSubscription");
        assert.deepStrictEqual(subscriptions.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]), [
            ["prod-genai-alarm-topic-us-east-1-subscription-email-genai-oncall-example-com", "email", "genai-oncall@example.com", topic.outputs.arn],
            ["prod-genai-alarm-topic-us-east-1-subscription-https-events-example-com-aws-alarms", "https", "https://events.example.com/aws/alarms", topic.outputs.arn],
        ]);
    });

    it("budgets the genAI account monthly, alerting at 80 % and 100 % and on the forecast", async () => {
        const graph = await plan("prod");
        const budget = one(graph, "prod-genai-budget-budget");
        const topic = one(graph, "prod-genai-alarm-topic-us-east-1-topic").outputs.arn;
        assert.deepStrictEqual([budget.inputs.accountId, budget.inputs.name, budget.inputs.budgetType, budget.inputs.timeUnit, budget.inputs.limitAmount, budget.inputs.limitUnit, budget.region],
            [genaiAccountOf(graph), "acme-ai-prod-genai-monthly", "COST", "MONTHLY", "25000.00", "USD", "global"]);
        assert.deepStrictEqual(budget.inputs.notifications, [
            { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [topic] },
            { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [topic] },
            { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [topic] },
        ]);
    });
});
