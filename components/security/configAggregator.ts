import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { serviceTrustPolicy } from "../identity/policies";

export interface OrganizationConfigAggregatorArgs {
    readonly region: string;
    /** Regions aggregated: every region the organization uses. */
    readonly regions: readonly string[];
    readonly adminAccountId: pulumi.Input<string>;
    readonly managementProvider: aws.Provider;
    readonly aggregatorName: string;
    readonly roleName: string;
}

/**
 * An AWS Config aggregator of the whole organization in the security account: the security account is registered as
 * Config's delegated administrator, and its aggregator role reads the organization's account list.
 */
export class OrganizationConfigAggregator extends pulumi.ComponentResource {
    public readonly aggregatorArn: pulumi.Output<string>;

    constructor(name: string, args: OrganizationConfigAggregatorArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:OrganizationConfigAggregator", name, {}, opts);
        const partition = partitionOf(args.region);
        const delegation = new aws.organizations.DelegatedAdministrator(`${name}-delegated-admin`, {
            accountId: args.adminAccountId,
            servicePrincipal: "config.amazonaws.com",
        }, { parent: this, provider: args.managementProvider });
        // No permissions boundary: the landing zone's boundary denies organizations:*, and this role exists to list
        // the organization's accounts. Its only policy is AWS's managed read-only one.
        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            assumeRolePolicy: pulumi.output(args.adminAccountId).apply((accountId) =>
                JSON.stringify(serviceTrustPolicy("config.amazonaws.com", accountId, `arn:${partition}:config:*:${accountId}:*`))),
            managedPolicyArns: [`arn:${partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`],
        }, { parent: this });
        const aggregator = new aws.cfg.ConfigurationAggregator(`${name}-aggregator`, {
            region: args.region,
            name: args.aggregatorName,
            organizationAggregationSource: { roleArn: role.arn, regions: [...args.regions] },
        }, { parent: this, dependsOn: [delegation] });
        this.aggregatorArn = aggregator.arn;
        this.registerOutputs({ aggregatorArn: this.aggregatorArn });
    }
}

export interface OrganizationAccessAnalyzerArgs {
    readonly homeRegion: string;
    /** Regions with an external-access analyzer (IAM Access Analyzer is regional). */
    readonly regions: readonly string[];
    readonly adminAccountId: pulumi.Input<string>;
    readonly managementProvider: aws.Provider;
    readonly analyzerNamePrefix: string;
    /** Days without use after which a role, key or permission is reported unused. @default 90 */
    readonly unusedAccessAgeDays?: number;
}

/**
 * IAM Access Analyzer for the organization, administered from the security account: external access in every region,
 * and unused access (roles, keys and permissions nobody uses) once, from the home region.
 */
export class OrganizationAccessAnalyzer extends pulumi.ComponentResource {
    public readonly analyzerArns: pulumi.Output<string[]>;

    constructor(name: string, args: OrganizationAccessAnalyzerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:OrganizationAccessAnalyzer", name, {}, opts);
        const delegation = new aws.organizations.DelegatedAdministrator(`${name}-delegated-admin`, {
            accountId: args.adminAccountId,
            servicePrincipal: "access-analyzer.amazonaws.com",
        }, { parent: this, provider: args.managementProvider });
        const external = args.regions.map((region) => new aws.accessanalyzer.Analyzer(`${name}-external-${region}`, {
            region,
            analyzerName: `${args.analyzerNamePrefix}-external-${region}`,
            type: "ORGANIZATION",
        }, { parent: this, dependsOn: [delegation] }));
        const unused = new aws.accessanalyzer.Analyzer(`${name}-unused`, {
            region: args.homeRegion,
            analyzerName: `${args.analyzerNamePrefix}-unused`,
            type: "ORGANIZATION_UNUSED_ACCESS",
            configuration: { unusedAccess: { unusedAccessAge: args.unusedAccessAgeDays ?? 90 } },
        }, { parent: this, dependsOn: [delegation] });
        this.analyzerArns = pulumi.all([...external, unused].map((analyzer) => analyzer.arn));
        this.registerOutputs({ analyzerArns: this.analyzerArns });
    }
}
