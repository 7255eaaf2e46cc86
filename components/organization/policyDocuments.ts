/**
 * Service control policy documents, as plain data: they are built, measured against AWS's size limit and
 * tested before any resource exists.
 */
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

/** AWS Organizations' documented maximum size of one SCP document, in characters. */
export const SCP_MAX_CHARACTERS = 5120;

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
        ],
    };
}
