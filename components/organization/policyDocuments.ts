/**
 * Service control policy documents, as plain data: they are built, measured against AWS's size limit and
 * tested before any resource exists.
 */
import {
    bearerTokenActions,
    bearerTokenTypeKeys,
    bedrockCredentialServiceNames,
    createServiceSpecificCredentialAction,
    dataRetentionActions,
    modelInvokeActions,
    providerDataShareMode,
    serviceSpecificCredentialServiceNameKey,
    shortTermBearerToken,
} from "../../accounts/bedrockActions";

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: string | string[];
    readonly NotResource?: string | string[];
    readonly Principal?: unknown;
    readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
}

/**
 * AWS Organizations' maximum size of one SCP document, in characters: 10,240 since 2026-05-15, when Organizations
 * doubled it from 5,120 ("Quotas and service limits for AWS Organizations", maximum size of a service control policy).
 */
export const SCP_MAX_CHARACTERS = 10240;

/** Size as Organizations measures it: the document without insignificant whitespace. */
export function policySize(document: PolicyDocument): number {
    return JSON.stringify(document).length;
}

export function denyLeaveOrganization(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }],
    };
}

/**
 * Services whose API is global or served from us-east-1; a region deny must exempt them or IAM, STS,
 * Organizations and billing stop working in every other region.
 */
export const globalServiceActions = [
    "a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*", "budgets:*", "ce:*",
    "chime:*", "cloudfront:*", "config:*", "cur:*", "directconnect:*", "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms:*", "globalaccelerator:*", "health:*", "iam:*",
    "importexport:*", "kms:*", "networkmanager:*", "organizations:*", "pricing:*", "route53:*", "route53domains:*",
    "s3:GetAccountPublic*", "s3:ListAllMyBuckets", "s3:ListMultiRegionAccessPoints", "s3:PutAccountPublic*",
    "shield:*", "sts:*", "support:*", "trustedadvisor:*", "waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*",
];

/**
 * Denies requests outside the allowed regions. Bedrock gets its own, wider list: a cross-region inference profile
 * routes a request to any of its destination regions, and an SCP that denies one of them fails the call.
 */
export function regionAllowList(allowedRegions: readonly string[], bedrockRegions: readonly string[]): PolicyDocument {
    const bedrock = [...new Set([...allowedRegions, ...bedrockRegions])].sort();
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyOutsideAllowedRegions",
                Effect: "Deny",
                NotAction: [...globalServiceActions, "bedrock:*"],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": [...allowedRegions].sort() } },
            },
            {
                Sid: "DenyBedrockOutsideCatalogueRegions",
                Effect: "Deny",
                Action: "bedrock:*",
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": bedrock } },
            },
            {
                // The environments log invocations in the allowed regions only. A region that is only a cross-region
                // profile's destination is reached through a profile, whose request is logged in its source region;
                // a direct call there would go unlogged. AWS's cross-region inference guidance denies it the same way:
                // no bedrock:InferenceProfileArn in the request means the call did not come through a profile.
                Sid: "DenyDirectInvocationInProfileOnlyRegions",
                Effect: "Deny",
                Action: [...modelInvokeActions],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": [...allowedRegions].sort() }, Null: { "bedrock:InferenceProfileArn": "true" } },
            },
        ],
    };
}

/**
 * Bedrock access the organization never allows, whatever an account's IAM says (attached with the baseline):
 * creating long-term Bedrock API keys (IAM service-specific credentials of an IAM user, a static secret that breaks the
 * identity chain the session tags carry), calling with a long-term key on either inference service, and letting a
 * model provider keep inference data. Short-term keys are governed per environment by the catalogue's SCP.
 */
export function governBedrockAccess(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyCreatingBedrockApiKeys",
                Effect: "Deny",
                Action: createServiceSpecificCredentialAction,
                Resource: "*",
                Condition: { StringLike: { [serviceSpecificCredentialServiceNameKey]: bedrockCredentialServiceNames } },
            },
            // One statement per service: each call carries its own service's key, and a negated condition on the other
            // service's (absent) key would match every call.
            ...bearerTokenActions.map((action) => {
                const service = action.split(":")[0] as keyof typeof bearerTokenTypeKeys;
                return {
                    Sid: service === "bedrock" ? "DenyLongTermBedrockApiKeys" : "DenyLongTermMantleApiKeys",
                    Effect: "Deny" as const,
                    Action: action,
                    Resource: "*",
                    // Anything but a short-term key, including a call that names no token type.
                    Condition: { StringNotEquals: { [bearerTokenTypeKeys[service]]: shortTermBearerToken } },
                };
            }),
            ...Object.entries(dataRetentionActions).map(([key, actions]) => ({
                Sid: key.startsWith("bedrock-mantle:") ? "DenyMantleProviderDataSharing" : "DenyBedrockProviderDataSharing",
                Effect: "Deny" as const,
                Action: [...actions],
                Resource: "*",
                Condition: { StringEquals: { [key]: providerDataShareMode } },
            })),
        ],
    };
}

/**
 * The AI-services opt-out policy attached at the root: every AWS AI service, present and future (`default`), may not
 * use the organization's content to improve its models, and no OU or account may opt back in ("AI services opt-out
 * policy syntax and examples", AWS Organizations user guide).
 */
export function aiServicesOptOutPolicy(): Record<string, unknown> {
    return {
        services: {
            default: {
                opt_out_policy: {
                    "@@operators_allowed_for_child_policies": ["@@none"],
                    "@@assign": "optOut",
                },
            },
        },
    };
}

/** Audit and threat-detection services may not be switched off from inside a member account. */
export function protectSecurityServices(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyDisablingCloudTrail",
                Effect: "Deny",
                Action: ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
                Resource: "*",
            },
            {
                Sid: "DenyDisablingGuardDuty",
                Effect: "Deny",
                Action: [
                    "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromMasterAccount",
                    "guardduty:DisassociateFromAdministratorAccount", "guardduty:DeleteMembers", "guardduty:StopMonitoringMembers",
                ],
                Resource: "*",
            },
            {
                Sid: "DenyDisablingConfig",
                Effect: "Deny",
                Action: ["config:DeleteConfigurationRecorder", "config:StopConfigurationRecorder", "config:DeleteDeliveryChannel", "config:DeleteConfigRule"],
                Resource: "*",
            },
        ],
    };
}

/**
 * The Bedrock policy of one environment's OU: Bedrock applies the named guardrail version to every inference call of
 * every account below, in each region listed, on top of the IAM guardrail condition the invoke roles carry ("Amazon
 * Bedrock policy syntax and examples", AWS Organizations user guide). `input_tags: ignore` guards the whole request,
 * even content a caller wraps in guardrail input tags. `guardrails` maps each region to `<guardrail ARN>:<version>`,
 * already validated (accounts/validate.ts, enforcedGuardrailProblems).
 */
export function bedrockGuardrailPolicy(guardrails: Readonly<Record<string, string>>): Record<string, unknown> {
    return {
        bedrock: {
            guardrail_inference: Object.fromEntries(Object.keys(guardrails).sort().map((region) => [region, {
                config_1: {
                    identifier: { "@@assign": guardrails[region] },
                    input_tags: { "@@assign": "ignore" },
                },
            }])),
        },
    };
}
