/**
 * `npm run bench`: what `lz plan` costs, against a floor measured in the same run; what `lz check`, `lz access` and
 * `lz cost` cost beside it, as a user runs each (a process of its own), in wall time and in CPU time over all its
 * processes; and how a plan grows with the number of accounts. A benchmark, not a test: it prints figures and asserts
 * nothing.
 */
import { fork } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { findProjectRoot } from "../accounts/project";
import { PlanGraph } from "../cli/engine/graph";
import { planStack, PlanStats } from "../cli/engine/plan";

const runs = Number(process.env.LZ_BENCH_RUNS ?? 5);
const projectDir = findProjectRoot(__dirname);

interface Sample {
    readonly ms: number;
    readonly rssKb: number;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function sample(run: () => Promise<number>): Promise<{ ms: number; rssKb: number }> {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        const rssKb = await run();
        samples.push({ ms: Number(process.hrtime.bigint() - started) / 1e6, rssKb });
    }
    return { ms: median(samples.map((s) => s.ms)), rssKb: median(samples.map((s) => s.rssKb)) };
}

async function planSample(stack: string, configFile?: string): Promise<{ ms: number; rssKb: number; graph: PlanGraph }> {
    let graph: PlanGraph | undefined;
    const result = await sample(async () => {
        let stats: PlanStats | undefined;
        graph = await planStack(stack, { projectDir, configFile, onStats: (s) => { stats = s; } });
        return stats!.maxRssKb;
    });
    return { ...result, graph: graph! };
}

/** A prod-like environment with `applications` application accounts, all adopted by ID so no other stack is needed. */
function generatedEnvironment(applications: number, dir: string): string {
    const prod = parse(fs.readFileSync(path.join(projectDir, "Pulumi.prod.yaml"), "utf8"));
    const env = prod.config["landing-zone:environment"];
    const id = (n: number) => String(300000000000 + n);
    // All inline on purpose: this measures how one stack grows with its accounts (bench/applications.ts splits them).
    env.accounts.maxInlineApplications = applications;
    env.accounts.genai.id = id(1);
    env.accounts.data.id = id(2);
    // Every generated application is a copy of a shipped one (tenants, budget, WAF…) with its own account and range.
    const templates = Object.values(env.accounts.applications) as Record<string, unknown>[];
    env.accounts.applications = Object.fromEntries(Array.from({ length: applications }, (_, i) => [
        `app${String(i + 1).padStart(2, "0")}`,
        { ...templates[i % templates.length], id: id(10 + i), vpcCidr: `10.${100 + i}.0.0/16` },
    ]));
    const file = path.join(dir, `Pulumi.prod-${applications}-apps.yaml`);
    fs.writeFileSync(file, stringify(prod));
    return file;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Node runs on. */
const clockTicksPerSecond = 100;

/**
 * CPU-seconds used by the processes this one has waited for (all their descendants that were waited for in turn),
 * from /proc/self/stat; undefined where there is no /proc.
 */
function childrenCpuSeconds(): number | undefined {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        // Fields after the command name, which is in parentheses and may hold spaces: cutime and cstime are the 14th and 15th.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond;
    } catch {
        return undefined;
    }
}

interface CommandRun {
    readonly ms: number;
    /** CPU-seconds of the command's processes (lz, its plan workers, the policy pack), on every core. */
    readonly cpu?: number;
}

