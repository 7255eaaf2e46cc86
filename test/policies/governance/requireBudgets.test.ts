import * as assert from "assert";
import { requireBudgets as policy } from "../../../policies/governance/requireBudgets";
import { dataAccount, dataProvider, FakeResource, genaiProvider, providerAsResource, stackViolationsOf, unknown } from "../harness";

function budget(name: string, props: Record<string, unknown> = {}, provider = genaiProvider): FakeResource {
    return { type: "aws:budgets/budget:Budget", name, provider, props: { budgetType: "COST", timeUnit: "MONTHLY", limitAmount: "1000", limitUnit: "USD", ...props } };
}

describe("every-account-has-a-budget", () => {
    it("passes when each account the stack deploys into has a budget", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(genaiProvider), providerAsResource(dataProvider), budget("genai"), budget("data", {}, dataProvider)]), []);
    });

    it("reports an account without one", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(genaiProvider), providerAsResource(dataProvider), budget("genai")]), [{
            resource: "prod-data",
            message: `account ${dataAccount} of provider "prod-data" has no AWS Budgets budget; add aws.budgets.Budget through this provider so spend in the account alerts its owner.`,
        }]);
    });

    it("finds accounts through their resources when providers are not listed, and accepts a payer budget filtering on the account", async () => {
        const dataResource: FakeResource = { type: "aws:s3/bucket:Bucket", name: "docs", provider: dataProvider, props: {} };
        assert.deepStrictEqual((await stackViolationsOf(policy, [dataResource, budget("genai")])).map((v) => v.resource), ["prod-data"]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [dataResource, budget("genai", { costFilters: [{ name: "LinkedAccount", values: [dataAccount] }] })]), []);
    });

    it("treats budget accounts not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(dataProvider), budget("genai", { accountId: unknown })]), []);
    });
});
