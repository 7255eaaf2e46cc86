import * as fs from "fs";
import * as path from "path";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ConfigError } from "../../accounts/problems";
import { findProjectRoot } from "../../accounts/project";
import { ThrottlingRetryOptions } from "../../accounts/resolver";
import { isKnownRegion, partitionOf } from "../../accounts/regions";
import { accountKey } from "../../accounts/naming";
import { OrganizationConfig } from "../../accounts/schema";
import { Environment, environmentKey } from "../../accounts/validate";
import { PlanGraph, planSchemaVersion } from "../engine/graph";
import { planStack, PlanError } from "../engine/plan";
import { loadStack, LoadedStack, projectName, UnknownStackError } from "../engine/stackFiles";
import { CheckResult, failures, PhaseName, PhaseResult } from "./checks";
import { executeFailover, ExecuteResult, FailoverWorkspace } from "./execute";
import { executeSwitch, FailoverResult } from "./failover";
import { formatPhase, formatSteps } from "./format";
import { injectInstructions, InjectUsageError, instructionHeaderLines, resolveExperiment } from "./inject";
import { startAndFollow } from "./live/experiment";
import { awsCall } from "./live/call";
import { drillLockName, SwitchContext } from "./switch";
import { readDrOutputs } from "./inventory";
import { accountChecks, AccountIdsFileError, readAccountIdsFile, resolveLiveAccounts } from "./live/accounts";
import { liveAccountKeys, liveChecks } from "./live/checks";
import { assumeRoleClientFactory, DrillClientFactory } from "./live/clients";
import { assumeInvokeRoleFactory, InvokeClientFactory, invokeSessions } from "./live/invokeSession";
import { KnowledgeBaseChoice } from "./measure";
import { knowledgeBaseFromStackOutputs, StackOutputsFileError } from "./stackOutputs";
import { runLiveChecks } from "./live/run";
import { simulatedTargetAccessClaims } from "./simulatedClaims";
import { accessClaimChecks, TargetAccessClaims } from "./claims";
import { Readiness, readinessChecks } from "./readiness";
import { DrillOptions, defaultTimeoutSeconds } from "./options";
import { configRevision, DrillMode, DrillReport, reportVersion, rtoRecord, sha256File, WrittenReport, writeReport } from "./report";

/**
 * `lz drill <stack> --to <region>`: readiness from the plan graph (offline), `--live` read-only checks in AWS, and
 * `--execute` to fail over through the Automation API. Every run that gets past its arguments writes a report.
 */

/** A mistake in how the command was called or configured: exit 2, no report. */
export class DrillUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DrillUsageError";
    }
}

export type { DrillOptions } from "./options";

export interface DrillDependencies {
    readonly projectDir: string;
    /** Tables, the report's location and, on success, the verdict. */
    readonly out: (text: string) => void;
    /** Progress of live checks. */
    readonly err: (text: string) => void;
    /** `pulumi up`'s output, passed through as it comes. @default process.stderr */
    readonly stream?: (text: string) => void;
    /** @default the system clock */
    readonly now?: () => Date;
    /** @default planStack */
    readonly plan?: (stack: string, configFile?: string) => Promise<PlanGraph>;
    /** @default clients that assume the environment's access role */
    readonly clientFactory?: (environment: Environment, timeoutMs: number) => DrillClientFactory;
    /** For account IDs not in config or --account-ids. @default a client in the organization's home region */
    readonly organizationsClient?: (organization: OrganizationConfig) => OrganizationsClient;
    /** @default the Automation API on the project folder */
    readonly openWorkspace?: (projectDir: string, stack: string) => Promise<FailoverWorkspace>;
    readonly retry?: ThrottlingRetryOptions;
    /** Waits between end-to-end attempts and canary reads of --execute. @default setTimeout */
    readonly sleep?: (ms: number) => Promise<void>;
    /** Decides the target region's access claims over the planned policies. @default none: the claims are reported as not evaluated */
    readonly accessClaims?: TargetAccessClaims;
    /** Who the end-to-end calls of --execute run as. @default each application's invoke role, assumed with STS from the caller's credentials */
    readonly invokeClientFactory?: (environment: Environment, timeoutMs: number) => InvokeClientFactory;
}

