import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { awsTypes, isOfType, validateResourceOfTypes } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { asList, at, block, containsUnknown, isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly requireNetworkIsolation: boolean;
}

const configSchema = {
    properties: {
        requireNetworkIsolation: {
            type: "boolean" as const,
            default: false,
            description: "Also require enableNetworkIsolation on models, which blocks all outbound calls from the container (models that fetch weights at start-up break).",
        },
    },
};

function check(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    const props = propsOf(args.props);
    if (isOfType(args, awsTypes.sageMakerEndpointConfiguration)) {
        if (!isUnknown(props.kmsKeyArn) && !isKnownString(props.kmsKeyArn)) {
            reportViolation(`kmsKeyArn must be a customer-managed KMS key for the endpoint's storage volumes (got ${show(props.kmsKeyArn)}).`);
        }
        return;
    }
    const { requireNetworkIsolation } = configOf<Config>(configSchema, args);
    const vpcConfig = block(props.vpcConfig);
    if (!containsUnknown(vpcConfig)) {
        const subnets = asList(at(vpcConfig, "subnets"));
        const groups = asList(at(vpcConfig, "securityGroupIds"));
        if (vpcConfig === undefined || subnets.length === 0 || groups.length === 0) {
            reportViolation("vpcConfig must name private subnets and security groups (got nothing); without it the model's containers run with internet access outside the landing zone's VPC.");
        }
    }
    if (requireNetworkIsolation && !isUnknown(props.enableNetworkIsolation) && props.enableNetworkIsolation !== true) {
        reportViolation(`enableNetworkIsolation must be true (got ${show(props.enableNetworkIsolation)}).`);
    }
}

/** A SageMaker endpoint's network and storage are set on two resources: the model (VPC) and the endpoint configuration (KMS). */
export const isolateSageMakerEndpoints: ResourceValidationPolicy = {
    name: "sagemaker-endpoints-run-in-vpc-with-kms",
    description: "SageMaker models run in the landing zone's VPC (vpcConfig) and endpoint configurations encrypt storage with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["sagemaker", "network", "encryption"],
    remediationSteps: "Set vpcConfig { subnets: <private subnet IDs>, securityGroupIds } on aws.sagemaker.Model and kmsKeyArn on aws.sagemaker.EndpointConfiguration.",
    configSchema,
    validateResource: validateResourceOfTypes([awsTypes.sageMakerModel, awsTypes.sageMakerEndpointConfiguration], check),
};
