import * as assert from "assert";
import { restrictEndpointPolicies as policy } from "../../../policies/network/restrictEndpointPolicies";
import { document, runResourcePolicy, unknown, violationsOf } from "../harness";

const scoped = document({
    Sid: "InvokeCatalogue",
    Effect: "Allow",
    Principal: "*",
    Action: ["bedrock:InvokeModel"],
    Resource: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"],
    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
});
const fullAccess = document({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });

function endpoint(service: string, policyDocument?: unknown) {
    return { type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: `com.amazonaws.us-east-1.${service}`, vpcEndpointType: "Interface", ...(policyDocument === undefined ? {} : { policy: policyDocument }) } };
}

describe("vpc-endpoint-policies-are-not-full-access", () => {
    it("passes a bedrock-runtime endpoint with a scoped policy", async () => {
        assert.deepStrictEqual(await violationsOf(policy, endpoint("bedrock-runtime", scoped)), []);
    });

    it("reports an endpoint without a policy", async () => {
        assert.deepStrictEqual(await violationsOf(policy, endpoint("bedrock-runtime")), [
            "The bedrock-runtime endpoint has no policy, so AWS applies the default full-access policy; set a policy that allows only what the landing zone needs.",
        ]);
    });

    it("reports the default full-access policy written out, and service-wide access on every resource", async () => {
        assert.deepStrictEqual(await violationsOf(policy, endpoint("s3", fullAccess)), [
            "policy statement 1 allows every principal every action on every resource, which is the default full-access policy; allow only the actions and resources the landing zone uses.",
        ]);
        assert.deepStrictEqual((await violationsOf(policy, endpoint("dynamodb", document({ Effect: "Allow", Principal: { AWS: "*" }, Action: "dynamodb:*", Resource: "*" })))).length, 1);
    });

    it("accepts a wide statement that a condition scopes", async () => {
        assert.deepStrictEqual(await violationsOf(policy, endpoint("s3", document({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))), []);
    });

    it("honours services: only the listed services need a policy", async () => {
        assert.deepStrictEqual(await violationsOf(policy, endpoint("ssm")), []);
        assert.deepStrictEqual(await violationsOf(policy, endpoint("ssm"), { services: ["ssm"] }), [
            "The ssm endpoint has no policy, so AWS applies the default full-access policy; set a policy that allows only what the landing zone needs.",
        ]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:ec2/vpc:Vpc", props: {} })).notApplicable, true);
    });

    it("treats a service or policy not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ec2/vpcEndpoint:VpcEndpoint", props: { vpcId: "vpc-1", serviceName: unknown } }), []);
        assert.deepStrictEqual(await violationsOf(policy, endpoint("bedrock-runtime", unknown)), []);
    });
});
