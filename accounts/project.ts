import * as fs from "fs";
import * as path from "path";

/** The folder holding Pulumi.yaml, found by walking up from `start` (works from sources and from dist/). */
export function findProjectRoot(start: string): string {
    let dir = path.resolve(start);
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`no Pulumi.yaml found above ${start}`);
        }
        dir = parent;
    }
}

/** Stack names that have a Pulumi.<stack>.yaml in the project. */
export function stackNames(projectDir: string): string[] {
    return fs.readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((name): name is string => name !== undefined)
        .sort();
}

/** Pulumi passes structured config to programs as JSON text; scalars stay strings. */
export function parseConfigValue(value: string): unknown {
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return value;
        }
    }
    return value;
}
