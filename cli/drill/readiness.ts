import { DrInventoryEntry } from "../../accounts/drInventory";
import { catalogueFileName, ModelCatalogue } from "../../accounts/catalogue";
import { accountKey } from "../../accounts/naming";
import { Environment, environmentKey } from "../../accounts/validate";
import { PlanGraph, PlanResource } from "../engine/graph";
import { CheckResult, fail, pass } from "./checks";
import { entryLabel, locationIn, PlannedDrDeclaration, plannedDeclaration, readDrOutputs } from "./inventory";
import { kindTexts, requiredGenaiKinds } from "./kinds";
import { wiringChecks } from "./wiring";

/**
 * Offline readiness: from the plan graph and the environment's config, can this environment move to the target
 * region? Every check is a row with its own message; nothing here talks to AWS.
 */

export type DrillDirectionKind = "failover" | "failback";

export interface DrillDirection {
    readonly kind: DrillDirectionKind;
    /** The region the environment leaves. */
    readonly from: string;
    /** The region the drill moves to. */
    readonly to: string;
    /** Where applications run now, per `landing-zone:environment.activeRegion` (the primary region when unset). */
    readonly activeRegion: string;
}

export interface ReadinessInput {
    readonly graph: PlanGraph;
    readonly environment: Environment;
    readonly catalogue: ModelCatalogue;
    /** The stack config file's name, quoted in messages: `Pulumi.prod.yaml`. */
    readonly configFileName: string;
    /** False when `dr.enabled` is absent from the file and took its default. */
    readonly drEnabledIsSet: boolean;
    readonly target: string;
    /** `--failback`: move back to the primary region. */
    readonly failback: boolean;
}

export interface Readiness {
    readonly direction: DrillDirection;
    readonly checks: CheckResult[];
    /** True when DR is off: the other checks were not run, since there is nothing to fail over to. */
    readonly drDisabled: boolean;
}

/**
 * Failback when asked, or when the environment already runs in its DR region and the drill goes to the primary.
 * The active region is read from the plan's `dr` output, because it is the program's view of the setting.
 */
export function drillDirection(environment: Environment, declaration: PlannedDrDeclaration | undefined, target: string, failback: boolean): DrillDirection {
    const activeRegion = declaration?.activeRegion ?? environment.primaryRegion;
    const isFailback = failback || (activeRegion === environment.drRegion && target === environment.primaryRegion);
    return isFailback
        ? { kind: "failback", from: environment.drRegion, to: target, activeRegion }
        : { kind: "failover", from: environment.primaryRegion, to: target, activeRegion };
}

function drEnabledCheck(input: ReadinessInput): CheckResult {
    const env = input.environment;
    if (env.dr.enabled) {
        const why = input.drEnabledIsSet ? `${environmentKey}.dr.enabled in ${input.configFileName}` : "on by default in prod";
        return pass("dr-enabled", `DR is on for ${env.name}: replicas in ${env.drRegion} (${why})`);
    }
    const why = input.drEnabledIsSet
        ? `${environmentKey}.dr.enabled is false in ${input.configFileName}`
        : `${environmentKey}.dr.enabled is not set in ${input.configFileName}, and it defaults to false outside prod`;
    return fail("dr-enabled", `DR is off for ${env.name} (${why}); turn it on to provision replicas in ${env.drRegion}`);
}

function targetCheck(environment: Environment, direction: DrillDirection): CheckResult {
    const name = "target region";
    const target = direction.to;
    const env = environment;
    if (direction.kind === "failback") {
        if (target !== env.primaryRegion) {
            return fail(name, `${target} is not ${env.name}'s primary region ${env.primaryRegion} (${environmentKey}.primaryRegion); fail back with --to ${env.primaryRegion}`);
        }
        return pass(name, `${target} is ${env.name}'s primary region: failback from ${env.drRegion} (active region ${direction.activeRegion})`);
    }
    if (target === direction.activeRegion) {
        return fail(name, `${env.name} is already active in ${target} (${environmentKey}.activeRegion); drill the way back with --failback`);
    }
    if (target !== env.drRegion) {
        return fail(name, `${target} is not ${env.name}'s DR region ${env.drRegion} (${environmentKey}.drRegion); drill to ${env.drRegion}`);
    }
    return pass(name, `${target} is ${env.name}'s DR region: failover from ${env.primaryRegion} (active region ${direction.activeRegion})`);
}

