/**
 * `lz check`: the policy pack run offline against a plan graph, started and driven exactly as `pulumi preview
 * --policy-pack` starts and drives it, so that what passes here passes there (given the same resources).
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../accounts/problems";
import { findProjectRoot } from "../../accounts/project";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { PlanGraph, planSchemaVersion, PlanResource } from "../engine/graph";
import { planStack } from "../engine/plan";
import { loadStack, projectName, readStackConfigValues } from "../engine/stackFiles";
import { analyzedResources, analyzeRequest, analyzeStackRequest, configureRequest, levelFromProto } from "./analyzerRequests";
import { EnforcementLevel, PolicyConfigMap, PolicyInfo, readPolicyConfigFile, reconcilePolicyConfig } from "./policyConfig";
import { PackEnvironment, PackLog, PolicyPackError, PolicyPackProcess } from "./policyPackProcess";
import type { ClaimResult, ClaimsReport } from "../../access";
import { evaluateStackClaims } from "../access/run";
import { Progress, silentProgress } from "../progress";

export interface CheckOptions {
    /** Project folder; defaults to the one holding this tool. */
    readonly projectDir?: string;
    /** The policy pack folder. @default `<project>/policies` */
    readonly packDir?: string;
    /** Policy config file (`--policy-config`). @default `policies/config/<environment>.json`, which must exist for a graph of one environment */
    readonly policyConfigFile?: string;
    /** Stack config file to plan with instead of Pulumi.<stack>.yaml (as `lz plan --config-file`). */
    readonly configFile?: string;
    /** Told about the steps that take time: planning, starting the pack, analyzing. @default silent */
    readonly progress?: Progress;
    /** Evaluate the stack's access claims beside the pack (`lz check <stack>`). @default true */
    readonly accessClaims?: boolean;
}

/** The check `lz check` runs beside the pack: every access claim of the stack holds (see docs/policy-pack.md). */
export const accessClaimsPolicy: CheckedPolicy = {
    name: "access-claims-hold",
    description: "Every access claim derived from the stack's config and model-catalogue.yaml holds when its request is evaluated with the IAM simulator over the planned identity, resource, VPC endpoint and organization policies (`lz access`).",
    enforcementLevel: "mandatory",
    configuredLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Run `npx lz access <stack>` to see the broken claim's request and the statement that decided it; change that statement (or the missing one) so the request gets the promised decision.",
    tags: ["access"],
    type: "stack",
};

function claimViolation(result: ClaimResult): Violation {
    const verdict = result.decision === "Allowed" ? "allowed" : "denied";
    const statements = result.decidedBy.map((d) => d.statement).join(" + ");
    return {
        policy: accessClaimsPolicy.name,
        level: "mandatory",
        severity: accessClaimsPolicy.severity,
        description: accessClaimsPolicy.description,
        message: `${result.claim.id}: ${result.claim.description}.\n` +
            `${result.claim.request.action} on ${result.claim.request.resource} by ${result.claim.request.principal} is ${verdict}, expected ${result.claim.expect}; ` +
            `decided by ${statements}${result.failedGuard ? ` (the ${result.failedGuard} layer alone lets it through)` : ""}.`,
    };
}

/** The pack's result with the access claims' verdict added as one more (mandatory) policy. */
export function withAccessClaims(result: CheckResult, report: ClaimsReport): CheckResult {
    return {
        ...result,
        policies: [...result.policies, accessClaimsPolicy].sort((a, b) => a.name.localeCompare(b.name)),
        violations: [...result.violations, ...report.results.filter((r) => !r.holds).map(claimViolation)],
    };
}

export interface Violation {
    readonly policy: string;
    /** The level the policy ran at: "mandatory" fails the check, "advisory" is reported only. */
    readonly level: "mandatory" | "advisory";
    readonly severity?: PolicyInfo["severity"];
    readonly description: string;
    /** What the policy found, without the policy's description that the SDK puts in front of it. */
    readonly message: string;
    /** The resource, or undefined for a stack-wide finding. */
    readonly urn?: string;
    readonly resourceType?: string;
    readonly resourceName?: string;
}

