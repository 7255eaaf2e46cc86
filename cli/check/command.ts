/** The `lz check` command's work, kept out of main.ts so that main only wires it in. */
import * as fs from "fs";
import * as path from "path";
import { findProjectRoot } from "../../accounts/project";
import { checkGraph, CheckResult, checkStack, hasMandatoryViolation, readGraphFile } from "./check";
import { formatJson } from "./format/json";
import { formatMarkdown } from "./format/markdown";
import { formatSarif } from "./format/sarif";
import { formatText } from "./format/text";

import { CheckFormat } from "./formats";
import { Progress, silentProgress } from "../progress";

export { checkFormats, CheckFormat } from "./formats";

export interface CheckCommandOptions {
    readonly graph?: string;
    readonly format: CheckFormat;
    readonly policyConfig?: string;
    readonly configFile?: string;
}

/** The file SARIF results point at: the stack's config file when the project has one, else the graph file. */
function locationFile(projectDir: string, result: CheckResult, options: CheckCommandOptions): string {
    const candidates = [
        options.configFile,
        path.join(projectDir, `Pulumi.${result.stack.split("/").pop()}.yaml`),
        options.graph,
    ].filter((file): file is string => Boolean(file)).map((file) => path.resolve(file));
    const found = candidates.find((file) => fs.existsSync(file)) ?? candidates[candidates.length - 1];
    return path.relative(projectDir, found).split(path.sep).join("/");
}

export function formatResult(result: CheckResult, format: CheckFormat, location: string): string {
    switch (format) {
        case "json":
            return formatJson(result);
        case "sarif":
            return formatSarif(result, { locationFile: location });
        case "markdown":
            return formatMarkdown(result);
        default:
            return formatText(result);
    }
}

/** Checks a stack (planned now) or a saved graph; `failed` when a mandatory policy was violated. */
export async function runCheckCommand(stack: string | undefined, options: CheckCommandOptions, progress: Progress = silentProgress): Promise<{ output: string; failed: boolean }> {
    const projectDir = findProjectRoot(__dirname);
    const checkOptions = { projectDir, policyConfigFile: options.policyConfig, configFile: options.configFile, progress };
    const result = options.graph
        ? await checkGraph(readGraphFile(path.resolve(options.graph)), checkOptions)
        : await checkStack(stack!, checkOptions);
    return { output: formatResult(result, options.format, locationFile(projectDir, result, options)), failed: hasMandatoryViolation(result) };
}
