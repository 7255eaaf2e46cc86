/**
 * What `lz access` and `lz check` share: the inputs of the claims engine for a stack (its plan, the organization
 * stack's plan for SCPs and RCPs, its validated config, the catalogue, the organization ID, the claims file).
 */
import * as fs from "fs";
import * as path from "path";
import type { ClaimsReport, EvaluateClaimsInput } from "../../access";
import { ConfigError } from "../../accounts/problems";
import type { OrganizationConfig } from "../../accounts/schema";
import { PlanGraph } from "../engine/graph";
import { planStack } from "../engine/plan";
import { loadStack } from "../engine/stackFiles";
import { projectCustomClaims } from "../../access/customClaims";
import { loadSimulator } from "../../access/simulate";

export interface AccessOptions {
    readonly projectDir: string;
    /** Stack config file to plan with instead of Pulumi.<stack>.yaml. */
    readonly configFile?: string;
    /** Claims file instead of `access-claims.yaml`. */
    readonly claimsFile?: string;
    readonly region?: string;
    readonly principal?: string;
}

/** The organization stack's config and its plan, which the environment's claims are evaluated under. */
function organizationOf(projectDir: string, stack: string, config: EvaluateClaimsInput["config"]): { name: string; organization: () => OrganizationConfig } {
    if (config.kind === "organization") {
        return { name: stack, organization: () => config.organization };
    }
    const name = config.environment.organizationStack.split("/").pop()!;
    return {
        name,
        organization: () => {
            const loaded = loadStack(projectDir, name);
            if (loaded.config.kind !== "organization") {
                throw new ConfigError([{ file: path.basename(loaded.file), path: "landing-zone:organization", message: `must be set: stack "${name}" is the organization stack that landing-zone:environment.organizationStack names.` }]);
            }
            return loaded.config.organization;
        },
    };
}

/**
 * The claims engine's input for `stack`: plans the stack (unless its graph is given) and the organization stack,
 * side by side, each in a process of its own.
 */
export async function accessInput(stack: string, options: AccessOptions, graph?: PlanGraph | Promise<PlanGraph>): Promise<EvaluateClaimsInput> {
    const given = loadStack(options.projectDir, stack, options.configFile);
    if (given.config.kind === "application") {
        // Claims span stacks (the invoke role lives in the environment stack, the workload role here): an application
        // stack's claims are its environment's, evaluated over the environment planned whole.
        return accessInput(given.config.application.environmentStack.split("/").pop()!, { ...options, configFile: undefined });
    }
    const loaded = { ...given, config: given.config };
    const org = organizationOf(options.projectDir, stack, loaded.config);
    const organization = org.organization();
    if (options.region && loaded.config.kind === "environment") {
        const env = loaded.config.environment;
        const regions = env.dr.enabled ? [env.primaryRegion, env.drRegion] : [env.primaryRegion];
        if (!regions.includes(options.region)) {
            throw new ConfigError([{ file: path.basename(loaded.file), path: "--region", message: `must be a region ${env.name} deploys (${regions.join(", ")}); got "${options.region}".` }]);
        }
    }
    const customFile = options.claimsFile ? path.resolve(options.claimsFile) : undefined;
    if (customFile && !fs.existsSync(customFile)) {
        throw new ConfigError([{ file: path.basename(customFile), path: "(file)", message: `cannot be read: no such file at ${customFile}.` }]);
    }
    // Every mistake in the inputs is reported before anything is planned.
    const customClaims = projectCustomClaims(options.projectDir, customFile);
    const stackPlan = graph ? Promise.resolve(graph) : planStack(stack, { projectDir: options.projectDir, configFile: options.configFile });
    const organizationPlan = loaded.config.kind === "organization" ? stackPlan : planStack(org.name, { projectDir: options.projectDir, background: true });
    // Both plans run at once; a failure of either is reported once, not as an unhandled rejection.
    organizationPlan.catch(() => undefined);
    const [planned, organizationGraph] = [await stackPlan, await organizationPlan];
    return {
        graph: planned,
        organizationGraph,
        config: loaded.config,
        catalogue: loaded.catalogue,
        organizationId: organization.organizationId,
        region: options.region,
        principal: options.principal,
        customClaims,
    };
}

/**
 * Plans and evaluates the stack's claims. The claims engine and the simulator are loaded here, never by `lz --help`:
 * while the plans run in their own processes, when this process would otherwise wait.
 */
export async function evaluateStackClaims(stack: string, options: AccessOptions, graph?: PlanGraph | Promise<PlanGraph>): Promise<ClaimsReport> {
    const planned = accessInput(stack, options, graph);
    planned.catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const claimsEngine = import("../../access/claims").then((engine) => {
        loadSimulator();
        return engine;
    });
    const input = await planned;
    const { evaluateClaims } = await claimsEngine;
    return evaluateClaims(input);
}
