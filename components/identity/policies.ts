/**
 * IAM documents the landing zone's components share, as plain data: trust policies that guard against the confused
 * deputy, and the deny statements every bucket and topic policy starts with.
 */
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Trust for an AWS service, limited to requests it makes for this account and from a matching resource: without
 * `aws:SourceAccount` and `aws:SourceArn` another customer could make the service act with this role.
 */
export function serviceTrustPolicy(servicePrincipal: string, sourceAccount: string, sourceArnPattern: string): PolicyDocument {
    return policyDocument({
        Sid: "AllowServiceForThisAccountOnly",
        Effect: "Allow",
        Principal: { Service: servicePrincipal },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": sourceAccount },
            ArnLike: { "aws:SourceArn": sourceArnPattern },
        },
    } as PolicyStatement & { Action: string });
}

/** Refuses any request that is not made over TLS. */
export function denyInsecureTransport(action: string, resources: readonly string[]): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: action,
        Resource: [...resources],
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}
