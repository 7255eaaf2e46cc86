import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
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

describe("the lean runtime of the pack lz check starts: ts-node registers on the first TypeScript file", () => {
    /**
     * Makes run-policy-pack's calls (cmd/run-policy-pack/run.js) in a fresh process with the pack's lean runtime, in a
     * folder whose tsconfig.json asks for strict checking, then requires a TypeScript file that strict checking refuses.
     */
    async function asRunPolicyPack(): Promise<Record<string, unknown>> {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-lean-pack-"));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }));
        fs.writeFileSync(path.join(dir, "implicitAny.ts"), "export function echo(value) { return value; }\n");
        fs.writeFileSync(path.join(dir, "typed.ts"), "export const answer: number = 42;\n");
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
        const script = `
            const standIn = Symbol.for("lz.leanRuntime.standIn");
            const loaded = (pattern) => Object.entries(require.cache).some(([file, module]) => pattern.test(file) && !module[standIn]);
            const state = () => ({
                typescript: loaded(/node_modules[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/),
                tsNode: loaded(/node_modules[\\\\/]ts-node[\\\\/]dist[\\\\/]index\\.js$/),
            });
            const tsutils = require(${JSON.stringify(path.join(pulumiDir, "tsutils.js"))});
            const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
            const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
            // As run.js requires them: from its own folder.
            const fromRunPolicyPack = (name) => require.resolve(name, { paths: [${JSON.stringify(path.join(pulumiDir, "cmd", "run-policy-pack"))}] });
            const tsn = require(fromRunPolicyPack(tsnodeRequire));
            const ts = require(fromRunPolicyPack(typescriptRequire));
            const versions = [ts.version, tsn.VERSION];
            tsn.register({ typeCheck: true, skipProject: true, compiler: typescriptRequire, compilerOptions: { target: "ES2020", module: "commonjs", ...compilerOptions } });
            const atStart = state();
            let refused = "";
            try { require("./implicitAny.ts"); } catch (error) { refused = String(error.message).match(/TS\\d+/)?.[0] ?? error.message; }
            const answer = require("./typed.ts").answer;
            process.stdout.write(JSON.stringify({ versions, compilerOptionsAtStart: compilerOptions, atStart, refused, answer, afterwards: state() }));
        `;
        try {
            const { stdout } = await promisify(execFile)(process.execPath, ["--require", path.join(projectDir, "dist", "cli", "check", "leanPackRuntime.js"), "-e", script], { cwd: dir, encoding: "utf8" });
            return JSON.parse(stdout) as Record<string, unknown>;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }

    it("loads TypeScript and ts-node only then, with run-policy-pack's options and the folder's tsconfig.json", async () => {
        const versionOf = (name: string) => (JSON.parse(fs.readFileSync(path.join(projectDir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
        assert.deepStrictEqual(await asRunPolicyPack(), {
            versions: [versionOf("typescript"), versionOf("ts-node")],
            compilerOptionsAtStart: {},
            atStart: { typescript: false, tsNode: false },
            // TS7006, "implicitly has an 'any' type": only the folder's tsconfig.json makes it strict (skipProject).
            refused: "TS7006",
            answer: 42,
            afterwards: { typescript: true, tsNode: true },
        });
    });
});
