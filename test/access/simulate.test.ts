import * as assert from "assert";
import * as path from "path";
import { buildAccessModel, PolicyDocument } from "../../access/model";
import { evaluate, loadSimulator, SimulationError } from "../../access/simulate";
import { planSchemaVersion } from "../../cli/engine/graph";

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

describe("evaluating a request over the model", () => {
    const model = buildAccessModel({ schemaVersion: planSchemaVersion, project: "p", stack: "s", kind: "environment", accounts: [], regions: [], resources: [], outputs: {} });
    const request = (identity: PolicyDocument) => ({
        principal: "arn:aws:iam::111122223333:role/reader", action: "s3:GetObject", resource: "arn:aws:s3:::documents/tenant-a/report.pdf",
        resourceAccount: "111122223333", region: "us-east-1", identityOverride: [identity],
    });
    const reading = (effect: "Allow" | "Deny"): PolicyDocument => ({ Version: "2012-10-17", Statement: [{ Sid: `${effect}Read`, Effect: effect, Action: "s3:GetObject", Resource: "arn:aws:s3:::documents/*" }] });

    it("evaluates a changed document anew although its source name is the same (requests are cached by document)", async () => {
        const allowed = await evaluate(model, request(reading("Allow")));
        const denied = await evaluate(model, request(reading("Deny")));
        assert.deepStrictEqual([allowed.decision, allowed.decidedBy], ["Allowed", [{ layer: "identity", statement: "request/identity-0#AllowRead" }]]);
        assert.deepStrictEqual([denied.decision, denied.decidedBy], ["ExplicitlyDenied", [{ layer: "identity", statement: "request/identity-0#DenyRead" }]]);
    });

    it("still refuses a policy the simulator's validation rejects, each time it is passed (validated once)", async () => {
        const invalid = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::documents/*", Principal: "*" }] } as PolicyDocument;
        for (let attempt = 0; attempt < 2; attempt++) {
            await assert.rejects(evaluate(model, request(invalid)), (error: Error) => {
                assert.ok(error instanceof SimulationError, String(error));
                assert.match(error.message, /^the simulator refused s3:GetObject on arn:aws:s3:::documents\/tenant-a\/report\.pdf by arn:aws:iam::111122223333:role\/reader: .*Principal/);
                return true;
            });
        }
    });
});
