import * as assert from "assert";
import { CostResource, estimateCost } from "../../accounts/cost/estimate";
import { capacityBlockOfferings, priceTableDate } from "../../accounts/cost/priceTable";

const account = "906602663697";
const other = "210987654321";

function resource(type: string, name: string, props: Record<string, unknown>, overrides: Partial<CostResource> = {}): CostResource {
    return { urn: `urn:pulumi:test::genai-landing-zone::${type}::${name}`, type, name, props, account, region: "us-east-1", custom: true, ...overrides };
}

const reservation = (props: Record<string, unknown> = {}, overrides: Partial<CostResource> = {}) => resource("aws:ec2/capacityReservation:CapacityReservation", "training", {
    instanceType: "trn1.32xlarge", instanceCount: 1, endDateType: "limited", endDate: "2027-03-31T00:00:00Z", ...props,
}, overrides);

const budget = (limitAmount: string, props: Record<string, unknown> = {}) => resource("aws:budgets/budget:Budget", `budget-${limitAmount}`, {
    accountId: account, name: "acme-ai-staging-genai-monthly", budgetType: "COST", timeUnit: "MONTHLY", limitAmount, limitUnit: "USD", ...props,
}, { region: "global" });

/** One resource of each priced type, with the figure each must cost. */
const pricedCases: [CostResource, number, string][] = [
    [reservation(), 15695, "1 × trn1.32xlarge × 730 h × $21.5"],
    [resource("aws:ec2/vpcEndpoint:VpcEndpoint", "bedrock-runtime", { vpcEndpointType: "Interface", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] }), 21.9, "3 zones × 730 h × $0.01"],
    [resource("aws:ec2/natGateway:NatGateway", "nat", { connectivityType: "public", allocationId: "eipalloc-1" }), 32.85, "1 NAT gateway × 730 h × $0.045"],
    [resource("aws:ec2/eip:Eip", "nat-address", { domain: "vpc" }), 3.65, "1 public IPv4 address × 730 h × $0.005"],
    [resource("awsx:ec2:Vpc", "app-vpc", { availabilityZoneNames: ["us-east-1a", "us-east-1b"], natGateways: { strategy: "OnePerAz" } }, { custom: false }), 73, "2 NAT gateways × 730 h × $0.045 + 2 public IPv4 addresses × 730 h × $0.005 (natGateways OnePerAz)"],
    [resource("aws:kms/key:Key", "key", { enableKeyRotation: true }), 1, "1 key × $1"],
    [resource("aws:kms/replicaKey:ReplicaKey", "replica", {}, { region: "us-west-2" }), 1, "1 key × $1"],
    [resource("aws:wafv2/webAcl:WebAcl", "acl", { rules: [{ name: "rate" }, { name: "common" }, { name: "bad-inputs" }] }), 8, "1 web ACL × $5 + 3 rules × $1"],
    [resource("aws:cloudwatch/dashboard:Dashboard", "dashboard", {}), 3, "1 dashboard × $3"],
    [resource("aws:cloudwatch/metricAlarm:MetricAlarm", "idle", { period: 3600 }), 0.1, "1 metric × $0.1"],
    [resource("aws:cloudwatch/metricAlarm:MetricAlarm", "error-rate", { metricQueries: [{ id: "e", expression: "a/b" }, { id: "a", metric: {} }, { id: "b", metric: {} }] }), 0.2, "2 metrics × $0.1"],
    [resource("aws:cloudwatch/metricAlarm:MetricAlarm", "fast", { period: 10 }), 0.3, "1 metric × $0.3"],
    [resource("aws:ssm/parameter:Parameter", "big", { tier: "Advanced" }), 0.05, "1 advanced parameter × $0.05"],
    [resource("aws:opensearch/serverlessCollection:ServerlessCollection", "vectors", { standbyReplicas: "ENABLED" }), 350.4, "2 OCUs minimum × 730 h × $0.24"],
];

