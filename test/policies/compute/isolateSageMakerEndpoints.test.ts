import * as assert from "assert";
import { isolateSageMakerEndpoints as policy } from "../../../policies/compute/isolateSageMakerEndpoints";
import { genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

function model(overrides: Record<string, unknown> = {}) {
    return { type: "aws:sagemaker/model:Model", props: { executionRoleArn: `arn:aws:iam::${genaiAccount}:role/sm`, vpcConfig: { subnets: ["subnet-1"], securityGroupIds: ["sg-1"] }, ...overrides } };
}

function endpointConfiguration(overrides: Record<string, unknown> = {}) {
    return { type: "aws:sagemaker/endpointConfiguration:EndpointConfiguration", props: { productionVariants: [{ modelName: "m" }], kmsKeyArn: `arn:aws:kms:us-east-1:${genaiAccount}:key/1`, ...overrides } };
}

describe("sagemaker-endpoints-run-in-vpc-with-kms", () => {
    it("passes a model in the VPC and an encrypted endpoint configuration", async () => {
        assert.deepStrictEqual(await violationsOf(policy, model()), []);
        assert.deepStrictEqual(await violationsOf(policy, endpointConfiguration()), []);
    });

    it("reports a model outside the VPC", async () => {
        const message = "vpcConfig must name private subnets and security groups (got nothing); without it the model's containers run with internet access outside the landing zone's VPC.";
        assert.deepStrictEqual(await violationsOf(policy, model({ vpcConfig: undefined })), [message]);
        assert.deepStrictEqual(await violationsOf(policy, model({ vpcConfig: { subnets: [], securityGroupIds: ["sg-1"] } })), [message]);
    });

    it("reports an endpoint configuration without a CMK", async () => {
        assert.deepStrictEqual(await violationsOf(policy, endpointConfiguration({ kmsKeyArn: undefined })), [
            "kmsKeyArn must be a customer-managed KMS key for the endpoint's storage volumes (got nothing).",
        ]);
    });

    it("honours requireNetworkIsolation", async () => {
        assert.deepStrictEqual(await violationsOf(policy, model(), { requireNetworkIsolation: true }), ["enableNetworkIsolation must be true (got nothing)."]);
        assert.deepStrictEqual(await violationsOf(policy, model({ enableNetworkIsolation: true }), { requireNetworkIsolation: true }), []);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:sagemaker/endpoint:Endpoint", props: {} })).notApplicable, true);
    });

    it("treats settings not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, model({ vpcConfig: { subnets: unknown, securityGroupIds: ["sg-1"] } })), []);
        assert.deepStrictEqual(await violationsOf(policy, endpointConfiguration({ kmsKeyArn: unknown })), []);
    });
});
