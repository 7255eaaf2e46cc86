import * as pulumi from "@pulumi/pulumi";
import { bedrockRuntimeEndpointPolicy } from "../bedrock/catalogue";
import { BedrockGuardrail, BedrockGuardrailArgs } from "../bedrock/guardrail";
import { ModelInvocationLogging, ModelInvocationLoggingArgs } from "../bedrock/invocationLogging";
import { AcceleratorCapacity, CapacityBlockSpec, CapacityReservationSpec } from "../capacity/acceleratorCapacity";
import { PrivateNetwork, PrivateNetworkArgs } from "../network/privateNetwork";
import { AlarmTopic, AlarmTopicArgs } from "../observability/alarmTopic";
import { GenaiMonitoring, GenaiMonitoringArgs } from "../observability/genaiMonitoring";

/** Settings shared by every region; what differs between regions is a top-level arg. */
type Shared<T, Regional extends keyof T> = Omit<T, Regional | "protect">;

export interface GenaiRegionArgs {
    /** The region this slice lands in: the primary region or the DR region. */
    readonly region: string;
    /**
     * Prefix of the children's names, which end in the region (`<prefix>-guardrail-<region>`). The names predate this
     * component: a child's URN only gained this component as its parent, which the children's aliases cover.
     */
    readonly childNamePrefix: string;
    readonly accountId: pulumi.Input<string>;
    /** Endpoint policies admit principals of this organization only. */
    readonly organizationId: pulumi.Input<string>;
    /** The account's permissions boundary, carried by every role created here. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    readonly guardrail: Shared<BedrockGuardrailArgs, "region" | "accountId">;
    /** The network; the bedrock-runtime endpoint's policy is built here, pinning this region's guardrail. */
    readonly network: Shared<PrivateNetworkArgs, "region" | "accountId" | "organizationId" | "permissionsBoundaryArn" | "endpointPolicies">;
    /** The only models the bedrock-runtime endpoint lets through (ARNs in every region the environment uses). */
    readonly invocableModelArns: pulumi.Input<string[]>;
    readonly logging: Shared<ModelInvocationLoggingArgs, "region" | "accountId" | "permissionsBoundaryArn">;
    readonly alarmTopic: Shared<AlarmTopicArgs, "region" | "accountId">;
    /** Capacity reservations in this region (zones of this region). @default none */
    readonly capacityReservations?: readonly CapacityReservationSpec[];
    /** Capacity Blocks in this region. @default none */
    readonly capacityBlocks?: readonly CapacityBlockSpec[];
    /** Instance profile of the accelerator workloads the capacity is launched with; required with capacity. */
    readonly acceleratorInstanceProfileArn?: pulumi.Input<string>;
    /** Prefix of launch-template names. */
    readonly launchTemplateNamePrefix: string;
    /** Hours reserved capacity may sit unused before its alarm fires. @default 4 */
    readonly idleAlarmHours?: number;
    readonly monitoring: Shared<GenaiMonitoringArgs, "region" | "capacityReservationIds" | "alarmTopicArn">;
    /**
     * Protect and retain the stateful children (keys, log group and bucket, guardrail, flow logs, alarm topic).
     * Capacity Blocks are protected whatever this says. @default true
     */
    readonly protect?: boolean;
}

/** Every problem with the args, as messages naming the field and the fix. */
export function validateGenaiRegionArgs(args: GenaiRegionArgs): string[] {
    const problems: string[] = [];
    const zones = new Set(args.network.availabilityZones);
    for (const spec of [...(args.capacityReservations ?? []), ...(args.capacityBlocks ?? [])]) {
        if (!zones.has(spec.availabilityZone)) {
            problems.push(`capacity ${spec.key}: availability zone "${spec.availabilityZone}" is not one of the network's zones in ${args.region} (${[...zones].join(", ")}); pick one of them`);
        }
    }
    if ((args.capacityReservations?.length ?? 0) + (args.capacityBlocks?.length ?? 0) > 0 && args.acceleratorInstanceProfileArn === undefined) {
        problems.push(`acceleratorInstanceProfileArn: required when ${args.region} has capacity; pass the accelerator workload role's instance profile`);
    }
    return problems;
}

/**
 * The generative-AI account's slice of one region: guardrail (and its key), private network with the endpoints and
 * their policies, model-invocation logging, the alarm topic, the capacity reserved there, and the dashboard and
 * throttle/error alarms. The primary and the DR region are two instances of this component; a difference between
 * them is an argument, so a feature added here reaches both.
 */
