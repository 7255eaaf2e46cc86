import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { endpointService } from "../lib/permissionDocuments";
import { conditionEntries, listOf, parsePolicyDocument, principalsOf, statementLabel } from "../lib/policyDocument";
import { containsUnknown, propsOf } from "../lib/props";

interface Config {
    readonly services: string[];
}

const configSchema = {
    properties: {
        services: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["bedrock-runtime", "bedrock-agent-runtime", "bedrock", "bedrock-agent", "s3", "dynamodb", "sagemaker.runtime"],
            description: "Endpoint services (the part of serviceName after the region) whose endpoints must carry a restrictive policy.",
        },
    },
};

/**
 * An endpoint without a policy gets AWS's default, which allows any principal any action on any resource through
 * it: the endpoint then carries data out to any account's resources of that service.
 */
export const restrictEndpointPolicies: ResourceValidationPolicy = {
    name: "vpc-endpoint-policies-are-not-full-access",
    description: "VPC endpoints of data-bearing services (Bedrock, S3, DynamoDB, SageMaker runtime) carry an endpoint policy, and it is not the default full-access policy.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["network", "iam", "data-perimeter"],
    remediationSteps: "Set the endpoint's policy to statements that allow only the actions and resources the landing zone uses (for bedrock-runtime: bedrock:InvokeModel* on catalogue models), scoped with aws:PrincipalOrgID.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.vpcEndpoint, (_endpoint, args, reportViolation) => {
        const props = propsOf(args.props);
        const { services } = configOf<Config>(configSchema, args);
        const service = endpointService(props.serviceName);
        if (service === "unknown" || service === undefined || !services.includes(service)) {
            return;
        }
        const document = parsePolicyDocument(props.policy);
        if (document.kind === "absent") {
            reportViolation(`The ${service} endpoint has no policy, so AWS applies the default full-access policy; set a policy that allows only what the landing zone needs.`);
            return;
        }
        if (document.kind !== "document") {
            return;
        }
        document.statements.forEach((statement, index) => {
            if (statement.Effect !== "Allow" || containsUnknown(statement.Action) || containsUnknown(statement.Resource)) {
                return;
            }
            const principals = principalsOf(statement);
            const conditions = conditionEntries(statement);
            if (principals === "unknown" || conditions === "unknown") {
                return;
            }
            const anyPrincipal = (principals.AWS ?? []).includes("*") || statement.Principal === undefined;
            const anyAction = (listOf(statement.Action) ?? []).some((action) => action === "*" || action.toLowerCase() === `${service.split(".")[0]}:*`);
            const anyResource = (listOf(statement.Resource) ?? []).includes("*");
            if (anyPrincipal && anyAction && anyResource && conditions.length === 0) {
                reportViolation(`policy ${statementLabel(statement, index)} allows every principal every action on every resource, which is the default full-access policy; allow only the actions and resources the landing zone uses.`);
            }
        });
    }),
};
