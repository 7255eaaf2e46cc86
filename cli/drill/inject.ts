import { PlanGraph, PlanResource, resourcesOfType } from "../engine/graph";

/**
 * `lz drill <stack> --inject <experiment>`: one of the stack's AWS FIS experiment templates, found in the plan by its
 * `lz-drill-experiment` tag (or its Name tag); live/experiment.ts starts and follows it, and `--print-commands` prints
 * the AWS CLI commands that do the same. Both find the template in AWS by the Name tag the plan gives it, not by the
 * plan's template ID: a plan is made offline, so every ID in it is a placeholder that only AWS assigns for real.
 */

export const experimentTemplateType = "aws:fis/experimentTemplate:ExperimentTemplate";
export const experimentTag = "lz-drill-experiment";

export interface PlannedExperiment {
    /** `pause-s3-replication`: the `lz-drill-experiment` tag. */
    readonly experiment: string;
    /** The template's Name tag, unique in the account and region. */
    readonly templateName: string;
    readonly region: string;
    /** The account the template is in, as the plan names it (`prod-genai`) and its role (`genai`). */
    readonly accountLabel: string;
    readonly accountRole?: string;
    readonly description: string;
    /** The FIS action each step runs (`aws:s3:bucket-pause-replication`). */
    readonly actionIds: string[];
    /** How many resources each target names. */
    readonly targets: string[];
    /** Names of the alarms that stop it (the plan's alarm names; their ARNs are placeholders offline). */
    readonly stopAlarms: string[];
}

/** A mistake in what was asked for: the CLI exits 2 with the message. */
export class InjectUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InjectUsageError";
    }
}

function experimentOf(graph: PlanGraph, resource: PlanResource): PlannedExperiment {
    const inputs = resource.inputs as {
        tags?: Record<string, string>;
        description?: string;
        region?: string;
        actions?: { actionId?: string }[];
        targets?: { name?: string; resourceType?: string; resourceArns?: unknown[] }[];
        stopConditions?: { source?: string; value?: string }[];
    };
    const alarmName = (arn: string | undefined) => graph.resources
        .find((candidate) => candidate.outputs.arn === arn && typeof candidate.inputs.alarmName === "string")?.inputs.alarmName as string | undefined ?? arn ?? "?";
    const account = graph.accounts.find((candidate) => candidate.id === resource.account);
    return {
        experiment: inputs.tags?.[experimentTag] ?? "",
        templateName: inputs.tags?.Name ?? resource.name,
        region: inputs.region ?? resource.region ?? "",
        accountLabel: account?.label ?? resource.account ?? "an unknown account",
        ...(account?.role ? { accountRole: account.role } : {}),
        description: inputs.description ?? "",
        actionIds: (inputs.actions ?? []).map((action) => action.actionId ?? "?"),
        targets: (inputs.targets ?? []).map((target) => `${target.resourceArns?.length ?? 0} ${target.resourceType ?? "resource"}`),
        stopAlarms: (inputs.stopConditions ?? []).filter((condition) => condition.source === "aws:cloudwatch:alarm").map((condition) => alarmName(condition.value)),
    };
}

/** The drill experiments the plan holds, in plan order. */
export function plannedExperiments(graph: PlanGraph): PlannedExperiment[] {
    return resourcesOfType(graph, experimentTemplateType)
        .map((resource) => experimentOf(graph, resource))
        .filter((experiment) => experiment.experiment !== "");
}

/** The experiment named by its tag or its template's Name tag; a usage error listing the others when none matches. */
export function resolveExperiment(graph: PlanGraph, name: string): PlannedExperiment {
    const experiments = plannedExperiments(graph);
    if (experiments.length === 0) {
        throw new InjectUsageError(`the plan of ${graph.stack} holds no fault-injection experiment templates: they are created only when dr.enabled is true (the experiments drill a failover).`);
    }
    const matches = experiments.filter((experiment) => experiment.experiment === name || experiment.templateName === name);
    if (matches.length === 0) {
        throw new InjectUsageError(`--inject ${name}: ${graph.stack} has ${experiments.map((experiment) => experiment.experiment).join(", ")}; name one of them.`);
    }
    if (matches.length > 1) {
        throw new InjectUsageError(`--inject ${name} matches ${matches.length} templates (${matches.map((experiment) => experiment.templateName).join(", ")}); name one by its template name.`);
    }
    return matches[0];
}

/** Double quotes for the shell: the names lz derives hold only letters, digits, `-`, `_`, `/` and `.`. */
function quoted(value: string): string {
    return `"${value.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** How many lines of injectInstructions describe the experiment (the rest are the commands). */
export const instructionHeaderLines = 4;

/** What `--inject --print-commands` prints: the experiment, then the commands that start and follow it. */
export function injectInstructions(stack: string, experiment: PlannedExperiment, runId: string): string[] {
    const region = experiment.region;
    const account = experiment.accountRole ? `the ${experiment.accountRole} account (${experiment.accountLabel})` : `account ${experiment.accountLabel}`;
    const query = `experimentTemplates[?tags.Name=='${experiment.templateName}'].id | [0]`;
    return [
        `${stack}: inject ${experiment.experiment} in ${region}, ${account}`,
        `  template ${experiment.templateName}: ${experiment.description}`,
        `  actions ${experiment.actionIds.join(", ")} on ${experiment.targets.join(", ")}`,
        `  ${experiment.stopAlarms.length > 0 ? `stops when ${experiment.stopAlarms.join(" or ")} fires` : "has NO stop condition: nothing halts it before its duration ends"}`,
        "",
        "With credentials of that account, run:",
        "",
        `  TEMPLATE_ID=$(aws fis list-experiment-templates --region ${region} --query ${quoted(query)} --output text)`,
        `  aws fis start-experiment --region ${region} --experiment-template-id "$TEMPLATE_ID" --tags lz-drill-run=${runId} --query experiment.id --output text`,
        "",
        "then follow it until its status is completed, stopped or failed (stop it early with `aws fis stop-experiment`):",
        "",
        `  aws fis get-experiment --region ${region} --id <the experiment ID printed above> --query experiment.state`,
    ];
}
