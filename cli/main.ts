/**
 * The lz command line. Each command is one `program.command(...)` block whose action imports what it needs: the
 * AWS SDK, gRPC, the config validators and the policy pack client load only for the command that uses them, so
 * that `lz --help`, `lz <command> --help` and a usage mistake answer at once. This module imports only commander
 * and the small modules that list a command's choices (test/cli/help.test.ts holds it to that).
 */
import { Command, CommanderError, Option } from "commander";
import { checkFormats } from "./check/formats";
import { Progress, progressWanted, silentProgress, stderrProgress } from "./progress";
import { AccessFormat, accessFormats } from "./access/format";
import { DrillOptions, defaultTimeoutSeconds } from "./drill/options";

/** Exit codes shared by every command. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

class ExitError extends Error {
    constructor(public readonly code: number, message: string) {
        super(message);
    }
}

/**
 * Turns a plan's or a config file's error into its exit: 2 for a config mistake or an unknown stack, 1 for a
 * program that failed. The classes are told by name so that this module loads none of them before a command runs.
 */
function failFromPlan(error: unknown): never {
    const name = (error as Error | undefined)?.name;
    if (name === "PlanError") {
        const kind = (error as { kind: string }).kind;
        throw new ExitError(kind === "program" ? exitCodes.failed : exitCodes.usage, (error as Error).message);
    }
    if (name === "ConfigError" || name === "UnknownStackError") {
        throw new ExitError(exitCodes.usage, (error as Error).message);
    }
    throw error;
}

interface Io {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
    /** Whether `err` writes to a terminal, where progress is shown unless turned off. @default false */
    readonly errIsTerminal?: boolean;
}

