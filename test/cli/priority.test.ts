import * as assert from "assert";
import { spawn } from "child_process";
import * as os from "os";
import { accessInput } from "../../cli/access/run";
import { planStack, PlanOptions } from "../../cli/engine/plan";
import { backgroundPriority, inBackground } from "../../cli/engine/priority";
import { callsDuring } from "../fixtures/nodeCalls";
import { plan, projectDir } from "../fixtures/plans";

/** The priorities given to processes while `run` runs (os.setPriority still applies them). */
async function prioritiesSetDuring(run: () => Promise<unknown>): Promise<unknown[]> {
    return (await callsDuring("os", "setPriority", run)).map(([, priority]) => priority);
}

describe("the organization plan that lz check and lz access run beside the stack's own", function () {
    this.timeout(120_000);

    it("runs at a lower priority", async () => {
        const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"], { stdio: "ignore" });
        try {
            inBackground(child.pid);
            assert.strictEqual(os.getPriority(child.pid!), backgroundPriority);
        } finally {
            child.kill();
        }
        // A process that is gone is no error: the priority is only an optimisation.
        inBackground(999_999_999);
        inBackground(undefined);
    });

    it("is lowered when planned beside another, and a plan on its own is not", async () => {
        assert.deepStrictEqual(await prioritiesSetDuring(() => planStack("organization", { projectDir, fresh: true, background: true })), [backgroundPriority]);
        assert.deepStrictEqual(await prioritiesSetDuring(() => planStack("organization", { projectDir, fresh: true })), []);
    });

    it("is what lz access and lz check ask for: the organization stack is planned in the background, the stack itself not", async () => {
        // The claims' input, as both commands make it; the module is looked up at each call, so its planStack is seen.
        const planModule = require.resolve("../../cli/engine/plan");
        const stackOf = (calls: unknown[][]) => calls.map(([stack, options]) => [stack, (options as PlanOptions).background ?? false]);
        assert.deepStrictEqual(stackOf(await callsDuring(planModule, "planStack", () => accessInput("prod", { projectDir }))), [["prod", false], ["organization", true]]);
        // lz check hands over its own plan of the stack: only the organization stack is planned.
        const prod = await plan("prod");
        assert.deepStrictEqual(stackOf(await callsDuring(planModule, "planStack", () => accessInput("prod", { projectDir }, prod))), [["organization", true]]);
    });
});
