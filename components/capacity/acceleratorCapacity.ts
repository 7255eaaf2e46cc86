import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { acceleratorInstanceFamilies, capacityPurposes, isAcceleratorInstanceType } from "../../accounts/schema";

export type CapacityPurpose = (typeof capacityPurposes)[number];

export interface CapacityReservationSpec {
    /** Stable key of the reservation; child names derive from it. */
    readonly key: string;
    readonly instanceType: string;
    readonly instanceCount: number;
    readonly availabilityZone: string;
    readonly purpose: CapacityPurpose;
    /** RFC 3339 end time; open-ended ("unlimited") when absent. */
    readonly endDate?: string;
    /** The team that owns the reservation (its `owner` tag). */
    readonly owner: string;
}

export interface CapacityBlockSpec {
    readonly key: string;
    /** The Capacity Block offering to purchase. */
    readonly offeringId: string;
    /** The offering's instance type and zone, for the block's launch template. */
    readonly instanceType: string;
    readonly availabilityZone: string;
    readonly owner: string;
}

export interface AcceleratorCapacityArgs {
    /** Region of the reservations. */
    readonly region: string;
    /** On-demand capacity reservations. */
    readonly reservations: readonly CapacityReservationSpec[];
    /** Capacity Blocks for ML (training windows bought in advance). @default none */
    readonly capacityBlocks?: readonly CapacityBlockSpec[];
    /** The private subnet of each zone; a reservation's launch template uses the subnet of its zone. */
    readonly subnetIdsByZone: Readonly<Record<string, pulumi.Input<string>>>;
    /** Security groups workloads launch with. */
    readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Instance profile workloads launch with. */
    readonly instanceProfileArn: pulumi.Input<string>;
    /** Prefix of the launch templates' names; each is `<prefix>-<key>`. */
    readonly launchTemplateNamePrefix: string;
    /** AMI of the launch templates (a Neuron DLAMI). @default none: the workload names its AMI when it launches */
    readonly imageId?: pulumi.Input<string>;
    /** Hours reserved capacity may sit unused before the idle alarm fires. @default 4 */
    readonly idleAlarmHours?: number;
    /** SNS topic the idle alarms notify. @default none (the alarms still show in CloudWatch) */
    readonly alarmTopicArn?: pulumi.Input<string>;
    /** Operating system the capacity is reserved for. @default "Linux/UNIX" */
    readonly instancePlatform?: string;
}

export { isAcceleratorInstanceType };

export function acceleratorCapacityProblems(args: AcceleratorCapacityArgs): string[] {
    const problems: string[] = [];
    const all = [...args.reservations, ...(args.capacityBlocks ?? [])];
    const keys = all.map((r) => r.key);
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) {
        problems.push(`reservation key "${repeated[0]}" is used twice; give each reservation its own key.`);
    }
    for (const item of all) {
        if (!isAcceleratorInstanceType(item.instanceType)) {
            problems.push(`${item.key}: instanceType must be an Inferentia2 or Trainium type (${acceleratorInstanceFamilies.map((f) => `${f}.*`).join(", ")}) (got "${item.instanceType}").`);
        }
        if (!(item.availabilityZone in args.subnetIdsByZone)) {
            problems.push(`${item.key}: availabilityZone must be one of the network's zones ${Object.keys(args.subnetIdsByZone).join(", ")} (got "${item.availabilityZone}").`);
        }
    }
    for (const reservation of args.reservations) {
        if (!Number.isInteger(reservation.instanceCount) || reservation.instanceCount < 1) {
            problems.push(`${reservation.key}: instanceCount must be at least 1 (got ${reservation.instanceCount}).`);
        }
        if (reservation.endDate !== undefined && Number.isNaN(Date.parse(reservation.endDate))) {
            problems.push(`${reservation.key}: endDate must be an RFC 3339 time such as "2027-03-31T00:00:00Z" (got "${reservation.endDate}").`);
        }
    }
    const hours = args.idleAlarmHours ?? 4;
    if (!Number.isInteger(hours) || hours < 1 || hours > 24) {
        problems.push(`idleAlarmHours must be 1-24 (got ${hours}); CloudWatch evaluates an alarm over at most a day.`);
    }
    return problems;
}

/**
 * Reserved Inferentia2 and Trainium capacity. Each reservation is `targeted`, so only workloads that ask for it
 * (through its launch template) consume it, and has an alarm for when it sits idle: reservations bill at the
 * on-demand rate whether instances run or not. Capacity Blocks are bought once for a fixed window and cannot be
 * cancelled, so they are protected and retained.
 */
