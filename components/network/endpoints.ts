/**
 * VPC endpoints as plain data: which services a private network reaches, their service names and the policies that
 * keep each endpoint to principals of our organization (a data perimeter: stolen credentials of another account do
 * not work through our endpoints, and our principals cannot copy data to another account's bucket through them).
 */
import { genaiInterfaceEndpointServices, gatewayEndpointServices } from "../../accounts/schema";
import { Partition } from "../../accounts/regions";
import { PolicyDocument } from "../organization/policyDocuments";
import { policyDocument } from "../identity/policies";

export type VpcEndpointType = "Interface" | "Gateway";

export interface VpcEndpointSpec {
    /** Service name as it follows `com.amazonaws.<region>.`: "bedrock-runtime", "ecr.dkr", "s3". */
    readonly service: string;
    readonly type: VpcEndpointType;
}

/** Interface and gateway endpoints from two service lists. */
export function vpcEndpoints(interfaceServices: readonly string[], gatewayServices: readonly string[]): VpcEndpointSpec[] {
    return [
        ...interfaceServices.map((service) => ({ service, type: "Interface" as const })),
        ...gatewayServices.map((service) => ({ service, type: "Gateway" as const })),
    ];
}

/** The genAI account's endpoints: Bedrock, SageMaker, ECR and the services every workload needs; S3 and DynamoDB. */
export const genaiEndpoints: readonly VpcEndpointSpec[] = vpcEndpoints(genaiInterfaceEndpointServices, gatewayEndpointServices);

/**
 * The data account's endpoints: S3 for its buckets, and what its flow logs and any operator session need (KMS, STS,
 * CloudWatch Logs). Nothing there calls Bedrock: the knowledge base reads the bucket from the genAI account's side.
 */
export const dataEndpoints: readonly VpcEndpointSpec[] = vpcEndpoints(["kms", "sts", "logs"], ["s3"]);

/** `com.amazonaws.us-east-1.bedrock-runtime`; the China partition's names start with `cn.`. */
export function endpointServiceName(partition: Partition, region: string, service: string): string {
    return `${partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws"}.${region}.${service}`;
}

/** Child-name key of an endpoint: `ecr.dkr` → `ecr-dkr`. */
export function endpointKey(service: string): string {
    return service.replace(/\./g, "-");
}

/** Any action, by principals of the organization only. */
export function organizationOnlyEndpointPolicy(organizationId: string): PolicyDocument {
    return policyDocument({
        Sid: "AllowOrganizationPrincipalsOnly",
        Effect: "Allow",
        Principal: "*",
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
    });
}

/**
 * Services whose every call names a resource of some account, and how strictly an endpoint to them requires that
 * account to be in our organization (`aws:ResourceOrgID`): S3 and DynamoDB always; KMS and STS when the call names a
 * resource at all, since `sts:GetCallerIdentity` or `kms:GenerateRandom` name none. Bedrock, SageMaker, ECR, SSM and
 * CloudWatch serve AWS-owned resources (foundation models, public parameters, service metrics), so their endpoints
 * check the principal only.
 */
export const resourcePerimeterServices: Readonly<Record<string, "StringEquals" | "StringEqualsIfExists">> = {
    s3: "StringEquals",
    dynamodb: "StringEquals",
    kms: "StringEqualsIfExists",
    sts: "StringEqualsIfExists",
};

/**
 * The data perimeter through one endpoint: principals of the organization only and, for a service that reaches
 * resources, resources of the organization only, so that our principals cannot copy data to another organization's
 * bucket, table or key through it.
 */
export function dataPerimeterEndpointPolicy(organizationId: string, service: string): PolicyDocument {
    const operator = resourcePerimeterServices[service];
    if (operator === undefined) {
        return organizationOnlyEndpointPolicy(organizationId);
    }
    const principal = { "aws:PrincipalOrgID": organizationId };
    const resource = { "aws:ResourceOrgID": organizationId };
    return policyDocument({
        Sid: "AllowOrganizationPrincipalsToOrganizationResources",
        Effect: "Allow",
        Principal: "*",
        Action: "*",
        Resource: "*",
        Condition: operator === "StringEquals"
            ? { StringEquals: { ...principal, ...resource } }
            : { StringEquals: principal, StringEqualsIfExists: resource },
    });
}

/**
 * The S3 gateway endpoint's policy: organization principals to organization buckets only, plus reads of the bucket
 * where ECR keeps image layers. ECR hands the client a pre-signed URL for that AWS-owned bucket, so the request is
 * not made by one of our principals; without this statement no image could be pulled from inside the VPC.
 */
export function s3GatewayEndpointPolicy(organizationId: string, partition: Partition, region: string): PolicyDocument {
    const organization = dataPerimeterEndpointPolicy(organizationId, "s3");
    return policyDocument(
        ...organization.Statement,
        {
            Sid: "AllowEcrImageLayers",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`,
        },
    );
}

/** The policy an endpoint gets unless the caller supplies one. */
export function defaultEndpointPolicy(spec: VpcEndpointSpec, organizationId: string, partition: Partition, region: string): PolicyDocument {
    return spec.service === "s3" && spec.type === "Gateway"
        ? s3GatewayEndpointPolicy(organizationId, partition, region)
        : dataPerimeterEndpointPolicy(organizationId, spec.service);
}
