import { Command, CommanderError, Option } from "commander";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { memberAccounts } from "../accounts/model";
import { environmentAccounts } from "../accounts/model";
import { ConfigError } from "../accounts/problems";
import { organizationPrerequisiteProblems, requiredPolicyTypes, requiredTrustedAccess } from "../accounts/prerequisites";
import { findProjectRoot } from "../accounts/project";
import { formatResolution, resolveAccounts } from "../accounts/resolver";
import { loadStack, UnknownStackError } from "./engine/stackFiles";
import { planStack, PlanError } from "./engine/plan";
import { addDrillCommand } from "./drill/command";
import { checkFormats, CheckCommandOptions, runCheckCommand } from "./check/command";
import { PolicyPackError } from "./check/policyPackProcess";
import { formatMermaid } from "./format/mermaid";
import { formatTree } from "./format/tree";

/** Exit codes shared by every command. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

class ExitError extends Error {
    constructor(public readonly code: number, message: string) {
        super(message);
    }
}

function failFromPlan(error: unknown): never {
    if (error instanceof PlanError) {
        throw new ExitError(error.kind === "program" ? exitCodes.failed : exitCodes.usage, error.message);
    }
    if (error instanceof ConfigError || error instanceof UnknownStackError) {
        throw new ExitError(exitCodes.usage, error.message);
    }
    throw error;
}

interface Io {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
}

export function buildProgram(io: Io): Command {
    const program = new Command("lz")
        .description("genai-landing-zone: plan, check and drill the landing zone's stacks")
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err })
        .showHelpAfterError();

    program.command("plan")
        .description("run a stack's program offline under mocks and print what `pulumi up` would create")
        .argument("<stack>", "stack name: organization, dev, staging, prod, …")
        .addOption(new Option("--format <format>", "output format").choices(["tree", "json", "mermaid"]).default("tree"))
        .option("--json", "same as --format json")
        .option("--config-file <file>", "use this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string, options: { format: string; json?: boolean; configFile?: string }) => {
            const graph = await planStack(stack, { configFile: options.configFile }).catch(failFromPlan);
            const format = options.json ? "json" : options.format;
            io.out(format === "json" ? JSON.stringify(graph, null, 2) : format === "mermaid" ? formatMermaid(graph) : formatTree(graph));
        });

    program.command("check")
        .description("run the policy pack offline against a stack's plan, or a saved `lz plan --json` graph, as `pulumi preview --policy-pack policies` runs it")
        .argument("[stack]", "stack to plan and check: organization, dev, staging, prod, …")
        .option("--graph <file>", "check this saved plan graph instead of planning a stack")
        .addOption(new Option("--format <format>", "output format").choices([...checkFormats]).default("text"))
        .option("--policy-config <file>", "policy config to use instead of policies/config/<environment>.json")
        .option("--config-file <file>", "plan with this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string | undefined, options: CheckCommandOptions) => {
            if (Boolean(stack) === Boolean(options.graph)) {
                throw new ExitError(exitCodes.usage, "lz check takes a stack or --graph <file>, not both and not neither.");
            }
            const { output, failed } = await runCheckCommand(stack, options).catch((error) => {
                if (error instanceof PolicyPackError) {
                    throw new ExitError(exitCodes.usage, `lz check: ${error.message}`);
                }
                return failFromPlan(error);
            });
            io.out(output);
            if (failed) {
                throw new ExitError(exitCodes.failed, "lz check: mandatory policy violations (see above).");
            }
        });

    program.command("accounts")
        .description("show the accounts of a stack and where their IDs come from; --live resolves them in AWS Organizations")
        .argument("<stack>", "an environment stack, or the organization stack for every environment")
        .option("--live", "ask AWS Organizations (management-account credentials) and check each account's state and OU")
        .option("--config-file <file>", "use this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string, options: { live?: boolean; configFile?: string }) => {
            const projectDir = findProjectRoot(__dirname);
            let loaded;
            try {
                loaded = loadStack(projectDir, stack, options.configFile);
            } catch (error) {
                failFromPlan(error);
            }
            const config = loaded.config;
            if (!options.live) {
                if (config.kind === "organization") {
                    for (const member of memberAccounts(config.organization)) {
                        io.out(`${member.environment}/${member.key}\t${member.name}\t${member.adoptedId ? `adopted ${member.adoptedId}` : `created (${member.email})`}`);
                    }
                } else {
                    for (const account of environmentAccounts(config.environment)) {
                        io.out(`${config.environment.name}/${account.key}\t${account.name}\t${account.configuredId ? `id ${account.configuredId} from this stack's config` : `id from stack ${config.environment.organizationStack}`}`);
                    }
                }
                return;
            }
            const organizationStack = config.kind === "organization" ? stack : config.environment.organizationStack;
            const orgLoaded = config.kind === "organization" ? loaded : (() => {
                try {
                    return loadStack(projectDir, organizationStack.split("/").pop()!);
                } catch (error) {
                    return failFromPlan(error);
                }
            })();
            if (orgLoaded.config.kind !== "organization") {
                throw new ExitError(exitCodes.usage, `Stack "${organizationStack}" is not the organization stack; set landing-zone:environment.organizationStack.`);
            }
            const org = orgLoaded.config.organization;
            const environments = config.kind === "organization" ? Object.keys(org.environments).sort() : [config.environment.name];
            const client = new OrganizationsClient({ region: org.homeRegion });
            const prerequisites = await organizationPrerequisiteProblems(client);
            io.out(prerequisites.length === 0
                ? `Organization ${org.organizationId}: policy types ${requiredPolicyTypes.join(", ")} and trusted access for ${requiredTrustedAccess.length} services are enabled.`
                : `Organization ${org.organizationId}: ${prerequisites.length} prerequisites missing:\n${prerequisites.map((problem) => `  - ${problem}`).join("\n")}`);
            let ok = prerequisites.length === 0;
            for (const environment of environments) {
                const resolution = await resolveAccounts(client, org, environment);
                io.out(formatResolution(resolution));
                ok &&= resolution.ok;
            }
            if (!ok) {
                throw new ExitError(exitCodes.failed, "Some prerequisites are missing, or some accounts are missing, suspended or in the wrong OU (see above).");
            }
        });

    addDrillCommand(program, io, (code, message) => new ExitError(code, message));

    return program;
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io = { out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`), err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`) }): Promise<number> {
    const program = buildProgram(io);
    try {
        await program.parseAsync([...argv]);
        return exitCodes.ok;
    } catch (error) {
        if (error instanceof ExitError) {
            io.err(error.message);
            return error.code;
        }
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
        }
        io.err(`lz: ${(error as Error)?.stack ?? String(error)}`);
        return exitCodes.failed;
    }
}