export class AcceleratorCapacity extends pulumi.ComponentResource {
    /** Reservation IDs by key (reservations and blocks). */
    public readonly reservationIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** Launch template IDs by key. */
    public readonly launchTemplateIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** URN of each on-demand reservation by key, for the DR inventory. */
    public readonly reservationUrns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: AcceleratorCapacityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:capacity:AcceleratorCapacity", name, {}, opts);
        const problems = acceleratorCapacityProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const platform = args.instancePlatform ?? "Linux/UNIX";
        const idleHours = args.idleAlarmHours ?? 4;
        const reservationIds: Record<string, pulumi.Output<string>> = {};
        const reservationUrns: Record<string, pulumi.Output<string>> = {};
        const launchTemplateIds: Record<string, pulumi.Output<string>> = {};

        const launchTemplate = (key: string, instanceType: string, zone: string, reservationId: pulumi.Output<string>, tags: Record<string, string>, capacityBlock: boolean) =>
            new aws.ec2.LaunchTemplate(`${name}-${key}-launch-template`, {
                region,
                name: `${args.launchTemplateNamePrefix}-${key}`,
                description: `Launches into capacity reservation ${key}`,
                instanceType,
                imageId: args.imageId,
                iamInstanceProfile: { arn: args.instanceProfileArn },
                capacityReservationSpecification: { capacityReservationTarget: { capacityReservationId: reservationId } },
                ...(capacityBlock ? { instanceMarketOptions: { marketType: "capacity-block" } } : {}),
                networkInterfaces: [{
                    deviceIndex: 0,
                    subnetId: args.subnetIdsByZone[zone],
                    securityGroups: args.securityGroupIds,
                    associatePublicIpAddress: "false",
                    deleteOnTermination: "true",
                }],
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                monitoring: { enabled: true },
                updateDefaultVersion: true,
                tagSpecifications: [
                    { resourceType: "instance", tags },
                    { resourceType: "volume", tags },
                ],
                tags,
            }, { parent: this });

        const idleAlarm = (key: string, reservationId: pulumi.Output<string>) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${key}-idle`, {
                region,
                name: `${args.launchTemplateNamePrefix}-${key}-idle`,
                alarmDescription: `Capacity reservation ${key} has had unused instances for ${idleHours} h; it bills at the on-demand rate whether used or not.`,
                namespace: "AWS/EC2CapacityReservations",
                metricName: "AvailableInstanceCount",
                dimensions: { CapacityReservationId: reservationId },
                // The fewest unused instances in each hour: above zero for every hour means capacity sat idle throughout.
                statistic: "Minimum",
                period: 3600,
                evaluationPeriods: idleHours,
                datapointsToAlarm: idleHours,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                treatMissingData: "notBreaching",
                alarmActions: args.alarmTopicArn ? [args.alarmTopicArn] : [],
            }, { parent: this });

        for (const reservation of args.reservations) {
            const tags = { Name: `${args.launchTemplateNamePrefix}-${reservation.key}`, owner: reservation.owner, purpose: reservation.purpose, "capacity-reservation": reservation.key };
            const capacity = new aws.ec2.CapacityReservation(`${name}-${reservation.key}`, {
                region,
                availabilityZone: reservation.availabilityZone,
                instanceType: reservation.instanceType,
                instanceCount: reservation.instanceCount,
                instancePlatform: platform,
                instanceMatchCriteria: "targeted",
                tenancy: "default",
                ebsOptimized: true,
                ...(reservation.endDate !== undefined
                    ? { endDateType: "limited", endDate: reservation.endDate }
                    : { endDateType: "unlimited" }),
                tags,
            }, { parent: this });
            reservationIds[reservation.key] = capacity.id;
            reservationUrns[reservation.key] = capacity.urn;
            launchTemplateIds[reservation.key] = launchTemplate(reservation.key, reservation.instanceType, reservation.availabilityZone, capacity.id, tags, false).id;
            idleAlarm(reservation.key, capacity.id);
        }

        for (const block of args.capacityBlocks ?? []) {
            const tags = { Name: `${args.launchTemplateNamePrefix}-${block.key}`, owner: block.owner, purpose: "training", "capacity-reservation": block.key };
            // A purchase: replacing it would buy another block, and deleting it refunds nothing.
            const capacity = new aws.ec2.CapacityBlockReservation(`${name}-${block.key}`, {
                region,
                capacityBlockOfferingId: block.offeringId,
                instancePlatform: platform,
                tags,
            }, { parent: this, protect: true, retainOnDelete: true });
            reservationIds[block.key] = capacity.id;
            launchTemplateIds[block.key] = launchTemplate(block.key, block.instanceType, block.availabilityZone, capacity.id, tags, true).id;
            idleAlarm(block.key, capacity.id);
        }

        this.reservationIds = reservationIds;
        this.launchTemplateIds = launchTemplateIds;
        this.reservationUrns = reservationUrns;
        this.registerOutputs({ reservationIds, launchTemplateIds, reservationUrns });
    }
}