export interface DrillOutcome {
    readonly exitCode: number;
    readonly summary: string;
    readonly report: DrillReport;
    readonly files: WrittenReport;
}

function usage<T>(action: () => T): T {
    try {
        return action();
    } catch (error) {
        if (error instanceof ConfigError || error instanceof UnknownStackError || error instanceof AccountIdsFileError || error instanceof StackOutputsFileError) {
            throw new DrillUsageError(error.message);
        }
        throw error;
    }
}

function readGraphFile(file: string, stack: string): PlanGraph {
    let graph: PlanGraph;
    try {
        graph = JSON.parse(fs.readFileSync(file, "utf8")) as PlanGraph;
    } catch (error) {
        throw new DrillUsageError(`--graph ${file}: ${(error as Error).message}`);
    }
    if (graph?.schemaVersion !== planSchemaVersion || !Array.isArray(graph.resources) || typeof graph.outputs !== "object") {
        throw new DrillUsageError(`--graph ${file} is not a plan graph of schema version ${planSchemaVersion}; save one with \`lz plan ${stack} --json > ${path.basename(file)}\`.`);
    }
    if (graph.stack !== stack) {
        throw new DrillUsageError(`--graph ${file} is the plan of stack "${graph.stack}", not "${stack}".`);
    }
    return graph;
}

function organizationOf(projectDir: string, environment: Environment): OrganizationConfig | undefined {
    try {
        const loaded = loadStack(projectDir, environment.organizationStack.split("/").pop()!);
        return loaded.config.kind === "organization" ? loaded.config.organization : undefined;
    } catch {
        return undefined;
    }
}

function phase(name: PhaseName, scope: string, startedAt: Date, finishedAt: Date, checks: CheckResult[]): PhaseResult {
    return { name, scope, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), checks };
}

/** The drill's AWS clients: the environment's access role assumed in each account, unless the caller hands a factory in. */
function drillClientFactory(deps: Pick<DrillDependencies, "clientFactory">, environment: Environment, timeoutMs: number): DrillClientFactory {
    return (deps.clientFactory ?? ((env, ms) => assumeRoleClientFactory({
        partition: partitionOf(env.primaryRegion),
        roleName: env.accessRoleName,
        sessionName: `lz-drill-${env.name}`,
        requestTimeoutMs: ms,
    })))(environment, timeoutMs);
}

/** The real IDs of the environment's accounts `keys`: from config, `--account-ids`, or the organization's Organizations. */
function resolveDrillAccounts(
    deps: Pick<DrillDependencies, "projectDir" | "organizationsClient" | "retry">,
    environment: Environment,
    keys: string[],
    accountIdsFile: string | undefined,
    idsFromFile: Map<string, string> | undefined,
): ReturnType<typeof resolveLiveAccounts> {
    const organization = organizationOf(deps.projectDir, environment);
    return resolveLiveAccounts({
        environment,
        keys,
        fromFile: idsFromFile,
        fileName: accountIdsFile && path.basename(accountIdsFile),
        organization,
        organizationsClient: organization && (() => deps.organizationsClient?.(organization) ?? new OrganizationsClient({ region: organization.homeRegion })),
        retry: deps.retry,
    });
}

function timeoutMsOf(option: string | undefined): number {
    if (option === undefined) {
        return defaultTimeoutSeconds * 1000;
    }
    const seconds = Number(option);
    if (!Number.isFinite(seconds) || seconds <= 0) {
        throw new DrillUsageError(`--timeout must be a number of seconds above 0 (got "${option}").`);
    }
    return seconds * 1000;
}

/**
 * Where a drill may go, decided before anything is planned: failover to the DR region from the primary, failback to
 * the primary from the DR region. Anything else is a mistake in the command line, not an unready environment.
 */
