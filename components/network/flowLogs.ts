import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { cloudWatchRetentionDays } from "../../accounts/schema";
import { policyDocument, serviceTrustPolicy } from "../identity/policies";
import { EncryptionKey } from "../security/encryptionKey";
import { cloudWatchLogsKeyStatement, logGroupArn } from "../security/keyPolicies";

export interface FlowLogsArgs {
    /** Region of the VPC; passed to every regional child. */
    readonly region: string;
    /** The account the VPC is in (for ARNs in key and trust policies). */
    readonly accountId: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    /** CloudWatch log group of the flow logs. */
    readonly logGroupName: string;
    /** IAM role VPC flow logs write with (IAM names are per account, so every account may use the same one). */
    readonly roleName: string;
    /** Days flow logs are kept. @default 90 */
    readonly retentionDays?: number;
    /** Alias of the key that encrypts the flow logs. */
    readonly keyAlias: string;
    /** Permissions boundary of the flow-log role. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /** Protect the key and log group from deletion and retain them when removed. @default true */
    readonly protect?: boolean;
}

export function flowLogsProblems(args: Pick<FlowLogsArgs, "retentionDays">): string[] {
    const retention = args.retentionDays ?? 90;
    return (cloudWatchRetentionDays as readonly number[]).includes(retention)
        ? []
        : [`flowLogRetentionDays must be a retention CloudWatch Logs accepts (got ${retention}).`];
}

/**
 * Flow logs of one VPC, all traffic, to a CloudWatch log group encrypted with its own customer-managed key and kept
 * for a bounded time, written by a role that only Amazon VPC flow logs of this account may assume.
 *
 * Name it after its VPC's network component: its children are named as they were when PrivateNetwork built its flow
 * logs itself (`<network>-flow-logs`, `<network>-flow-log`, …), and each carries an alias to its old place directly
 * under that parent, so moving them into this component replaces nothing (a second flow log with the same settings is
 * refused by EC2).
 */
export class FlowLogs extends pulumi.ComponentResource {
    public readonly logGroupArn: pulumi.Output<string>;
    public readonly flowLogId: pulumi.Output<string>;

    constructor(name: string, args: FlowLogsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:network:FlowLogs", name, {}, opts);
        const problems = flowLogsProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const protect = args.protect ?? true;
        const child = { parent: this, aliases: opts.parent ? [{ parent: opts.parent }] : [] };

        const key = new EncryptionKey(`${name}-flow-logs-key`, {
            region,
            accountId: args.accountId,
            description: `VPC flow logs of ${name}`,
            aliasName: args.keyAlias,
            serviceStatements: pulumi.output(args.accountId).apply((accountId) => [
                cloudWatchLogsKeyStatement(partition, region, accountId, [args.logGroupName]),
            ]),
            protect,
        }, child);

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            region,
            name: args.logGroupName,
            retentionInDays: args.retentionDays ?? 90,
            kmsKeyId: key.keyArn,
        }, { ...child, protect, retainOnDelete: protect });

        const role = new aws.iam.Role(`${name}-flow-logs-role`, {
            name: args.roleName,
            description: `VPC flow logs of ${name} write to CloudWatch Logs`,
            assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(serviceTrustPolicy(
                "vpc-flow-logs.amazonaws.com", accountId, `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*`))),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, child);
        new aws.iam.RolePolicy(`${name}-flow-logs-policy`, {
            role: role.name,
            policy: pulumi.output(args.accountId).apply((accountId) => {
                const group = logGroupArn(partition, region, accountId, args.logGroupName);
                return JSON.stringify(policyDocument(
                    {
                        Sid: "WriteFlowLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [group, `${group}:log-stream:*`],
                    },
                    {
                        // Flow logs check that the destination exists before delivering.
                        Sid: "FindTheLogGroup",
                        Effect: "Allow",
                        Action: "logs:DescribeLogGroups",
                        Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:*`,
                    },
                ));
            }),
        }, child);

        const flowLog = new aws.ec2.FlowLog(`${name}-flow-log`, {
            region,
            vpcId: args.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60,
        }, child);

        this.logGroupArn = logGroup.arn;
        this.flowLogId = flowLog.id;
        this.registerOutputs({ logGroupArn: this.logGroupArn, flowLogId: this.flowLogId });
    }
}