function objectiveChecks(input: ReadinessInput): CheckResult[] {
    const { dr } = input.environment;
    const at = `${environmentKey}.dr`;
    return [
        dr.rpoMinutes !== undefined
            ? pass("objective RPO", `RPO of ${dr.rpoMinutes} min declared (${at}.rpoMinutes)`)
            : fail("objective RPO", `no RPO declared: set ${at}.rpoMinutes in ${input.configFileName}; replication targets are compared with it`),
        dr.rtoMinutes !== undefined
            ? pass("objective RTO", `RTO of ${dr.rtoMinutes} min declared (${at}.rtoMinutes)`)
            : fail("objective RTO", `no RTO declared: set ${at}.rtoMinutes in ${input.configFileName}; a drill's measured RTO is compared with it`),
    ];
}

function modelChecks(input: ReadinessInput): CheckResult[] {
    const target = input.target;
    return input.environment.models.map((modelId) => {
        const name = `model ${modelId}`;
        const model = input.catalogue.models.find((candidate) => candidate.id === modelId);
        if (!model) {
            return fail(name, `${modelId} is not in ${catalogueFileName}; remove it from ${environmentKey}.models or add it to the catalogue for review`);
        }
        if (!model.regions.includes(target)) {
            return fail(name, `${modelId} is not available in ${target} per ${catalogueFileName} (regions: ${model.regions.join(", ")}); `
                + `applications failing over could not invoke it; pick a DR region that offers it or remove it from ${environmentKey}.models`);
        }
        return pass(name, `available in ${target} per ${catalogueFileName}`);
    });
}

/** Differences between the plan's `dr` output and the config: a saved graph made before the config changed. */
function planMatchesConfig(input: ReadinessInput, declaration: PlannedDrDeclaration): CheckResult {
    const env = input.environment;
    const expected: [string, unknown, unknown][] = [
        ["enabled", declaration.enabled, env.dr.enabled],
        ["primaryRegion", declaration.primaryRegion, env.primaryRegion],
        ["drRegion", declaration.drRegion, env.drRegion],
        ["rpoMinutes", declaration.rpoMinutes, env.dr.rpoMinutes],
        ["rtoMinutes", declaration.rtoMinutes, env.dr.rtoMinutes],
        ...declaration.activeRegion !== undefined ? [["activeRegion", declaration.activeRegion, env.activeRegion] as [string, unknown, unknown]] : [],
    ];
    const differences = expected
        .filter(([, planned, configured]) => planned !== configured)
        .map(([field, planned, configured]) => `${field} ${JSON.stringify(planned) ?? "unset"} (config: ${JSON.stringify(configured) ?? "unset"})`);
    return differences.length === 0
        ? pass("plan matches config", `the plan's dr output matches ${input.configFileName}`)
        : fail("plan matches config", `the plan's dr output says ${differences.join(", ")}; re-plan with \`lz plan ${input.graph.stack} --json\``);
}

/**
 * True when a resource that does not itself land in `region` still puts something there: a global resource (IAM)
 * whose inputs name ARNs in the region, or a nested setting such as an ECR replication destination or an inline
 * DynamoDB replica (`region` / `regionName` below the top level, where the resource's own `region` lives).
 */
export function declaresRegion(resource: PlanResource, region: string): boolean {
    if (resource.region === "global") {
        return new RegExp(`arn:[^:"]+:[^:"]+:${region.replace(/-/g, "\\-")}:`).test(JSON.stringify(resource.inputs));
    }
    const nested = (value: unknown, depth: number): boolean => {
        if (Array.isArray(value)) {
            return value.some((item) => nested(item, depth + 1));
        }
        if (value === null || typeof value !== "object") {
            return false;
        }
        return Object.entries(value as Record<string, unknown>).some(([key, inner]) =>
            (depth > 0 && (key === "region" || key === "regionName") && inner === region) || nested(inner, depth + 1));
    };
    return nested(resource.inputs, 0);
}

interface EntryEvaluation {
    readonly entry: DrInventoryEntry;
    readonly check: CheckResult;
    readonly standsInTarget: boolean;
}

