import * as assert from "assert";
import { requireBucketTls as policy } from "../../../policies/s3/requireBucketTls";
import { document, stackViolationsOf, unknown } from "../harness";
import { bucket, setting, tlsPolicy } from "./buckets";

const message = "bucket \"acme-ai-prod-docs\" has no bucket policy statement denying requests without TLS; add a Deny with \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}.";

describe("s3-buckets-require-tls", () => {
    it("passes a bucket whose policy denies plain HTTP", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), tlsPolicy]), []);
    });

    it("reports a bucket without a policy", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket()]), [{ resource: "docs", message }]);
    });

    it("reports a policy that allows rather than denies on aws:SecureTransport", async () => {
        const allowOnly = setting(tlsPolicy.type, "docs-policy", { policy: document({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }) });
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), allowOnly]), [{ resource: "docs", message }]);
    });

    it("ignores bucket policies of other buckets", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), { ...tlsPolicy, props: { ...tlsPolicy.props, bucket: "another" } }]), [{ resource: "docs", message }]);
    });

    it("treats a policy not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), setting(tlsPolicy.type, "docs-policy", { policy: unknown })]), []);
    });
});
