/**
 * What the organization must have enabled before the organization stack runs: the policy types it attaches (enabled
 * on the root, which only the management account can do) and trusted access for the services it administers.
 */
export const requiredPolicyTypes = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY", "BEDROCK_POLICY"] as const;

/** Trusted access the organization stack enables itself, with `aws.organizations.AwsServiceAccess`. */
export const trustedAccessServicePrincipals = [
    "cloudtrail.amazonaws.com", "config.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "access-analyzer.amazonaws.com",
] as const;

/** Every service whose trusted access the landing zone relies on: GuardDuty and Security Hub get theirs when their delegated administrator is designated. */
export const requiredTrustedAccess = [...trustedAccessServicePrincipals, "guardduty.amazonaws.com", "securityhub.amazonaws.com"] as const;
