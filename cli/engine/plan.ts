import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../accounts/problems";
import { findProjectRoot } from "../../accounts/project";
import * as os from "os";
import { applicationStackName, ownStackApplications } from "../../accounts/validate";
import { PlanGraph } from "./graph";
import { mergeEnvironmentPlans } from "./merge";
import { LoadedStack, loadStack, missingApplicationStackFiles, UnknownStackError } from "./stackFiles";
import { inBackground } from "./priority";
import { planWorker } from "./workerProcess";
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
    /** Receives what each stack's plan cost (benchmarks): an environment planned whole reports each of its stacks. */
    readonly onStats?: (stats: PlanStats, stack: string) => void;
    /** Plan in a new process even when plans are shared in this process (see sharePlansInThisProcess). */
    readonly fresh?: boolean;
    /**
     * Plan an environment stack alone, without the application stacks it has (`stack: own`). @default false: an
     * environment is planned whole, its application stacks merged into one graph (see mergeEnvironmentPlans)
     */
    readonly environmentOnly?: boolean;
    /** How many stacks plan at once. @default the number of CPUs */
    readonly concurrency?: number;
    /**
     * The plan runs beside one the caller needs first (the organization stack's, beside the stack an access check
     * is about): its processes run at a lower priority (see inBackground). @default false
     */
    readonly background?: boolean;
}

const runningFromSources = __filename.endsWith(".ts");
const toolDir = findProjectRoot(__dirname);

/** The folders whose compiled code a plan runs. */
const programFolders = ["accounts", "components", "stacks", "cli"];

let compiledIsCurrent: boolean | undefined;

/**
 * True when dist/ holds every source file of the program compiled after its last change. Running from the sources
 * (tests), the worker then loads the compiled program: the same code, about three times cheaper than through ts-node.
 */
function compiledProgramIsCurrent(): boolean {
    if (compiledIsCurrent !== undefined) {
        return compiledIsCurrent;
    }
    const current = (dir: string): boolean => fs.readdirSync(path.join(toolDir, dir), { withFileTypes: true }).every((entry) => {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return current(relative);
        }
        if (!entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) {
            return true;
        }
        const compiled = path.join(toolDir, "dist", relative.replace(/\.ts$/, ".js"));
        try {
            return fs.statSync(compiled).mtimeMs >= fs.statSync(path.join(toolDir, relative)).mtimeMs;
        } catch {
            return false;
        }
    });
    compiledIsCurrent = programFolders.every(current);
    return compiledIsCurrent;
}

let shared: Map<string, Promise<PlanGraph>> | undefined;

/**
 * Makes every later plan of the same stack and config file in this process reuse the first one's graph (each
 * caller gets its own copy). The test suite turns it on: a plan is a whole run of the program in a process of its
 * own, and hundreds of tests read the same four stacks.
 */
export function sharePlansInThisProcess(): void {
    shared ??= new Map();
}

function sharedKey(projectDir: string, stack: string, configFile?: string): string {
    const file = configFile ? path.resolve(configFile) : path.join(projectDir, `Pulumi.${stack}.yaml`);
    let version = "";
    try {
        const stat = fs.statSync(file);
        version = `${stat.mtimeMs}:${stat.size}`;
    } catch {
        // A missing file is reported by the plan itself.
    }
    return [projectDir, stack, file, version].join("\u0000");
}

/**
 * Runs the real program of `stack` under mocks, in a process of its own, and returns its resource graph.
 * The stack's config is validated here first, so that a config mistake is reported without starting a program.
 *
 * An application stack is planned after its environment stack, whose outputs answer its StackReference. An
 * environment with applications in stacks of their own is planned whole: the environment stack, then each
 * application stack, merged into one graph (unless `environmentOnly`), so that every check sees what the
 * environment lets happen across its stacks.
 */
