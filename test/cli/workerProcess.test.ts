import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { planWorker, plansAhead, startPlanWorkersEarly } from "../../cli/engine/workerProcess";
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
        const cases: [string, number][] = [
            ["plan prod", 1],
            ["plan prod --format json", 1],
            ["cost prod", 1],
            ["check prod", 2],
            ["--progress check staging --format sarif", 2],
            ["access dev --region us-west-2", 2],
            // The organization stack's claims need no other plan.
            ["check organization", 1],
            ["access organization", 1],
            ["check --graph plan.json", 0],
            ["cost --graph=plan.json", 0],
            ["check prod --help", 0],
            ["plan", 0],
            ["stacks dev", 0],
            ["drill prod", 0],
            ["check nosuch", 0],
        ];
        assert.deepStrictEqual(cases.map(([args]) => [args, plansAhead(args.split(" "), projectDir)]), cases);
    });

    it("are taken by the next plans of the project, which then run in them", async () => {
        startPlanWorkersEarly(1, projectDir);
        const spare = planWorker(projectDir, true);
        const pid = spare.child.pid;
        spare.child.kill();
        // The next plan gets a worker of its own, and a plan runs in a spare as in any worker.
        const own = planWorker(projectDir, true);
        own.child.kill();
        assert.notStrictEqual(own.child.pid, pid);
        startPlanWorkersEarly(1, projectDir);
        const forks = await forksDuring(async () => assert.strictEqual((await planStack("organization", { projectDir, fresh: true })).kind, "organization"));
        assert.strictEqual(forks, 0);
        assert.strictEqual(await forksDuring(() => planStack("organization", { projectDir, fresh: true })), 1);
    });

    it("do not keep lz running when no plan takes them, and end with it", async () => {
        const script = `
            const childProcess = require("child_process");
            const fork = childProcess.fork;
            const pids = [];
            childProcess.fork = (...args) => { const child = fork(...args); pids.push(child.pid); return child; };
            require(${JSON.stringify(path.join(projectDir, "dist", "cli", "engine", "workerProcess.js"))}).startPlanWorkersEarly(2);
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
