import * as assert from "assert";
import { requireBucketVersioning as policy } from "../../../policies/s3/requireBucketVersioning";
import { genaiProvider, stackViolationsOf, unknown } from "../harness";
import { bucket, setting, versioning } from "./buckets";

describe("s3-data-buckets-are-versioned", () => {
    it("passes a versioned data bucket", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), versioning]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket({ versioning: { enabled: true } })]), []);
    });

    it("reports a data bucket without versioning, or with it suspended", async () => {
        const message = (status: string) => `bucket "acme-ai-prod-docs" in a data account is not versioned (status ${status}); add aws.s3.BucketVersioning with status "Enabled".`;
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket()]), [{ resource: "docs", message: message("nothing") }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), setting(versioning.type, "v", { versioningConfiguration: { status: "Suspended" } })]), [{ resource: "docs", message: message("\"Suspended\"") }]);
    });

    it("leaves buckets of other accounts alone", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ ...bucket(), provider: genaiProvider }]), []);
    });

    it("honours dataAccountRoles and exemptBuckets", async () => {
        assert.deepStrictEqual((await stackViolationsOf(policy, [{ ...bucket(), provider: genaiProvider }], { dataAccountRoles: ["data", "genai"] })).length, 1);
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket()], { exemptBuckets: ["docs"] }), []);
    });

    it("treats a status not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [bucket(), setting(versioning.type, "v", { versioningConfiguration: { status: unknown } })]), []);
    });
});
