import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { cloudWatchRetentionDays } from "../../accounts/schema";
import { serviceTrustPolicy } from "../identity/policies";
import { EncryptionKey } from "../security/encryptionKey";
import { cloudWatchLogsKeyStatement } from "../security/keyPolicies";

/**
 * AWS FIS experiment templates for the failover drills that matter, in one account and region: pause S3 replication
 * of the replicated buckets, pause DynamoDB global-table replication, and cut the network of the subnets that hold the
 * bedrock-runtime endpoint. Every template stops when the environment's alarms fire and logs each experiment to a
 * KMS-encrypted log group. `lz drill --inject` runs them by name.
 *
 * There is no template that denies Bedrock to the invoke roles: FIS's API fault actions (`aws:fis:inject-api-*`, on
 * `aws:iam:role` targets) accept only the `ec2` service namespace, so no FIS action can throttle or refuse a role's
 * Bedrock calls. Cutting the bedrock-runtime endpoint's subnets is the nearest fault FIS can really inject.
 */
export interface FaultInjectionArgs {
    /** The region the experiments run in (the buckets' and tables' source region, the endpoint's region). */
    readonly region: string;
    /** The account the experiments run in: FIS's trust and the log group's key name it. */
    readonly accountId: pulumi.Input<string>;
    /** Name of the role FIS assumes to inject the faults. */
    readonly roleName: string;
    /** The account's permissions boundary, carried by the FIS role. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /**
     * CloudWatch alarms that stop every experiment when any of them fires. At least one. They are joined into one
     * composite alarm, so that a template has one stop condition however many models the environment watches.
     */
    readonly stopAlarmArns: pulumi.Input<string>[];
    /** Name of that composite alarm. */
    readonly stopAlarmName: string;
    /** Log group every experiment's log goes to (CloudWatch Logs, schema version 2). */
    readonly logGroupName: string;
    /** Alias of the key that encrypts the experiment logs. */
    readonly logKeyAlias: string;
    /** Days experiment logs are kept. @default 90 */
    readonly logRetentionDays?: number;
    /** Replicated source buckets, by ARN, and the region they replicate to. @default none: no S3 experiment */
    readonly replicatedBucketArns?: pulumi.Input<string>[];
    readonly replicationDestinationRegion?: string;
    /** DynamoDB global tables, by ARN. @default none: no DynamoDB experiment */
    readonly globalTableArns?: pulumi.Input<string>[];
    /** Subnets of the bedrock-runtime interface endpoint, by ARN. @default none: no network experiment */
    readonly endpointSubnetArns?: pulumi.Input<string>[];
    /** How long each fault lasts. @default 10 */
    readonly durationMinutes?: number;
    /** Protect and retain the log key and log group. @default true */
    readonly protect?: boolean;
    readonly tags?: Record<string, string>;
}

/** The experiment names `lz drill --inject` accepts, and the template each one is. */
export const faultInjectionExperiments = ["pause-s3-replication", "pause-dynamodb-replication", "disrupt-bedrock-runtime-subnets"] as const;
export type FaultInjectionExperiment = (typeof faultInjectionExperiments)[number];

export function faultInjectionProblems(args: FaultInjectionArgs): string[] {
    const problems: string[] = [];
    if (args.stopAlarmArns.length === 0) {
        problems.push("stopAlarmArns is empty: an experiment without a stop condition cannot be halted when the drill hurts more than planned; pass the environment's alarms");
    }
    if ((args.replicatedBucketArns?.length ?? 0) > 0 && !args.replicationDestinationRegion) {
        problems.push("replicationDestinationRegion is not set: the S3 experiment pauses replication to one region; set it to the DR region");
    }
    const duration = args.durationMinutes ?? 10;
    if (!Number.isInteger(duration) || duration < 1 || duration > 720) {
        problems.push(`durationMinutes must be a whole number of minutes from 1 to 720 (got ${duration})`);
    }
    const retention = args.logRetentionDays ?? 90;
    if (!(cloudWatchRetentionDays as readonly number[]).includes(retention)) {
        problems.push(`logRetentionDays must be a retention CloudWatch Logs accepts, such as 90 (got ${retention})`);
    }
    return problems;
}

