import * as assert from "assert";
import { blockBucketPublicAccess as policy } from "../../../policies/s3/blockBucketPublicAccess";
import { dataProvider, genaiProvider, stackViolationsOf, unknown } from "../harness";
import { bucket, publicAccessBlock, setting } from "./buckets";

const accountBlock = { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "data-block", provider: dataProvider, props: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } };

describe("s3-buckets-block-public-access", () => {
    it("passes a bucket with its own public access block, or its account's", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), publicAccessBlock]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), accountBlock]), []);
    });

    it("reports a bucket without any, even when another account has one", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), { ...accountBlock, provider: genaiProvider }]), [{
            resource: "docs",
            message: "bucket \"acme-ai-prod-docs\" has no public access block; add aws.s3.BucketPublicAccessBlock with all four settings true (or an account-level aws.s3.AccountPublicAccessBlock).",
        }]);
    });

    it("reports a block that leaves a setting off", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), { ...publicAccessBlock, props: { ...publicAccessBlock.props, restrictPublicBuckets: false } }]), [{
            resource: "docs",
            message: "bucket \"acme-ai-prod-docs\"'s public access block leaves restrictPublicBuckets off; set all four settings true.",
        }]);
    });

    it("reports a public canned ACL", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket({ acl: "public-read" }), publicAccessBlock]), [{
            resource: "docs",
            message: "bucket \"acme-ai-prod-docs\" has the public canned ACL \"public-read\"; remove it.",
        }]);
    });

    it("ignores other resources", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [setting("aws:s3/bucketVersioning:BucketVersioning", "v", {})]), []);
    });

    it("treats settings and bucket names not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), { ...publicAccessBlock, props: { ...publicAccessBlock.props, blockPublicPolicy: unknown } }]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            bucket({ bucket: unknown, id: unknown, arn: unknown }),
            { ...publicAccessBlock, props: { ...publicAccessBlock.props, bucket: unknown }, propertyDependencies: { bucket: ["docs"] } },
        ]), []);
    });
});
