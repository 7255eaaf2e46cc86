import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { projectDir } from "../fixtures/plans";

/**
 * What `lz` loads before it prints its help, in the compiled program that `npx lz` runs: the AWS SDK, gRPC, Pulumi
 * and the simulator take most of a second to load, and are only for the command that runs.
 */
function modulesLoadedFor(...args: string[]): { output: string; modules: string[] } {
    const script = `
        const { main } = require(${JSON.stringify(path.join(projectDir, "dist", "cli", "main.js"))});
        let output = "";
        main(["node", "lz", ...${JSON.stringify(args)}], { out: (t) => { output += t; }, err: (t) => { output += t; } }).then((code) => {
            process.stdout.write(JSON.stringify({ code, output, modules: Object.keys(require.cache) }));
        });`;
    const result = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: projectDir, encoding: "utf8" })) as { code: number; output: string; modules: string[] };
    assert.strictEqual(result.code, 0, result.output);
    return {
        output: result.output,
        modules: result.modules.map((file) => path.relative(projectDir, file).split(path.sep).join("/")).sort(),
    };
}

/** commander's own files and the command line's small modules that list each command's choices. */
const helpModules = [
    "dist/cli/access/format.js",
    "dist/cli/check/formats.js",
    "dist/cli/drill/options.js",
    "dist/cli/main.js",
    "dist/cli/progress.js",
];

function withoutCommander(modules: string[]): string[] {
    return modules.filter((file) => !file.startsWith("node_modules/commander/"));
}

describe("lz --help", () => {
    it("lists every command after loading only commander and the command line's option lists", () => {
        const { output, modules } = modulesLoadedFor("--help");
        for (const command of ["plan", "check", "access", "accounts", "cost", "drill"]) {
            assert.match(output, new RegExp(`^  ${command} `, "m"), `lz --help lists ${command}`);
        }
        assert.deepStrictEqual(withoutCommander(modules), helpModules);
    });

    it("shows a command's options, the drill's too, without loading the command", () => {
        for (const command of ["plan", "check", "access", "accounts", "cost", "drill"]) {
            const { output, modules } = modulesLoadedFor(command, "--help");
            assert.match(output, new RegExp(`^Usage: lz ${command} `, "m"));
            assert.deepStrictEqual(withoutCommander(modules), helpModules, `lz ${command} --help`);
        }
        assert.match(modulesLoadedFor("help", "drill").output, /--execute +fail over for real/);
        assert.match(modulesLoadedFor("drill", "--help").output, /--timeout <seconds> +limit of each AWS call in live checks \(default 10\)/);
    });
});
