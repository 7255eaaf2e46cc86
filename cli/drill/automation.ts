import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { environmentKey } from "../../accounts/validate";
import { activeRegionPath, FailoverWorkspace, StackState, UpOutcome } from "./execute";

/**
 * The FailoverWorkspace on a real stack, through the Automation API: a LocalWorkspace on this project's folder, so
 * `pulumi up` runs exactly the program and Pulumi.<stack>.yaml a user would. Needs the Pulumi CLI on PATH, a
 * logged-in backend and the deployment's AWS credentials.
 */

/** `up` started but went wrong, or the CLI could not be reached: the command exits 2 before changing anything. */
export class WorkspaceUnavailableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "WorkspaceUnavailableError";
    }
}

/** Steps that change a resource; "same", "read" and "refresh" do not. */
const changingOps: ReadonlySet<string> = new Set(["create", "update", "delete", "replace", "create-replacement", "delete-replaced", "import", "import-replacement"]);

function lastLines(text: string, count: number): string {
    return text.trim().split("\n").map((line) => line.trim()).filter(Boolean).slice(-count).join(" / ");
}

class AutomationFailoverWorkspace implements FailoverWorkspace {
    constructor(private readonly stack: Stack) {}

    async getActiveRegion(): Promise<string | undefined> {
        // The whole map, rather than `config get --path`, which fails for an unset value instead of saying so.
        const config = await this.stack.getAllConfig();
        const raw = config[environmentKey]?.value;
        if (raw === undefined) {
            throw new Error(`stack ${this.stack.name} has no ${environmentKey} config`);
        }
        const environment = JSON.parse(raw) as { activeRegion?: unknown };
        return typeof environment.activeRegion === "string" ? environment.activeRegion : undefined;
    }

    async setActiveRegion(region: string | undefined): Promise<void> {
        // By path: only activeRegion changes; the rest of the structured value and its comments stay as written.
        if (region === undefined) {
            await this.stack.removeConfig(activeRegionPath, true);
        } else {
            await this.stack.setConfig(activeRegionPath, { value: region }, true);
        }
    }

    async up(onOutput: (text: string) => void, message: string): Promise<UpOutcome> {
        const changes: Record<string, number> = {};
        const onEvent = (event: EngineEvent) => {
            const metadata = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
            if (metadata && changingOps.has(metadata.op)) {
                changes[metadata.op] = (changes[metadata.op] ?? 0) + 1;
            }
        };
        const operations = () => Object.values(changes).reduce((sum, count) => sum + count, 0);
        try {
            // --refresh: the switch wrote parameters outside Pulumi, so the state is read back before it is compared.
            await this.stack.up({ onOutput, onEvent, message, color: "never", refresh: true });
            return { ok: true, operations: operations(), changes };
        } catch (error) {
            return { ok: false, operations: operations(), changes, error: lastLines((error as Error)?.message ?? String(error), 3) };
        }
    }

    async describe(): Promise<StackState> {
        const [last] = await this.stack.history(1);
        const exported = await this.stack.exportStack();
        const pending = (exported.deployment as { pending_operations?: unknown[] } | undefined)?.pending_operations;
        return {
            lastUpdate: last && {
                kind: last.kind,
                result: last.result,
                version: last.version,
                resourceChanges: last.resourceChanges as Record<string, number> | undefined,
            },
            pendingOperations: Array.isArray(pending) ? pending.length : 0,
        };
    }
}

export async function openAutomationWorkspace(projectDir: string, stackName: string): Promise<FailoverWorkspace> {
    // Loaded only for --execute: planning and live checks must work where the Pulumi CLI is not installed.
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    try {
        const stack = await LocalWorkspace.selectStack({ stackName, workDir: projectDir });
        return new AutomationFailoverWorkspace(stack);
    } catch (error) {
        throw new WorkspaceUnavailableError(`--execute needs the Pulumi CLI, a logged-in backend and the stack ${stackName}: ${lastLines((error as Error)?.message ?? String(error), 2)}`);
    }
}
