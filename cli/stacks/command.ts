import { execFileSync } from "child_process";
import { ConfigError } from "../../accounts/problems";
import { findProjectRoot } from "../../accounts/project";
import { affectedStacks } from "./affected";
import { formatStackOrder, stackOrder, stateMoveCommand } from "./order";
import * as fs from "fs";
import * as path from "path";

function git(projectDir: string, args: string[]): string {
    return execFileSync("git", args, { cwd: projectDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `lz stacks [environment] [--json] [--write] [--since <ref>]`. */
export async function runStacksCommand(environment: string | undefined, options: { json?: boolean; write?: boolean; since?: string; move?: string; projectDir?: string }): Promise<string> {
    const projectDir = options.projectDir ?? findProjectRoot(__dirname);
    if (options.move) {
        return moveCommand(projectDir, environment, options.move);
    }
    const { order: full, written } = stackOrder(projectDir, { environment, write: options.write });
    let order = full;
    if (options.since) {
        let changed: string[];
        try {
            // Paths relative to the project, whatever folder of the repository it is in.
            const prefix = git(projectDir, ["rev-parse", "--show-prefix"]).trim();
            changed = git(projectDir, ["diff", "--name-only", `${options.since}...HEAD`, "--", "."]).split("\n").filter(Boolean)
                .map((file) => (file.startsWith(prefix) ? file.slice(prefix.length) : file));
            changed.push(...git(projectDir, ["status", "--porcelain", "--", "."]).split("\n").filter(Boolean).map((line) => line.slice(3)).map((file) => (file.startsWith(prefix) ? file.slice(prefix.length) : file)));
            order = affectedStacks(full, [...new Set(changed)], (file) => {
                try {
                    return git(projectDir, ["show", `${options.since}:./${file}`]);
                } catch {
                    return undefined;
                }
            }, (file) => (fs.existsSync(path.join(projectDir, file)) ? fs.readFileSync(path.join(projectDir, file), "utf8") : undefined));
        } catch (error) {
            if (error instanceof ConfigError) {
                throw error;
            }
            throw new ConfigError([{ file: "(command line)", path: "--since", message: `could not compare with ${JSON.stringify(options.since)}: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}; name a commit of this repository (fetch it first in CI: actions/checkout with fetch-depth: 0).` }]);
        }
    }
    const note = written.length > 0 ? `Created ${written.join(", ")}.\n` : "";
    return options.json ? JSON.stringify(order, null, 2) : `${note}${formatStackOrder(order)}`;
}

/** `lz stacks <env> --move <application>`: the state move that hands an inline application to its own stack. */
async function moveCommand(projectDir: string, environment: string | undefined, application: string): Promise<string> {
    if (!environment) {
        throw new ConfigError([{ file: "(command line)", path: "--move", message: "needs the environment: lz stacks <environment> --move <application>." }]);
    }
    const { order } = stackOrder(projectDir, { environment });
    const entry = order.stacks.find((candidate) => candidate.kind === "application" && candidate.application === application);
    if (!entry) {
        const environmentStack = order.stacks.find((candidate) => candidate.kind === "environment")!;
        throw new ConfigError([{ file: environmentStack.file, path: `landing-zone:environment.accounts.applications.${application}.stack`, message: `must be "own" to move ${JSON.stringify(application)} to a stack of its own: set it, run \`lz stacks ${environment} --write\`, then this command again.` }]);
    }
    const { planStack } = await import("../engine/plan");
    const graph = await planStack(entry.stack, { projectDir });
    return [
        `# After \`pulumi stack init ${entry.stack}\`, before any \`pulumi up\` of ${entry.dependsOn[0]} or ${entry.stack}:`,
        stateMoveCommand(graph, entry.dependsOn[0]),
        `# Then \`pulumi preview -s ${entry.dependsOn[0]}\` and \`pulumi preview -s ${entry.stack}\` show no replacement.`,
    ].join("\n");
}
