import * as pulumi from "@pulumi/pulumi";
import { AccountBudget, accountBudgetProblems } from "../observability/budget";
import { ComputeType } from "./policyDocuments";
import { ApplicationRegion, applicationRegionProblems } from "./region";
import { WorkloadRole, workloadRoleProblems } from "./workloadRole";

/** What differs between the regions an application account is deployed in. */
export interface ApplicationRegionArgs {
    readonly region: string;
    /** Zones of `region` for the subnets. */
    readonly availabilityZoneNames: readonly string[];
    /** `<guardrail ARN>:<version>` of this region's guardrail: calls made in a region name that region's guardrail. */
    readonly guardrailIdentifier: pulumi.Input<string>;
    /** IAM role VPC flow logs write with in this region (IAM names are global: one per region). */
    readonly flowLogRoleName: string;
}

export interface ApplicationAccountArgs {
    /** Region of the VPC, the endpoints and the web ACL. */
    readonly region: string;
    /** The application account. */
    readonly accountId: pulumi.Input<string>;
    readonly organizationId: pulumi.Input<string>;
    /** The account's VPC range. */
    readonly vpcCidr: string;
    /** Zones of `region` for the subnets. */
    readonly availabilityZoneNames: readonly string[];
    /** Public subnets and NAT gateways for outbound internet access. @default false */
    readonly egress?: boolean;
    /** With egress, a NAT gateway per zone (pass true in prod). @default false */
    readonly natGatewaysPerAz?: boolean;
    /** The compute service whose role calls the genAI account. */
    readonly compute: ComputeType;
    /** `workloadRoleName(prefix, environment, application)`: the name the invoke role's trust expects. */
    readonly workloadRoleName: string;
    /** The application account's permissions boundary, carried by the workload role and the flow-log role. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /** The genAI invoke role (`invokeRoleName`), derived: this account needs its ARN, not the role, to exist. */
    readonly invokeRoleArn: pulumi.Input<string>;
    readonly genAiAccountId: pulumi.Input<string>;
    /** The environment's catalogue model and inference-profile ARNs (the Bedrock runtime endpoint admits these only). */
    readonly approvedModelArns: pulumi.Input<string[]>;
    /** `<guardrail ARN>:<version>` every call through the Bedrock runtime endpoint must name. */
    readonly guardrailIdentifier: pulumi.Input<string>;
    readonly webAclName: string;
    /** Requests per client IP and evaluation window before WAF blocks. */
    readonly wafRateLimit: number;
    /** @default 300 */
    readonly wafEvaluationWindowSeconds?: number;
    /** CloudWatch log group of the VPC's flow logs. */
    readonly flowLogGroupName: string;
    /** IAM role VPC flow logs write with. */
    readonly flowLogRoleName: string;
    /** Alias of the flow logs' key. */
    readonly flowLogKeyAlias: string;
    /** Days flow logs are kept. @default 90 */
    readonly flowLogRetentionDays?: number;
    /** `accountBudgetName(prefix, environment, "app-<application>")`. */
    readonly budgetName: string;
    readonly monthlyBudgetUsd: number;
    /** Who is e-mailed when the account's spend crosses 80 % or 100 % of the limit, or is forecast to exceed it. */
    readonly budgetSubscriberEmails: readonly string[];
    /**
     * The DR region: the same network, endpoints and web ACL there, so the application can fail over. @default none
     */
    readonly drRegion?: ApplicationRegionArgs;
    /** Protect and retain the flow logs' key and log group. @default true */
    readonly protect?: boolean;
}

/** The primary region's settings, in the shape of every region's. */
function primaryRegion(args: ApplicationAccountArgs): ApplicationRegionArgs {
    return { region: args.region, availabilityZoneNames: args.availabilityZoneNames, guardrailIdentifier: args.guardrailIdentifier, flowLogRoleName: args.flowLogRoleName };
}

/**
 * The network and web ACL of one region: the primary's and the DR region's differ in these inputs only. The primary
 * region's children keep the names they had before the DR region was added.
 */