export function buildProgram(io: Io): Command {
    const program = new Command("lz")
        .description("genai-landing-zone: plan, check and drill the landing zone's stacks")
        .option("--progress", "say on stderr what takes more than a second (default: only when stderr is a terminal; LZ_PROGRESS=1 or 0)")
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err })
        .showHelpAfterError();
    const progress = (): Progress => (progressWanted(program.opts().progress as boolean | undefined, process.env, io.errIsTerminal ?? false)
        ? stderrProgress(io.err)
        : silentProgress);

    program.command("plan")
        .description("run a stack's program offline under mocks and print what `pulumi up` would create")
        .argument("<stack>", "stack name: organization, dev, staging, prod, …")
        .addOption(new Option("--format <format>", "output format").choices(["tree", "json", "mermaid"]).default("tree"))
        .option("--json", "same as --format json")
        .option("--config-file <file>", "use this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string, options: { format: string; json?: boolean; configFile?: string }) => {
            const { planStack } = await import("./engine/plan");
            const graph = await progress().step(`planning ${stack}`, () => planStack(stack, { configFile: options.configFile })).catch(failFromPlan);
            const format = options.json ? "json" : options.format;
            if (format === "json") {
                io.out(JSON.stringify(graph, null, 2));
            } else if (format === "mermaid") {
                io.out((await import("./format/mermaid")).formatMermaid(graph));
            } else {
                io.out((await import("./format/tree")).formatTree(graph));
            }
        });

    program.command("check")
        .description("run the policy pack offline against a stack's plan, or a saved `lz plan --json` graph, as `pulumi preview --policy-pack policies` runs it")
        .argument("[stack]", "stack to plan and check: organization, dev, staging, prod, …")
        .option("--graph <file>", "check this saved plan graph instead of planning a stack")
        .addOption(new Option("--format <format>", "output format").choices([...checkFormats]).default("text"))
        .option("--policy-config <file>", "policy config to use instead of policies/config/<environment>.json")
        .option("--config-file <file>", "plan with this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string | undefined, options: import("./check/command").CheckCommandOptions) => {
            if (Boolean(stack) === Boolean(options.graph)) {
                throw new ExitError(exitCodes.usage, "lz check takes a stack or --graph <file>, not both and not neither.");
            }
            const { runCheckCommand } = await import("./check/command");
            const { output, failed } = await runCheckCommand(stack, options, progress()).catch((error) => {
                if ((error as Error)?.name === "PolicyPackError") {
                    throw new ExitError(exitCodes.usage, `lz check: ${(error as Error).message}`);
                }
                return failFromPlan(error);
            });
            io.out(output);
            if (failed) {
                throw new ExitError(exitCodes.failed, "lz check: mandatory policy violations (see above).");
            }
        });

    program.command("access")
        .description("evaluate what the stack's policies let happen: every claim derived from config and the catalogue, with the statement that decides it")
        .argument("<stack>", "stack name: organization, dev, staging, prod, …")
        .option("--region <region>", "only this region's claims (and the global ones), e.g. the DR region")
        .option("--principal <text>", "only claims whose principal contains this text (a role name, an application, an account ID)")
        .addOption(new Option("--format <format>", "output format").choices([...accessFormats]).default("text"))
        .option("--claims <file>", "an organization's own claims file instead of access-claims.yaml")
        .option("--config-file <file>", "plan with this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string, options: { region?: string; principal?: string; format: AccessFormat; claims?: string; configFile?: string }) => {
            // Loaded here so that `lz --help` and the other commands never load the simulator.
            const { findProjectRoot } = await import("../accounts/project");
            const { evaluateStackClaims } = await import("./access/run");
            const { formatAccess } = await import("./access/format");
            const projectDir = findProjectRoot(__dirname);
            const report = await progress().step(`planning ${stack} and evaluating its access claims`, () =>
                evaluateStackClaims(stack, { projectDir, configFile: options.configFile, claimsFile: options.claims, region: options.region, principal: options.principal }))
                .catch((error) => {
                    if ((error as Error)?.name === "SimulationError") {
                        throw new ExitError(exitCodes.usage, `lz access: ${(error as Error).message}`);
                    }
                    return failFromPlan(error);
                });
            io.out(formatAccess(report, options.format));
            if (!report.holds) {
                throw new ExitError(exitCodes.failed, `lz access: ${report.results.filter((r) => !r.holds).length} claims broken (see above).`);
            }
        });

    program.command("accounts")
        .description("show the accounts of a stack and where their IDs come from; --live resolves them in AWS Organizations")
        .argument("<stack>", "an environment stack, or the organization stack for every environment")
        .option("--live", "ask AWS Organizations (management-account credentials) and check each account's state and OU")
        .option("--config-file <file>", "use this stack config file instead of Pulumi.<stack>.yaml")
        .action(async (stack: string, options: { live?: boolean; configFile?: string }) => {
            const { findProjectRoot } = await import("../accounts/project");
            const { loadStack } = await import("./engine/stackFiles");
            const { environmentAccounts, memberAccounts } = await import("../accounts/model");
            const projectDir = findProjectRoot(__dirname);
            let loaded;
            try {
                loaded = loadStack(projectDir, stack, options.configFile);
            } catch (error) {
                failFromPlan(error);
            }
            const config = loaded.config.kind === "application"
                ? { kind: "environment" as const, environment: loaded.config.application.environment }
                : loaded.config;
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
            const { OrganizationsClient } = await import("@aws-sdk/client-organizations");
            const { formatResolution, resolveAccounts } = await import("../accounts/resolver");
            const { organizationPrerequisiteProblems, requiredPolicyTypes, requiredTrustedAccess } = await import("../accounts/prerequisites");
            const org = orgLoaded.config.organization;
            const environments = config.kind === "organization" ? Object.keys(org.environments).sort() : [config.environment.name];
            const client = new OrganizationsClient({ region: org.homeRegion });
            const prerequisites = await organizationPrerequisiteProblems(client);
            io.out(prerequisites.length === 0
                ? `Organization ${org.organizationId}: policy types ${requiredPolicyTypes.join(", ")} and trusted access for ${requiredTrustedAccess.length} services are enabled.`
                : `Organization ${org.organizationId}: ${prerequisites.length} prerequisites missing:\n${prerequisites.map((problem) => `  - ${problem}`).join("\n")}`);
            let ok = prerequisites.length === 0;
            for (const environment of environments) {
                const resolution = await progress().step(`resolving the ${environment} accounts in AWS Organizations`, () => resolveAccounts(client, org, environment));
                io.out(formatResolution(resolution));
                ok &&= resolution.ok;
            }
            if (!ok) {
                throw new ExitError(exitCodes.failed, "Some prerequisites are missing, or some accounts are missing, suspended or in the wrong OU (see above).");
            }
        });

    program.command("cost")
        .description("the fixed monthly cost of a stack's plan per account, category and resource, against each account's budget; with --base, the difference from a base plan")
        .argument("[stack]", "stack to plan and price: organization, dev, staging, prod, …")
        .option("--graph <file>", "price this saved `lz plan --json` graph instead of planning a stack")
        .option("--base <file>", "a saved plan graph of the same stack (the pull request's target branch) to compare with, resource by resource")
        .addOption(new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
        .option("--config-file <file>", "plan with this stack config file instead of Pulumi.<stack>.yaml")
        .option("--usage-allowance <usd>", "monthly USD each account may spend on usage beyond its fixed cost: shows each account's budget derived from the estimate, to set as its monthlyLimitUsd")
        .action(async (stack: string | undefined, options: { graph?: string; base?: string; format: "text" | "json" | "markdown"; configFile?: string; usageAllowance?: string }) => {
            if (Boolean(stack) === Boolean(options.graph)) {
                throw new ExitError(exitCodes.usage, "lz cost takes a stack or --graph <file>, not both and not neither.");
            }
            // Loaded on use, so that `lz --help` and the other commands do not pay for the price table.
            const { runCostCommand, UsageError } = await import("./cost/command");
            io.out(await runCostCommand(stack, options).catch((error) => {
                if (error instanceof UsageError) {
                    throw new ExitError(exitCodes.usage, `lz cost: ${error.message}`);
                }
                return failFromPlan(error);
            }));
        });

    program.command("stacks")
        .description("the project's stacks in deploy order (organization, environments, application stacks), for a CI matrix")
        .argument("[environment]", "only this environment's stacks and the organization stack they read")
        .option("--env <environment>", "same as the argument")
        .option("--json", "print the order as JSON (schemaVersion, stacks, waves)")
        .option("--write", "create the missing application stack files (Pulumi.<env>-app-<name>.yaml) of applications with stack: own")
        .option("--since <git-ref>", "only the stacks that the changes since this commit affect (a pull request's base)")
        .option("--move <application>", "print the `pulumi state move` that hands an inline application to its own stack without replacing it")
        .action(async (environment: string | undefined, options: { env?: string; json?: boolean; write?: boolean; since?: string; move?: string }) => {
            const { runStacksCommand } = await import("./stacks/command");
            io.out(await runStacksCommand(environment ?? options.env, options).catch(failFromPlan));
        });

    program.command("drill")
        .description("check that an environment can fail over to its DR region (offline), check AWS read-only (--live), or fail over for real (--execute); writes a report")
        .argument("<stack>", "an environment stack: prod, staging, …")
        .option("--to <region>", "the region to move to: the DR region, or the primary region when failing back")
        .option("--failback", "drill the return to the primary region (the default target then)")
        .option("--graph <file>", "read a saved plan graph (`lz plan <stack> --json`) instead of planning")
        .option("--config-file <file>", "use this stack config file instead of Pulumi.<stack>.yaml")
        .option("--live", "also check the deployed resources in AWS, read-only (needs credentials that can assume the access role)")
        .option("--execute", "fail over for real, in the target region only: lock, canary, switch the active-region parameters, verify end to end, measure RPO and RTO")
        .option("--reconcile", "after --execute, once both regions answer: set activeRegion in the stack config and run `pulumi up --refresh` (needs the Pulumi CLI)")
        .option("--knowledge-base-id <id>", "the target region's knowledge base, for the end-to-end Retrieve of --execute (overrides --stack-outputs)")
        .option("--stack-outputs <file>", "the deployed stack's outputs (`pulumi stack output --json -s <stack>`): --execute reads the target's knowledge base ID there")
        .option("--account-ids <file>", "real account IDs for --live/--execute/--reconcile: {\"genai\": \"123456789012\", …} or `pulumi stack output accounts --json -s organization`")
        .option("--timeout <seconds>", `limit of each AWS call in live checks (default ${defaultTimeoutSeconds})`)
        .option("--report-dir <dir>", "where to write the reports (default drill-reports/ in the project)")
        .option("--inject <experiment>", "start one of the stack's AWS FIS experiments (pause-s3-replication, disrupt-bedrock-runtime-subnets) and follow it until it ends")
        .option("--print-commands", "with --inject: print the AWS CLI commands that start and follow it instead")
        .action(async (stack: string, options: DrillOptions) => {
            // Loaded here: a drill loads the AWS SDK, the Automation API and the simulator, `lz drill --help` none of them.
            const { runDrillCommand } = await import("./drill/command");
            await runDrillCommand(stack, options, io, (code, message) => new ExitError(code, message));
        });

    return program;
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io = {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    errIsTerminal: process.stderr.isTTY === true,
}): Promise<number> {
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
