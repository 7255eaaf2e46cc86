import * as assert from "assert";
import { restrictInternetIngress as policy } from "../../../policies/network/restrictInternetIngress";
import { runResourcePolicy, unknown, violationsOf } from "../harness";

function securityGroup(ingress: Record<string, unknown>[]) {
    return { type: "aws:ec2/securityGroup:SecurityGroup", props: { vpcId: "vpc-1", ingress } };
}

const https = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.30.0.0/16"] };

describe("security-groups-deny-internet-ingress", () => {
    it("passes ingress from the VPC", async () => {
        assert.deepStrictEqual(await violationsOf(policy, securityGroup([https])), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["a port open to 0.0.0.0/0", { cidrBlocks: ["0.0.0.0/0"] }, "ingress[0] opens port 443 to 0.0.0.0/0; allow traffic from the VPC, a prefix list or a security group instead."],
        ["a range open to ::/0", { fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] }, "ingress[0] opens ports 0-65535 to ::/0; allow traffic from the VPC, a prefix list or a security group instead."],
        ["all protocols open", { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, "ingress[0] opens all ports to 0.0.0.0/0; allow traffic from the VPC, a prefix list or a security group instead."],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await violationsOf(policy, securityGroup([{ ...https, ...change }])), [message]);
        });
    }

    it("checks standalone ingress rules with the same checker", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" } }), [
            "rule opens port 22 to 0.0.0.0/0; allow traffic from the VPC, a prefix list or a security group instead.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ec2/securityGroupRule:SecurityGroupRule", props: { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] } }), [
            "rule opens port 22 to 0.0.0.0/0; allow traffic from the VPC, a prefix list or a security group instead.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ec2/securityGroupRule:SecurityGroupRule", props: { type: "egress", securityGroupId: "sg-1", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] } }), []);
    });

    it("honours allowedPorts", async () => {
        assert.deepStrictEqual(await violationsOf(policy, securityGroup([{ ...https, cidrBlocks: ["0.0.0.0/0"] }]), { allowedPorts: [443] }), []);
        assert.deepStrictEqual(await violationsOf(policy, securityGroup([{ ...https, fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }]), { allowedPorts: [443] }), [
            "ingress[0] opens port 80 to 0.0.0.0/0; allow traffic from the VPC, a prefix list or a security group instead (ports open to the internet by policy: 443).",
        ]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:ec2/networkAcl:NetworkAcl", props: {} })).notApplicable, true);
    });

    it("treats rules not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ec2/securityGroup:SecurityGroup", props: { ingress: unknown } }), []);
        assert.deepStrictEqual(await violationsOf(policy, securityGroup([{ ...https, cidrBlocks: [unknown] }])), []);
    });
});
