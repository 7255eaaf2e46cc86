import * as assert from "assert";
import { requireFlowLogs as policy } from "../../../policies/network/requireFlowLogs";
import { FakeResource, stackViolationsOf, unknown } from "../harness";

const vpc: FakeResource = { type: "aws:ec2/vpc:Vpc", name: "app-vpc", props: { cidrBlock: "10.32.0.0/16", id: "vpc-0b2" } };

function flowLog(overrides: Record<string, unknown> = {}): FakeResource {
    return { type: "aws:ec2/flowLog:FlowLog", name: "app-vpc-flow-log", props: { vpcId: "vpc-0b2", trafficType: "ALL", logDestinationType: "cloud-watch-logs", ...overrides } };
}

describe("vpcs-have-flow-logs", () => {
    it("passes a VPC with an ALL-traffic flow log", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, flowLog()]), []);
    });

    it("reports a VPC without a flow log", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, flowLog({ vpcId: "vpc-other" })]), [{
            resource: "app-vpc",
            message: "VPC \"app-vpc\" has no flow log; add aws.ec2.FlowLog with its vpcId and trafficType \"ALL\".",
        }]);
    });

    it("reports a flow log of rejected traffic only", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, flowLog({ trafficType: "REJECT" })]), [{
            resource: "app-vpc",
            message: "VPC \"app-vpc\" logs only \"REJECT\" traffic; set trafficType \"ALL\".",
        }]);
    });

    it("honours requireAllTraffic", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, flowLog({ trafficType: "REJECT" })], { requireAllTraffic: false }), []);
    });

    it("ignores stacks without VPCs", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [flowLog()]), []);
    });

    it("treats a VPC ID or traffic type not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            { ...vpc, props: { id: unknown } },
            { ...flowLog({ vpcId: unknown, trafficType: unknown }), propertyDependencies: { vpcId: ["app-vpc"] } },
        ]), []);
    });
});
