import * as assert from "assert";
import { forbidInternetPaths as policy } from "../../../policies/network/forbidInternetPaths";
import { awsProvider, dataProvider, FakeResource, genaiProvider, stackViolationsOf, unknown } from "../harness";

const appProvider = awsProvider("prod-app-chat", "021718575882", "application");
const vpc: FakeResource = { type: "aws:ec2/vpc:Vpc", name: "genai-vpc", props: { cidrBlock: "10.30.0.0/16", region: "us-east-1" } };
const privateRoutes: FakeResource = { type: "aws:ec2/routeTable:RouteTable", name: "private-routes", props: { vpcId: "vpc-1", routes: [{ cidrBlock: "10.30.0.0/16", gatewayId: "local" }] } };

describe("genai-and-data-vpcs-have-no-internet-path", () => {
    it("passes private VPCs in the genAI and data accounts", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, privateRoutes, { ...vpc, name: "data-vpc", provider: dataProvider }]), []);
    });

    it("reports each gateway that leads to the internet", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: { vpcId: "vpc-1" } },
            { type: "aws:ec2/natGateway:NatGateway", name: "nat", props: { subnetId: "subnet-1", region: "us-west-2" }, provider: dataProvider },
            { type: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", name: "eigw", props: { vpcId: "vpc-1" } },
        ]), [
            { resource: "igw", message: "InternetGateway \"igw\" is an internet gateway in the genai account (provider \"prod-genai\") in us-east-1; the genai account must have no path to the internet." },
            { resource: "nat", message: "NatGateway \"nat\" is a NAT gateway in the data account (provider \"prod-data\") in us-west-2; the data account must have no path to the internet." },
            { resource: "eigw", message: "EgressOnlyInternetGateway \"eigw\" is an egress-only internet gateway in the genai account (provider \"prod-genai\") in us-east-1; the genai account must have no path to the internet." },
        ]);
    });

    it("reports a default route, inline or on its own", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            { ...privateRoutes, props: { vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1" }] } },
            { type: "aws:ec2/route:Route", name: "v6-default", props: { routeTableId: "rtb-1", destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" }, provider: dataProvider },
        ]), [
            { resource: "private-routes", message: "RouteTable \"private-routes\" has a route to the internet (routes[0].cidrBlock 0.0.0.0/0) in the genai account (provider \"prod-genai\") in us-east-1; the genai account must have no path to the internet." },
            { resource: "v6-default", message: "Route \"v6-default\" has a route to the internet (destinationIpv6CidrBlock ::/0) in the data account (provider \"prod-data\") in us-east-1; the data account must have no path to the internet." },
        ]);
    });

    it("judges an awsx VPC by its NAT strategy and subnet types", async () => {
        const awsxVpc = (props: Record<string, unknown>): FakeResource => ({ type: "awsx:ec2:Vpc", name: "vpc", props: { cidrBlock: "10.30.0.0/16", ...props } });
        assert.deepStrictEqual(await stackViolationsOf(policy, [awsxVpc({ natGateways: { strategy: "None" }, subnetSpecs: [{ type: "Private" }] })]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [awsxVpc({ natGateways: { strategy: "Single" }, subnetSpecs: [{ type: "Private" }, { type: "Public" }] })]), [
            { resource: "vpc", message: "VPC \"vpc\" in the genai account (provider \"prod-genai\") in us-east-1 has natGateways.strategy \"Single\"; the genai account must have no path to the internet: set natGateways.strategy \"None\" and only Private or Isolated subnets." },
            { resource: "vpc", message: "VPC \"vpc\" in the genai account (provider \"prod-genai\") in us-east-1 has subnetSpecs with Public subnets (an internet gateway); the genai account must have no path to the internet: set natGateways.strategy \"None\" and only Private or Isolated subnets." },
        ]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [awsxVpc({ natGateways: unknown, subnetSpecs: unknown })]), []);
    });

    it("leaves application accounts alone, and follows isolatedAccountRoles", async () => {
        const nat: FakeResource = { type: "aws:ec2/natGateway:NatGateway", name: "nat", props: { subnetId: "subnet-1" }, provider: appProvider };
        assert.deepStrictEqual(await stackViolationsOf(policy, [nat]), []);
        assert.strictEqual((await stackViolationsOf(policy, [nat], { isolatedAccountRoles: ["application"] })).length, 1);
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ ...nat, provider: genaiProvider }], { isolatedAccountRoles: ["data"] }), []);
    });
});
