import { fork } from "child_process";
import * as path from "path";
import { findProjectRoot } from "../../accounts/project";
import { PlanGraph } from "./graph";
import type { PlanReply, PlanRequest, PlanStats } from "./worker";

export type { PlanStats };

/** A plan that could not be made; `kind` decides the exit code (config and unknown stack: 2). */
export class PlanError extends Error {
    constructor(public readonly kind: "config" | "unknown-stack" | "program", message: string) {
        super(message);
        this.name = "PlanError";
    }
}

export interface PlanOptions {
    /** Project folder; defaults to the one holding this tool. */
    readonly projectDir?: string;
    /** Use this stack config file instead of Pulumi.<stack>.yaml. */
    readonly configFile?: string;
    /** Receives what the plan cost (benchmarks). */
    readonly onStats?: (stats: PlanStats) => void;
}

const runningFromSources = __filename.endsWith(".ts");

/**
 * Runs the real program of `stack` under mocks, in a process of its own, and returns its resource graph.
 * From the sources (tests), the worker loads TypeScript through ts-node without type-checking (tsc does that).
 */
export function planStack(stack: string, options: PlanOptions = {}): Promise<PlanGraph> {
    const projectDir = options.projectDir ?? findProjectRoot(__dirname);
    const request: PlanRequest = { projectDir, stack, configFile: options.configFile, compiled: !runningFromSources };
    const worker = path.join(__dirname, runningFromSources ? "worker.ts" : "worker.js");
    const child = fork(worker, [], {
        cwd: projectDir,
        execArgv: runningFromSources ? ["-r", "ts-node/register/transpile-only"] : [],
        // The program's own console output goes to stderr so that `--json` stays parseable.
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        env: { ...process.env, TS_NODE_PROJECT: path.join(projectDir, "tsconfig.json") },
    });
    let stderr = "";
    child.stdout!.on("data", (chunk) => process.stderr.write(chunk));
    child.stderr!.on("data", (chunk) => { stderr += chunk; });
    return new Promise((resolve, reject) => {
        let settled = false;
        child.once("message", (reply: PlanReply) => {
            settled = true;
            if (reply.ok) {
                options.onStats?.(reply.stats);
                resolve(reply.graph);
            } else {
                reject(new PlanError(reply.kind, reply.message));
            }
        });
        child.once("exit", (code, signal) => {
            if (!settled) {
                reject(new PlanError("program", `the plan of stack "${stack}" stopped (exit ${code ?? signal}) before it finished:\n${stderr.trim()}`));
            }
        });
        child.send(request);
    });
}
