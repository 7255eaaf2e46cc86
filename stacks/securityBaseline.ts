import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CoreAccountRole, configBucketName, configRecorderName, logArchiveKeyAlias, organizationTrailName, trailBucketName } from "../accounts/securityNames";
import { coreAccounts } from "../accounts/model";
import { trustedAccessServicePrincipals } from "../accounts/organizationRequirements";
import { deploymentSessionName, documentsBucketName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { OrganizationConfig } from "../accounts/schema";
import { AccountBaseline } from "../components/account/baseline";
import { AccountBudget } from "../components/observability/budget";
import { MemberAccount } from "../components/organization/memberAccount";
import { ResourceControlPolicy } from "../components/organization/resourceControlPolicy";
import { dataPerimeterResourcePolicy } from "../components/organization/securityPolicies";
import { OrganizationAccessAnalyzer, OrganizationConfigAggregator } from "../components/security/configAggregator";
import { ConfigRecorder } from "../components/security/configRecorder";
import { OrganizationGuardDuty } from "../components/security/guardDuty";
import { LogArchive } from "../components/security/logArchive";
import { OrganizationTrail } from "../components/security/organizationTrail";
import { OrganizationSecurityHub } from "../components/security/securityHub";
import { landingZoneTags } from "./tags";

export interface SecurityBaselineArgs {
    readonly management: aws.Provider;
    /** The OU IDs by key (`security`, `workloads`, `workloads-prod`). */
    readonly ouIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** Member account IDs: environment → key → ID, for the documents buckets' data events. */
    readonly accounts: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
}

/**
 * The organization's security baseline, run by the organization stack: the Security OU's log-archive and
 * security-tooling accounts (each with its provider, baseline and AWS Config recorder), the log archive and the
 * organization trail, GuardDuty, Security Hub, the Config aggregator and IAM Access Analyzer administered from the
 * security account, trusted access for their services, and the data-perimeter RCP.
 */
export function securityBaseline(org: OrganizationConfig, args: SecurityBaselineArgs) {
    const { management, ouIds } = args;
    const partition = partitionOf(org.homeRegion);
    const regions = [org.homeRegion, ...org.allowedRegions.filter((region) => region !== org.homeRegion)];

    // Retained when removed from the program: disabling trusted access stops the service across the organization.
    const trustedAccess = trustedAccessServicePrincipals.map((servicePrincipal) => new aws.organizations.AwsServiceAccess(
        `trusted-access-${servicePrincipal.replace(".amazonaws.com", "")}`,
        { servicePrincipal },
        { provider: management, protect: true, retainOnDelete: true },
    ));

    const core = {} as Record<CoreAccountRole, { accountId: pulumi.Output<string>; provider: aws.Provider }>;
    for (const account of coreAccounts(org)) {
        const member = new MemberAccount(`security-${account.role}`, {
            accountName: account.name,
            email: account.email,
            parentId: ouIds.security,
            accessRoleName: org.accessRoleName,
            ...(account.adoptedId !== undefined ? { adoptedId: account.adoptedId } : {}),
        }, { provider: management });
        const provider = new aws.Provider(`security-${account.role}`, {
            region: org.homeRegion,
            allowedAccountIds: [member.accountId],
            assumeRoles: [{
                roleArn: pulumi.interpolate`arn:${partition}:iam::${member.accountId}:role/${org.accessRoleName}`,
                sessionName: deploymentSessionName("security", account.role),
            }],
            defaultTags: { tags: { ...landingZoneTags("security", account.role, org.owner, org.costCenter) } },
        });
        new AccountBaseline(`security-${account.role}-baseline`, { accountAlias: account.name, regions }, { provider });
        new AccountBudget(`security-${account.role}-budget`, {
            accountId: member.accountId,
            budgetName: `${account.name}-monthly`,
            monthlyLimitUsd: org.security.monthlyLimitUsd,
            subscriberEmails: org.budget.subscribers,
        }, { provider });
        core[account.role] = { accountId: member.accountId, provider };
    }
    const logArchiveAccount = core["log-archive"];
    const securityAccount = core.security;

    const trailName = organizationTrailName(org.namePrefix);
    const logArchive = new LogArchive("log-archive", {
        region: org.homeRegion,
        organizationId: org.organizationId,
        managementAccountId: org.managementAccountId,
        logArchiveAccountId: logArchiveAccount.accountId,
        trailArn: `arn:${partition}:cloudtrail:${org.homeRegion}:${org.managementAccountId}:trail/${trailName}`,
        trailBucketName: trailBucketName(org.namePrefix, org.organizationId),
        configBucketName: configBucketName(org.namePrefix, org.organizationId),
        keyAlias: logArchiveKeyAlias(org.namePrefix),
        platformRoleName: org.accessRoleName,
        ...org.security.logs,
    }, { provider: logArchiveAccount.provider });

    // Every region of a data account's documents bucket: `acme-ai-prod-docs-<account>-<region>`, not its access logs.
    const documentsPrefixes = Object.keys(org.environments).sort().map((environment) =>
        pulumi.interpolate`arn:${partition}:s3:::${pulumi.output(args.accounts[environment].data).apply((accountId) => documentsBucketName(org.namePrefix, environment, accountId, ""))}`);
    const trail = new OrganizationTrail("organization-trail", {
        region: org.homeRegion,
        trailName,
        bucketName: logArchive.trailBucketName,
        kmsKeyArn: logArchive.keyArn,
        dataEventObjectArnPrefixes: documentsPrefixes,
    }, { provider: management, dependsOn: [logArchive, ...trustedAccess] });

    for (const [role, account] of Object.entries(core)) {
        new ConfigRecorder(`security-${role}-config`, {
            regions,
            globalResourcesRegion: org.homeRegion,
            recorderName: configRecorderName(org.namePrefix),
            deliveryBucketName: logArchive.configBucketName,
        }, { provider: account.provider });
    }

    const delegation = { adminAccountId: securityAccount.accountId, managementProvider: management };
    const guardDuty = regions.map((region) => new OrganizationGuardDuty(`guardduty-${region}`, { region, ...delegation }, { provider: securityAccount.provider }));
    const landingZoneOus = { security: ouIds.security, workloads: ouIds.workloads };
    const securityHub = new OrganizationSecurityHub("security-hub", {
        homeRegion: org.homeRegion,
        linkedRegions: regions.slice(1),
        policyName: `${org.namePrefix}-security-baseline`,
        targets: landingZoneOus,
        ...delegation,
    }, { provider: securityAccount.provider });
    const aggregator = new OrganizationConfigAggregator("config-aggregator", {
        region: org.homeRegion,
        regions,
        aggregatorName: `${org.namePrefix}-organization`,
        roleName: `${org.namePrefix}-config-aggregator`,
        ...delegation,
    }, { provider: securityAccount.provider, dependsOn: trustedAccess });
    const accessAnalyzer = new OrganizationAccessAnalyzer("access-analyzer", {
        homeRegion: org.homeRegion,
        regions,
        analyzerNamePrefix: `${org.namePrefix}-organization`,
        ...delegation,
    }, { provider: securityAccount.provider, dependsOn: trustedAccess });

    // Every landing-zone OU: the Security OU holds the logs, the environment OUs the documents, keys and roles.
    const dataPerimeter = new ResourceControlPolicy("rcp-data-perimeter", {
        policyName: `${org.namePrefix}-data-perimeter`,
        description: "Only principals of the organization, and AWS services acting for it, reach its S3, KMS, STS, SQS and Secrets Manager resources, over TLS.",
        document: dataPerimeterResourcePolicy(org.organizationId),
        targets: landingZoneOus,
    }, { provider: management });

    return {
        coreAccounts: { logArchive: logArchiveAccount.accountId, security: securityAccount.accountId },
        logArchive: { trailBucketName: logArchive.trailBucketName, configBucketName: logArchive.configBucketName, keyArn: logArchive.keyArn },
        organizationTrailArn: trail.trailArn,
        guardDutyDetectors: Object.fromEntries(regions.map((region, index) => [region, guardDuty[index].detectorId])),
        securityHubConfigurationPolicyId: securityHub.configurationPolicyId,
        configAggregatorArn: aggregator.aggregatorArn,
        accessAnalyzerArns: accessAnalyzer.analyzerArns,
        resourceControlPolicies: { "data-perimeter": dataPerimeter.policyId },
    };
}