/** Runs `lz <args>` as a user does, in a process of its own, and measures it once it has exited. */
async function runLz(args: string[]): Promise<CommandRun> {
    const cpuBefore = childrenCpuSeconds();
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
        const child = fork(path.join(projectDir, "bin", "lz.js"), args, { cwd: projectDir, stdio: ["ignore", "ignore", "inherit", "ipc"] });
        child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lz ${args.join(" ")} exited ${code}`))));
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuAfter = childrenCpuSeconds();
    return { ms, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/** What a user runs, each compared with `lz plan prod` run the same way in the same round. */
const commands = {
    plan: { args: ["plan", "prod"], what: "plan of prod" },
    check: { args: ["check", "prod"], what: "plan + organization plan + policy pack + access claims" },
    access: { args: ["access", "prod", "--format", "json"], what: "plan + organization plan + access claims" },
    cost: { args: ["cost", "prod"], what: "plan + price table" },
} as const;
type Command = keyof typeof commands;
const commandEntries = Object.entries(commands) as [Command, (typeof commands)[Command]][];

/** One round: each command once, back to back, so that a burst of load on the machine hits them alike. */
interface Round {
    readonly plan: number;
    readonly planRssKb: number;
    readonly floor: number;
    readonly floorRssKb: number;
    readonly cli: Record<Command, CommandRun>;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
    const started = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
    const cores = os.availableParallelism();
    console.log(`lz plan benchmark: median of ${runs} rounds, each command once per round, on ${cores} cores, Node ${process.version}\n`);
    const prod = await planSample("prod");
    const modules = [...new Set(prod.graph.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type.split(":")[1].split("/")[0]))].sort();
    const rounds: Round[] = [];
    for (let i = 0; i < runs; i++) {
        // The plan against its floor: both a forked Node process that loads the same runtime, without lz's own start.
        let stats: PlanStats | undefined;
        const plan = await timed(() => planStack("prod", { projectDir, onStats: (s) => { stats = s; } }));
        const floorRun = await (async () => {
            let rssKb = 0;
            const ms = await timed(() => new Promise<void>((resolve, reject) => {
                const child = fork(path.join(__dirname, "floor.js"), modules, { cwd: projectDir, stdio: ["ignore", "inherit", "inherit", "ipc"] });
                child.once("message", (m: { maxRssKb: number }) => { rssKb = m.maxRssKb; });
                child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`floor process exited ${code}`))));
            }));
            return { ms, rssKb };
        })();
        const cli = {} as Record<Command, CommandRun>;
        for (const [command, { args }] of commandEntries) {
            cli[command] = await runLz([...args]);
        }
        rounds.push({ plan, planRssKb: stats!.maxRssKb, floor: floorRun.ms, floorRssKb: floorRun.rssKb, cli });
    }
    const med = (pick: (round: Round) => number) => median(rounds.map(pick));
    console.log(`lz plan prod   ${s(med((r) => r.plan)).padStart(8)}   peak RSS ${mb(med((r) => r.planRssKb)).padStart(7)}   (${prod.graph.resources.length} resources; the plan worker, as lz forks it)`);
    console.log(`floor          ${s(med((r) => r.floor)).padStart(8)}   peak RSS ${mb(med((r) => r.floorRssKb)).padStart(7)}   (node + @pulumi/pulumi + @pulumi/aws: ${modules.join(", ")})`);
    console.log(`ratio plan/floor: time ${med((r) => r.plan / r.floor).toFixed(2)}x, memory ${(med((r) => r.planRssKb) / med((r) => r.floorRssKb)).toFixed(2)}x\n`);
    const measuredCpu = rounds.every((round) => Object.values(round.cli).every((run) => run.cpu !== undefined));
    console.log(`as a user runs them (a process each): wall time, ratio to lz plan prod, CPU time of all their processes${measuredCpu ? `, and the least wall time that CPU time allows on ${cores} cores` : ""}`);
    for (const [command, { args, what }] of commandEntries) {
        const wall = med((r) => r.cli[command].ms);
        // A ratio is the median of the rounds' own ratios: a slow round slows both sides of it.
        const ratio = command === "plan" ? "" : `${med((r) => r.cli[command].ms / r.cli.plan.ms).toFixed(2)}x`;
        const cpu = measuredCpu ? med((r) => r.cli[command].cpu!) : undefined;
        const bound = cpu === undefined ? "" : `≥ ${(cpu / cores).toFixed(2)} s (${med((r) => r.cli[command].cpu! / cores / (r.cli.plan.ms / 1000)).toFixed(2)}x)`;
        console.log(`  lz ${args.slice(0, 2).join(" ").padEnd(12)} ${s(wall).padStart(8)} ${ratio.padStart(7)}   ${cpu === undefined ? "" : `${cpu.toFixed(2)} CPU-s`.padStart(11)}  ${bound.padEnd(18)}  (${what})`);
    }
    console.log();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-bench-"));
    try {
        console.log("growth with application accounts (generated prod environment, DR on):");
        console.log("  accounts  resources    median   peak RSS   per added account");
        let previous: { accounts: number; ms: number } | undefined;
        for (const applications of [1, 5, 10, 25]) {
            const result = await planSample("prod", generatedEnvironment(applications, dir));
            const accounts = applications + 2;
            const perAccount = previous ? `${((result.ms - previous.ms) / (accounts - previous.accounts)).toFixed(0)} ms` : "";
            console.log(`  ${String(accounts).padStart(8)}  ${String(result.graph.resources.length).padStart(9)}  ${s(result.ms).padStart(8)}  ${mb(result.rssKb).padStart(9)}   ${perAccount}`);
            previous = { accounts, ms: result.ms };
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
