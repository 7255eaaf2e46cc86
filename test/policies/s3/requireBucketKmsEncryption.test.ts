import * as assert from "assert";
import { requireBucketKmsEncryption as policy } from "../../../policies/s3/requireBucketKmsEncryption";
import { stackViolationsOf, unknown } from "../harness";
import { bucket, encryption, key, setting } from "./buckets";

function encryptedWith(applyServerSideEncryptionByDefault: Record<string, unknown>) {
    return setting(encryption.type, "docs-encryption", { rules: [{ applyServerSideEncryptionByDefault }] });
}

describe("s3-buckets-encrypted-with-kms", () => {
    it("passes a bucket encrypted by default with a customer-managed key", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryption]), []);
    });

    it("reports a bucket without default encryption", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket()]), [{
            resource: "docs",
            message: "bucket \"acme-ai-prod-docs\" has no default encryption configuration, so S3 uses SSE-S3 with an AWS-owned key; add aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm \"aws:kms\".",
        }]);
    });

    it("reports SSE-S3 and the AWS-managed KMS key", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryptedWith({ sseAlgorithm: "AES256" })]), [{ resource: "docs", message: "bucket \"acme-ai-prod-docs\" encrypts with sseAlgorithm \"AES256\"; it must be \"aws:kms\"." }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryptedWith({ sseAlgorithm: "aws:kms" })]), [{
            resource: "docs",
            message: "bucket \"acme-ai-prod-docs\" encrypts with SSE-KMS but no kmsMasterKeyId, so S3 uses the AWS-managed aws/s3 key; name a customer-managed key.",
        }]);
    });

    it("reads the deprecated inline encryption block too", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key } } } })]), []);
    });

    it("honours requireCustomerManagedKey", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryptedWith({ sseAlgorithm: "aws:kms" })], { requireCustomerManagedKey: false }), []);
    });

    it("ignores other resources", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [encryption]), []);
    });

    it("treats rules not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), setting(encryption.type, "docs-encryption", { rules: unknown })]), []);
    });
});