function regionalParts(name: string, args: ApplicationAccountArgs, region: ApplicationRegionArgs, primary: boolean) {
    const suffix = primary ? "" : `-${region.region}`;
    return {
        networkName: `${name}-network${suffix}`,
        webAclName: `${name}-waf${suffix}`,
        network: {
            region: region.region,
            vpcCidr: args.vpcCidr,
            availabilityZoneNames: region.availabilityZoneNames,
            egress: args.egress,
            natGatewaysPerAz: args.natGatewaysPerAz,
            organizationId: args.organizationId,
            invokeRoleArn: args.invokeRoleArn,
            genAiAccountId: args.genAiAccountId,
            approvedModelArns: args.approvedModelArns,
            guardrailIdentifier: region.guardrailIdentifier,
            accountId: args.accountId,
            flowLogGroupName: args.flowLogGroupName,
            flowLogRoleName: region.flowLogRoleName,
            flowLogKeyAlias: args.flowLogKeyAlias,
            flowLogRetentionDays: args.flowLogRetentionDays,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            compute: args.compute,
            protect: args.protect,
        },
        webAcl: { region: region.region, webAclName: args.webAclName, rateLimit: args.wafRateLimit, evaluationWindowSeconds: args.wafEvaluationWindowSeconds },
    };
}

/** The arguments of each part, derived in one place so that validation and construction cannot disagree. */
function parts(name: string, args: ApplicationAccountArgs) {
    return {
        regions: [primaryRegion(args), ...(args.drRegion ? [args.drRegion] : [])].map((region, index) => regionalParts(name, args, region, index === 0)),
        workload: {
            region: args.region,
            accountId: args.accountId,
            roleName: args.workloadRoleName,
            compute: args.compute,
            invokeRoleArn: args.invokeRoleArn,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
        },
        budget: { budgetName: args.budgetName, monthlyLimitUsd: args.monthlyBudgetUsd, subscriberEmails: args.budgetSubscriberEmails, accountId: args.accountId },
    };
}

/** Every problem of every part, checked before anything is created. */
export function applicationAccountProblems(args: ApplicationAccountArgs): string[] {
    const p = parts("application", args);
    return [
        ...p.regions.flatMap(applicationRegionProblems),
        ...workloadRoleProblems(p.workload),
        ...accountBudgetProblems(p.budget),
    ];
}

/**
 * What every application account gets, the same for each one config lists: its network (awsx VPC, flow logs, STS,
 * Bedrock runtime and Bedrock agent runtime endpoints, and what its compute needs without egress) and a WAF web ACL
 * for its public entry in every region the environment deploys, the workload role that may only assume the genAI
 * invoke role, and a monthly budget. The DR region's network and web ACL are built by the same code as the primary's.
 */
export class ApplicationAccount extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    public readonly workloadRoleArn: pulumi.Output<string>;
    public readonly workloadRoleName: pulumi.Output<string>;
    public readonly webAclArn: pulumi.Output<string>;
    /** The DR region's VPC and web ACL, with a DR region. */
    public readonly drVpcId?: pulumi.Output<string>;
    public readonly drWebAclArn?: pulumi.Output<string>;

    constructor(name: string, args: ApplicationAccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:ApplicationAccount", name, {}, opts);
        const problems = applicationAccountProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const p = parts(name, args);
        const [primary, dr] = p.regions.map((region) => new ApplicationRegion(`${name}-${region.network.region}`, region, { parent: this }));
        const workload = new WorkloadRole(`${name}-workload`, p.workload, { parent: this });
        new AccountBudget(`${name}-budget`, p.budget, { parent: this });

        this.vpcId = primary.vpcId;
        this.privateSubnetIds = primary.privateSubnetIds;
        this.endpointSecurityGroupId = primary.endpointSecurityGroupId;
        this.workloadRoleArn = workload.roleArn;
        this.workloadRoleName = workload.roleName;
        this.webAclArn = primary.webAclArn;
        this.drVpcId = dr?.vpcId;
        this.drWebAclArn = dr?.webAclArn;
        this.registerOutputs({
            drVpcId: this.drVpcId,
            drWebAclArn: this.drWebAclArn,
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            workloadRoleArn: this.workloadRoleArn,
            workloadRoleName: this.workloadRoleName,
            webAclArn: this.webAclArn,
        });
    }
}
