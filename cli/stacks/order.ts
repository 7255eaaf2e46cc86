import * as fs from "fs";
import * as path from "path";
import { ConfigError, ConfigProblem } from "../../accounts/problems";
import { stackNames } from "../../accounts/project";
import { applicationKey, applicationStackName, ownStackApplications, StackConfig } from "../../accounts/validate";
import { loadStack, missingApplicationStackFiles } from "../engine/stackFiles";

export const stackOrderSchemaVersion = 1;

/** One stack of the project, where it stands in the deploy order. */
export interface StackEntry {
    readonly stack: string;
    readonly kind: StackConfig["kind"];
    /** The environment it belongs to (environment and application stacks). */
    readonly environment?: string;
    /** The application it deploys (application stacks). */
    readonly application?: string;
    /** Stacks whose outputs it reads, which must be deployed first. */
    readonly dependsOn: string[];
    /** 0: organization, 1: environments, 2: applications. Stacks of one wave deploy in parallel. */
    readonly wave: number;
    /** Its stack file, relative to the project. */
    readonly file: string;
}

export interface StackOrder {
    readonly schemaVersion: typeof stackOrderSchemaVersion;
    readonly stacks: StackEntry[];
    /** Stack names by wave: every stack of a wave depends only on stacks of earlier waves. */
    readonly waves: string[][];
}

/** The content of an application stack's file: which environment and application it is, nothing else. */
export function applicationStackFile(environmentStack: string, application: string): string {
    return [
        `# The application "${application}" of ${environmentStack}, deployed on its own (\`pulumi up -s ${applicationStackName(environmentStack, application)}\`).`,
        `# Its settings are in Pulumi.${environmentStack.split("/").pop()}.yaml under accounts.applications.${application} (README "Application stacks").`,
        "config:",
        "  pulumi:disable-default-providers: [\"*\"]",
        `  ${applicationKey}:`,
        `    environmentStack: ${environmentStack}`,
        `    name: ${application}`,
        "",
    ].join("\n");
}

/**
 * Every stack of the project in deploy order: the organization, then each environment, then the application stacks
 * of each environment (those with `stack: own`), each with the stacks it reads. `environment` keeps one environment
 * (and the organization stack it reads). A missing application stack file, or one for an application its environment
 * does not deploy on its own, is a problem with its fix; `write` creates the missing files instead.
 */
export function stackOrder(projectDir: string, options: { readonly environment?: string; readonly write?: boolean } = {}): { order: StackOrder; written: string[] } {
    const problems: ConfigProblem[] = [];
    const loaded = new Map<string, StackConfig>();
    for (const name of stackNames(projectDir)) {
        try {
            loaded.set(name, loadStack(projectDir, name).config);
        } catch (error) {
            if (error instanceof ConfigError) {
                problems.push(...error.problems);
            } else {
                throw error;
            }
        }
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    const entries: StackEntry[] = [];
    const written: string[] = [];
    const environments = [...loaded].filter(([, config]) => config.kind === "environment")
        .filter(([, config]) => options.environment === undefined || (config.kind === "environment" && config.environment.name === options.environment));
    if (options.environment !== undefined && environments.length === 0) {
        const known = [...loaded.values()].flatMap((config) => (config.kind === "environment" ? [config.environment.name] : []));
        throw new ConfigError([{ file: "(command line)", path: "environment", message: `names ${JSON.stringify(options.environment)}, which no stack file of this project deploys; use one of ${known.sort().join(", ")}.` }]);
    }
    const organizations = new Set(environments.map(([, config]) => (config.kind === "environment" ? config.environment.organizationStack.split("/").pop()! : "")));
    for (const [name, config] of loaded) {
        if (config.kind === "organization" && (options.environment === undefined || organizations.has(name))) {
            entries.push({ stack: name, kind: "organization", dependsOn: [], wave: 0, file: `Pulumi.${name}.yaml` });
        }
    }
    for (const [name, config] of environments) {
        if (config.kind !== "environment") {
            continue;
        }
        const env = config.environment;
        const organizationStack = env.organizationStack.split("/").pop()!;
        entries.push({ stack: name, kind: "environment", environment: env.name, dependsOn: [organizationStack], wave: 1, file: `Pulumi.${name}.yaml` });
        for (const { application, stack, problem } of missingApplicationStackFiles(projectDir, name, env)) {
            if (options.write) {
                fs.writeFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), applicationStackFile(name, application));
                written.push(`Pulumi.${stack}.yaml`);
            } else {
                problems.push(problem);
            }
        }
        for (const application of ownStackApplications(env)) {
            const stack = applicationStackName(name, application);
            const file = `Pulumi.${stack}.yaml`;
            if (fs.existsSync(path.join(projectDir, file))) {
                entries.push({ stack, kind: "application", environment: env.name, application, dependsOn: [name, organizationStack], wave: 2, file });
            }
        }
    }
    // An application stack whose environment does not deploy it on its own would fail its `pulumi up`: say so here.
    for (const [name, config] of loaded) {
        if (config.kind === "application" && !entries.some((entry) => entry.stack === name)
            && (options.environment === undefined || config.application.environment.name === options.environment)) {
            problems.push({ file: `Pulumi.${name}.yaml`, path: applicationKey, message: `is not a stack of ${config.application.environmentStack}, which expects ${applicationStackName(config.application.environmentStack, config.application.name)}; rename the file, or \`pulumi destroy -s ${name}\` and delete it.` });
        }
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    const sorted = entries.sort((a, b) => a.wave - b.wave || a.stack.localeCompare(b.stack));
    const waves = [0, 1, 2].map((wave) => sorted.filter((entry) => entry.wave === wave).map((entry) => entry.stack)).filter((wave) => wave.length > 0);
    return { order: { schemaVersion: stackOrderSchemaVersion, stacks: sorted, waves }, written };
}

/** `lz stacks` as text: one line per stack, in deploy order. */
export function formatStackOrder(order: StackOrder): string {
    const width = Math.max(5, ...order.stacks.map((entry) => entry.stack.length));
    return [
        `${"wave".padEnd(5)} ${"stack".padEnd(width)}  ${"kind".padEnd(12)} reads`,
        ...order.stacks.map((entry) => `${String(entry.wave).padEnd(5)} ${entry.stack.padEnd(width)}  ${entry.kind.padEnd(12)} ${entry.dependsOn.join(", ") || "-"}`),
    ].join("\n");
}

/**
 * The `pulumi state move` that hands an application deployed inline to its own stack without replacing anything: the
 * application stack's top-level resources (its provider, and the components and resources without a parent), named
 * as they are in the environment stack. The same code builds them in both stacks, so their URNs differ only by stack.
 */
export function stateMoveCommand(applicationGraph: { stack: string; resources: readonly { urn: string; type: string; parent: string | null }[] }, environmentStack: string): string {
    const stackResource = applicationGraph.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const topLevel = applicationGraph.resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack" && r.type !== "pulumi:pulumi:StackReference")
        .filter((r) => r.parent === null || r.parent === stackResource)
        .map((r) => r.urn.replace(`urn:pulumi:${applicationGraph.stack}::`, `urn:pulumi:${environmentStack.split("/").pop()}::`));
    return [`pulumi state move --source ${environmentStack} --dest ${applicationGraph.stack} \\`, ...topLevel.map((urn, index) => `  '${urn}'${index < topLevel.length - 1 ? " \\" : ""}`)].join("\n");
}
