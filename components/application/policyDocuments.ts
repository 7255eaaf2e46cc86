/**
 * An application account's IAM and endpoint policies, as plain data.
 */
import { Partition } from "../../accounts/regions";
import { computeTypes } from "../../accounts/schema";
import { PolicyDocument } from "../organization/policyDocuments";
import { policyDocument } from "../identity/policies";
import { modelInvokeActions } from "../identity/invokeRolePolicies";
import { knowledgeBaseArnPattern } from "../retrieval/policyDocuments";

export type ComputeType = (typeof computeTypes)[number];

/** The service principal that runs each compute type's code with the workload role. */
export const computeServicePrincipals: Readonly<Record<ComputeType, string>> = {
    ecs: "ecs-tasks.amazonaws.com",
    lambda: "lambda.amazonaws.com",
};

/**
 * Trust of a workload role: the compute service only. ECS tasks must also be this account's (`aws:SourceAccount`,
 * `aws:SourceArn`, as AWS documents for task roles), so that no other customer's task can be given the role. Lambda
 * sends no source account when it assumes an execution role, so that condition would only break every function;
 * Lambda cannot act as a confused deputy here anyway, since a function can only be given a role of its own account
 * by a caller allowed iam:PassRole on it.
 */
export function workloadTrustPolicy(compute: ComputeType, partition: Partition, region: string, accountId: string): PolicyDocument {
    return policyDocument({
        Sid: compute === "ecs" ? "AllowEcsTasksOfThisAccountOnly" : "AllowLambdaFunctions",
        Effect: "Allow",
        Principal: { Service: computeServicePrincipals[compute] },
        Action: "sts:AssumeRole",
        ...(compute === "ecs"
            ? { Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:${partition}:ecs:${region}:${accountId}:*` } } }
            : {}),
    });
}

/**
 * The workload role's one permission: assume the genAI invoke role, tagging the session with the end user's tenant
 * and data classification (the invoke role's trust decides which values are allowed).
 */
export function workloadRolePolicy(invokeRoleArn: string): PolicyDocument {
    return policyDocument({
        Sid: "AssumeInvokeRoleWithSessionTags",
        Effect: "Allow",
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Resource: invokeRoleArn,
    });
}

/** The STS endpoint: organization principals only, and only to reach the invoke role (plus who-am-I). */
export function stsEndpointPolicy(organizationId: string, invokeRoleArn: string): PolicyDocument {
    const inOrganization = { StringEquals: { "aws:PrincipalOrgID": organizationId } };
    return policyDocument(
        {
            Sid: "AssumeInvokeRoleFromOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Resource: invokeRoleArn,
            Condition: inOrganization,
        },
        {
            Sid: "GetCallerIdentityFromOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: "sts:GetCallerIdentity",
            Resource: "*",
            Condition: inOrganization,
        },
    );
}

/**
 * The bedrock-runtime endpoint: only sessions of the genAI account (the invoke role, inside the organization) may
 * invoke, only the environment's catalogue models, and only through the environment's guardrail. The application's
 * own roles cannot use Bedrock through it, so every call carries the invoke role's guardrail and classification rules.
 */
export function bedrockRuntimeEndpointPolicy(organizationId: string, genAiAccountId: string, modelArns: readonly string[], guardrailIdentifier: string): PolicyDocument {
    return policyDocument({
        Sid: "InvokeCatalogueModelsAsGenAiAccount",
        Effect: "Allow",
        Principal: "*",
        Action: [...modelInvokeActions],
        Resource: [...modelArns].sort(),
        Condition: {
            StringEquals: {
                "aws:PrincipalOrgID": organizationId,
                "aws:PrincipalAccount": genAiAccountId,
                "bedrock:GuardrailIdentifier": guardrailIdentifier,
            },
        },
    });
}

/**
 * The bedrock-agent-runtime endpoint: retrieval from the genAI account's knowledge bases, by sessions of the genAI
 * account (the invoke role) inside the organization only, and nothing else; RetrieveAndGenerate is not offered,
 * because generation goes through bedrock-runtime, where the guardrail and classification conditions apply.
 */
export function bedrockAgentRuntimeEndpointPolicy(organizationId: string, genAiAccountId: string, partition: Partition, region: string): PolicyDocument {
    return policyDocument({
        Sid: "RetrieveFromKnowledgeBasesAsGenAiAccount",
        Effect: "Allow",
        Principal: "*",
        Action: "bedrock:Retrieve",
        Resource: knowledgeBaseArnPattern(partition, region, genAiAccountId),
        Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId, "aws:PrincipalAccount": genAiAccountId } },
    });
}