export async function planStack(stack: string, options: PlanOptions = {}): Promise<PlanGraph> {
    const projectDir = options.projectDir ?? toolDir;
    let loaded: LoadedStack;
    try {
        loaded = loadStack(projectDir, stack, options.configFile);
    } catch (error) {
        throw validateFirst(error) ?? error;
    }
    const config = loaded.config;
    if (config.kind === "application") {
        const environmentStack = config.application.environmentStack;
        const environment = await planOne(environmentStack.split("/").pop()!, { ...options, configFile: undefined, projectDir });
        return planOne(stack, { ...options, projectDir }, { [environmentStack]: environment.outputs });
    }
    const own = config.kind === "environment" ? ownStackApplications(config.environment) : [];
    if (config.kind !== "environment" || own.length === 0 || options.environmentOnly) {
        return planOne(stack, { ...options, projectDir });
    }
    if (options.configFile) {
        throw new PlanError("config", `${path.basename(options.configFile)} deploys ${own.join(", ")} in stacks of their own, whose files name the environment's own stack file; plan it from its project folder, as Pulumi.${stack}.yaml, instead of with --config-file.`);
    }
    const missing = missingApplicationStackFiles(projectDir, stack, config.environment);
    if (missing.length > 0) {
        throw new PlanError("config", new ConfigError(missing.map(({ problem }) => problem)).message);
    }
    const environment = await planOne(stack, { ...options, projectDir });
    const references = { [stack]: environment.outputs };
    const applications = await inParallel(own, options.concurrency ?? os.cpus().length, (application) =>
        planOne(applicationStackName(stack, application), { ...options, projectDir, configFile: undefined }, references));
    return mergeEnvironmentPlans(environment, applications);
}

/** Runs `task` on every item, at most `limit` at once, and keeps the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const lane = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
    return results;
}

/** One stack's plan, shared in this process when plans are (see sharePlansInThisProcess). */
function planOne(stack: string, options: PlanOptions & { projectDir: string }, references?: Record<string, unknown>): Promise<PlanGraph> {
    if (!shared || options.fresh || options.onStats) {
        return planInWorker(stack, options.projectDir, options, references);
    }
    const key = sharedKey(options.projectDir, stack, options.configFile);
    let planned = shared.get(key);
    if (!planned) {
        planned = planInWorker(stack, options.projectDir, options, references);
        shared.set(key, planned);
    }
    return planned.then((graph) => structuredClone(graph));
}

/** A config mistake or an unknown stack as a PlanError; anything else is the program's to report, from its own process. */
function validateFirst(error: unknown): PlanError | undefined {
    if (error instanceof UnknownStackError) {
        return new PlanError("unknown-stack", error.message);
    }
    if (error instanceof ConfigError) {
        return new PlanError("config", error.message);
    }
    return undefined;
}

/**
 * One stack's plan in a process of its own. planStack has validated the stack it was asked for (and an application
 * stack's environment with it); an environment's application stacks are validated by the worker, which reports a
 * config mistake as such.
 */
function planInWorker(stack: string, projectDir: string, options: PlanOptions, references?: Record<string, unknown>): Promise<PlanGraph> {
    const compiled = !runningFromSources || compiledProgramIsCurrent();
    const request: PlanRequest = { projectDir, stack, configFile: options.configFile, compiled, references };
    const { child, stderr } = planWorker(projectDir, compiled, options.background ? "background" : "foreground");
    if (options.background) {
        // A foreground spare, or a new worker: lowered now.
        inBackground(child.pid);
    }
    return new Promise((resolve, reject) => {
        let settled = false;
        child.once("message", (reply: PlanReply) => {
            settled = true;
            if (reply.ok) {
                options.onStats?.(reply.stats, stack);
                resolve(reply.graph);
            } else {
                reject(new PlanError(reply.kind, reply.message));
            }
        });
        child.once("exit", (code, signal) => {
            if (!settled) {
                reject(new PlanError("program", `the plan of stack "${stack}" stopped (exit ${code ?? signal}) before it finished:\n${stderr().trim()}`));
            }
        });
        child.send(request);
    });
}
