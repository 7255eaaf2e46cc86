import * as assert from "assert";
import { deniedBy, DeniableRequest } from "../../policies/lib/denyStatements";
import { notKnown } from "../../policies/lib/resources";
import { document, unknown } from "./harness";

const request: DeniableRequest = {
    action: "bedrock-mantle:CreateInference",
    resource: "arn:aws:bedrock-mantle:us-east-1:123456789012:project/default",
    context: { "bedrock-mantle:Model": "model-outside-the-catalogue", "aws:RequestedRegion": "us-east-1" },
};

function decide(statement: Record<string, unknown>, on: DeniableRequest = request) {
    return deniedBy([{ label: "\"scp\"", content: document({ Sid: "Under", Effect: "Deny", Resource: "*", ...statement }) }], on);
}

describe("deny statements judged by a request", () => {
    it("names the statement that denies, and matches actions and resources as IAM does", () => {
        const cases: [string, Record<string, unknown>, string | false][] = [
            ["exact action", { Action: "bedrock-mantle:CreateInference" }, "\"scp\", statement \"Under\""],
            ["wildcard, any case", { Action: "Bedrock-Mantle:Create*" }, "\"scp\", statement \"Under\""],
            ["another action", { Action: "bedrock:InvokeModel" }, false],
            ["NotAction naming it", { NotAction: "bedrock-mantle:*" }, false],
            ["NotAction naming others", { NotAction: ["iam:*", "sts:*"] }, "\"scp\", statement \"Under\""],
            ["another resource", { Action: "*", Resource: "arn:aws:bedrock-mantle:*:*:project/other" }, false],
            ["NotResource naming it", { Action: "*", Resource: undefined, NotResource: "arn:aws:bedrock-mantle:*:*:project/*" }, false],
            ["an Allow", { Action: "*", Effect: "Allow" }, false],
        ];
        for (const [what, statement, expected] of cases) {
            assert.strictEqual(decide(statement), expected, what);
        }
    });

    it("evaluates string, ARN, Bool and Null conditions, with IfExists and absent keys as IAM does", () => {
        const on = (condition: Record<string, unknown>) => decide({ Action: "*", Condition: condition }) !== false;
        const cases: [string, Record<string, unknown>, boolean][] = [
            ["StringNotEquals, other value", { StringNotEquals: { "bedrock-mantle:Model": ["approved-model"] } }, true],
            ["StringNotEquals, the value", { StringNotEquals: { "bedrock-mantle:Model": "model-outside-the-catalogue" } }, false],
            ["StringNotLike *", { StringNotLike: { "bedrock-mantle:Model": "*" } }, false],
            ["StringLike pattern", { StringLike: { "bedrock-mantle:Model": "model-*" } }, true],
            ["StringEquals other region only", { StringEquals: { "aws:RequestedRegion": "us-west-2" } }, false],
            ["key case-insensitive", { StringEquals: { "AWS:RequestedRegion": "us-east-1" } }, true],
            ["absent key, negated", { StringNotEquals: { "bedrock-mantle:BearerTokenType": "SHORT_TERM" } }, true],
            ["absent key, positive", { StringEquals: { "bedrock-mantle:BearerTokenType": "LONG_TERM" } }, false],
            ["absent key, IfExists", { StringEqualsIfExists: { "bedrock-mantle:BearerTokenType": "LONG_TERM" } }, true],
            ["Null true on an absent key", { Null: { "bedrock:InferenceProfileArn": "true" } }, true],
            ["Null false on an absent key", { Null: { "bedrock:InferenceProfileArn": "false" } }, false],
            ["ArnNotLike another principal", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Platform" } }, true],
            ["every condition must hold", { StringNotEquals: { "bedrock-mantle:Model": "approved-model" }, StringEquals: { "aws:RequestedRegion": "eu-west-1" } }, false],
            ["an operator not evaluated", { NumericLessThan: { "bedrock-mantle:Model": "3" } }, false],
        ];
        for (const [what, condition, denied] of cases) {
            assert.strictEqual(on(condition), denied, what);
        }
    });

    it("says not known yet for a document or a deciding field not known yet, and reads objects as well as JSON text", () => {
        assert.strictEqual(deniedBy([{ label: "\"scp\"", content: notKnown }], request), notKnown);
        assert.strictEqual(deniedBy([{ label: "\"scp\"", content: unknown }], request), notKnown);
        assert.strictEqual(decide({ Action: unknown }), notKnown);
        assert.strictEqual(decide({ Action: "*", Condition: { StringNotEquals: { "bedrock-mantle:Model": unknown } } }), notKnown);
        assert.strictEqual(deniedBy([{ label: "\"rcp\"", content: { Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] } }], request), "\"rcp\", statement 1");
        // A later document that denies outright wins over an earlier one not known yet.
        assert.strictEqual(deniedBy([{ label: "\"a\"", content: notKnown }, { label: "\"b\"", content: document({ Effect: "Deny", Action: "*", Resource: "*" }) }], request), "\"b\", statement 1");
    });
});
