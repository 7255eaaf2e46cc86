/**
 * The organization's security-baseline policies as plain data: the SCP that keeps member-account administrators from
 * switching off the audit and threat-detection services, and the RCP data perimeter. Both are sized and simulated
 * in tests before any resource exists.
 */
import { Partition } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement } from "./policyDocuments";

/** What a member-account administrator may not do to the security baseline, by service. */
export const protectedSecurityActions: Readonly<Record<string, readonly string[]>> = {
    CloudTrail: [
        "cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
        "cloudtrail:PutInsightSelectors",
    ],
    // Filters and trusted IP lists would archive or suppress findings without disabling anything.
    GuardDuty: [
        "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromMasterAccount",
        "guardduty:DisassociateFromAdministratorAccount", "guardduty:DeleteMembers", "guardduty:DisassociateMembers",
        "guardduty:StopMonitoringMembers", "guardduty:UpdateOrganizationConfiguration", "guardduty:CreateFilter",
        "guardduty:UpdateFilter", "guardduty:CreateIPSet", "guardduty:UpdateIPSet", "guardduty:DeletePublishingDestination",
    ],
    Config: [
        "config:DeleteConfigurationRecorder", "config:StopConfigurationRecorder", "config:PutConfigurationRecorder",
        "config:DeleteDeliveryChannel", "config:PutDeliveryChannel", "config:DeleteConfigRule",
        "config:DeleteConfigurationAggregator", "config:DeleteAggregationAuthorization", "config:DeleteRetentionConfiguration",
    ],
    SecurityHub: [
        "securityhub:DisableSecurityHub", "securityhub:DisassociateFromAdministratorAccount",
        "securityhub:DisassociateFromMasterAccount", "securityhub:DeleteMembers", "securityhub:DisassociateMembers",
        "securityhub:BatchDisableStandards", "securityhub:UpdateConfigurationPolicy", "securityhub:DeleteConfigurationPolicy",
        "securityhub:StartConfigurationPolicyDisassociation",
    ],
    // Archive rules would close findings as they arrive.
    AccessAnalyzer: [
        "access-analyzer:DeleteAnalyzer", "access-analyzer:CreateArchiveRule", "access-analyzer:UpdateArchiveRule",
    ],
    // Prompts and responses are the audit record of generative AI; the guardrail is the acceptable-use control.
    BedrockGovernance: [
        "bedrock:DeleteModelInvocationLoggingConfiguration", "bedrock:PutModelInvocationLoggingConfiguration",
        "bedrock:DeleteGuardrail", "bedrock:UpdateGuardrail",
    ],
};

/** The role through which the landing zone deploys into every member account, and the break-glass path. */
export function platformRolePattern(partition: Partition, platformRoleName: string): string {
    return `arn:${partition}:iam::*:role/${platformRoleName}`;
}

/**
 * Denies member-account principals every action that would stop, blind or re-point the security baseline. The
 * platform role is exempt: the stacks deploy the baseline through it, and an operator who assumes it from the
 * management account (which SCPs never restrict) is the documented break-glass path, recorded by the trail.
 */
export function protectSecurityBaseline(partition: Partition, platformRoleName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: Object.entries(protectedSecurityActions).map(([service, actions]): PolicyStatement => ({
            Sid: `Deny${service}Changes`,
            Effect: "Deny",
            Action: [...actions],
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": platformRolePattern(partition, platformRoleName) } },
        })),
    };
}

/**
 * Services whose resource policies an RCP bounds (AWS Organizations' list); Bedrock and S3 Vectors are not among
 * them, so their perimeter is the SCPs, the endpoint policies and the invoke role's trust.
 */
export const rcpServiceActions = [
    "s3:*", "sqs:*", "kms:*", "secretsmanager:*",
    "sts:AssumeRole", "sts:DecodeAuthorizationMessage", "sts:GetAccessKeyInfo", "sts:GetFederationToken",
    "sts:GetServiceBearerToken", "sts:GetSessionToken", "sts:SetContext",
];

/**
 * The data perimeter on resources: only principals of the organization, and AWS services acting for an account of
 * it, reach its S3 buckets, queues, keys, secrets and roles, over TLS. It holds whatever a bucket or key policy says,
 * so a mistaken grant to another account or to `*` cannot leak the documents or their key.
 */
export function dataPerimeterResourcePolicy(organizationId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EnforceOrganizationIdentities",
                Effect: "Deny",
                Principal: "*",
                Action: [...rcpServiceActions],
                Resource: "*",
                Condition: {
                    StringNotEqualsIfExists: { "aws:PrincipalOrgID": organizationId },
                    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                },
            },
            {
                // A service principal acts for whichever account names it; it must be acting for one of ours.
                Sid: "EnforceConfusedDeputyProtection",
                Effect: "Deny",
                Principal: "*",
                Action: [...rcpServiceActions],
                Resource: "*",
                Condition: {
                    StringNotEqualsIfExists: { "aws:SourceOrgID": organizationId },
                    Null: { "aws:SourceAccount": "false" },
                    Bool: { "aws:PrincipalIsAWSService": "true" },
                },
            },
            {
                Sid: "EnforceSecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: [...rcpServiceActions],
                Resource: "*",
                Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