function targetUsage(environment: Environment, options: DrillOptions, target: string, configFile: string): void {
    const env = environment;
    const file = path.basename(configFile);
    const active = `${environmentKey}.activeRegion in ${file}`;
    if (options.failback && options.to !== undefined && options.to !== env.primaryRegion) {
        throw new DrillUsageError(`--failback returns to the primary region ${env.primaryRegion}, not ${options.to}: drop --to, or drill a failover with --to ${env.drRegion} without --failback.`);
    }
    if (!env.dr.enabled) {
        return;
    }
    if (target !== env.primaryRegion && target !== env.drRegion) {
        throw new DrillUsageError(`--to ${target} is not ${env.name}'s DR region ${env.drRegion} (${environmentKey}.drRegion) nor its primary region ${env.primaryRegion}: drill with --to ${env.drRegion}.`);
    }
    if (target === env.activeRegion) {
        const way = target === env.primaryRegion
            ? `it is active in its primary region (${active}), so there is nothing to fail back from: drill the failover with --to ${env.drRegion}`
            : `it is already active in ${target} (${active}): drill the way back with --failback`;
        throw new DrillUsageError(`${env.name} cannot ${options.failback || target === env.primaryRegion ? "fail back" : "fail over"} to ${target}: ${way}.`);
    }
}

/** Options `--inject` stands alone from: it starts one experiment, and the drill that watches it is another run. */
const notWithInject: readonly [keyof DrillOptions, string][] = [
    ["to", "--to"], ["failback", "--failback"], ["live", "--live"], ["execute", "--execute"], ["reconcile", "--reconcile"],
    ["knowledgeBaseId", "--knowledge-base-id"], ["stackOutputs", "--stack-outputs"], ["reportDir", "--report-dir"],
];

/** Why a drill refuses a stack that is not an environment, with the stack to drill instead. */
function notAnEnvironment(stack: string, config: LoadedStack["config"]): string {
    return config.kind === "application"
        ? `Stack "${stack}" is an application stack of ${config.application.environmentStack}; a failover switches a whole environment: run \`lz drill ${config.application.environmentStack.split("/").pop()}\`, which plans its application stacks with it.`
        : `Stack "${stack}" is the organization stack; drills run on environment stacks (dev, staging, prod).`;
}

/**
 * `--inject <experiment>`: finds the experiment template in the stack's plan, then starts it in AWS with the
 * environment's access role in the template's account and follows it until FIS ends it: exit 0 when it completed,
 * 1 when it was stopped (a stop condition's alarm fired), failed or could not start. `--print-commands` prints the
 * AWS CLI commands that do the same instead, for credentials lz does not hold.
 */
