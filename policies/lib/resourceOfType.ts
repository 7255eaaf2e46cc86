/**
 * Resource validations by type token. @pulumi/policy's validateResourceOfType takes a resource class, which would
 * make the pack load @pulumi/aws at run time: its index loads every service's module (over 300), which costs a
 * policy pack more start time than any of its policies. The pack names the types it checks instead, with their
 * argument types for the compiler only; test/policies/resourceTypes.test.ts proves each token is the class's.
 */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { ResourceValidation, ResourceValidationArgs, TypedResourceValidation } from "@pulumi/policy";

/** A resource type the pack validates: its Pulumi type token, and (for the compiler) the arguments it takes. */
export interface ResourceType<TArgs> {
    readonly token: string;
    /** Never set: carries the argument type. */
    readonly args?: TArgs;
}

function resourceType<TArgs>(token: string): ResourceType<TArgs> {
    return { token };
}

/** The AWS resource types that the pack's resource policies validate. */
export const awsTypes = {
    bedrockAgent: resourceType<aws.bedrock.AgentAgentArgs>("aws:bedrock/agentAgent:AgentAgent"),
    bedrockGuardrail: resourceType<aws.bedrock.GuardrailArgs>("aws:bedrock/guardrail:Guardrail"),
    bedrockKnowledgeBase: resourceType<aws.bedrock.AgentKnowledgeBaseArgs>("aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase"),
    capacityBlockReservation: resourceType<aws.ec2.CapacityBlockReservationArgs>("aws:ec2/capacityBlockReservation:CapacityBlockReservation"),
    capacityReservation: resourceType<aws.ec2.CapacityReservationArgs>("aws:ec2/capacityReservation:CapacityReservation"),
    ecrRepository: resourceType<aws.ecr.RepositoryArgs>("aws:ecr/repository:Repository"),
    iamRole: resourceType<aws.iam.RoleArgs>("aws:iam/role:Role"),
    kmsKey: resourceType<aws.kms.KeyArgs>("aws:kms/key:Key"),
    logGroup: resourceType<aws.cloudwatch.LogGroupArgs>("aws:cloudwatch/logGroup:LogGroup"),
    sageMakerEndpointConfiguration: resourceType<aws.sagemaker.EndpointConfigurationArgs>("aws:sagemaker/endpointConfiguration:EndpointConfiguration"),
    sageMakerModel: resourceType<aws.sagemaker.ModelArgs>("aws:sagemaker/model:Model"),
    securityGroup: resourceType<aws.ec2.SecurityGroupArgs>("aws:ec2/securityGroup:SecurityGroup"),
    securityGroupIngressRule: resourceType<aws.vpc.SecurityGroupIngressRuleArgs>("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
    securityGroupRule: resourceType<aws.ec2.SecurityGroupRuleArgs>("aws:ec2/securityGroupRule:SecurityGroupRule"),
    ssmParameter: resourceType<aws.ssm.ParameterArgs>("aws:ssm/parameter:Parameter"),
    vpcEndpoint: resourceType<aws.ec2.VpcEndpointArgs>("aws:ec2/vpcEndpoint:VpcEndpoint"),
} as const;

/** True when the resource under validation is of `type`. */
export function isOfType(args: ResourceValidationArgs, type: ResourceType<unknown>): boolean {
    return args.type === type.token;
}

/**
 * @pulumi/policy's validateResourceOfType, by token: `validate` sees only resources of `type`, others are reported
 * not applicable, and the token is attached to the function so that the SDK skips other types without reading their
 * properties (its `__pulumiType` fast path).
 */
export function validateResourceOfType<TArgs>(type: ResourceType<TArgs>, validate: TypedResourceValidation<Unwrap<NonNullable<TArgs>>>): ResourceValidation {
    const validation = (args: ResourceValidationArgs, reportViolation: Parameters<ResourceValidation>[1]) => {
        if (args.type !== type.token) {
            return args.notApplicable(`Policy only applies to resources of type '${type.token}'`);
        }
        return validate(args.props as Unwrap<NonNullable<TArgs>>, args, reportViolation);
    };
    return Object.assign(validation, { __pulumiType: type.token });
}

/**
 * One validation for several types. The SDK reads a resource's properties once per validation function, so a
 * policy over several types is one function (not one per type): every resource is read once, and `validate` sees
 * only resources of `types`.
 */
export function validateResourceOfTypes(types: readonly ResourceType<unknown>[], validate: ResourceValidation): ResourceValidation {
    const tokens = types.map((type) => type.token);
    return (args, reportViolation) => {
        if (!tokens.includes(args.type)) {
            return args.notApplicable(`Policy only applies to resources of types ${tokens.map((token) => `'${token}'`).join(", ")}`);
        }
        return validate(args, reportViolation);
    };
}