export class FaultInjection extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    /** The composite alarm every template stops on. */
    public readonly stopAlarmArn: pulumi.Output<string>;
    public readonly logGroupArn: pulumi.Output<string>;
    public readonly logKeyArn: pulumi.Output<string>;
    /** Template IDs by experiment name, for `lz drill --inject`. */
    public readonly templateIds: Partial<Record<FaultInjectionExperiment, pulumi.Output<string>>>;

    constructor(name: string, args: FaultInjectionArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:resilience:FaultInjection", name, {}, opts);
        const problems = faultInjectionProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(`FaultInjection ${name}: ${problems.join("; ")}`, this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const protect = args.protect ?? true;
        const duration = `PT${args.durationMinutes ?? 10}M`;
        const tags = args.tags ?? {};
        const buckets = args.replicatedBucketArns ?? [];
        const tables = args.globalTableArns ?? [];
        const subnets = args.endpointSubnetArns ?? [];
        const accountId = pulumi.output(args.accountId);

        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: "Assumed by AWS FIS to inject the failover drills' faults",
            // Only experiments of this account and region: FIS cannot be made to act here for another account.
            assumeRolePolicy: accountId.apply((id) => JSON.stringify(serviceTrustPolicy("fis.amazonaws.com", id, `arn:${partition}:fis:${region}:${id}:experiment/*`))),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags,
        }, { parent: this });
        this.roleArn = role.arn;

        // Experiment logs are kept like the other operational logs: bounded, under a key of their own.
        const key = new EncryptionKey(`${name}-logs-key`, {
            region,
            accountId,
            description: `AWS FIS experiment logs of ${name}`,
            aliasName: args.logKeyAlias,
            serviceStatements: accountId.apply((id) => [cloudWatchLogsKeyStatement(partition, region, id, [args.logGroupName])]),
            protect,
        }, { parent: this });
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            region,
            name: args.logGroupName,
            retentionInDays: args.logRetentionDays ?? 90,
            kmsKeyId: key.keyArn,
            tags,
        }, { parent: this, protect, retainOnDelete: protect });
        this.logGroupArn = logGroup.arn;
        this.logKeyArn = key.keyArn;

        const stopAlarm = new aws.cloudwatch.CompositeAlarm(`${name}-stop`, {
            region,
            alarmName: args.stopAlarmName,
            alarmDescription: "Stops every AWS FIS drill experiment when any of the environment's alarms fires",
            alarmRule: pulumi.all(args.stopAlarmArns).apply((arns) => arns.map((arn) => `ALARM("${arn}")`).join(" OR ")),
            tags,
        }, { parent: this });
        this.stopAlarmArn = stopAlarm.arn;

        // Least privilege: each experiment's actions on exactly the resources it targets.
        const statements: pulumi.Input<Record<string, unknown>>[] = [
            // FIS sets up the vended-log delivery to the group as the experiment role; these actions take no group ARN.
            { Sid: "DeliverExperimentLogs", Effect: "Allow", Action: ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"], Resource: "*" },
        ];
        if (buckets.length > 0) {
            statements.push(pulumi.all(buckets).apply((arns) => ({
                Sid: "PauseS3Replication",
                Effect: "Allow",
                Action: ["s3:GetReplicationConfiguration", "s3:PutReplicationConfiguration"],
                Resource: arns,
            })));
            statements.push({ Sid: "FindBuckets", Effect: "Allow", Action: ["s3:ListAllMyBuckets", "tag:GetResources"], Resource: "*" });
        }
        if (tables.length > 0) {
            statements.push(pulumi.all(tables).apply((arns) => ({
                Sid: "PauseDynamoDbReplication",
                Effect: "Allow",
                Action: ["dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"],
                Resource: arns,
            })));
        }
        if (subnets.length > 0) {
            statements.push({
                Sid: "DisruptSubnets",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkAcl", "ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets",
                    "ec2:DescribeVpcs", "ec2:ReplaceNetworkAclAssociation", "ec2:CreateTags"],
                Resource: "*",
            });
        }
        new aws.iam.RolePolicy(`${name}-role-policy`, {
            role: role.name,
            policy: pulumi.all(statements).apply((resolved) => JSON.stringify({ Version: "2012-10-17", Statement: resolved })),
        }, { parent: this });

        const template = (experiment: FaultInjectionExperiment, description: string, action: aws.types.input.fis.ExperimentTemplateAction, target: aws.types.input.fis.ExperimentTemplateTarget) =>
            new aws.fis.ExperimentTemplate(`${name}-${experiment}`, {
                region,
                description,
                roleArn: role.arn,
                stopConditions: [{ source: "aws:cloudwatch:alarm", value: stopAlarm.arn }],
                actions: [action],
                targets: [target],
                logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: logGroup.arn.apply((arn) => `${arn}:*`) } },
                tags: { ...tags, Name: `${name}-${experiment}`, "lz-drill-experiment": experiment },
            }, { parent: this });

        const templateIds: Partial<Record<FaultInjectionExperiment, pulumi.Output<string>>> = {};
        if (buckets.length > 0) {
            templateIds["pause-s3-replication"] = template("pause-s3-replication", `Pause S3 replication to ${args.replicationDestinationRegion} for ${duration}`, {
                name: "pause-replication",
                actionId: "aws:s3:bucket-pause-replication",
                parameters: [{ key: "duration", value: duration }, { key: "region", value: args.replicationDestinationRegion! }],
                target: { key: "Buckets", value: "replicated-buckets" },
            }, { name: "replicated-buckets", resourceType: "aws:s3:bucket", selectionMode: "ALL", resourceArns: buckets }).id;
        }
        if (tables.length > 0) {
            templateIds["pause-dynamodb-replication"] = template("pause-dynamodb-replication", `Pause DynamoDB global-table replication for ${duration}`, {
                name: "pause-replication",
                actionId: "aws:dynamodb:global-table-pause-replication",
                parameters: [{ key: "duration", value: duration }],
                target: { key: "Tables", value: "global-tables" },
            }, { name: "global-tables", resourceType: "aws:dynamodb:global-table", selectionMode: "ALL", resourceArns: tables }).id;
        }
        if (subnets.length > 0) {
            templateIds["disrupt-bedrock-runtime-subnets"] = template("disrupt-bedrock-runtime-subnets", `Cut all traffic of the bedrock-runtime endpoint subnets for ${duration}`, {
                name: "disrupt-connectivity",
                actionId: "aws:network:disrupt-connectivity",
                parameters: [{ key: "duration", value: duration }, { key: "scope", value: "all" }],
                target: { key: "Subnets", value: "endpoint-subnets" },
            }, { name: "endpoint-subnets", resourceType: "aws:ec2:subnet", selectionMode: "ALL", resourceArns: subnets }).id;
        }
        this.templateIds = templateIds;
        this.registerOutputs({ roleArn: this.roleArn, stopAlarmArn: this.stopAlarmArn, logGroupArn: this.logGroupArn, logKeyArn: this.logKeyArn, templateIds });
    }
}
