import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, genaiAccountRolesProperty } from "../lib/config";
import { endpointService } from "../lib/permissionDocuments";
import { isUnknown, show } from "../lib/props";
import { accountRoleOf, notKnown, stackResources } from "../lib/resources";
import { inVpc, vpcsOf } from "../lib/vpcs";

interface Config {
    readonly genaiAccountRoles: string[];
}

const configSchema = { properties: { genaiAccountRoles: genaiAccountRolesProperty } };

const endpointType = "aws:ec2/vpcEndpoint:VpcEndpoint";

/**
 * Without an interface endpoint with private DNS, bedrock-runtime.<region>.amazonaws.com resolves to public
 * addresses: prompts leave the VPC through a NAT gateway, and the endpoint policy's model allow-list never applies.
 */
export const requireBedrockRuntimeEndpoint: StackValidationPolicy = {
    name: "genai-vpcs-have-private-bedrock-runtime-endpoint",
    description: "Every VPC of a generative-AI account has a bedrock-runtime interface endpoint with private DNS enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "network", "private-connectivity"],
    remediationSteps: "Add aws.ec2.VpcEndpoint with vpcId of the VPC, serviceName com.amazonaws.<region>.bedrock-runtime, vpcEndpointType \"Interface\", privateDnsEnabled true, the private subnets and a security group allowing 443 from the workloads.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { genaiAccountRoles } = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        const endpoints = resources.filter((r) => r.type === endpointType);
        for (const vpc of vpcsOf(resources)) {
            const role = accountRoleOf(vpc.resource.provider);
            if (role === notKnown || role === undefined || !genaiAccountRoles.includes(role)) {
                continue;
            }
            const candidates = endpoints.filter((endpoint) => inVpc(endpoint, vpc));
            const services = candidates.map((endpoint) => endpointService(endpoint.props.serviceName));
            if (services.includes("unknown")) {
                continue;
            }
            const runtime = candidates.filter((_, index) => services[index] === "bedrock-runtime");
            if (runtime.length === 0) {
                reportViolation(`${vpc.label} of a genAI account has no bedrock-runtime interface endpoint; add aws.ec2.VpcEndpoint with serviceName "com.amazonaws.<region>.bedrock-runtime", vpcEndpointType "Interface" and privateDnsEnabled true.`, vpc.resource.urn);
                continue;
            }
            for (const endpoint of runtime) {
                const type = endpoint.props.vpcEndpointType;
                if (!isUnknown(type) && type !== "Interface") {
                    reportViolation(`bedrock-runtime endpoint "${endpoint.name}" of ${vpc.label} has vpcEndpointType ${show(type)}${type === undefined ? " (AWS's default is \"Gateway\")" : ""}; it must be "Interface".`, endpoint.urn);
                }
                const privateDns = endpoint.props.privateDnsEnabled;
                if (!isUnknown(privateDns) && privateDns !== true) {
                    reportViolation(`bedrock-runtime endpoint "${endpoint.name}" of ${vpc.label} has privateDnsEnabled ${show(privateDns)}; without private DNS, SDK calls to bedrock-runtime.<region>.amazonaws.com bypass the endpoint.`, endpoint.urn);
                }
            }
        }
    },
};