export async function runInject(
    stack: string,
    options: DrillOptions,
    deps: Pick<DrillDependencies, "projectDir" | "out" | "now" | "plan" | "clientFactory" | "organizationsClient" | "sleep">,
): Promise<number> {
    const experimentName = options.inject!;
    const conflicting = notWithInject.filter(([key]) => options[key] !== undefined && options[key] !== false).map(([, flag]) => flag);
    if (conflicting.length > 0) {
        throw new DrillUsageError(`--inject starts one fault-injection experiment and takes no ${conflicting.join(", ")}: run the experiment first, then \`lz drill ${stack} --to <DR region> --live\` to see how the environment takes it.`);
    }
    if (options.printCommands && (options.accountIds !== undefined || options.timeout !== undefined)) {
        throw new DrillUsageError("--print-commands calls nothing in AWS, so it takes no --account-ids or --timeout.");
    }
    const loaded: LoadedStack = usage(() => loadStack(deps.projectDir, stack, options.configFile));
    if (loaded.config.kind !== "environment") {
        throw new DrillUsageError(notAnEnvironment(stack, loaded.config));
    }
    const environment = loaded.config.environment;
    const timeoutMs = timeoutMsOf(options.timeout);
    const idsFromFile = options.accountIds !== undefined ? usage(() => readAccountIdsFile(options.accountIds!, environment)) : undefined;
    let graph: PlanGraph;
    try {
        graph = options.graph ? readGraphFile(options.graph, stack) : await (deps.plan ?? ((name, file) => planStack(name, { projectDir: deps.projectDir, configFile: file })))(stack, options.configFile);
    } catch (error) {
        if (error instanceof PlanError && error.kind !== "program") {
            throw new DrillUsageError(error.message);
        }
        throw error;
    }
    let experiment;
    try {
        experiment = resolveExperiment(graph, experimentName);
    } catch (error) {
        if (error instanceof InjectUsageError) {
            throw new DrillUsageError(error.message);
        }
        throw error;
    }
    const startedAt = (deps.now ?? (() => new Date()))();
    const runId = `${stack}-${startedAt.toISOString().replace(/[:.]/g, "-")}`;
    const instructions = injectInstructions(stack, experiment, runId);
    if (options.printCommands) {
        instructions.forEach((line) => deps.out(line));
        return 0;
    }
    // The experiment, as the commands would describe it; then what FIS does with it.
    instructions.slice(0, instructionHeaderLines).forEach((line) => deps.out(line));
    const [account] = await resolveDrillAccounts(deps, environment, [accountKey(experiment.accountRole === "data" ? "data" : "genai")], options.accountIds, idsFromFile);
    if (!account.id) {
        deps.out(`not started: ${account.source}`);
        return 1;
    }
    const fis = drillClientFactory(deps, environment, timeoutMs).clients(account.id, experiment.region).fis;
    const run = await startAndFollow(fis, experiment, runId, { out: deps.out, sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) });
    if (run.outcome === "completed") {
        deps.out(`completed: ${experiment.experiment} ran to its end in ${experiment.region}; run \`lz drill ${stack} --to ${environment.drRegion} --live\` to see how the environment took it.`);
        return 0;
    }
    deps.out(`${run.outcome}: ${experiment.experiment} in ${experiment.region}${run.reason ? `: ${run.reason}` : ""}.`);
    return 1;
}

