import * as assert from "assert";
import { keepFixedCostWithinBudget as policy } from "../../../policies/governance/keepFixedCostWithinBudget";
import { dataAccount, dataProvider, FakeResource, genaiAccount, genaiProvider, stackViolationsOf, unknown } from "../harness";

function budget(limitAmount: string, provider = genaiProvider, account = genaiAccount): FakeResource {
    return { type: "aws:budgets/budget:Budget", name: `${provider.name}-budget`, provider, props: { accountId: account, name: `acme-ai-${provider.name}-monthly`, budgetType: "COST", timeUnit: "MONTHLY", limitAmount, limitUnit: "USD" } };
}

function reservation(props: Record<string, unknown> = {}): FakeResource {
    return {
        type: "aws:ec2/capacityReservation:CapacityReservation",
        name: "staging-genai-capacity-us-east-1-finetune-q1",
        props: { instanceType: "trn1.32xlarge", instanceCount: 1, availabilityZone: "us-east-1b", instanceMatchCriteria: "targeted", endDateType: "limited", endDate: "2027-03-31T00:00:00Z", region: "us-east-1", ...props },
    };
}

const endpoint: FakeResource = { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "staging-genai-network-us-east-1-endpoint-bedrock-runtime", props: { vpcEndpointType: "Interface", subnetIds: ["subnet-a", "subnet-b"] } };

describe("fixed-monthly-cost-within-budget", () => {
    it("passes when each account's fixed cost is within its budget", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation(), endpoint, budget("18000.00")]), []);
    });

    it("fails a reservation pushed over the account's budget, with the numbers in the message", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation(), endpoint, budget("8000.00")]), [{
            resource: "prod-genai-budget",
            message: `Account ${genaiAccount} has a fixed monthly cost of $15,709.60 (prices of 2026-12-03), over its budget "acme-ai-prod-genai-monthly" of $8,000.00 by $7,709.60: accelerator capacity $15,695.00, network $14.60. Largest: staging-genai-capacity-us-east-1-finetune-q1 $15,695.00 (1 × trn1.32xlarge × 730 h × $21.5); staging-genai-network-us-east-1-endpoint-bedrock-runtime $14.60 (2 zones × 730 h × $0.01). It must be at most $8,000.00.`,
        }]);
    });

    it("takes the share of the budget from its config", async () => {
        const resources = [reservation({ instanceType: "trn1.2xlarge" }), budget("2000")];
        assert.deepStrictEqual(await stackViolationsOf(policy, resources), []);
        assert.deepStrictEqual((await stackViolationsOf(policy, resources, { maxShareOfBudgetPercent: 40 })).map((v) => v.message), [
            `Account ${genaiAccount} has a fixed monthly cost of $980.94 (prices of 2026-12-03), over 40% of its budget "acme-ai-prod-genai-monthly" of $2,000.00 ($800.00) by $180.94: accelerator capacity $980.94. Largest: staging-genai-capacity-us-east-1-finetune-q1 $980.94 (1 × trn1.2xlarge × 730 h × $1.34375). It must be at most $800.00.`,
        ]);
    });

    it("judges each account against its own budget", async () => {
        const dataEndpoint: FakeResource = { ...endpoint, name: "data-endpoint", provider: dataProvider };
        assert.deepStrictEqual((await stackViolationsOf(policy, [reservation(), budget("18000"), dataEndpoint, budget("10", dataProvider, dataAccount)])).map((v) => v.resource), ["prod-data-budget"]);
    });

    it("says how many costs are not priced when the known part is already over", async () => {
        const sageMaker: FakeResource = { type: "aws:sagemaker/endpoint:Endpoint", name: "endpoint", props: {} };
        const [violation] = await stackViolationsOf(policy, [reservation(), sageMaker, budget("8000")]);
        assert.match(violation.message, /has a fixed monthly cost of \$15,695\.00 \(prices of 2026-12-03, 1 more not priced\)/);
    });

    it("treats a reservation or a budget not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation({ instanceCount: unknown }), budget("8000")]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation(), budget(unknown)]), []);
    });

    it("leaves an account without a budget to every-account-has-a-budget", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation()]), []);
    });
});
