import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readYamlFile } from "../../accounts/yamlFile";

describe("YAML syntax errors in a config file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-yaml-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const cases: [string, string, string][] = [
        ["an unclosed flow list", "config:\n  landing-zone:environment:\n    name: dev\n    owner: [platform-team\n    drRegion: us-west-2\n",
            "Pulumi.x.yaml: line 5, column 5 is not valid YAML: a list or mapping is not indented under its key, or a [ or { is not closed."],
        ["a tab", "config:\n  landing-zone:environment:\n\tname: dev\n  other: 2\n",
            "Pulumi.x.yaml: line 3, column 1 is indented with a tab; YAML indents with spaces only: replace the tab with spaces."],
        ["a repeated key", "config:\n  landing-zone:environment: {}\n  landing-zone:environment: {}\n",
            "Pulumi.x.yaml: line 3, column 3 repeats a key of the same mapping; keep one of the two."],
        ["an unclosed quote", "config:\n  aws:region: \"us-east-1\n  other: 1\n",
            "Pulumi.x.yaml: line 4, column 1 is not valid YAML: a quote, ] or } is not closed before this point."],
    ];
    for (const [what, text, expected] of cases) {
        it(`reports ${what} as one problem with its line, column and fix`, () => {
            const file = path.join(dir, "Pulumi.x.yaml");
            fs.writeFileSync(file, text);
            const { problems } = readYamlFile(file);
            assert.deepStrictEqual(problems.map((p) => `${p.file}: ${p.path} ${p.message}`), [expected]);
        });
    }
});
