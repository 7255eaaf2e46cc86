import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { loadCatalogue, ModelCatalogue } from "../../accounts/catalogue";
import { ConfigError } from "../../accounts/problems";
import { stackNames } from "../../accounts/project";
import { readYamlFile } from "../../accounts/yamlFile";
import { applicationStackName, Environment, ownStackApplications, StackConfig, validateStackConfig } from "../../accounts/validate";
import { ConfigProblem } from "../../accounts/problems";

/** A stack name with no Pulumi.<stack>.yaml; the CLI exits 2 listing the stacks that exist. */
export class UnknownStackError extends Error {
    constructor(public readonly stack: string, public readonly known: readonly string[]) {
        super(`No stack "${stack}": there is no Pulumi.${stack}.yaml. Stacks in this project: ${known.join(", ") || "none"}.`);
        this.name = "UnknownStackError";
    }
}

export function projectName(projectDir: string): string {
    const document = parseDocument(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")).toJS() as { name?: string };
    if (!document?.name) {
        throw new Error(`Pulumi.yaml in ${projectDir} has no project name.`);
    }
    return document.name;
}

export function stackFilePath(projectDir: string, stack: string, configFile?: string): string {
    if (configFile) {
        return path.resolve(configFile);
    }
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new UnknownStackError(stack, stackNames(projectDir));
    }
    return file;
}

/** The `config:` map of a stack file, keyed `namespace:key` as Pulumi keys it. */
export function readStackConfigValues(file: string): Record<string, unknown> {
    const read = readYamlFile(file);
    if (read.problems.length > 0) {
        throw new ConfigError(read.problems);
    }
    const document = (read.value ?? {}) as { config?: Record<string, unknown> };
    return document.config ?? {};
}

export interface LoadedStack {
    readonly file: string;
    readonly values: Record<string, unknown>;
    readonly config: StackConfig;
    readonly catalogue: ModelCatalogue;
}

/**
 * Reads and validates a stack the way the program will, and more strictly: a stack file that does not disable
 * default providers is refused here, because the program cannot see that setting for itself.
 */
export function loadStack(projectDir: string, stack: string, configFile?: string): LoadedStack {
    const file = stackFilePath(projectDir, stack, configFile);
    const values = readStackConfigValues(file);
    const catalogue = loadCatalogue(projectDir);
    const config = validateStackConfig(values, catalogue, path.basename(file), { requireDefaultProvidersDisabled: true, projectDir });
    return { file, values, config, catalogue };
}

/**
 * The applications of an environment deployed in stacks of their own (`stack: own`) whose stack file the project
 * lacks, each with the problem that names the fix. `lz stacks` reports them (or writes the files); a plan of the
 * environment refuses to start without them.
 */
export function missingApplicationStackFiles(projectDir: string, environmentStack: string, env: Environment): { application: string; stack: string; problem: ConfigProblem }[] {
    return ownStackApplications(env)
        .map((application) => ({ application, stack: applicationStackName(environmentStack, application) }))
        .filter(({ stack }) => !fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`)))
        .map(({ application, stack }) => ({
            application,
            stack,
            problem: {
                file: `Pulumi.${environmentStack.split("/").pop()}.yaml`,
                path: `landing-zone:environment.accounts.applications.${application}.stack`,
                message: `is "own", but there is no Pulumi.${stack}.yaml; create it with \`lz stacks ${env.name} --write\`, or set stack: inline.`,
            },
        }));
}
