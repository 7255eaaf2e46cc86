import * as assert from "assert";
import { requireTags as policy } from "../../../policies/governance/requireTags";
import { awsProvider, genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

const partial = awsProvider("prod-genai", genaiAccount, "genai", "us-east-1", { environment: "prod", owner: "platform-team" });

describe("resources-carry-required-tags", () => {
    it("passes a provider whose default tags carry every required tag, and resources with tags of their own under it", async () => {
        const provider = awsProvider("prod-genai", genaiAccount, "genai");
        assert.deepStrictEqual(await violationsOf(policy, { type: "pulumi:providers:aws", props: provider.props, provider: null }), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:s3/bucket:Bucket", props: { bucket: "b", tags: { purpose: "docs" } } }), []);
    });

    it("reports a provider whose default tags lack required tags", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "pulumi:providers:aws", props: partial.props, provider: null }), [
            "The provider's defaultTags lack \"cost-center\", \"managed-by\"; every resource it creates would go without them.",
        ]);
    });

    it("reads a provider's default tags from the JSON text the engine passes", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "pulumi:providers:aws", props: { ...partial.props, defaultTags: JSON.stringify(partial.props.defaultTags) }, provider: null }), [
            "The provider's defaultTags lack \"cost-center\", \"managed-by\"; every resource it creates would go without them.",
        ]);
    });

    it("reports a resource whose tags and provider defaults together lack a required tag, or set one empty", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:s3/bucket:Bucket", props: { bucket: "b", tags: { "cost-center": "cc-1" } }, provider: partial }), [
            "The resource's tags, with its provider's defaultTags, lack \"managed-by\"; set them on the provider's defaultTags or the resource.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:s3/bucket:Bucket", props: { bucket: "b", tags: { owner: " " } } }), [
            "The resource's tags, with its provider's defaultTags, lack \"owner\"; set them on the provider's defaultTags or the resource.",
        ]);
    });

    it("honours requiredTags", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "pulumi:providers:aws", props: partial.props, provider: null }, { requiredTags: ["environment", "owner"] }), []);
    });

    it("is not applicable to resources without tags of their own, components and other providers", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:iam/accountAlias:AccountAlias", props: { accountAlias: "a" } })).notApplicable, true);
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "lz:account:Baseline", props: {} })).notApplicable, true);
    });

    it("treats tags not known yet as not known", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:s3/bucket:Bucket", props: { bucket: "b", tags: unknown } })).violations, []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:s3/bucket:Bucket", props: { bucket: "b", tags: { owner: unknown } }, provider: partial }), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "pulumi:providers:aws", props: { ...partial.props, defaultTags: unknown }, provider: null }), []);
    });
});
