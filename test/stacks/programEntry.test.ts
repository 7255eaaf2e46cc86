import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { projectDir } from "../fixtures/plans";

describe("the program's entry point", () => {
    it("imports each stack kind's program only as a type, and loads the one the config names", () => {
        const source = fs.readFileSync(path.join(projectDir, "stacks", "index.ts"), "utf8");
        const programs = ["./organization", "./environment", "./applicationStack"];
        for (const program of programs) {
            assert.match(source, new RegExp(`^import type \\* as \\w+ from "${program}";$`, "m"), program);
            assert.doesNotMatch(source, new RegExp(`^import (?!type )[^;]*from "${program}";$`, "m"), program);
            assert.match(source, new RegExp(`require\\("${program}"\\)`), program);
        }
    });

    it("gives the organization stack a program that loads neither @pulumi/awsx nor an AWS SDK client", async () => {
        const script = `
            require(${JSON.stringify(path.join(projectDir, "dist", "stacks", "organization.js"))});
            process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((file) => /[\\\\/](@pulumi[\\\\/]awsx|@aws-sdk[\\\\/]client-[^\\\\/]+)[\\\\/]/.test(file))));
        `;
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: projectDir, encoding: "utf8" });
        assert.deepStrictEqual(JSON.parse(stdout), []);
    });
});