export interface CheckedPolicy extends PolicyInfo {
    /** The level after reconciling the pack's defaults with the policy config. */
    readonly configuredLevel: EnforcementLevel;
}

export interface CheckResult {
    readonly project: string;
    readonly stack: string;
    readonly environment?: string;
    readonly pack: { readonly name: string; readonly version: string; readonly dir: string };
    /** The policy config file used, relative to the project; undefined when none. */
    readonly policyConfigFile?: string;
    readonly policies: CheckedPolicy[];
    readonly violations: Violation[];
    readonly resourcesAnalyzed: number;
    readonly logs: PackLog[];
}

/** Stacks have exactly one organization here: the DIY backends' default, which the CLI passes as well. */
const organization = "organization";

const severityNames: Record<number, PolicyInfo["severity"]> = {
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** Reads a saved `lz plan --json` graph. */
export function readGraphFile(file: string): PlanGraph {
    let graph: Partial<PlanGraph>;
    try {
        graph = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<PlanGraph>;
    } catch (error) {
        throw new ConfigError([{ file: path.basename(file), path: "(file)", message: `cannot be read as a plan graph: ${(error as Error).message}` }]);
    }
    if (graph.schemaVersion !== planSchemaVersion || !Array.isArray(graph.resources) || typeof graph.stack !== "string" || typeof graph.project !== "string") {
        throw new ConfigError([{ file: path.basename(file), path: "schemaVersion", message: `must be a plan graph of schema version ${planSchemaVersion} as printed by \`lz plan --json\` (got ${JSON.stringify(graph.schemaVersion)}).` }]);
    }
    return graph as PlanGraph;
}

/** The environment a graph belongs to: "organization" for the organization stack, else its accounts' environment tag. */
export function environmentOf(graph: PlanGraph): string | undefined {
    if (graph.kind === "organization") {
        return "organization";
    }
    const environments = [...new Set(graph.accounts.map((account) => account.environment).filter((e): e is string => Boolean(e)))];
    return environments.length === 1 ? environments[0] : undefined;
}

/** The stack's config as the CLI hands it to a policy pack: `namespace:key` to text, structured values as JSON. */
function stackConfigFor(projectDir: string, stack: string, configFile?: string): Record<string, string> {
    const file = configFile ? path.resolve(configFile) : path.join(projectDir, `Pulumi.${stack.split("/").pop()}.yaml`);
    if (!fs.existsSync(file)) {
        return {};
    }
    return Object.fromEntries(Object.entries(readStackConfigValues(file)).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

function policyInfoOf(policy: analyzerProto.PolicyInfo): PolicyInfo {
    const schema = policy.getConfigschema();
    const type = policy.getPolicyType();
    return {
        name: policy.getName(),
        displayName: policy.getDisplayname() || undefined,
        description: policy.getDescription(),
        enforcementLevel: levelFromProto[policy.getEnforcementlevel()] ?? "advisory",
        severity: severityNames[policy.getSeverity()],
        remediationSteps: policy.getRemediationSteps() || undefined,
        url: policy.getUrl() || undefined,
        tags: policy.getTagsList(),
        type: type === analyzerProto.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : type === analyzerProto.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
        configSchema: schema ? {
            properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
            required: schema.getRequiredList(),
        } : undefined,
    };
}

function initialConfigOf(info: analyzerProto.AnalyzerInfo): PolicyConfigMap {
    const out: PolicyConfigMap = {};
    info.getInitialconfigMap().forEach((config, name) => {
        out[name] = {
            enforcementLevel: levelFromProto[config.getEnforcementlevel()],
            properties: config.getProperties()?.toJavaScript(),
        };
    });
    return out;
}

function violationsOf(
    response: analyzerProto.AnalyzeResponse,
    policies: ReadonlyMap<string, PolicyInfo>,
    byUrn: ReadonlyMap<string, PlanResource>,
    analyzedUrn?: string,
): Violation[] {
    return response.getDiagnosticsList().map((diagnostic) => {
        const description = diagnostic.getDescription();
        const raw = diagnostic.getMessage();
        const message = description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw;
        const urn = diagnostic.getUrn() || analyzedUrn;
        const resource = urn ? byUrn.get(urn) : undefined;
        // The SDK reports remediate-level violations as mandatory, and a policy that cannot run on an unknown value
        // as advisory; the CLI fails the update on mandatory only.
        const level = levelFromProto[diagnostic.getEnforcementlevel()] === "advisory" ? "advisory" : "mandatory";
        return {
            policy: diagnostic.getPolicyname(),
            level,
            severity: severityNames[diagnostic.getSeverity()] ?? policies.get(diagnostic.getPolicyname())?.severity,
            description,
            message,
            urn,
            resourceType: resource?.type,
            resourceName: resource?.name,
        };
    });
}

interface OpenPack {
    readonly pack: PolicyPackProcess;
    readonly packDir: string;
    readonly projectDir: string;
    /** Where the pack goes back when its check is done, when packs are kept running. */
    readonly poolKey?: string;
}

/** Started packs waiting for the next check of the same pack and stack, when packs are kept running. */
let idlePacks: Map<string, PolicyPackProcess[]> | undefined;

/**
 * Keeps each started pack running after its check, for the next check of the same pack folder and stack identity
 * in this process: Configure replaces a pack's whole policy config, so a check on a reused pack is the check on a
 * new one without its start (about a second). The test suite turns it on; `stopIdlePolicyPacks` ends them.
 */
export function keepPolicyPacksRunning(): void {
    idlePacks ??= new Map();
}

/** Stops every pack kept running by keepPolicyPacksRunning. */
export async function stopIdlePolicyPacks(): Promise<void> {
    const packs = [...(idlePacks?.values() ?? [])].flat();
    idlePacks?.clear();
    await Promise.all(packs.map((pack) => pack.stop()));
}

async function releasePack(open: OpenPack): Promise<void> {
    if (idlePacks && open.poolKey && open.pack.running) {
        open.pack.takeLogs();
        idlePacks.set(open.poolKey, [...(idlePacks.get(open.poolKey) ?? []), open.pack]);
        return;
    }
    await open.pack.stop();
}

/** Starts the pack for `stack` of `project` (before its plan exists: the pack needs only the stack's identity and config). */
async function openPack(project: string, stack: string, options: CheckOptions): Promise<OpenPack> {
    const projectDir = options.projectDir ?? findProjectRoot(__dirname);
    const packDir = path.resolve(options.packDir ?? path.join(projectDir, "policies"));
    let runPolicyPack: string;
    try {
        // As the CLI's pulumi-analyzer-policy shim: the runner is the one the pack's own folder resolves.
        runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        throw new PolicyPackError(`@pulumi/pulumi is not installed where the policy pack in ${packDir} can resolve it; run \`npm ci\` in ${projectDir}.`);
    }
    const manifestFile = path.join(packDir, "package.json");
    const manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { main?: string } : {};
    if (manifest.main && !fs.existsSync(path.join(packDir, manifest.main))) {
        throw new PolicyPackError(`the policy pack is not built (${path.join(packDir, manifest.main)} is missing); run \`npm ci\` or \`npm run build\` in ${projectDir}.`);
    }
    const environment: PackEnvironment = {
        project,
        stack,
        organization,
        dryRun: true,
        config: stackConfigFor(projectDir, stack, options.configFile),
    };
    const poolKey = JSON.stringify([packDir, environment]);
    const idle = idlePacks?.get(poolKey)?.shift();
    if (idle) {
        return { pack: idle, packDir, projectDir, poolKey };
    }
    const pack = await PolicyPackProcess.start(packDir, runPolicyPack, environment);
    try {
        await pack.handshake(packDir);
        await pack.configureStack(environment);
    } catch (error) {
        await pack.stop();
        throw error;
    }
    return { pack, packDir, projectDir, poolKey };
}

/** The policy config a check uses, read before anything starts so that a mistake in it costs no plan. */
interface GivenPolicyConfig {
    /** Absolute path of the file read; undefined when the check runs at the policies' own levels. */
    readonly file?: string;
    readonly config: PolicyConfigMap;
}

/**
 * `--policy-config`, else the environment's policies/config/<environment>.json, which must exist: without it
 * every setting of that environment (prod's allowed regions, its capacity maximum) would silently fall back to
 * the pack's defaults. A graph that spans environments has no default config.
 */
function readGivenPolicyConfig(projectDir: string, packDir: string, environment: string | undefined, options: CheckOptions): GivenPolicyConfig {
    if (options.policyConfigFile) {
        const file = path.resolve(options.policyConfigFile);
        return { file, config: readPolicyConfigFile(file, path.relative(projectDir, file)) };
    }
    if (!environment) {
        return { config: {} };
    }
    const file = path.join(packDir, "config", `${environment}.json`);
    const label = path.relative(projectDir, file);
    if (!fs.existsSync(file)) {
        const others = fs.existsSync(path.dirname(file)) ? fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith(".json")).sort() : [];
        throw new ConfigError([{
            file: label,
            path: "(file)",
            message: `is missing: lz check reads the ${environment} environment's policy settings from it. Create it${others.length ? ` (${others.map((name) => path.join(path.relative(projectDir, path.dirname(file)), name)).join(", ")} show the settings)` : ""}, or name another file with --policy-config.`,
        }]);
    }
    return { file, config: readPolicyConfigFile(file, label) };
}

/** The environment a stack's config belongs to, read without planning it: "organization" for the organization stack. */
function environmentOfStack(projectDir: string, stack: string, configFile?: string): string {
    const loaded = loadStack(projectDir, stack.split("/").pop()!, configFile);
    const config = loaded.config;
    return config.kind === "organization" ? "organization" : config.kind === "application" ? config.application.environment.name : config.environment.name;
}

/** A started pack that has said which policies it has and has taken its policy config: ready for a graph. */
interface ConfiguredPack {
    readonly open: OpenPack;
    readonly info: analyzerProto.AnalyzerInfo;
    readonly policies: PolicyInfo[];
    readonly config: PolicyConfigMap;
    readonly policyConfigFile?: string;
}

/** GetAnalyzerInfo and Configure: what the CLI asks a pack before any resource, which needs no plan. */
async function configurePack(open: OpenPack, given: GivenPolicyConfig): Promise<ConfiguredPack> {
    try {
        const info = await open.pack.getAnalyzerInfo();
        const policies = info.getPoliciesList().map(policyInfoOf).sort((a, b) => a.name.localeCompare(b.name));
        const configLabel = given.file ? path.relative(open.projectDir, given.file) : "policy config";
        const config = reconcilePolicyConfig(policies, initialConfigOf(info), given.config, configLabel);
        await open.pack.configure(configureRequest(config));
        return { open, info, policies, config, policyConfigFile: given.file };
    } catch (error) {
        await releasePack(open);
        throw error;
    }
}

/** How many Analyze requests are built before they are let out to the pack, which starts on them meanwhile. */
const analyzeBatch = 32;

/**
 * Analyze for each resource and AnalyzeStack, then the pack is released (stopped, or kept for the next check).
 * `onDispatched` is told when every request is on its way.
 */
async function analyzeWithPack(configured: ConfiguredPack, graph: PlanGraph, options: CheckOptions, onDispatched?: () => void): Promise<CheckResult> {
    const { open, info, policies, config, policyConfigFile } = configured;
    const { pack, packDir, projectDir } = open;
    const progress = options.progress ?? silentProgress;
    try {
        const resources = analyzedResources(graph);
        const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
        const byName = new Map(policies.map((policy) => [policy.name, policy]));
        // The CLI analyzes each resource as its step is generated, and the pack serves the requests concurrently: here
        // they go out in batches, so that the pack works on the first while the rest are built, and AnalyzeStack follows
        // them without waiting for their answers.
        const { perResource, stackWide } = await progress.step(`checking ${resources.length} resources against ${policies.length} policies`, async () => {
            const analyses: Promise<Violation[]>[] = [];
            for (let start = 0; start < resources.length; start += analyzeBatch) {
                for (const resource of resources.slice(start, start + analyzeBatch)) {
                    analyses.push(pack.analyze(analyzeRequest(resource, byUrn)).then((response) => violationsOf(response, byName, byUrn, resource.urn)));
                }
                await new Promise<void>((resolve) => setImmediate(resolve));
            }
            const stack = pack.analyzeStack(analyzeStackRequest(resources, byUrn)).then((response) => violationsOf(response, byName, byUrn));
            onDispatched?.();
            // Settled together, so that one failure is reported once and no other is left unhandled.
            const [perResourceSettled, stackSettled] = await Promise.all([Promise.allSettled(analyses), Promise.allSettled([stack])]);
            const failure = [...perResourceSettled, ...stackSettled].find((settled): settled is PromiseRejectedResult => settled.status === "rejected");
            if (failure) {
                throw failure.reason;
            }
            return {
                perResource: perResourceSettled.map((settled) => (settled as PromiseFulfilledResult<Violation[]>).value),
                stackWide: (stackSettled[0] as PromiseFulfilledResult<Violation[]>).value,
            };
        });
        return {
            project: graph.project,
            stack: graph.stack,
            environment: environmentOf(graph),
            pack: { name: info.getName(), version: info.getVersion(), dir: packDir },
            policyConfigFile: policyConfigFile ? path.relative(projectDir, policyConfigFile) : undefined,
            policies: policies.map((policy) => ({ ...policy, configuredLevel: config[policy.name]?.enforcementLevel ?? policy.enforcementLevel })),
            violations: [...perResource.flat(), ...stackWide],
            resourcesAnalyzed: resources.length,
            logs: pack.takeLogs(),
        };
    } finally {
        await releasePack(open);
    }
}

/** Runs the policy pack against a plan graph (`lz check --graph`). */
export async function checkGraph(graph: PlanGraph, options: CheckOptions = {}): Promise<CheckResult> {
    const projectDir = options.projectDir ?? findProjectRoot(__dirname);
    const packDir = path.resolve(options.packDir ?? path.join(projectDir, "policies"));
    const given = readGivenPolicyConfig(projectDir, packDir, environmentOf(graph), options);
    const progress = options.progress ?? silentProgress;
    const open = await progress.step("starting the policy pack", () => openPack(graph.project, graph.stack, { ...options, projectDir }));
    return analyzeWithPack(await configurePack(open, given), graph, { ...options, projectDir });
}

/**
 * Plans `stack` offline (as `lz plan`) and checks the plan: what `lz check <stack>` does, and what the benchmark
 * times. The pack starts and is configured while the program is planned, as the CLI starts analyzers before the
 * program runs.
 */
export async function checkStack(stack: string, options: CheckOptions = {}): Promise<CheckResult> {
    const projectDir = options.projectDir ?? findProjectRoot(__dirname);
    const packDir = path.resolve(options.packDir ?? path.join(projectDir, "policies"));
    const progress = options.progress ?? silentProgress;
    const given = readGivenPolicyConfig(projectDir, packDir, environmentOfStack(projectDir, stack, options.configFile), options);
    const configuring = progress.step("starting the policy pack", () => openPack(projectName(projectDir), stack, { ...options, projectDir }))
        .then((open) => configurePack(open, given));
    // Handled here so that a pack failing while the plan runs is not an unhandled rejection; awaited below.
    configuring.catch(() => undefined);
    const planning = progress.step(`planning ${stack}`, () => planStack(stack, { projectDir, configFile: options.configFile }));
    // The claims run in this process while the pack analyzes in its own; the organization stack is planned beside.
    // They start once every request is on its way to the pack: they hold this thread for about a second, and the
    // pack would wait for its requests meanwhile.
    let dispatched = (): void => undefined;
    const requestsSent = new Promise<void>((resolve) => { dispatched = resolve; });
    const claims = options.accessClaims === false ? undefined
        : evaluateStackClaims(stack, { projectDir, configFile: options.configFile }, planning.then(async (graph) => { await requestsSent; return graph; }));
    claims?.catch(() => undefined);
    const graph = await planning.catch(async (error) => {
        await configuring.then((configured) => releasePack(configured.open), () => undefined);
        throw error;
    });
    const result = await analyzeWithPack(await configuring, graph, { ...options, projectDir }, dispatched);
    return claims ? withAccessClaims(result, await progress.step("evaluating the access claims", () => claims)) : result;
}

/** True when any violation ran at the mandatory level: the check fails, as `pulumi preview` would. */
export function hasMandatoryViolation(result: CheckResult): boolean {
    return result.violations.some((violation) => violation.level === "mandatory");
}