export async function runDrill(stack: string, options: DrillOptions, deps: DrillDependencies): Promise<DrillOutcome> {
    const now = deps.now ?? (() => new Date());
    const startedAt = now();
    const projectDir = deps.projectDir;

    // Arguments and config first: a mistake here exits 2 before anything is planned, read or changed.
    const timeoutMs = timeoutMsOf(options.timeout);
    if (options.to !== undefined && !isKnownRegion(options.to)) {
        throw new DrillUsageError(`--to must be an AWS region name such as "us-west-2" (got "${options.to}").`);
    }
    if (options.to === undefined && !options.failback) {
        throw new DrillUsageError("say where to drill: --to <region> (the DR region), or --failback to return to the primary region.");
    }
    if (options.execute && options.reconcile) {
        throw new DrillUsageError("--execute and --reconcile are two steps: --execute switches in the target region now, --reconcile updates the stack once the other region answers; give one.");
    }
    if (options.accountIds !== undefined && !options.live && !options.execute && !options.reconcile) {
        throw new DrillUsageError("--account-ids is only used with --live, --execute or --reconcile.");
    }
    if (options.knowledgeBaseId !== undefined && !options.execute) {
        throw new DrillUsageError("--knowledge-base-id is only used with --execute (for its end-to-end Retrieve).");
    }
    if (options.stackOutputs !== undefined && !options.execute) {
        throw new DrillUsageError("--stack-outputs is only used with --execute (for the knowledge base ID of its end-to-end Retrieve).");
    }
    const loaded: LoadedStack = usage(() => loadStack(projectDir, stack, options.configFile));
    if (loaded.config.kind !== "environment") {
        throw new DrillUsageError(notAnEnvironment(stack, loaded.config));
    }
    const environment = loaded.config.environment;
    const target = options.to ?? environment.primaryRegion;
    targetUsage(environment, options, target, loaded.file);
    // The knowledge base's ID is AWS's: the override, else the deployed stack's outputs, else no Retrieve (said so).
    const knowledgeBase: KnowledgeBaseChoice = options.knowledgeBaseId !== undefined
        ? { id: options.knowledgeBaseId, source: "--knowledge-base-id" }
        : options.execute && options.stackOutputs !== undefined
            ? usage(() => knowledgeBaseFromStackOutputs(options.stackOutputs!, stack, target))
            : { source: `the knowledge base's ID in ${target} is assigned by AWS and the offline plan holds only a placeholder; pass --stack-outputs (\`pulumi stack output --json -s ${stack}\`) or --knowledge-base-id to include retrieval` };
    const idsFromFile = options.accountIds !== undefined ? usage(() => readAccountIdsFile(options.accountIds!, environment)) : undefined;
    const workspace = options.reconcile
        ? await (deps.openWorkspace ?? (await import("./automation")).openAutomationWorkspace)(projectDir, stack).catch((error: Error) => {
            throw new DrillUsageError(error.message);
        })
        : undefined;
    const revision = configRevision(projectDir, loaded.file);
    const configFileName = path.basename(loaded.file);

    let graph: PlanGraph;
    try {
        graph = options.graph ? readGraphFile(options.graph, stack) : await (deps.plan ?? ((name, file) => planStack(name, { projectDir, configFile: file })))(stack, options.configFile);
    } catch (error) {
        if (error instanceof PlanError && error.kind !== "program") {
            throw new DrillUsageError(error.message);
        }
        throw error;
    }

    // Readiness, always.
    const rawEnvironment = loaded.values[environmentKey] as { dr?: { enabled?: unknown } } | undefined;
    const readinessStarted = now();
    const readiness: Readiness = readinessChecks({
        graph,
        environment,
        catalogue: loaded.catalogue,
        configFileName,
        drEnabledIsSet: rawEnvironment?.dr?.enabled !== undefined,
        target,
        failback: Boolean(options.failback),
    });
    const drOutputs = readDrOutputs(graph);
    const inventory = drOutputs.ok ? drOutputs.inventory : [];
    if (!readiness.drDisabled && drOutputs.ok) {
        readiness.checks.push(...await accessClaimChecks({ graph, inventory, environment, target }, deps.accessClaims));
    }
    const direction = readiness.direction;
    const phases: PhaseResult[] = [phase("readiness", "plan graph, offline", readinessStarted, now(), readiness.checks)];
    const mode: DrillMode = options.execute ? "execute" : options.reconcile ? "reconcile" : options.live ? "live" : "readiness";
    const verb = direction.kind === "failover" ? "fail over" : "fail back";
    const readinessFailed = failures(readiness.checks);

    const partition = partitionOf(environment.primaryRegion);
    const clientFactory = drillClientFactory(deps, environment, timeoutMs);
    // Resolved once per drill: preflight and verify read the same accounts, and Organizations' quota is shared.
    let accountsOnce: ReturnType<typeof resolveLiveAccounts> | undefined;
    const liveAccounts = () => accountsOnce ??= resolveDrillAccounts(deps, environment, liveAccountKeys(inventory), options.accountIds, idsFromFile);
    const runLivePhase = async (name: PhaseName, expectActiveRegion?: string, unreachableTolerated?: string): Promise<PhaseResult> => {
        const started = now();
        deps.err(`${name}: checking ${stack} in AWS (${target}), read-only…`);
        const accounts = await liveAccounts();
        const checks = await runLiveChecks(liveChecks(inventory, environment.models, target, loaded.catalogue.models), {
            accounts,
            factory: clientFactory,
            partition,
            target,
            rpoMinutes: environment.dr.rpoMinutes,
            expectActiveRegion,
            unreachableTolerated,
            timeoutMs,
            retry: deps.retry,
            now,
            progress: deps.err,
        });
        return phase(name, `AWS in ${target}, read-only`, started, now(), [...accountChecks(accounts), ...checks]);
    };

    let summary: string;
    let ok: boolean;
    let execution: ExecuteResult | undefined;
    let failover: FailoverResult | undefined;
    const nothingToCheck = readiness.drDisabled || !drOutputs.ok;
    if (readiness.drDisabled) {
        summary = `not ready: ${readiness.checks[0].message}`;
        ok = false;
    } else if (mode === "readiness") {
        ok = readinessFailed.length === 0;
        const notEvaluated = readiness.checks.filter((check) => check.verdict === "skip").length;
        summary = ok
            ? `ready: ${stack} can ${verb} to ${target} (${readiness.checks.length - notEvaluated} readiness checks pass${notEvaluated > 0 ? `, ${notEvaluated} not evaluated` : ""})`
            : `not ready: ${readinessFailed.length} of ${readiness.checks.length} readiness checks fail; ${stack} cannot ${verb} to ${target} yet`;
    } else if (mode === "live") {
        const live = nothingToCheck ? undefined : await runLivePhase("live");
        if (live) {
            phases.push(live);
        }
        const liveFailed = live ? failures(live.checks) : [];
        const skipped = live ? live.checks.filter((check) => check.verdict === "skip").length : 0;
        ok = readinessFailed.length === 0 && live !== undefined && liveFailed.length === 0;
        summary = ok
            ? `ready: ${stack} can ${verb} to ${target} (${readiness.checks.length} readiness and ${live!.checks.length - skipped} live checks pass, ${skipped} not checked live)`
            : `not ready: ${[
                readinessFailed.length > 0 ? `${readinessFailed.length} of ${readiness.checks.length} readiness checks fail` : "",
                liveFailed.length > 0 ? `${liveFailed.length} of ${live!.checks.length} live checks fail in ${target}` : "",
                live === undefined ? "nothing to check live without a DR inventory" : "",
            ].filter(Boolean).join("; ")}`;
    } else if (readinessFailed.length > 0) {
        ok = false;
        summary = `not executed: ${readinessFailed.length} of ${readiness.checks.length} readiness checks fail; nothing was changed`;
    } else if (mode === "execute") {
        // Static stability: nothing below needs the region the environment leaves; checks that read it are skipped when it does not answer.
        const preflight = await runLivePhase("preflight", undefined, direction.from);
        phases.push(preflight);
        const preflightFailed = failures(preflight.checks);
        if (preflightFailed.length > 0) {
            ok = false;
            summary = `not executed: ${preflightFailed.length} of ${preflight.checks.length} live checks fail in ${target} before the switch; nothing was changed`;
        } else {
            const accounts = new Map((await liveAccounts()).map((account) => [account.key, account]));
            // Unresolved, the lock (in the genAI account) fails first and nothing runs.
            const genaiAccountId = accounts.get(accountKey("genai"))?.id;
            const context: SwitchContext = {
                now,
                clients(key: string, region: string) {
                    const account = accounts.get(key);
                    if (!account?.id) {
                        throw new Error(`account ${key} cannot be reached: ${account?.source ?? "it is not an account of this environment"}`);
                    }
                    return clientFactory.clients(account.id, region);
                },
                call: (operation, send) => awsCall(operation, send, { timeoutMs, retry: deps.retry }),
                progress: deps.err,
            };
            failover = await executeSwitch({
                context,
                stack,
                direction,
                inventory,
                decisionAt: startedAt,
                runId: `${stack}-${startedAt.toISOString().replace(/[:.]/g, "-")}`,
                lock: {
                    parameter: drillLockName(environment.namePrefix, environment.name),
                    region: target,
                    holder: `lz-drill-${environment.name} since ${startedAt.toISOString()} (${direction.kind} to ${target})`,
                },
                rpoMinutes: environment.dr.rpoMinutes,
                rtoMinutes: environment.dr.rtoMinutes,
                verify: () => runLivePhase("verify", target, direction.from),
                endToEnd: {
                    sessions: genaiAccountId ? invokeSessions(environment, partition, genaiAccountId) : [],
                    invokeClients: (deps.invokeClientFactory ?? ((env, ms) => assumeInvokeRoleFactory({ sessionName: `lz-drill-${env.name}`, requestTimeoutMs: ms })))(environment, timeoutMs),
                    knowledgeBase,
                },
                sleep: deps.sleep,
            });
            if (failover.verify) {
                phases.push(failover.verify);
            }
            ok = failover.outcome === "switched" && failover.rto?.withinObjective !== false && failover.rpo.withinObjective !== false;
            summary = failover.summary;
        }
    } else {
        const preflight = await runLivePhase("preflight");
        phases.push(preflight);
        const preflightFailed = failures(preflight.checks);
        if (preflightFailed.length > 0) {
            ok = false;
            summary = `not executed: ${preflightFailed.length} of ${preflight.checks.length} live checks fail in ${target} before the switch; nothing was changed`;
        } else {
            execution = await executeFailover({
                workspace: workspace!,
                stack,
                direction,
                primaryRegion: environment.primaryRegion,
                rtoMinutes: environment.dr.rtoMinutes,
                now,
                onOutput: deps.stream ?? ((text) => process.stderr.write(text)),
                verify: () => runLivePhase("verify", target),
            });
            if (execution.verify) {
                phases.push(execution.verify);
            }
            ok = execution.outcome === "switched" && execution.rto?.withinObjective !== false;
            summary = execution.summary;
        }
    }

    const exitCode = ok ? 0 : 1;
    const report: DrillReport = {
        reportVersion,
        project: projectName(projectDir),
        stack,
        environment: environment.name,
        mode,
        direction: direction.kind,
        fromRegion: direction.from,
        targetRegion: target,
        activeRegionBefore: execution?.originalActiveRegion ?? direction.activeRegion,
        startedAt: startedAt.toISOString(),
        finishedAt: now().toISOString(),
        verdict: ok ? "pass" : "fail",
        exitCode,
        summary,
        graphSource: options.graph ? `--graph ${options.graph}` : `lz plan ${stack}`,
        revision,
        ...(execution && execution.steps.some((step) => step.name === "set-config") ? { configSha256After: sha256File(loaded.file) } : {}),
        objectives: { rpoMinutes: environment.dr.rpoMinutes, rtoMinutes: environment.dr.rtoMinutes },
        rto: rtoRecord(mode, environment.dr.rtoMinutes, execution?.rto ?? failover?.rto),
        ...(failover ? { rpo: failover.rpo } : {}),
        phases,
        steps: execution?.steps ?? failover?.steps ?? [],
        ...(execution?.stackState ?? failover?.stackState ? { stackState: execution?.stackState ?? failover?.stackState } : {}),
    };
    const files = writeReport(report, options.reportDir ? path.resolve(options.reportDir) : path.join(projectDir, "drill-reports"));

    deps.out(`${stack}: ${direction.kind} ${direction.from} → ${target} (${mode})`);
    for (const done of phases) {
        deps.out(formatPhase(done));
    }
    if (execution ?? failover) {
        deps.out(formatSteps((execution ?? failover)!.steps));
    }
    const shown = path.relative(process.cwd(), files.json);
    deps.out(`report: ${shown.startsWith("..") ? files.json : shown} (and .md)`);
    if (ok) {
        deps.out(summary);
    }
    return { exitCode, summary, report, files };
}

interface Io {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
}

/**
 * The action of `lz drill`, defined with its options in the command line. `exitWith` builds the error the program's
 * main turns into an exit code and a message on stderr, so a failed drill ends with its one-line verdict there.
 */
export async function runDrillCommand(stack: string, options: DrillOptions, io: Io, exitWith: (code: number, message: string) => Error): Promise<void> {
    let outcome: DrillOutcome;
    try {
        if (options.inject !== undefined) {
            const code = await runInject(stack, options, { projectDir: findProjectRoot(__dirname), out: io.out });
            if (code !== 0) {
                throw exitWith(code, `lz drill ${stack} --inject ${options.inject}: the experiment did not complete (see above).`);
            }
            return;
        }
        outcome = await runDrill(stack, options, { projectDir: findProjectRoot(__dirname), out: io.out, err: io.err, accessClaims: simulatedTargetAccessClaims });
    } catch (error) {
        if (error instanceof DrillUsageError) {
            throw exitWith(2, error.message);
        }
        if (error instanceof PlanError) {
            throw exitWith(1, error.message);
        }
        throw error;
    }
    if (outcome.exitCode !== 0) {
        throw exitWith(outcome.exitCode, outcome.summary);
    }
}