describe("the fixed-cost estimate", () => {
    for (const [subject, monthlyUsd, basis] of pricedCases) {
        it(`prices ${subject.type} ${subject.name} at $${monthlyUsd} a month (${basis})`, () => {
            const estimate = estimateCost([subject]);
            assert.deepStrictEqual(estimate.priced.map((item) => [item.name, item.monthlyUsd, item.basis]), [[subject.name, monthlyUsd, basis]]);
            assert.deepStrictEqual(estimate.unpriced, []);
            assert.strictEqual(estimate.totalMonthlyUsd, monthlyUsd);
        });
    }

    it("sums every priced type by account and category, against the account's smallest monthly COST budget", () => {
        const estimate = estimateCost([...pricedCases.map(([subject]) => subject), budget("18000.00"), budget("20000.00"), budget("100", { budgetType: "USAGE" })]);
        assert.strictEqual(estimate.priceTableDate, priceTableDate);
        assert.deepStrictEqual(estimate.accounts, [{
            account,
            fixedMonthlyUsd: 16190.45,
            byCategory: { "accelerator capacity": 15695, network: 131.4, encryption: 2, "web firewall": 8, monitoring: 3.6, configuration: 0.05, "vector store": 350.4 },
            budget: { account, name: "acme-ai-staging-genai-monthly", urn: budget("18000.00").urn, limitUsd: 18000 },
            unpricedCount: 0,
        }]);
    });

    it("states the yearly cost of a reservation without an end date", () => {
        const [item] = estimateCost([reservation({ endDateType: "unlimited", endDate: undefined, instanceType: "inf2.xlarge", instanceCount: 2 })]).priced;
        assert.deepStrictEqual([item.monthlyUsd, item.openEndedYearlyUsd], [1106.97, 13283.66]);
        assert.strictEqual(estimateCost([reservation()]).priced[0].openEndedYearlyUsd, undefined);
    });

    it("lists a type, an instance type, a region or an offering it has no price for as unpriced, never as $0", () => {
        const estimate = estimateCost([
            resource("aws:sagemaker/endpoint:Endpoint", "endpoint", {}),
            reservation({ instanceType: "trn2.48xlarge" }),
            reservation({}, { name: "in-frankfurt", urn: "urn:frankfurt", region: "eu-central-1" }),
            resource("aws:ec2/capacityBlockReservation:CapacityBlockReservation", "block", { capacityBlockOfferingId: "cb-0123456789abcdef0" }),
        ]);
        assert.deepStrictEqual(estimate.priced, []);
        assert.strictEqual(estimate.totalMonthlyUsd, 0);
        assert.deepStrictEqual(estimate.unpriced.map((item) => [item.name, item.reason]), [
            ["endpoint", "aws:sagemaker/endpoint:Endpoint is not in the price table; add its fixed price, its usage rate or its type as free to accounts/cost/priceTable.ts"],
            ["training", "no on-demand rate for trn2.48xlarge in the price table; add it to onDemandHourly in accounts/cost/priceTable.ts"],
            ["in-frankfurt", "trn1.32xlarge: the price table has no price for eu-central-1; add one to accounts/cost/priceTable.ts"],
            ["block", "the upfront fee of Capacity Block offering cb-0123456789abcdef0 is not in the price table; record the fee `aws ec2 describe-capacity-block-offerings` quotes in capacityBlockOfferings (accounts/cost/priceTable.ts)"],
        ]);
        assert.deepStrictEqual(estimate.accounts.map((a) => [a.fixedMonthlyUsd, a.unpricedCount]), [[0, 4]]);
    });

    it("prices a Capacity Block at the upfront fee recorded for its offering", () => {
        const offerings = capacityBlockOfferings as Record<string, (typeof capacityBlockOfferings)[string]>;
        offerings["cb-test"] = { upfrontFeeUsd: 9011.52, instanceType: "trn2.48xlarge", durationHours: 96, source: "describe-capacity-block-offerings", checked: "2026-12-03" };
        try {
            const estimate = estimateCost([resource("aws:ec2/capacityBlockReservation:CapacityBlockReservation", "block", { capacityBlockOfferingId: "cb-test" })]);
            assert.deepStrictEqual(estimate.priced.map((item) => [item.monthlyUsd, item.basis]), [[9011.52, "upfront fee of 96 h of trn2.48xlarge, paid in the month it is bought"]]);
        } finally {
            delete offerings["cb-test"];
        }
    });

    it("lists usage-priced resources with their rate and assumption, and free ones nowhere", () => {
        const estimate = estimateCost([
            resource("aws:bedrock/guardrail:Guardrail", "guardrail", {}),
            resource("aws:iam/role:Role", "role", {}),
            resource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" }),
            resource("awsx:ec2:Vpc", "private-vpc", { natGateways: { strategy: "None" } }, { custom: false }),
            resource("lz:capacity:AcceleratorCapacity", "component", {}, { custom: false }),
        ]);
        assert.deepStrictEqual(estimate.priced, []);
        assert.deepStrictEqual(estimate.unpriced, []);
        assert.deepStrictEqual(estimate.usage.map((item) => [item.name, item.rate]), [
            ["guardrail", "$0.15 per 1,000 text units for content filters and denied topics, $0.10 per 1,000 for sensitive-information filters and contextual grounding"],
            ["s3", "$0.01 per GB processed (interface endpoints)"],
        ]);
    });

    it("does not price awsx's NAT gateways twice when a preview lists them as the Vpc's children", () => {
        const vpc = resource("awsx:ec2:Vpc", "app-vpc", { natGateways: { strategy: "Single" } }, { custom: false });
        assert.deepStrictEqual(estimateCost([vpc]).priced.map((item) => item.monthlyUsd), [36.5]);
        const children = [resource("aws:ec2/eip:Eip", "app-vpc-eip-1", {}, { parent: vpc.urn }), resource("aws:ec2/natGateway:NatGateway", "app-vpc-1", {}, { parent: vpc.urn }), resource("aws:ec2/internetGateway:InternetGateway", "app-vpc", {}, { parent: vpc.urn })];
        const estimate = estimateCost([vpc, ...children]);
        assert.deepStrictEqual(estimate.priced.map((item) => [item.name, item.monthlyUsd]), [["app-vpc-eip-1", 3.65], ["app-vpc-1", 32.85]]);
        assert.deepStrictEqual(estimate.unpriced, []);
    });

    it("treats values not known yet as not known, and keeps accounts apart", () => {
        const sentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const estimate = estimateCost([reservation({ instanceCount: sentinel }), reservation({}, { name: "data", urn: "urn:data", account: other })], { isUnknown: (value) => value === sentinel });
        assert.deepStrictEqual(estimate.unpriced.map((item) => [item.name, item.reason, item.notKnownYet]), [["training", "instanceCount is not known yet", true]]);
        assert.deepStrictEqual(estimate.accounts.map((a) => [a.account, a.fixedMonthlyUsd, a.unpricedCount]), [[other, 15695, 0], [account, 0, 1]]);
    });
});
