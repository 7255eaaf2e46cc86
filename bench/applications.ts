/**
 * `npm run bench` (second part): an environment of many applications, each in a stack of its own, planned offline as
 * `lz plan` plans an environment whole: the environment stack, then every application stack with the environment's
 * outputs, as many at once as there are cores. Reports providers per stack, plan time per stack and in total, and an
 * estimate of each stack's `pulumi up` peak memory. A benchmark, not a test: it prints figures and asserts nothing.
 *
 * LZ_BENCH_APPLICATIONS sets the number of applications (default 100).
 */
import * as fs from "fs";
import * as os from "os";
import { findProjectRoot } from "../accounts/project";
import { awsProviderType, PlanGraph } from "../cli/engine/graph";
import { scaledEnvironmentFiles } from "../cli/engine/generatedEnvironments";
import { planStack, PlanStats } from "../cli/engine/plan";
import { scratchProject } from "../cli/engine/scratchProject";

const projectDir = findProjectRoot(__dirname);
const applications = Number(process.env.LZ_BENCH_APPLICATIONS ?? 100);

/**
 * Resident memory of one AWS provider plugin process under the Pulumi CLI, the upper end of 300-430 MB measured in
 * pulumi/pulumi-aws#5860 (one process per explicit provider; pulumi/pulumi#19534). An estimate, not a measurement here:
 * no Pulumi CLI or plugin runs on this machine.
 */
const providerPluginMb = 430;
/** The Pulumi CLI engine process itself during an update, a conservative round figure (not measured here). */
const engineMb = 150;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
};

function providersByStack(graph: PlanGraph): Map<string, number> {
    const counts = new Map<string, number>((graph.stacks ?? [graph.stack]).map((stack) => [stack, 0]));
    for (const resource of graph.resources.filter((r) => r.type === awsProviderType)) {
        const stack = /^urn:pulumi:([^:]+)::/.exec(resource.urn)![1];
        counts.set(stack, (counts.get(stack) ?? 0) + 1);
    }
    return counts;
}

async function main(): Promise<void> {
    const dir = scratchProject(projectDir, scaledEnvironmentFiles(projectDir, "prod", applications), "lz-bench-apps-");
    try {
        console.log(`\napplication stacks: prod with ${applications} generated applications, each in a stack of its own, on ${os.cpus().length} cores`);
        const stats = new Map<string, PlanStats>();
        const started = Date.now();
        const graph = await planStack("prod", { projectDir: dir, onStats: (plan, stack) => stats.set(stack, plan) });
        const totalMs = Date.now() - started;
        const providers = providersByStack(graph);
        const applicationStacks = [...stats.keys()].filter((stack) => stack !== "prod");
        const programMs = applicationStacks.map((stack) => stats.get(stack)!.programMs);
        const rssMb = (stack: string) => stats.get(stack)!.maxRssKb / 1024;
        const maxApplicationProviders = Math.max(...applicationStacks.map((stack) => providers.get(stack) ?? 0));
        const estimate = (count: number, planMb: number) => count * providerPluginMb + engineMb + planMb;
        console.log(`  stacks planned          ${graph.stacks!.length} (1 environment + ${applicationStacks.length} applications), ${graph.resources.length} resources`);
        console.log(`  total plan time         ${s(totalMs)} wall`);
        console.log(`  environment stack       ${s(stats.get("prod")!.programMs)}, ${providers.get("prod")} AWS providers, program peak RSS ${rssMb("prod").toFixed(0)} MB`);
        console.log(`  per application stack   median ${s(median(programMs))}, max ${s(Math.max(...programMs))}; at most ${maxApplicationProviders} AWS provider(s), program peak RSS ≤ ${Math.max(...applicationStacks.map(rssMb)).toFixed(0)} MB`);
        console.log(`  providers per stack     max ${Math.max(...providers.values())}`);
        console.log("  estimated `pulumi up` peak memory per stack (providers × " + providerPluginMb + " MB plugin + " + engineMb + " MB engine + the program's measured RSS):");
        console.log(`    environment stack     ${(estimate(providers.get("prod")!, rssMb("prod")) / 1024).toFixed(1)} GB`);
        console.log(`    application stack     ${(estimate(maxApplicationProviders, Math.max(...applicationStacks.map(rssMb))) / 1024).toFixed(1)} GB`);
        console.log(`    all inline, for scale ${(estimate(2 + applications, rssMb("prod")) / 1024).toFixed(1)} GB in one \`pulumi up\` (what maxInlineApplications refuses)`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
