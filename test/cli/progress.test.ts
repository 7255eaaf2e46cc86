import * as assert from "assert";
import { progressWanted, stderrProgress } from "../../cli/progress";

describe("progress on stderr", () => {
    const cases: [string, boolean | undefined, NodeJS.ProcessEnv, boolean, boolean][] = [
        ["a terminal", undefined, {}, true, true],
        ["a pipe or a test", undefined, {}, false, false],
        ["--progress on a pipe", true, {}, false, true],
        ["LZ_PROGRESS=1 on a pipe", undefined, { LZ_PROGRESS: "1" }, false, true],
        ["LZ_PROGRESS=0 on a terminal", undefined, { LZ_PROGRESS: "0" }, true, false],
        ["--progress over LZ_PROGRESS=0", true, { LZ_PROGRESS: "0" }, false, true],
    ];
    for (const [what, flag, env, terminal, expected] of cases) {
        it(`is ${expected ? "shown" : "not shown"} for ${what}`, () => {
            assert.strictEqual(progressWanted(flag, env, terminal), expected);
        });
    }

    it("says nothing about a step done within a second, and names a slower one when it starts and when it ends", async () => {
        const written: string[] = [];
        let clock = 0;
        const progress = stderrProgress((text) => written.push(text), () => clock);
        assert.strictEqual(await progress.step("quick", async () => "done"), "done");
        assert.deepStrictEqual(written, []);
        const slow = progress.step("planning prod", () => new Promise<number>((resolve) => setTimeout(() => {
            clock = 3400;
            resolve(7);
        }, 1100)));
        assert.strictEqual(await slow, 7);
        assert.deepStrictEqual(written, ["lz: planning prod …\n", "lz: planning prod: done in 3.4 s\n"]);
    });

    it("lets a failing step's error through, after saying it started", async () => {
        const written: string[] = [];
        const progress = stderrProgress((text) => written.push(text), () => 0);
        await assert.rejects(progress.step("checking", () => new Promise((_, reject) => setTimeout(() => reject(new Error("pack failed")), 1100))), /pack failed/);
        assert.deepStrictEqual(written, ["lz: checking …\n"]);
    });
});
