/**
 * The lean runtime (cli/engine/leanRuntime.ts) of the policy pack `lz check` starts (`node --require`), with one more
 * deferral. The CLI's run-policy-pack registers ts-node (type-checking, with TypeScript and the pack's tsconfig.json)
 * before it loads any pack, so that a pack written in TypeScript runs as it is. This pack runs compiled (policies/bin,
 * built by `npm ci`) and never needs TypeScript, yet loading TypeScript and registering ts-node is about a second of
 * CPU at every check's start, while the plans compete for the same cores.
 *
 * Here ts-node registers itself, with exactly the options run-policy-pack gave it (its defaults overlaid by the pack's
 * tsconfig.json, as before), the first time a TypeScript file is required; until then `typescript` and `ts-node`
 * answer their version from their package.json and load on any other use. What the pack loads and decides is the same.
 */
import { Module } from "module";
import * as fs from "fs";
import * as path from "path";
import { Exports, loadOnFirstUse, pulumiRuntimeDir } from "../engine/leanRuntime";

type Loader = (module: NodeJS.Module, filename: string) => void;
type RegisterOptions = { readonly compilerOptions?: Record<string, unknown> } & Record<string, unknown>;

/** The extensions ts-node compiles; Node itself loads none of them. */
const typeScriptExtensions = [".ts", ".tsx", ".mts", ".cts"];

function versionOf(moduleFile: string, name: string): string | undefined {
    let dir = path.dirname(moduleFile);
    while (path.basename(dir) !== name && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
    }
    try {
        return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

function registerTsNodeOnFirstTypeScriptFile(pulumiDir: string): void {
    let typescriptFile: string;
    let tsNodeFile: string;
    try {
        // Resolved as run-policy-pack's tsutils resolves them; without them it uses its vendored copies, left as they are.
        typescriptFile = require.resolve("typescript", { paths: [pulumiDir] });
        tsNodeFile = require.resolve("ts-node", { paths: [pulumiDir] });
    } catch {
        return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsutils = require(path.join(pulumiDir, "tsutils.js")) as { loadTypeScriptCompilerOptions: (tsConfigPath: string) => Record<string, unknown> };
    const readCompilerOptions = tsutils.loadTypeScriptCompilerOptions;
    let tsConfigPath: string | undefined;
    tsutils.loadTypeScriptCompilerOptions = (file) => {
        // Parsing tsconfig.json loads TypeScript: read when ts-node registers, and overlaid on the defaults then.
        tsConfigPath = file;
        return {};
    };
    const extensions = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;
    let loadTsNode: () => Exports = () => { throw new Error("ts-node is not deferred"); };
    const register = (options: RegisterOptions): void => {
        const previous = new Map(typeScriptExtensions.map((extension) => [extension, extensions[extension]]));
        const registerNow = (): void => {
            for (const [extension, loader] of previous) {
                if (loader) {
                    extensions[extension] = loader;
                } else {
                    delete extensions[extension];
                }
            }
            const compilerOptions = { ...options.compilerOptions, ...(tsConfigPath ? readCompilerOptions(tsConfigPath) : {}) };
            (loadTsNode() as { register: (options: RegisterOptions) => unknown }).register({ ...options, compilerOptions });
        };
        for (const extension of typeScriptExtensions) {
            extensions[extension] = (module, filename) => {
                registerNow();
                const loader = extensions[extension];
                if (!loader) {
                    throw new Error(`ts-node did not register ${extension} files`);
                }
                loader(module, filename);
            };
        }
    };
    loadOnFirstUse(typescriptFile, { version: versionOf(typescriptFile, "typescript") });
    loadTsNode = loadOnFirstUse(tsNodeFile, { VERSION: versionOf(tsNodeFile, "ts-node"), register } as Exports);
}

registerTsNodeOnFirstTypeScriptFile(pulumiRuntimeDir());
