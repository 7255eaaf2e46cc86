/**
 * Where permission documents live on AWS resources, so that one checker serves every resource type that carries
 * one: identity policies (managed, inline, role-embedded), VPC endpoint policies and organization policies.
 */
import { asList, at, isKnownString, isUnknown, Props } from "./props";

export type DocumentKind = "identity" | "endpoint" | "organization";

export interface AttachedDocument {
    /** Where the document sits, for messages: `policy`, `inlinePolicies[0] ("invoke")`, `content`. */
    readonly where: string;
    readonly value: unknown;
    readonly kind: DocumentKind;
}

export const identityPolicyTypes = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
] as const;

/** Organization policy types whose documents are IAM-style permission documents. */
const permissionOrganizationPolicyTypes = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];

/** The permission documents a resource carries (trust policies excluded: they grant no permissions). */
export function permissionDocuments(type: string, props: Props): AttachedDocument[] {
    if ((identityPolicyTypes as readonly string[]).includes(type)) {
        return [{ where: "policy", value: props.policy, kind: "identity" }];
    }
    switch (type) {
        case "aws:iam/role:Role": {
            if (isUnknown(props.inlinePolicies)) {
                return [{ where: "inlinePolicies", value: props.inlinePolicies, kind: "identity" }];
            }
            return asList(props.inlinePolicies).map((inline, index) => {
                const name = at(inline, "name");
                return {
                    where: `inlinePolicies[${index}]${isKnownString(name) ? ` ("${name}")` : ""}`,
                    value: at(inline, "policy"),
                    kind: "identity" as const,
                };
            });
        }
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return props.policy === undefined ? [] : [{ where: "policy", value: props.policy, kind: "endpoint" }];
        case "aws:organizations/policy:Policy": {
            // Organizations defaults `type` to SERVICE_CONTROL_POLICY; tag, backup and AI opt-out policies are not IAM.
            const policyType = props.type ?? "SERVICE_CONTROL_POLICY";
            if (isUnknown(policyType)) {
                return [{ where: "content", value: policyType, kind: "organization" }];
            }
            return permissionOrganizationPolicyTypes.includes(String(policyType)) ? [{ where: "content", value: props.content, kind: "organization" }] : [];
        }
    }
    return [];
}

/** The AWS service of an endpoint: `com.amazonaws.us-east-1.bedrock-runtime` is `bedrock-runtime`. */
export function endpointService(serviceName: unknown): string | undefined | "unknown" {
    if (isUnknown(serviceName)) {
        return "unknown";
    }
    if (!isKnownString(serviceName)) {
        return undefined;
    }
    const match = /^(?:cn\.)?com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(serviceName);
    return match ? match[1] : serviceName;
}

/** The resource types whose permission documents the invoke and guardrail policies judge. */
export const permissionDocumentTypes = [...identityPolicyTypes, "aws:iam/role:Role", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:organizations/policy:Policy"];

/**
 * InvokeModel requests reach Bedrock through the bedrock-runtime endpoint only, so no other endpoint's policy can
 * grant or restrict them; identity policies and SCPs always can.
 */
export function canCarryInvoke(type: string, props: Props): boolean {
    return type !== "aws:ec2/vpcEndpoint:VpcEndpoint" || endpointService(props.serviceName) === "bedrock-runtime";
}
