import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * A project folder of generated stack files beside the real program: every entry of `projectDir` but its stack files
 * is linked in, and `stackFiles` (`Pulumi.<stack>.yaml` → content) are written. Plans made in it run the real
 * program on those stacks; the benchmark and the tests use it for environments the project does not ship (one split
 * into application stacks, one of a hundred applications). The caller removes it (`fs.rmSync(dir, { recursive: true })`).
 */
export function scratchProject(projectDir: string, stackFiles: Readonly<Record<string, string>>, prefix = "lz-project-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const entry of fs.readdirSync(projectDir)) {
        if (/^Pulumi\..+\.yaml$/.test(entry) || entry === ".git") {
            continue;
        }
        fs.symlinkSync(path.join(projectDir, entry), path.join(dir, entry));
    }
    for (const [file, content] of Object.entries(stackFiles)) {
        if (!/^Pulumi\..+\.yaml$/.test(file)) {
            throw new Error(`scratchProject: "${file}" is not a stack file name (Pulumi.<stack>.yaml).`);
        }
        fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
}
