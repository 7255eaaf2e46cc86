import * as assert from "assert";
import { requireBucketKmsEncryption as policy } from "../../../policies/s3/requireBucketKmsEncryption";
import { dataProvider, FakeResource, stackViolationsOf, unknown } from "../harness";
import { bucket, bucketName, encryption, key, setting } from "./buckets";

function encryptedWith(applyServerSideEncryptionByDefault: Record<string, unknown>) {
    return setting(encryption.type, "docs-encryption", { rules: [{ applyServerSideEncryptionByDefault }] });
}

const sseS3Message = "bucket \"acme-ai-prod-docs\" encrypts with sseAlgorithm \"AES256\"; it must be \"aws:kms\" (SSE-S3 \"AES256\" is accepted only on the targetBucket of an aws.s3.BucketLogging in the stack).";

/** The data account's access-log bucket as DocumentStore builds it: SSE-S3, the only default encryption S3 server access logging supports. */
const logsName = "acme-ai-prod-docs-logs";
const logs: FakeResource = { type: "aws:s3/bucket:Bucket", name: "docs-logs", provider: dataProvider, props: { bucket: logsName, id: logsName, arn: `arn:aws:s3:::${logsName}` } };
const logsEncryption: FakeResource = { type: encryption.type, name: "docs-logs-encryption", provider: dataProvider, props: { bucket: logsName, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } };

function logging(targetBucket: unknown, type = "aws:s3/bucketLogging:BucketLogging", propertyDependencies?: Record<string, string[]>): FakeResource {
    return { type, name: "docs-logging", provider: dataProvider, props: { bucket: bucketName, targetBucket, targetPrefix: "documents/" }, propertyDependencies };
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
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryptedWith({ sseAlgorithm: "AES256" })]), [{ resource: "docs", message: sseS3Message }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryptedWith({ sseAlgorithm: "aws:kms" })]), [{
            resource: "docs",
            message: "bucket \"acme-ai-prod-docs\" encrypts with SSE-KMS but no kmsMasterKeyId, so S3 uses the AWS-managed aws/s3 key; name a customer-managed key.",
        }]);
    });

    describe("server access log destinations", () => {
        it("accepts SSE-S3 on the bucket an aws.s3.BucketLogging names as its targetBucket, by name or, not known yet, by property dependency", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryption, logs, logsEncryption, logging(logsName)]), []);
            assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryption, logs, logsEncryption, logging(unknown, undefined, { targetBucket: ["docs-logs"] })]), []);
            assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryption, logs, logsEncryption, logging(logsName, "aws:s3/bucketLoggingV2:BucketLoggingV2")]), []);
        });

        it("still refuses SSE-S3 on the bucket whose logs are sent (the logging resource's bucket, not its targetBucket)", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), encryptedWith({ sseAlgorithm: "AES256" }), logs, logsEncryption, logging(logsName)]), [{ resource: "docs", message: sseS3Message }]);
        });

        it("still refuses SSE-S3 on a bucket no logging configuration of the stack sends logs to", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [logs, logsEncryption]), [{
                resource: "docs-logs",
                message: "bucket \"acme-ai-prod-docs-logs\" encrypts with sseAlgorithm \"AES256\"; it must be \"aws:kms\" (SSE-S3 \"AES256\" is accepted only on the targetBucket of an aws.s3.BucketLogging in the stack).",
            }]);
            assert.strictEqual((await stackViolationsOf(policy, [logs, logsEncryption, logging("acme-ai-prod-other-logs")])).length, 1);
        });

        it("still requires a log destination to declare its default encryption, and accepts SSE-KMS there as well", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [logs, logging(logsName)]), [{
                resource: "docs-logs",
                message: "bucket \"acme-ai-prod-docs-logs\" has no default encryption configuration, so S3 uses SSE-S3 with an AWS-owned key; add aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm \"aws:kms\".",
            }]);
            const dsse = { ...logsEncryption, props: { ...logsEncryption.props, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: key } }] } };
            assert.deepStrictEqual(await stackViolationsOf(policy, [logs, dsse, logging(logsName)]), []);
        });

        it("does not judge SSE-S3 while a logging configuration's targetBucket is not known yet and names no bucket", async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, [logs, logsEncryption, logging(unknown)]), []);
        });
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
