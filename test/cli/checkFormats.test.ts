import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import AjvDraft04 from "ajv-draft-04";
import type * as Sarif from "sarif";
import { checkGraph, CheckResult, readGraphFile } from "../../cli/check/check";
import { formatResult } from "../../cli/check/command";
import { projectDir } from "../fixtures/plans";

const fixture = (file: string) => path.join(projectDir, "test", "fixtures", "check", file);

/**
 * The SARIF 2.1.0 schema as an npm package ships it: @microsoft/jest-sarif carries the OASIS schema (2.1.0-rtm.5,
 * draft-04). Its `language` pattern is not a valid Unicode-mode regular expression, hence unicodeRegExp: false.
 */
function sarifValidator() {
    const schemaFile = path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json");
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
}

describe("lz check output formats", () => {
    let result: CheckResult;

    before(async () => {
        result = await checkGraph(readGraphFile(fixture("violations.json")), { projectDir, policyConfigFile: fixture("levels.json") });
    });

    it("writes SARIF that validates against the SARIF 2.1.0 schema", () => {
        const validate = sarifValidator();
        const log = JSON.parse(formatResult(result, "sarif", "test/fixtures/check/violations.json"));
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
        assert.ok(!validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), "the schema must reject a driver without a name");
    });

    it("makes one SARIF rule per policy and one result per violation, levelled by enforcement, located at the stack's file and resource", () => {
        const log = JSON.parse(formatResult(result, "sarif", "test/fixtures/check/violations.json")) as Sarif.Log;
        const run = log.runs[0];
        assert.strictEqual(log.version, "2.1.0");
        assert.strictEqual(run.tool.driver.rules!.length, 42);
        const guardrailRule = run.tool.driver.rules!.find((r) => r.id === "bedrock-invoke-requires-guardrail")!;
        assert.deepStrictEqual(guardrailRule.defaultConfiguration, { level: "none", enabled: false });
        assert.strictEqual(guardrailRule.properties!["security-severity"], "8.0");
        assert.strictEqual(run.results!.length, result.violations.length);
        const kms = run.results!.find((r) => r.ruleId === "kms-keys-rotate")!;
        assert.strictEqual(kms.level, "warning");
        assert.strictEqual(run.tool.driver.rules![kms.ruleIndex!].id, "kms-keys-rotate");
        assert.deepStrictEqual(kms.locations, [{
            physicalLocation: { artifactLocation: { uri: "test/fixtures/check/violations.json", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
            logicalLocations: [{ name: "prod-genai-guardrail-us-east-1-key-key", fullyQualifiedName: "urn:pulumi:prod::genai-landing-zone::lz:genai:Region$lz:bedrock:Guardrail$lz:security:EncryptionKey$aws:kms/key:Key::prod-genai-guardrail-us-east-1-key-key", kind: "resource" }],
        }]);
        assert.strictEqual(run.results!.find((r) => r.ruleId === "iam-roles-have-permissions-boundary")!.level, "error");
        assert.strictEqual(new Set(run.results!.map((r) => r.partialFingerprints!["lzCheckViolation/v1"])).size, run.results!.length);
        assert.strictEqual(run.automationDetails!.id, "lz-check/prod/");
    });

    it("writes a markdown summary for a pull request: verdict, one row per violation, fixes, disabled policies", () => {
        const markdown = formatResult(result, "markdown", "");
        const lines = markdown.split("\n");
        assert.strictEqual(lines[0], "### `lz check prod`: ❌ 13 mandatory violations, 2 advisory");
        assert.strictEqual(lines.filter((l) => l.startsWith("| 🔴 mandatory |")).length, 13);
        assert.strictEqual(lines.filter((l) => l.startsWith("| 🟡 advisory |")).length, 2);
        assert.ok(lines.includes("| 🟡 advisory | `kms-keys-rotate`<br><sub>medium</sub> | `prod-genai-guardrail-us-east-1-key-key`<br><sub>aws:kms/key:Key</sub> | enableKeyRotation must be true (got false); a key that never rotates keeps encrypting new data with old key material. |"), markdown);
        assert.ok(markdown.includes("Disabled by the policy config: `bedrock-invoke-requires-guardrail`, `iam-role-trust-stays-in-organization`."));
        assert.ok(markdown.includes("<details><summary>How to fix</summary>"));
    });

    it("writes text with a verdict line, and JSON with `passed`", () => {
        const text = formatResult(result, "text", "");
        assert.strictEqual(text.split("\n")[0], `lz check prod: policy pack genai-landing-zone 0.1.0, config ${path.relative(projectDir, fixture("levels.json"))}, ` +
            // The fixture's resources and the stack resource the check adds, as the CLI's analyzer sees it.
            `40 of 42 policies enabled (disabled: bedrock-invoke-requires-guardrail, iam-role-trust-stays-in-organization), ${readGraphFile(fixture("violations.json")).resources.length + 1} resources`);
        assert.ok(text.endsWith("FAILED: 13 mandatory violations, 2 advisory."), text);
        assert.ok(text.includes("ADVISORY  kms-keys-rotate (medium)\n  on aws:kms/key:Key \"prod-genai-guardrail-us-east-1-key-key\"\n  enableKeyRotation must be true (got false); a key that never rotates keeps encrypting new data with old key material.\n  urn:pulumi:prod::genai-landing-zone::lz:genai:Region$lz:bedrock:Guardrail$lz:security:EncryptionKey$aws:kms/key:Key::prod-genai-guardrail-us-east-1-key-key"), text);
        const json = JSON.parse(formatResult(result, "json", ""));
        assert.strictEqual(json.passed, false);
        assert.strictEqual(json.violations.length, 15);
        assert.deepStrictEqual(json.pack, { name: "genai-landing-zone", version: "0.1.0" });
    });
});
