import * as pulumi from "@pulumi/pulumi";
import { AccountBudget, accountBudgetProblems } from "../observability/budget";
import { ApplicationNetwork, applicationNetworkProblems } from "./network";
import { ComputeType } from "./policyDocuments";
import { WebAcl, webAclProblems } from "./webAcl";
import { WorkloadRole, workloadRoleProblems } from "./workloadRole";

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
}

/** The arguments of each part, derived in one place so that validation and construction cannot disagree. */
function parts(args: ApplicationAccountArgs) {
    return {
        network: {
            region: args.region,
            vpcCidr: args.vpcCidr,
            availabilityZoneNames: args.availabilityZoneNames,
            egress: args.egress,
            natGatewaysPerAz: args.natGatewaysPerAz,
            organizationId: args.organizationId,
            invokeRoleArn: args.invokeRoleArn,
            genAiAccountId: args.genAiAccountId,
            approvedModelArns: args.approvedModelArns,
            guardrailIdentifier: args.guardrailIdentifier,
            accountId: args.accountId,
            flowLogGroupName: args.flowLogGroupName,
            flowLogRoleName: args.flowLogRoleName,
            flowLogKeyAlias: args.flowLogKeyAlias,
            flowLogRetentionDays: args.flowLogRetentionDays,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
        },
        workload: {
            region: args.region,
            accountId: args.accountId,
            roleName: args.workloadRoleName,
            compute: args.compute,
            invokeRoleArn: args.invokeRoleArn,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
        },
        webAcl: { region: args.region, webAclName: args.webAclName, rateLimit: args.wafRateLimit, evaluationWindowSeconds: args.wafEvaluationWindowSeconds },
        budget: { budgetName: args.budgetName, monthlyLimitUsd: args.monthlyBudgetUsd, subscriberEmails: args.budgetSubscriberEmails, accountId: args.accountId },
    };
}

/** Every problem of every part, checked before anything is created. */
export function applicationAccountProblems(args: ApplicationAccountArgs): string[] {
    const p = parts(args);
    return [
        ...applicationNetworkProblems(p.network),
        ...workloadRoleProblems(p.workload),
        ...webAclProblems(p.webAcl),
        ...accountBudgetProblems(p.budget),
    ];
}

/**
 * What every application account gets, the same for each one config lists: its network (awsx VPC, flow logs, STS,
 * Bedrock runtime and Bedrock agent runtime endpoints), the workload role that may only assume the genAI invoke role,
 * a WAF web ACL for its public entry and a monthly budget.
 */
export class ApplicationAccount extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    public readonly workloadRoleArn: pulumi.Output<string>;
    public readonly webAclArn: pulumi.Output<string>;

    constructor(name: string, args: ApplicationAccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:ApplicationAccount", name, {}, opts);
        const problems = applicationAccountProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const p = parts(args);
        const network = new ApplicationNetwork(`${name}-network`, p.network, { parent: this });
        const workload = new WorkloadRole(`${name}-workload`, p.workload, { parent: this });
        const webAcl = new WebAcl(`${name}-waf`, p.webAcl, { parent: this });
        new AccountBudget(`${name}-budget`, p.budget, { parent: this });

        this.vpcId = network.vpcId;
        this.privateSubnetIds = network.privateSubnetIds;
        this.endpointSecurityGroupId = network.endpointSecurityGroupId;
        this.workloadRoleArn = workload.roleArn;
        this.webAclArn = webAcl.webAclArn;
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            workloadRoleArn: this.workloadRoleArn,
            webAclArn: this.webAclArn,
        });
    }
}