export class GenaiRegion extends pulumi.ComponentResource {
    public readonly region: string;
    public readonly guardrail: BedrockGuardrail;
    public readonly network: PrivateNetwork;
    public readonly logging: ModelInvocationLogging;
    public readonly alarmTopic: AlarmTopic;
    public readonly capacity?: AcceleratorCapacity;
    public readonly monitoring: GenaiMonitoring;
    public readonly guardrailArn: pulumi.Output<string>;
    public readonly guardrailId: pulumi.Output<string>;
    public readonly guardrailVersion: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;
    public readonly subnetIds: pulumi.Output<string>[];
    public readonly endpointIds: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly invocationLogGroupArn: pulumi.Output<string>;
    public readonly alarmTopicArn: pulumi.Output<string>;
    public readonly dashboardName: pulumi.Output<string>;
    /** Capacity reservation IDs and launch-template IDs by key; empty without capacity. */
    public readonly capacityReservationIds: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly launchTemplateIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: GenaiRegionArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:genai:Region", name, {}, opts);
        const problems = validateGenaiRegionArgs(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(`genAI region ${args.region} has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`, this);
        }
        const { region, accountId, childNamePrefix: prefix } = args;
        const protect = args.protect ?? true;
        // These children were created at the stack's root before this component existed.
        const child = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };

        const guardrail = new BedrockGuardrail(`${prefix}-guardrail-${region}`, { ...args.guardrail, region, accountId, protect }, child);

        // A call through this region's bedrock-runtime endpoint is made in this region, so it names this region's guardrail.
        const network = new PrivateNetwork(`${prefix}-network-${region}`, {
            ...args.network,
            region,
            accountId,
            organizationId: args.organizationId,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            endpointPolicies: {
                "bedrock-runtime": pulumi.all([args.organizationId, args.invocableModelArns, guardrail.guardrailArn, guardrail.version])
                    .apply(([orgId, arns, arn, version]) => JSON.stringify(bedrockRuntimeEndpointPolicy(orgId, arns, [{ arn, version }]))),
            },
            protect,
        }, child);

        const logging = new ModelInvocationLogging(`${prefix}-invocation-logging-${region}`, {
            ...args.logging,
            region,
            accountId,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            protect,
        }, child);

        // An alarm notifies a topic of its own region only.
        const alarmTopic = new AlarmTopic(`${prefix}-alarm-topic-${region}`, { ...args.alarmTopic, region, accountId, protect }, child);

        const reservations = args.capacityReservations ?? [];
        const blocks = args.capacityBlocks ?? [];
        const capacity = reservations.length + blocks.length > 0
            ? new AcceleratorCapacity(`${prefix}-capacity-${region}`, {
                region,
                reservations,
                capacityBlocks: blocks,
                subnetIdsByZone: network.subnetIdsByZone,
                securityGroupIds: [network.workloadSecurityGroupId],
                instanceProfileArn: args.acceleratorInstanceProfileArn!,
                launchTemplateNamePrefix: args.launchTemplateNamePrefix,
                idleAlarmHours: args.idleAlarmHours,
                alarmTopicArn: alarmTopic.topicArn,
            }, child)
            : undefined;

        const monitoring = new GenaiMonitoring(`${prefix}-monitoring-${region}`, {
            ...args.monitoring,
            region,
            capacityReservationIds: capacity?.reservationIds ?? {},
            alarmTopicArn: alarmTopic.topicArn,
        }, child);

        this.region = region;
        this.guardrail = guardrail;
        this.network = network;
        this.logging = logging;
        this.alarmTopic = alarmTopic;
        this.capacity = capacity;
        this.monitoring = monitoring;
        this.guardrailArn = guardrail.guardrailArn;
        this.guardrailId = guardrail.guardrailId;
        this.guardrailVersion = guardrail.version;
        this.vpcId = network.vpcId;
        this.subnetIds = network.subnetIds;
        this.endpointIds = network.endpointIds;
        this.invocationLogGroupArn = logging.logGroupArn;
        this.alarmTopicArn = alarmTopic.topicArn;
        this.dashboardName = monitoring.dashboardName;
        this.capacityReservationIds = capacity?.reservationIds ?? {};
        this.launchTemplateIds = capacity?.launchTemplateIds ?? {};
        this.registerOutputs({
            guardrailArn: this.guardrailArn,
            guardrailId: this.guardrailId,
            guardrailVersion: this.guardrailVersion,
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            endpointIds: this.endpointIds,
            invocationLogGroupArn: this.invocationLogGroupArn,
            alarmTopicArn: this.alarmTopicArn,
            dashboardName: this.dashboardName,
            capacityReservationIds: this.capacityReservationIds,
            launchTemplateIds: this.launchTemplateIds,
        });
    }
}
