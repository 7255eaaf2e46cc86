import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrRange } from "../../accounts/cidr";
import { partitionOf, zoneBelongsToRegion } from "../../accounts/regions";
import { FlowLogs, flowLogsProblems } from "./flowLogs";
import { defaultEndpointPolicy, endpointKey, endpointServiceName, genaiEndpoints, VpcEndpointSpec } from "./endpoints";

export interface PrivateNetworkArgs {
    /** Region of the VPC; passed to every child as its `region`, so one provider per account serves every region. */
    readonly region: string;
    /** The account the network is in (for ARNs in key and trust policies). */
    readonly accountId: pulumi.Input<string>;
    /** The VPC's IPv4 range, /16 to /24. */
    readonly cidrBlock: string;
    /** One private subnet per zone; at least two. */
    readonly availabilityZones: readonly string[];
    /** Every endpoint admits principals of this organization only. */
    readonly organizationId: pulumi.Input<string>;
    /** The endpoints to create. @default genaiEndpoints */
    readonly endpoints?: readonly VpcEndpointSpec[];
    /**
     * Policies (JSON) that replace an endpoint's default organization-only policy, keyed by service name. Each must
     * still admit organization principals only. @default none
     */
    readonly endpointPolicies?: Readonly<Record<string, pulumi.Input<string>>>;
    /** CloudWatch log group of the VPC flow logs. */
    readonly flowLogGroupName: string;
    /** IAM role VPC flow logs write with. */
    readonly flowLogRoleName: string;
    /** Days flow logs are kept. @default 90 */
    readonly flowLogRetentionDays?: number;
    /** Alias of the key that encrypts the flow logs. */
    readonly flowLogKeyAlias: string;
    /** Permissions boundary of the flow-log role. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /** Name of the endpoints' security group. */
    readonly securityGroupName: string;
    /** Name of the security group workloads launch with: HTTPS out to the endpoints, nothing in. */
    readonly workloadSecurityGroupName: string;
    /** Protect the flow-log key and log group from deletion. @default true */
    readonly protect?: boolean;
}

/** Bits added to the VPC prefix for each subnet: /16 → /20, leaving room for more subnets later. */
const subnetNewBits = 4;

/** Equal private subnets, one per zone, from the start of the VPC range. Undefined when the range is too small. */
export function subnetCidrs(vpcCidr: string, count: number): string[] | undefined {
    const prefix = Number(vpcCidr.split("/")[1]);
    let newBits = Math.min(subnetNewBits, 28 - prefix);
    while (2 ** newBits < count && prefix + newBits < 28) {
        newBits++;
    }
    if (2 ** newBits < count || newBits < 0) {
        return undefined;
    }
    const { first } = cidrRange(vpcCidr);
    const size = 2 ** (32 - prefix - newBits);
    return Array.from({ length: count }, (_, i) => {
        const base = first + i * size;
        return `${[24, 16, 8, 0].map((shift) => (base >>> shift) & 255).join(".")}/${prefix + newBits}`;
    });
}

