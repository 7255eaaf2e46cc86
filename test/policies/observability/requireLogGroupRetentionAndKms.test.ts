import * as assert from "assert";
import { requireLogGroupRetentionAndKms as policy } from "../../../policies/observability/requireLogGroupRetentionAndKms";
import { genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

function logGroup(overrides: Record<string, unknown> = {}) {
    return { type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "/app", retentionInDays: 365, kmsKeyId: `arn:aws:kms:us-east-1:${genaiAccount}:key/1234`, ...overrides } };
}

describe("log-groups-have-retention-and-kms", () => {
    it("passes a log group with bounded retention and a CMK", async () => {
        assert.deepStrictEqual(await violationsOf(policy, logGroup()), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["no retention", { retentionInDays: undefined }, "retentionInDays must be set (got nothing); without it CloudWatch keeps logs forever."],
        ["never-expire retention", { retentionInDays: 0 }, "retentionInDays must be set (got 0); without it CloudWatch keeps logs forever."],
        ["retention over the maximum", { retentionInDays: 5479 }, "retentionInDays is 5479; it must be at most 3653 (maxRetentionDays)."],
        ["no key", { kmsKeyId: undefined }, "kmsKeyId must be a customer-managed KMS key (got nothing)."],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await violationsOf(policy, logGroup(change)), [message]);
        });
    }

    it("honours maxRetentionDays", async () => {
        assert.deepStrictEqual(await violationsOf(policy, logGroup(), { maxRetentionDays: 90 }), ["retentionInDays is 365; it must be at most 90 (maxRetentionDays)."]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:cloudwatch/logStream:LogStream", props: {} })).notApplicable, true);
    });

    it("treats values not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, logGroup({ retentionInDays: unknown, kmsKeyId: unknown })), []);
    });
});
