import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";

/** AWS Foundational Security Best Practices: the standard that carries the Bedrock, S3, KMS and GuardDuty controls. */
export function foundationalStandardArn(region: string): string {
    return `arn:${partitionOf(region)}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

export interface OrganizationSecurityHubArgs {
    /** The home region, which aggregates the findings of the others and holds the central configuration. */
    readonly homeRegion: string;
    /** The other regions whose findings are aggregated. @default none */
    readonly linkedRegions: readonly string[];
    readonly adminAccountId: pulumi.Input<string>;
    readonly managementProvider: aws.Provider;
    readonly policyName: string;
    /** Where the configuration policy applies, keyed by OU key: the landing zone's OUs, not accounts outside them. */
    readonly targets: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * Security Hub with central configuration from the security account: enabled there, designated delegated
 * administrator, finding aggregation into the home region, and one configuration policy enabling the service and
 * the Foundational Security Best Practices standard in every account of the targeted OUs, in every linked region.
 */
export class OrganizationSecurityHub extends pulumi.ComponentResource {
    public readonly configurationPolicyId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationSecurityHubArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:OrganizationSecurityHub", name, {}, opts);
        const region = args.homeRegion;
        const account = new aws.securityhub.Account(`${name}-account`, {
            region,
            // Central configuration decides standards and controls; local defaults would fight it.
            enableDefaultStandards: false,
            autoEnableControls: true,
            controlFindingGenerator: "SECURITY_CONTROL",
        }, { parent: this });
        const admin = new aws.securityhub.OrganizationAdminAccount(`${name}-admin`, {
            region,
            adminAccountId: args.adminAccountId,
        }, { parent: this, provider: args.managementProvider, dependsOn: [account] });
        const aggregator = new aws.securityhub.FindingAggregator(`${name}-aggregator`, {
            region,
            linkingMode: args.linkedRegions.length > 0 ? "SPECIFIED_REGIONS" : "NO_REGIONS",
            ...(args.linkedRegions.length > 0 ? { specifiedRegions: [...args.linkedRegions] } : {}),
        }, { parent: this, dependsOn: [admin] });
        const organization = new aws.securityhub.OrganizationConfiguration(`${name}-organization`, {
            region,
            autoEnable: false,
            autoEnableStandards: "NONE",
            organizationConfiguration: { configurationType: "CENTRAL" },
        }, { parent: this, dependsOn: [aggregator] });
        const policy = new aws.securityhub.ConfigurationPolicy(`${name}-policy`, {
            region,
            name: args.policyName,
            description: "Security Hub on, with AWS Foundational Security Best Practices and every control it carries",
            configurationPolicy: {
                serviceEnabled: true,
                enabledStandardArns: [foundationalStandardArn(region)],
                securityControlsConfiguration: { disabledControlIdentifiers: [] },
            },
        }, { parent: this, dependsOn: [organization] });
        for (const [targetKey, targetId] of Object.entries(args.targets)) {
            new aws.securityhub.ConfigurationPolicyAssociation(`${name}-policy-${targetKey}`, {
                region,
                policyId: policy.id,
                targetId,
            }, { parent: this });
        }
        this.configurationPolicyId = policy.id;
        this.registerOutputs({ configurationPolicyId: this.configurationPolicyId });
    }
}
