/**
 * `npm run bench`: what `lz plan` costs, against a floor measured in the same run, and how it grows with the number
 * of accounts. A benchmark, not a test: it prints figures and asserts nothing.
 */
import { fork } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { findProjectRoot } from "../accounts/project";
import { PlanGraph } from "../cli/engine/graph";
import { checkStack } from "../cli/check/check";
import { costReport } from "../cli/cost/report";
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

/** One round: each command once, back to back, so that a burst of load on the machine hits them alike. */
interface Round {
    readonly plan: number;
    readonly planRssKb: number;
    readonly floor: number;
    readonly floorRssKb: number;
    readonly check: number;
    readonly cost: number;
    readonly access: number;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
    const started = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
    console.log(`lz plan benchmark: median of ${runs} rounds, each command once per round, on ${os.cpus().length} cores, Node ${process.version}\n`);
    const prod = await planSample("prod");
    const modules = [...new Set(prod.graph.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type.split(":")[1].split("/")[0]))].sort();
    const rounds: Round[] = [];
    for (let i = 0; i < runs; i++) {
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
        // The check plans the stack and starts the policy pack at the same time, then analyzes every resource.
        const check = await timed(() => checkStack("prod", { projectDir }));
        // The cost is the plan plus the price table: the estimate itself should not show.
        const cost = await timed(async () => costReport(await planStack("prod", { projectDir })));
        // As a user runs it: a process of its own, which plans prod and the organization stack and loads the simulator.
        const access = await timed(() => new Promise<void>((resolve, reject) => {
            const child = fork(path.join(projectDir, "bin", "lz.js"), ["access", "prod", "--format", "json"], { cwd: projectDir, stdio: ["ignore", "ignore", "inherit", "ipc"] });
            child.once("exit", (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`lz access prod exited ${code}`))));
        }));
        rounds.push({ plan, planRssKb: stats!.maxRssKb, floor: floorRun.ms, floorRssKb: floorRun.rssKb, check, cost, access });
    }
    const med = (pick: (round: Round) => number) => median(rounds.map(pick));
    // Ratios are the median of each round's own ratio: a slow round slows both sides of it.
    const ratio = (pick: (round: Round) => number) => med((round) => pick(round) / round.plan).toFixed(2);
    console.log(`lz plan prod   ${s(med((r) => r.plan)).padStart(8)}   peak RSS ${mb(med((r) => r.planRssKb)).padStart(7)}   (${prod.graph.resources.length} resources)`);
    console.log(`floor          ${s(med((r) => r.floor)).padStart(8)}   peak RSS ${mb(med((r) => r.floorRssKb)).padStart(7)}   (node + @pulumi/pulumi + @pulumi/aws: ${modules.join(", ")})`);
    console.log(`ratio plan/floor: time ${med((r) => r.plan / r.floor).toFixed(2)}x, memory ${(med((r) => r.planRssKb) / med((r) => r.floorRssKb)).toFixed(2)}x`);
    console.log(`lz check prod  ${s(med((r) => r.check)).padStart(8)}   (plan + policy pack + access claims; check/plan ratio ${ratio((r) => r.check)}x)`);
    console.log(`lz cost prod   ${s(med((r) => r.cost)).padStart(8)}   (plan + price table; cost/plan ratio ${ratio((r) => r.cost)}x)`);
    console.log(`lz access prod ${s(med((r) => r.access)).padStart(8)}   (plan of prod and organization + claims; access/plan ratio ${ratio((r) => r.access)}x)\n`);

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