export function privateNetworkProblems(args: PrivateNetworkArgs): string[] {
    const problems: string[] = [];
    const zones = args.availabilityZones;
    if (zones.length < 2) {
        problems.push(`availabilityZones must list at least two zones (got ${JSON.stringify(zones)}); one zone is a single point of failure.`);
    }
    for (const zone of zones) {
        if (!zoneBelongsToRegion(zone, args.region)) {
            problems.push(`availabilityZones must be zones of ${args.region} (got "${zone}").`);
        }
    }
    if (new Set(zones).size !== zones.length) {
        problems.push(`availabilityZones must list each zone once (got ${JSON.stringify(zones)}).`);
    }
    if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-4])$/.test(args.cidrBlock)) {
        problems.push(`cidrBlock must be an IPv4 range from /16 to /24 (got "${args.cidrBlock}").`);
    } else if (!subnetCidrs(args.cidrBlock, zones.length)) {
        problems.push(`cidrBlock ${args.cidrBlock} is too small for ${zones.length} subnets of at least /28; use a larger range.`);
    }
    const endpoints = args.endpoints ?? genaiEndpoints;
    const keys = endpoints.map((e) => endpointKey(e.service));
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) {
        problems.push(`endpoints must list each service once (got "${repeated[0]}" twice).`);
    }
    for (const endpoint of endpoints) {
        if (endpoint.type === "Gateway" && endpoint.service !== "s3" && endpoint.service !== "dynamodb") {
            problems.push(`endpoints: only s3 and dynamodb have gateway endpoints (got gateway "${endpoint.service}").`);
        }
    }
    for (const service of Object.keys(args.endpointPolicies ?? {})) {
        if (!endpoints.some((e) => e.service === service)) {
            problems.push(`endpointPolicies names "${service}", which is not one of the endpoints; add the endpoint or remove its policy.`);
        }
    }
    problems.push(...flowLogsProblems({ retentionDays: args.flowLogRetentionDays }));
    return problems;
}

/**
 * A private network built from plain EC2 resources (so that the offline plan and the policy pack see every part):
 * a VPC with one private subnet per zone and no internet gateway or NAT, interface endpoints with private DNS and
 * gateway endpoints as its only ways out, each endpoint admitting principals of the organization only, one security
 * group that admits HTTPS from the VPC, the default security group emptied, and KMS-encrypted flow logs.
 */
