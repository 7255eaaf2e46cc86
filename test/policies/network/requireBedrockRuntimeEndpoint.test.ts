import * as assert from "assert";
import { requireBedrockRuntimeEndpoint as policy } from "../../../policies/network/requireBedrockRuntimeEndpoint";
import { awsProvider, dataProvider, FakeResource, stackViolationsOf, unknown } from "../harness";

const vpc: FakeResource = { type: "aws:ec2/vpc:Vpc", name: "genai-vpc", props: { cidrBlock: "10.30.0.0/16", id: "vpc-0a1" } };

function endpoint(overrides: Record<string, unknown> = {}, name = "genai-bedrock-runtime"): FakeResource {
    return {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint",
        name,
        props: { vpcId: "vpc-0a1", serviceName: "com.amazonaws.us-east-1.bedrock-runtime", vpcEndpointType: "Interface", privateDnsEnabled: true, ...overrides },
    };
}

describe("genai-vpcs-have-private-bedrock-runtime-endpoint", () => {
    it("passes a genAI VPC with a private-DNS bedrock-runtime interface endpoint", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, endpoint()]), []);
    });

    it("reports a genAI VPC without one", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, endpoint({ serviceName: "com.amazonaws.us-east-1.s3" }, "s3")]), [{
            resource: "genai-vpc",
            message: "VPC \"genai-vpc\" of a genAI account has no bedrock-runtime interface endpoint; add aws.ec2.VpcEndpoint with serviceName \"com.amazonaws.<region>.bedrock-runtime\", vpcEndpointType \"Interface\" and privateDnsEnabled true.",
        }]);
    });

    it("reports an endpoint of another VPC as no endpoint", async () => {
        assert.deepStrictEqual((await stackViolationsOf(policy, [vpc, endpoint({ vpcId: "vpc-other" })])).length, 1);
    });

    it("reports private DNS off and a Gateway type", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, endpoint({ privateDnsEnabled: false })]), [{
            resource: "genai-bedrock-runtime",
            message: "bedrock-runtime endpoint \"genai-bedrock-runtime\" of VPC \"genai-vpc\" has privateDnsEnabled false; without private DNS, SDK calls to bedrock-runtime.<region>.amazonaws.com bypass the endpoint.",
        }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, endpoint({ vpcEndpointType: undefined })]), [{
            resource: "genai-bedrock-runtime",
            message: "bedrock-runtime endpoint \"genai-bedrock-runtime\" of VPC \"genai-vpc\" has vpcEndpointType nothing (AWS's default is \"Gateway\"); it must be \"Interface\".",
        }]);
    });

    it("matches an endpoint to a VPC created in the same update through its property dependency", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            { ...vpc, props: { cidrBlock: "10.30.0.0/16", id: unknown } },
            { ...endpoint({ vpcId: unknown }), propertyDependencies: { vpcId: ["genai-vpc"] } },
        ]), []);
    });

    it("counts an awsx VPC component once, through its aws.ec2.Vpc child when there is one", async () => {
        const awsx: FakeResource = { type: "awsx:ec2:Vpc", name: "genai", props: { vpcId: "vpc-0a1" } };
        assert.deepStrictEqual(await stackViolationsOf(policy, [awsx, { ...vpc, parent: "genai" }]).then((v) => v.map((x) => x.resource)), ["genai-vpc"]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [awsx]).then((v) => v.map((x) => x.resource)), ["genai"]);
    });

    it("leaves VPCs of other accounts alone, and honours genaiAccountRoles", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ ...vpc, provider: dataProvider }]), []);
        const ml = awsProvider("prod-ml", "123456789012", "ml");
        assert.deepStrictEqual((await stackViolationsOf(policy, [{ ...vpc, provider: ml }], { genaiAccountRoles: ["ml"] })).length, 1);
    });

    it("treats endpoints whose service or settings are not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, endpoint({ serviceName: unknown })]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [vpc, endpoint({ privateDnsEnabled: unknown, vpcEndpointType: unknown })]), []);
    });
});
