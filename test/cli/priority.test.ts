import * as assert from "assert";
import { spawn } from "child_process";
import * as os from "os";
import { planStack } from "../../cli/engine/plan";
import { backgroundPriority, inBackground } from "../../cli/engine/priority";
import { callsDuring } from "../fixtures/nodeCalls";
import { projectDir } from "../fixtures/plans";

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
});
