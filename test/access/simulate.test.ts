import * as assert from "assert";
import * as path from "path";
import { loadSimulator } from "../../access/simulate";

describe("the simulator as the claims engine loads it", () => {
    it("compares condition operators with one shared collator, exactly as String#localeCompare with the library's options", () => {
        loadSimulator();
        const simulatorDir = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const utils = require(path.join(path.dirname(require.resolve("@cloud-copilot/iam-policy", { paths: [simulatorDir] })), "utils.js")) as {
            caseInsensitiveEquals(first: string, second: string): boolean;
            caseInsensitiveEndsWith(value: string, suffix: string): boolean;
        };
        const reference = (first: string, second: string) => first.localeCompare(second, undefined, { sensitivity: "accent" }) === 0;
        assert.match(String(utils.caseInsensitiveEquals), /collator/, "the library's comparison is replaced");
        const pairs: [string, string][] = [
            ["ForAnyValue", "foranyvalue"], ["ForAllValues", "ForAnyValue"], ["StringEqualsIfExists", "IfExists"],
            ["ifexists", "IFEXISTS"], ["café", "CAFE"], ["café", "CAFÉ"], ["", ""], ["Bool", ""],
        ];
        for (const [first, second] of pairs) {
            assert.strictEqual(utils.caseInsensitiveEquals(first, second), reference(first, second), `equals(${first}, ${second})`);
            assert.strictEqual(utils.caseInsensitiveEndsWith(first, second), reference(first.slice(second.length * -1), second), `endsWith(${first}, ${second})`);
        }
    });
});