function evaluateEntry(entry: DrInventoryEntry, direction: DrillDirection, graph: PlanGraph, byUrn: ReadonlyMap<string, PlanResource>): EntryEvaluation {
    const target = direction.to;
    const role = direction.kind === "failover" ? "replica" : "primary";
    const label = entryLabel(entry);
    const name = `${role} ${label}`;
    const texts = kindTexts[entry.kind];
    const failed = (problem: string): EntryEvaluation => ({
        entry,
        standsInTarget: false,
        check: fail(name, `${label} ${problem}; ${texts.consequence(target)}; ${texts.fix(target)}`),
    });

    const location = locationIn(entry, target);
    if (!location) {
        if (direction.kind === "failover" && entry.replica) {
            return failed(`declares its replica in ${entry.replica.region}, not ${target}`);
        }
        return failed(direction.kind === "failover" ? `has no replica in ${target}` : `has no copy in ${target}`);
    }
    const resource = byUrn.get(location.urn);
    if (!resource) {
        return failed(`names a ${role} that is not in the plan (${location.urn})`);
    }
    const primaryResource = byUrn.get(entry.primary.urn);
    if (!primaryResource) {
        return failed(`names a primary that is not in the plan (${entry.primary.urn})`);
    }
    if (resource.region !== target && !declaresRegion(resource, target)) {
        return failed(`has its ${role} in ${resource.region ?? "no single region"}, not ${target} (${location.urn})`);
    }
    // The environment's own account IDs when the plan exports them; otherwise the primary's account.
    const plannedIds = graph.outputs.accounts as Record<string, unknown> | undefined;
    const plannedId = plannedIds?.[entry.account];
    const expectedAccount = typeof plannedId === "string" ? plannedId : primaryResource.account;
    if (expectedAccount !== null && resource.account !== expectedAccount) {
        return failed(`has its ${role} in account ${resource.account ?? "unknown"}, not the ${entry.account} account ${expectedAccount} (${location.urn})`);
    }
    return {
        entry,
        standsInTarget: true,
        check: pass(name, `${location.physicalName} in ${target}, account ${resource.account} (${resource.name})`),
    };
}

function requiredKindChecks(evaluations: readonly EntryEvaluation[], direction: DrillDirection): CheckResult[] {
    const genai = accountKey("genai");
    const target = direction.to;
    return requiredGenaiKinds.map((kind) => {
        const name = `required ${genai}/${kind} in ${target}`;
        const texts = kindTexts[kind];
        const ofKind = evaluations.filter((evaluation) => evaluation.entry.kind === kind && evaluation.entry.account === genai);
        if (ofKind.length === 0) {
            return fail(name, `the DR inventory registers no ${kind} for the ${genai} account; ${texts.consequence(target)}; ${texts.fix(target)}`);
        }
        const standing = ofKind.filter((evaluation) => evaluation.standsInTarget);
        if (standing.length === 0) {
            const role = direction.kind === "failover" ? "replica" : "primary";
            return fail(name, `no ${kind} of the ${genai} account stands in ${target} (see the ${role} rows); ${texts.consequence(target)}`);
        }
        return pass(name, standing.map((evaluation) => locationIn(evaluation.entry, target)!.physicalName).join(", "));
    });
}

export function readinessChecks(input: ReadinessInput): Readiness {
    const declaration = plannedDeclaration(input.graph);
    const direction = drillDirection(input.environment, declaration, input.target, input.failback);
    const enabled = drEnabledCheck(input);
    if (enabled.verdict === "fail") {
        return { direction, checks: [enabled], drDisabled: true };
    }
    const checks: CheckResult[] = [enabled, targetCheck(input.environment, direction), ...objectiveChecks(input), ...modelChecks(input)];

    const outputs = readDrOutputs(input.graph);
    if (!outputs.ok) {
        checks.push(fail("inventory", outputs.problem));
        return { direction, checks, drDisabled: false };
    }
    const withReplica = outputs.inventory.filter((entry) => entry.replica !== null).length;
    checks.push(pass("inventory", `${outputs.inventory.length} critical resources registered, ${withReplica} with a replica`));
    checks.push(planMatchesConfig(input, outputs.declaration));

    const byUrn = new Map(input.graph.resources.map((resource) => [resource.urn, resource]));
    const evaluations = outputs.inventory.map((entry) => evaluateEntry(entry, direction, input.graph, byUrn));
    checks.push(...evaluations.map((evaluation) => evaluation.check));
    checks.push(...requiredKindChecks(evaluations, direction));
    checks.push(...wiringChecks({
        graph: input.graph,
        inventory: outputs.inventory,
        environment: input.environment,
        catalogue: input.catalogue,
        direction,
        configFileName: input.configFileName,
    }));
    return { direction, checks, drDisabled: false };
}
