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

const spares: WorkerProcess[] = [];

/**
 * Starts `count` workers of the compiled program for plans of `projectDir` that this process is about to make. A
 * spare that no plan takes is left to end with this process: its worker exits when it loses its parent.
 */
export function startPlanWorkersEarly(count: number, projectDir = toolDir): void {
    for (let i = 0; i < count; i++) {
        const worker = start(projectDir, true);
        keepsAlive(worker, false);
        spares.push(worker);
    }
}

/** A worker for a plan now: a spare started early for the same project, else a new one. */
export function planWorker(projectDir: string, compiled: boolean): WorkerProcess {
    const index = spares.findIndex((spare) => spare.projectDir === projectDir && spare.compiled === compiled && spare.child.connected);
    if (index < 0) {
        return start(projectDir, compiled);
    }
    const [spare] = spares.splice(index, 1);
    keepsAlive(spare, true);
    return spare;
}

/** Commands that plan the stack they name, unless given a saved graph. */
const planningCommands = new Set(["plan", "check", "access", "cost"]);
/** Commands that plan the organization stack as well, for the claims of any other stack. */
const withOrganizationPlan = new Set(["check", "access"]);

/**
 * How many plans the command line `args` (after `lz`) starts at once, read without parsing it fully: a wrong guess
 * only costs a spare worker, or the time one would have saved.
 */
export function plansAhead(args: readonly string[], projectDir = toolDir): number {
    const words = args.filter((arg) => !arg.startsWith("-"));
    const [command, stack] = words;
    if (!planningCommands.has(command) || stack === undefined || args.some((arg) => ["--graph", "--help", "-h"].includes(arg.split("=")[0]))) {
        return 0;
    }
    if (!withOrganizationPlan.has(command)) {
        return 1;
    }
    let text = "";
    try {
        text = fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8");
    } catch {
        // Not a stack of the project: the command says so.
        return 0;
    }
    return /^\s*landing-zone:organization:/m.test(text) ? 1 : 2;
}
