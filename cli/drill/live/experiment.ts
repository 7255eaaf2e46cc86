import { FisClient, GetExperimentCommand, ListExperimentTemplatesCommand, StartExperimentCommand } from "@aws-sdk/client-fis";
import { PlannedExperiment } from "../inject";

/**
 * `lz drill <stack> --inject <experiment>` against AWS: the template is found by the Name tag the plan gives it (a
 * plan is made offline, so its template IDs are placeholders), started once per run (the run ID is the client
 * token, so a retried start cannot start a second experiment), and followed until FIS ends it.
 */

/** The tag every experiment lz starts carries, with the run ID: find a drill's experiments in FIS and CloudTrail. */
export const runTag = "lz-drill-run";

export type ExperimentEnd = "completed" | "stopped" | "failed" | "cancelled";

export interface ExperimentRun {
    /**
     * How it ended; or why it did not start (no or several templates of that name, an AWS error); or that it started
     * but could no longer be read (it may still be running).
     */
    readonly outcome: "not started" | "not followed" | ExperimentEnd;
    readonly experimentId?: string;
    readonly templateId?: string;
    /** FIS's reason for the end state (a stop condition's alarm, a failed action), or why it did not start. */
    readonly reason?: string;
}

export interface FollowOptions {
    /** Each state as FIS reports it, once per change. */
    readonly out: (line: string) => void;
    readonly sleep: (ms: number) => Promise<void>;
    /** Between two reads of the experiment's state. @default 10 s */
    readonly pollMs?: number;
}

const ended = new Set<string>(["completed", "stopped", "failed", "cancelled"]);

async function templateIdsNamed(fis: FisClient, name: string): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
        const page = await fis.send(new ListExperimentTemplatesCommand({ maxResults: 100, nextToken }));
        for (const template of page.experimentTemplates ?? []) {
            if (template.id && template.tags?.Name === name) {
                ids.push(template.id);
            }
        }
        nextToken = page.nextToken;
    } while (nextToken);
    return ids;
}

function messageOf(error: unknown): string {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Starts the experiment from its template and follows it until FIS ends it. AWS errors are outcomes, never thrown. */
export async function startAndFollow(fis: FisClient, experiment: PlannedExperiment, runId: string, options: FollowOptions): Promise<ExperimentRun> {
    let templates: string[];
    try {
        templates = await templateIdsNamed(fis, experiment.templateName);
    } catch (error) {
        return { outcome: "not started", reason: `could not list the experiment templates in ${experiment.region} (${messageOf(error)})` };
    }
    if (templates.length !== 1) {
        return {
            outcome: "not started",
            reason: templates.length === 0
                ? `no experiment template is named ${experiment.templateName} in ${experiment.region}; deploy the stack (\`pulumi up\`) before injecting its faults`
                : `${templates.length} experiment templates are named ${experiment.templateName} in ${experiment.region} (${templates.join(", ")}); delete the ones the stack does not manage`,
        };
    }
    const [templateId] = templates;
    let started;
    try {
        started = await fis.send(new StartExperimentCommand({ experimentTemplateId: templateId, clientToken: runId, tags: { [runTag]: runId } }));
    } catch (error) {
        return { outcome: "not started", templateId, reason: `FIS refused to start template ${templateId} (${messageOf(error)})` };
    }
    const experimentId = started.experiment?.id;
    if (!experimentId) {
        return { outcome: "not started", templateId, reason: "FIS accepted the start but returned no experiment ID" };
    }
    options.out(`  started ${experimentId} from template ${templateId} (tag ${runTag}=${runId})`);
    let status = started.experiment?.state?.status ?? "";
    let reason = started.experiment?.state?.reason;
    let shown = "";
    for (;;) {
        if (status !== shown) {
            options.out(`  ${status}${reason ? `: ${reason}` : ""}`);
            shown = status;
        }
        if (ended.has(status)) {
            return { outcome: status as ExperimentEnd, experimentId, templateId, ...(reason ? { reason } : {}) };
        }
        await options.sleep(options.pollMs ?? 10_000);
        let read;
        try {
            read = await fis.send(new GetExperimentCommand({ id: experimentId }));
        } catch (error) {
            return {
                outcome: "not followed", experimentId, templateId,
                reason: `could not read experiment ${experimentId} (${messageOf(error)}); it may still be running: aws fis get-experiment --region ${experiment.region} --id ${experimentId}`,
            };
        }
        status = read.experiment?.state?.status ?? status;
        reason = read.experiment?.state?.reason;
    }
}
