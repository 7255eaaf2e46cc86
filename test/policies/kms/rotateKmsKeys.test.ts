import * as assert from "assert";
import { rotateKmsKeys as policy } from "../../../policies/kms/rotateKmsKeys";
import { runResourcePolicy, unknown, violationsOf } from "../harness";

function key(overrides: Record<string, unknown> = {}) {
    return { type: "aws:kms/key:Key", props: { description: "data", enableKeyRotation: true, ...overrides } };
}

describe("kms-keys-rotate", () => {
    it("passes a rotating symmetric key", async () => {
        assert.deepStrictEqual(await violationsOf(policy, key()), []);
    });

    it("reports a key that does not rotate", async () => {
        assert.deepStrictEqual(await violationsOf(policy, key({ enableKeyRotation: undefined })), [
            "enableKeyRotation must be true (got nothing); a key that never rotates keeps encrypting new data with old key material.",
        ]);
    });

    it("reports a rotation period over the maximum, and honours maxRotationPeriodDays", async () => {
        assert.deepStrictEqual(await violationsOf(policy, key({ rotationPeriodInDays: 730 })), ["rotationPeriodInDays is 730; it must be at most 365 (maxRotationPeriodDays)."]);
        assert.deepStrictEqual(await violationsOf(policy, key({ rotationPeriodInDays: 730 }), { maxRotationPeriodDays: 730 }), []);
    });

    it("is not applicable to keys KMS cannot rotate, nor to other types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, key({ enableKeyRotation: false, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }))).notApplicable, true);
        assert.deepStrictEqual((await runResourcePolicy(policy, key({ enableKeyRotation: false, keyUsage: "GENERATE_VERIFY_MAC" }))).notApplicable, true);
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:kms/alias:Alias", props: {} })).notApplicable, true);
    });

    it("treats rotation not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, key({ enableKeyRotation: unknown, rotationPeriodInDays: unknown })), []);
    });
});
