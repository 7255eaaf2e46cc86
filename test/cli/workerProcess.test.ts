import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import * as os from "os";
import { backgroundPriority } from "../../cli/engine/priority";
import { PlanPriority, planWorker, plansAhead, startPlanWorkersEarly } from "../../cli/engine/workerProcess";
import { planStack } from "../../cli/engine/plan";
import { callsDuring } from "../fixtures/nodeCalls";
import { projectDir } from "../fixtures/plans";

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** How many processes are forked while `run` runs. */
async function forksDuring(run: () => Promise<unknown>): Promise<number> {
    return (await callsDuring("child_process", "fork", run)).length;
}

describe("plan workers started as lz starts", function () {
    this.timeout(120_000);

    it("are as many as the command line plans at once", () => {
        const both: PlanPriority[] = ["foreground", "background"];
        const cases: [string, PlanPriority[]][] = [
            ["plan prod", ["foreground"]],
            ["plan prod --format json", ["foreground"]],
            ["cost prod", ["foreground"]],
            // The stack's own plan, and the organization stack's in the background.
            ["check prod", both],
            ["--progress check staging --format sarif", both],
            ["access dev --region us-west-2", both],
            // The organization stack's claims need no other plan.
            ["check organization", ["foreground"]],
            ["access organization", ["foreground"]],
            ["check --graph plan.json", []],
            ["cost --graph=plan.json", []],
            ["check prod --help", []],
            ["plan", []],
            ["stacks dev", []],
            ["drill prod", []],
            ["check nosuch", []],
        ];
        assert.deepStrictEqual(cases.map(([args]) => [args, plansAhead(args.split(" "), projectDir)]), cases);
    });

    it("are taken by the next plans of the project, which then run in them", async () => {
        startPlanWorkersEarly(["foreground"], projectDir);
        const spare = planWorker(projectDir, true);
        const pid = spare.child.pid;
        spare.child.kill();
        // The next plan gets a worker of its own, and a plan runs in a spare as in any worker.
        const own = planWorker(projectDir, true);
        own.child.kill();
        assert.notStrictEqual(own.child.pid, pid);
        startPlanWorkersEarly(["foreground"], projectDir);
        const forks = await forksDuring(async () => assert.strictEqual((await planStack("organization", { projectDir, fresh: true })).kind, "organization"));
        assert.strictEqual(forks, 0);
        assert.strictEqual(await forksDuring(() => planStack("organization", { projectDir, fresh: true })), 1);
    });

    it("for the organization stack's plan start at the lower priority, and only a background plan takes them", async () => {
        startPlanWorkersEarly(["background"], projectDir);
        // A foreground plan would be stuck at the lowered priority (a process cannot raise its own back): it forks.
        // Read while each worker still runs: a process that has exited has no priority to read.
        assert.strictEqual(await forksDuring(async () => {
            const worker = planWorker(projectDir, true);
            assert.strictEqual(os.getPriority(worker.child.pid), os.getPriority());
            worker.child.kill();
        }), 1);
        assert.strictEqual(await forksDuring(async () => {
            const worker = planWorker(projectDir, true, "background");
            assert.strictEqual(os.getPriority(worker.child.pid), backgroundPriority);
            worker.child.kill();
        }), 0);
        // With no background spare, a background plan takes a foreground one (planStack then lowers it).
        startPlanWorkersEarly(["foreground"], projectDir);
        assert.strictEqual(await forksDuring(async () => planWorker(projectDir, true, "background").child.kill()), 0);
    });

    it("do not keep lz running when no plan takes them, and end with it", async () => {
        const script = `
            const childProcess = require("child_process");
            const fork = childProcess.fork;
            const pids = [];
            childProcess.fork = (...args) => { const child = fork(...args); pids.push(child.pid); return child; };
            require(${JSON.stringify(path.join(projectDir, "dist", "cli", "engine", "workerProcess.js"))}).startPlanWorkersEarly(["foreground", "background"]);
            process.stdout.write(JSON.stringify(pids));
        `;
        // Resolves once that process has exited: the spares did not hold it.
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: projectDir, encoding: "utf8" });
        const pids = JSON.parse(stdout) as number[];
        assert.strictEqual(pids.length, 2);
        for (let waited = 0; pids.some(alive) && waited < 60_000; waited += 100) {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.deepStrictEqual(pids.filter(alive), []);
    });
});
