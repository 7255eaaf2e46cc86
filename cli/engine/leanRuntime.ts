/**
 * Makes the Pulumi runtime cheaper to start and run, without changing what a program registers or a pack decides.
 * Loaded first, for its effect, by the processes `lz` starts itself: the plan worker (imported before anything
 * loads `@pulumi/pulumi`), the policy pack that `lz check` runs (`node -r`), and the test process (.mocharc.json).
 * `pulumi up` and `pulumi preview --policy-pack` run under the real runtime.
 *
 * - `@pulumi/pulumi` loads its closure serializer eagerly, and with it TypeScript and npm's Arborist (about 0.7 s
 *   of a plan's 1 s start on a small machine). Only `aws.lambda.CallbackFunction` and dynamic providers serialize
 *   closures, and the program uses neither: both modules load on first use instead.
 * - The runtime tags each of its promises with a stack trace for its leak report (about 0.7 s for prod's 500
 *   resources, several times that where source maps are installed). A plan reports its program's errors itself.
 */
import { Module } from "module";
import * as path from "path";

export type Exports = Record<PropertyKey, unknown>;

/**
 * Puts a stand-in for a module in Node's module cache that loads the real module the first time it is used.
 * `known` answers some of its exports without loading it. Returns what loads the real module.
 */
export function loadOnFirstUse(file: string, known: Exports = {}): () => Exports {
    const cache = (Module as unknown as { _cache: Record<string, NodeJS.Module> })._cache;
    if (cache[file]) {
        return () => cache[file].exports as Exports;
    }
    let real: Exports | undefined;
    const load = (): Exports => {
        if (!real) {
            delete cache[file];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            real = require(file) as Exports;
        }
        return real;
    };
    const standIn = new Module(file);
    standIn.filename = file;
    standIn.loaded = true;
    // Tells a stand-in from the module it stands for, in the module cache (the tests look).
    (standIn as unknown as Record<symbol, boolean>)[Symbol.for("lz.leanRuntime.standIn")] = true;
    standIn.exports = new Proxy({}, {
        // tslib's `import * as x` keeps a module marked as an ES module as it is: the marker must not load it.
        get: (_target, key) => (key === "__esModule" ? true : !real && Object.hasOwn(known, key) ? known[key] : load()[key]),
        has: (_target, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_target, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
    cache[file] = standIn;
    return load;
}

/**
 * The folder of the Pulumi runtime of the program or pack in the working folder, which is the one this file's folder
 * resolves when the two share node_modules (a pack with its own copy is left as it is, only slower).
 */
export function pulumiRuntimeDir(): string {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd(), __dirname] }));
}

function leanPulumiRuntime(): void {
    const pulumiDir = pulumiRuntimeDir();
    loadOnFirstUse(path.join(pulumiDir, "typescript-shim.js"));
    loadOnFirstUse(require.resolve("@npmcli/arborist", { paths: [pulumiDir] }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require(path.join(pulumiDir, "runtime", "debuggable.js")) as { debuggablePromise: <T>(promise: Promise<T>) => Promise<T> };
    debuggable.debuggablePromise = (promise) => promise;
}

leanPulumiRuntime();
