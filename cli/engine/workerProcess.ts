/**
 * The plan worker's process (./worker.ts). A worker spends about a second loading the Pulumi runtime and
 * @pulumi/aws before it reads its request, so `lz` starts the workers a command will need as it starts itself
 * (startPlanWorkersEarly): they load while `lz` loads the command and validates the stack's config. This module
 * loads nothing else, so that the workers start first.
 */
import { ChildProcess, fork } from "child_process";
import * as fs from "fs";
import type { Socket } from "net";
import * as path from "path";
import { findProjectRoot } from "../../accounts/project";
import { inBackground } from "./priority";

export interface WorkerProcess {
    readonly child: ChildProcess;
    readonly projectDir: string;
    /** Whether it runs the compiled program (dist/) rather than the sources through ts-node. */
    readonly compiled: boolean;
    /** What it has written to stderr so far. */
    readonly stderr: () => string;
}

const toolDir = findProjectRoot(__dirname);

function start(projectDir: string, compiled: boolean): WorkerProcess {
    const worker = compiled ? path.join(toolDir, "dist", "cli", "engine", "worker.js") : path.join(__dirname, "worker.ts");
    const child = fork(worker, [], {
        cwd: projectDir,
        execArgv: compiled ? [] : ["-r", "ts-node/register/transpile-only"],
        // The program's own console output goes to stderr so that `--json` stays parseable.
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        env: { ...process.env, TS_NODE_PROJECT: path.join(projectDir, "tsconfig.json") },
    });
    let stderr = "";
    child.stdout!.on("data", (chunk) => process.stderr.write(chunk));
    child.stderr!.on("data", (chunk) => { stderr += chunk; });
    return { child, projectDir, compiled, stderr: () => stderr };
}

/** Whether the worker keeps this process running: a spare must not, nor hold up its exit. */
function keepsAlive(worker: WorkerProcess, keep: boolean): void {
    // Its pipes are sockets.
    const pipes = [worker.child.stdout, worker.child.stderr] as unknown as (Socket | null)[];
    for (const handle of [worker.child, worker.child.channel, ...pipes]) {
        if (keep) {
            handle?.ref();
        } else {
            handle?.unref();
        }
    }
}

/**
 * The priority a plan runs at: the stack the command names in the foreground, the organization stack that `lz check`
 * and `lz access` plan beside it in the background (./priority.ts).
 */
export type PlanPriority = "foreground" | "background";

interface Spare {
    readonly worker: WorkerProcess;
    readonly priority: PlanPriority;
}

const spares: Spare[] = [];

/**
 * Starts a worker of the compiled program for each plan of `projectDir` that this process is about to make, at that
 * plan's priority: a background plan's worker loads the runtime without slowing the foreground one's. A spare that no
 * plan takes is left to end with this process: its worker exits when it loses its parent.
 */
export function startPlanWorkersEarly(plans: readonly PlanPriority[], projectDir = toolDir): void {
    for (const priority of plans) {
        const worker = start(projectDir, true);
        if (priority === "background") {
            inBackground(worker.child.pid);
        }
        keepsAlive(worker, false);
        spares.push({ worker, priority });
    }
}

/**
 * A worker for a plan now: a spare started early for the same project, else a new one. A foreground plan never takes
 * a background spare, whose priority a process cannot raise back; a background plan prefers one.
 */
export function planWorker(projectDir: string, compiled: boolean, priority: PlanPriority = "foreground"): WorkerProcess {
    const fits = (spare: Spare) => spare.worker.projectDir === projectDir && spare.worker.compiled === compiled && spare.worker.child.connected;
    const preferred = spares.findIndex((spare) => fits(spare) && spare.priority === priority);
    const index = preferred >= 0 || priority === "foreground" ? preferred : spares.findIndex(fits);
    if (index < 0) {
        return start(projectDir, compiled);
    }
    const [spare] = spares.splice(index, 1);
    keepsAlive(spare.worker, true);
    return spare.worker;
}

/** Commands that plan the stack they name, unless given a saved graph. */
const planningCommands = new Set(["plan", "check", "access", "cost"]);
/** Commands that plan the organization stack as well, for the claims of any other stack. */
const withOrganizationPlan = new Set(["check", "access"]);

/**
 * The plans the command line `args` (after `lz`) starts at once, with their priorities, read without parsing it fully:
 * a wrong guess only costs a spare worker, or the time one would have saved.
 */
export function plansAhead(args: readonly string[], projectDir = toolDir): PlanPriority[] {
    const words = args.filter((arg) => !arg.startsWith("-"));
    const [command, stack] = words;
    if (!planningCommands.has(command) || stack === undefined || args.some((arg) => ["--graph", "--help", "-h"].includes(arg.split("=")[0]))) {
        return [];
    }
    if (!withOrganizationPlan.has(command)) {
        return ["foreground"];
    }
    let text = "";
    try {
        text = fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8");
    } catch {
        // Not a stack of the project: the command says so.
        return [];
    }
    return /^\s*landing-zone:organization:/m.test(text) ? ["foreground"] : ["foreground", "background"];
}
