import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A model as its Bedrock metrics know it: by model ID, and by inference-profile ID when it is called through one. */
export interface MonitoredModel {
    readonly modelId: string;
    readonly inferenceProfileId?: string;
}

export interface GenaiMonitoringArgs {
    /** Region of the dashboard, the alarms and the metrics they read. */
    readonly region: string;
    readonly dashboardName: string;
    /** Prefix of alarm names: `<prefix>-throttles-<model>`. */
    readonly alarmNamePrefix: string;
    /** The environment's approved models; one throttle alarm and one error alarm each. */
    readonly models: readonly MonitoredModel[];
    /** Capacity reservations whose utilisation the dashboard shows, by key. @default none */
    readonly capacityReservationIds?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly alarmTopicArn: pulumi.Input<string>;
    /** Throttled invocations of one model in 5 minutes that raise its alarm. @default 10 */
    readonly throttlesPerFiveMinutes?: number;
    /** Failed invocations (client and server errors) of one model in 5 minutes that raise its alarm. @default 5 */
    readonly errorsPerFiveMinutes?: number;
}

/** Child-name and alarm-name key of a model: `anthropic.claude-haiku-4-5-20251001-v1:0` → `anthropic-claude-haiku-4-5-20251001-v1-0`. */
export function modelKey(modelId: string): string {
    return modelId.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** The `ModelId` dimension values a model's metrics appear under. */
export function metricModelIds(model: MonitoredModel): string[] {
    return model.inferenceProfileId ? [model.modelId, model.inferenceProfileId] : [model.modelId];
}

type MetricLine = (string | Record<string, unknown>)[];

interface DashboardWidget {
    readonly type: "metric";
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly properties: Record<string, unknown>;
}

const period = 300;

function bedrockMetrics(models: readonly MonitoredModel[], metricNames: readonly string[], stat: string): MetricLine[] {
    return models.flatMap((model) => metricModelIds(model).flatMap((id) =>
        metricNames.map((metric) => ["AWS/Bedrock", metric, "ModelId", id, { stat, label: `${metric} ${id}` }])));
}

/**
 * The dashboard body: invocations, input and output tokens, latency per model, throttles and errors, guardrail
 * interventions and capacity-reservation utilisation. Plain data, so that it is tested without a deployment.
 */
export function genaiDashboardBody(region: string, models: readonly MonitoredModel[], reservationIds: Readonly<Record<string, string>>): { widgets: DashboardWidget[] } {
    const panels: { title: string; metrics: MetricLine[]; stat?: string }[] = [
        { title: "Invocations by model", metrics: bedrockMetrics(models, ["Invocations"], "Sum") },
        { title: "Input and output tokens by model", metrics: bedrockMetrics(models, ["InputTokenCount", "OutputTokenCount"], "Sum") },
        { title: "Invocation latency by model (p90, ms)", metrics: bedrockMetrics(models, ["InvocationLatency"], "p90") },
        { title: "Throttles and errors by model", metrics: bedrockMetrics(models, ["InvocationThrottles", "InvocationClientErrors", "InvocationServerErrors"], "Sum") },
        {
            title: "Guardrail interventions",
            metrics: [[{ expression: "SEARCH('{AWS/Bedrock/Guardrails} MetricName=\"InvocationsIntervened\"', 'Sum', 300)", id: "interventions", label: "Interventions" }]],
        },
    ];
    const reservations = Object.keys(reservationIds).sort();
    if (reservations.length > 0) {
        panels.push({
            title: "Capacity reservation utilisation (%)",
            metrics: reservations.map((key) => ["AWS/EC2CapacityReservations", "InstanceUtilization", "CapacityReservationId", reservationIds[key], { stat: "Average", label: key }]),
        });
    }
    return {
        widgets: panels.map((panel, index) => ({
            type: "metric",
            x: (index % 2) * 12,
            y: Math.floor(index / 2) * 6,
            width: 12,
            height: 6,
            properties: { title: panel.title, region, view: "timeSeries", stacked: false, period, metrics: panel.metrics },
        })),
    };
}

/** Metric math over a model's IDs: the alarm fires on the model's total, however it is called. */
function modelAlarmQueries(model: MonitoredModel, metricNames: readonly string[]) {
    const ids = metricModelIds(model);
    const metrics = ids.flatMap((id, i) => metricNames.map((metricName, j) => ({
        id: `m${i}_${j}`,
        returnData: false,
        metric: { namespace: "AWS/Bedrock", metricName, dimensions: { ModelId: id }, period, stat: "Sum" },
    })));
    return [...metrics, { id: "total", expression: `SUM([${metrics.map((m) => m.id).join(", ")}])`, label: metricNames.join(" + "), returnData: true }];
}

/**
 * The environment's CloudWatch dashboard and, per approved model, an alarm on throttling and one on invocation
 * errors, both notifying the alarm topic.
 */
export class GenaiMonitoring extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;
    public readonly alarmArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: GenaiMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:observability:GenaiMonitoring", name, {}, opts);
        if (args.models.length === 0) {
            throw new pulumi.ResourceError("models must list at least one model (got none).", this);
        }
        const region = args.region;
        const reservationKeys = Object.keys(args.capacityReservationIds ?? {}).sort();
        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            region,
            dashboardName: args.dashboardName,
            dashboardBody: pulumi.all(reservationKeys.map((key) => pulumi.output(args.capacityReservationIds![key]))).apply((ids) =>
                JSON.stringify(genaiDashboardBody(region, args.models, Object.fromEntries(reservationKeys.map((key, i) => [key, ids[i]]))))),
        }, { parent: this });

        const alarmArns: Record<string, pulumi.Output<string>> = {};
        const alarm = (kind: "throttles" | "errors", model: MonitoredModel, metricNames: readonly string[], threshold: number, what: string) => {
            const key = `${kind}-${modelKey(model.modelId)}`;
            const metricAlarm = new aws.cloudwatch.MetricAlarm(`${name}-${key}`, {
                region,
                name: `${args.alarmNamePrefix}-${key}`,
                alarmDescription: `${what} of ${model.modelId} reached ${threshold} in 5 minutes.`,
                metricQueries: modelAlarmQueries(model, metricNames),
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold,
                evaluationPeriods: 1,
                treatMissingData: "notBreaching",
                alarmActions: [args.alarmTopicArn],
                okActions: [args.alarmTopicArn],
            }, { parent: this });
            alarmArns[key] = metricAlarm.arn;
        };
        for (const model of args.models) {
            alarm("throttles", model, ["InvocationThrottles"], args.throttlesPerFiveMinutes ?? 10, "Throttled invocations");
            alarm("errors", model, ["InvocationClientErrors", "InvocationServerErrors"], args.errorsPerFiveMinutes ?? 5, "Failed invocations");
        }

        this.dashboardName = dashboard.dashboardName;
        this.alarmArns = alarmArns;
        this.registerOutputs({ dashboardName: this.dashboardName, alarmArns });
    }
}