export class PrivateNetwork extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly subnetIds: pulumi.Output<string>[];
    /** Subnet of each zone, for resources that must land in a given zone (launch templates of capacity reservations). */
    public readonly subnetIdsByZone: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly routeTableId: pulumi.Output<string>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** Security group for workloads in the VPC: HTTPS out to the endpoints (and gateway prefix lists) only. */
    public readonly workloadSecurityGroupId: pulumi.Output<string>;
    /** Endpoint IDs keyed by service name. */
    public readonly endpointIds: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly flowLogGroupArn: pulumi.Output<string>;
    /** URN of the `aws.ec2.Vpc` and of each endpoint by service, for the DR inventory. */
    public readonly vpcUrn: pulumi.Output<string>;
    public readonly endpointUrns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: PrivateNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:network:PrivateNetwork", name, {}, opts);
        const problems = privateNetworkProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const protect = args.protect ?? true;
        const endpoints = args.endpoints ?? genaiEndpoints;

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            region,
            cidrBlock: args.cidrBlock,
            // Private DNS of interface endpoints needs both.
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: { Name: name },
        }, { parent: this });

        // The default security group is what an ENI gets when nobody chooses; with no rules it admits nothing (CIS 5.4).
        new aws.ec2.DefaultSecurityGroup(`${name}-default-security-group`, {
            region,
            vpcId: vpc.id,
            ingress: [],
            egress: [],
            tags: { Name: `${name}-default-closed` },
        }, { parent: this });

        const routeTable = new aws.ec2.RouteTable(`${name}-private-route-table`, {
            region,
            vpcId: vpc.id,
            // Only the local route: there is no internet gateway or NAT to route to.
            tags: { Name: `${name}-private` },
        }, { parent: this });

        const cidrs = subnetCidrs(args.cidrBlock, args.availabilityZones.length)!;
        const subnetIdsByZone: Record<string, pulumi.Output<string>> = {};
        args.availabilityZones.forEach((zone, index) => {
            const subnet = new aws.ec2.Subnet(`${name}-subnet-${zone}`, {
                region,
                vpcId: vpc.id,
                availabilityZone: zone,
                cidrBlock: cidrs[index],
                mapPublicIpOnLaunch: false,
                tags: { Name: `${name}-private-${zone}` },
            }, { parent: this });
            new aws.ec2.RouteTableAssociation(`${name}-subnet-${zone}-routes`, {
                region,
                subnetId: subnet.id,
                routeTableId: routeTable.id,
            }, { parent: this });
            subnetIdsByZone[zone] = subnet.id;
        });
        const subnetIds = args.availabilityZones.map((zone) => subnetIdsByZone[zone]);

        const endpointSecurityGroup = new aws.ec2.SecurityGroup(`${name}-endpoints-security-group`, {
            region,
            name: args.securityGroupName,
            description: "HTTPS from inside the VPC to its interface endpoints",
            vpcId: vpc.id,
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidrBlock], description: "HTTPS from the VPC" }],
            egress: [],
            tags: { Name: args.securityGroupName },
        }, { parent: this });

        const endpointIds: Record<string, pulumi.Output<string>> = {};
        const endpointUrns: Record<string, pulumi.Output<string>> = {};
        const gatewayEndpoints: Record<string, aws.ec2.VpcEndpoint> = {};
        for (const spec of endpoints) {
            const policy = args.endpointPolicies?.[spec.service]
                ?? pulumi.output(args.organizationId).apply((organizationId) =>
                    JSON.stringify(defaultEndpointPolicy(spec, organizationId, partition, region)));
            const endpoint = new aws.ec2.VpcEndpoint(`${name}-endpoint-${endpointKey(spec.service)}`, {
                region,
                vpcId: vpc.id,
                serviceName: endpointServiceName(partition, region, spec.service),
                vpcEndpointType: spec.type,
                policy,
                ...(spec.type === "Interface"
                    ? { privateDnsEnabled: true, subnetIds, securityGroupIds: [endpointSecurityGroup.id] }
                    : { routeTableIds: [routeTable.id] }),
                tags: { Name: `${name}-${spec.service}` },
            }, { parent: this });
            endpointIds[spec.service] = endpoint.id;
            endpointUrns[spec.service] = endpoint.urn;
            if (spec.type === "Gateway") {
                gatewayEndpoints[spec.service] = endpoint;
            }
        }

        const flowLogs = new FlowLogs(name, {
            region,
            accountId: args.accountId,
            vpcId: vpc.id,
            logGroupName: args.flowLogGroupName,
            roleName: args.flowLogRoleName,
            retentionDays: args.flowLogRetentionDays,
            keyAlias: args.flowLogKeyAlias,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            protect,
        }, { parent: this });

        const gatewayPrefixLists = endpoints
            .filter((spec) => spec.type === "Gateway")
            .map((spec) => gatewayEndpoints[spec.service].prefixListId);
        const workloadSecurityGroup = new aws.ec2.SecurityGroup(`${name}-workloads-security-group`, {
            region,
            name: args.workloadSecurityGroupName,
            description: "Workloads: HTTPS to the VPC endpoints only, nothing inbound",
            vpcId: vpc.id,
            ingress: [],
            egress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidrBlock], description: "HTTPS to the interface endpoints" },
                ...(gatewayPrefixLists.length > 0
                    ? [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: gatewayPrefixLists, description: "HTTPS to the gateway endpoints" }]
                    : []),
            ],
            tags: { Name: args.workloadSecurityGroupName },
        }, { parent: this });

        this.vpcId = vpc.id;
        this.subnetIds = subnetIds;
        this.subnetIdsByZone = subnetIdsByZone;
        this.routeTableId = routeTable.id;
        this.endpointSecurityGroupId = endpointSecurityGroup.id;
        this.workloadSecurityGroupId = workloadSecurityGroup.id;
        this.endpointIds = endpointIds;
        this.flowLogGroupArn = flowLogs.logGroupArn;
        this.vpcUrn = vpc.urn;
        this.endpointUrns = endpointUrns;
        this.registerOutputs({
            vpcUrn: this.vpcUrn,
            endpointUrns: this.endpointUrns,
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            routeTableId: this.routeTableId,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            workloadSecurityGroupId: this.workloadSecurityGroupId,
            endpointIds: this.endpointIds,
            flowLogGroupArn: this.flowLogGroupArn,
        });
    }
}
