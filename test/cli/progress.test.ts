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

    const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

    it("says nothing about a step done within a second by default", async () => {
        const written: string[] = [];
        const progress = stderrProgress((text) => written.push(text));
        assert.strictEqual(await progress.step("quick", async () => "done"), "done");
        assert.strictEqual(await progress.step("planning dev", () => after(80).then(() => 5)), 5);
        assert.deepStrictEqual(written, []);
    });

    it("names a step slower than its quiet period when it starts and when it ends", async () => {
        const written: string[] = [];
        let clock = 0;
        const progress = stderrProgress((text) => written.push(text), () => clock, 40);
        assert.strictEqual(await progress.step("quick", async () => "done"), "done");
        assert.deepStrictEqual(written, []);
        const slow = progress.step("planning prod", () => after(80).then(() => {
            clock = 3400;
            return 7;
        }));
        assert.strictEqual(await slow, 7);
        assert.deepStrictEqual(written, ["lz: planning prod …\n", "lz: planning prod: done in 3.4 s\n"]);
    });

    it("lets a failing step's error through, after saying it started", async () => {
        const written: string[] = [];
        const progress = stderrProgress((text) => written.push(text), () => 0, 40);
        await assert.rejects(progress.step("checking", () => after(80).then(() => Promise.reject(new Error("pack failed")))), /pack failed/);
        assert.deepStrictEqual(written, ["lz: checking …\n"]);
    });
});
