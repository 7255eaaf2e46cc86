import * as assert from "assert";
import { restrictRegions as policy } from "../../../policies/governance/restrictRegions";
import { awsProvider, genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

const allowed = { allowedRegions: ["us-east-1", "us-west-2"] };

describe("resources-stay-in-allowed-regions", () => {
    it("passes resources in the provider's region or an allowed resource-level region", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "l" } }, allowed), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "l", region: "us-west-2" } }, allowed), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:iam/role:Role", props: { name: "r" }, provider: awsProvider("p", genaiAccount, "genai", "eu-west-1") }, allowed), []);
    });

    it("reports a resource-level region outside the list", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "l", region: "eu-west-1" } }, allowed), [
            "The resource lands in \"eu-west-1\", outside the allowed regions us-east-1, us-west-2; use one of them.",
        ]);
    });

    it("reports a resource whose provider is in another region, and the provider itself", async () => {
        const frankfurt = awsProvider("prod-genai", genaiAccount, "genai", "eu-central-1");
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "l" }, provider: frankfurt }, allowed), [
            "The resource lands in \"eu-central-1\", outside the allowed regions us-east-1, us-west-2; use one of them.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, { type: "pulumi:providers:aws", props: frankfurt.props, provider: null }, allowed), [
            "The provider's region \"eu-central-1\" is outside the allowed regions us-east-1, us-west-2; use one of them.",
        ]);
    });

    it("checks nothing until allowedRegions is configured", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { region: "eu-west-1" } })).notApplicable, true);
    });

    it("is not applicable to components and other packages' resources", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "lz:account:Baseline", props: {} }, allowed)).notApplicable, true);
    });

    it("treats a region not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { region: unknown } }, allowed), []);
    });
});
