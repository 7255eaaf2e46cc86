import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { projectDir } from "../fixtures/plans";

/** Runs `body` in a fresh Node process in the project folder, with or without the lean runtime loaded first. */
async function inFreshProcess(lean: boolean, body: string): Promise<Record<string, unknown>> {
    const script = `
        ${lean ? `require(${JSON.stringify(path.join(projectDir, "dist", "cli", "engine", "leanRuntime.js"))});` : ""}
        const pulumi = require("@pulumi/pulumi");
        const loaded = (pattern) => Object.keys(require.cache).some((file) => pattern.test(file));
        const deferred = () => ({
            typescript: loaded(/node_modules[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/),
            arborist: loaded(/@npmcli[\\\\/]arborist[\\\\/]lib[\\\\/]arborist[\\\\/]index\\.js$/),
        });
        (async () => { ${body} })().then((result) => process.stdout.write(JSON.stringify(result)));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: projectDir, encoding: "utf8" });
    return JSON.parse(stdout) as Record<string, unknown>;
}

describe("the lean Pulumi runtime of the plan worker, the pack lz check starts and the tests", () => {
    // Both processes run side by side.
    let lean: Promise<Record<string, unknown>>;
    let plain: Promise<Record<string, unknown>>;
    before(() => {
        lean = inFreshProcess(true, `
            const atStart = deferred();
            const debuggable = require("@pulumi/pulumi/runtime/debuggable");
            const promise = Promise.resolve(1);
            const untagged = debuggable.debuggablePromise(promise, "context") === promise && !("_debugStackTrace" in promise);
            const answer = 41;
            const serialized = await pulumi.runtime.serializeFunction(() => answer + 1);
            const pulumiDir = require("path").dirname(require.resolve("@pulumi/pulumi/package.json"));
            const arborist = require(require.resolve("@npmcli/arborist", { paths: [pulumiDir] }));
            const arboristClass = typeof arborist.Arborist;
            return { atStart, untagged, afterwards: { ...deferred(), arboristClass }, serializedAnswer: serialized.text.includes("answer + 1") };
        `);
        plain = inFreshProcess(false, `
            const promise = Promise.resolve(1);
            require("@pulumi/pulumi/runtime/debuggable").debuggablePromise(promise, "context");
            return { ...deferred(), tagged: "_debugStackTrace" in promise };
        `);
        lean.catch(() => undefined);
        plain.catch(() => undefined);
    });

    it("loads TypeScript and Arborist only when used, which still works, and leaves the runtime's promises untagged", async () => {
        assert.deepStrictEqual(await lean, {
            atStart: { typescript: false, arborist: false },
            untagged: true,
            afterwards: { typescript: true, arborist: true, arboristClass: "function" },
            serializedAnswer: true,
        });
    });

    it("is what defers them: the runtime alone loads both at once, and tags its promises", async () => {
        assert.deepStrictEqual(await plain, { typescript: true, arborist: true, tagged: true });
    });
});
