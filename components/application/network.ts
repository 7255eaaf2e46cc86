import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, zoneBelongsToRegion } from "../../accounts/regions";
import { endpointKey, endpointServiceName, organizationOnlyEndpointPolicy, s3GatewayEndpointPolicy } from "../network/endpoints";
import { FlowLogs, flowLogsProblems } from "../network/flowLogs";
import { PolicyDocument } from "../organization/policyDocuments";
import { bedrockAgentRuntimeEndpointPolicy, bedrockRuntimeEndpointPolicy, ComputeType, stsEndpointPolicy } from "./policyDocuments";

/**
 * Interface endpoints of an application VPC: STS (to assume the invoke role), Bedrock runtime (to invoke models) and
 * Bedrock agent runtime (to retrieve from the knowledge base), and nothing else.
 */
export const applicationEndpointServices = ["sts", "bedrock-runtime", "bedrock-agent-runtime"] as const;
export type ApplicationEndpointService = (typeof applicationEndpointServices)[number];

/**
 * What a compute type reaches AWS for when the VPC has no egress, beyond the endpoints above. ECS (Fargate) pulls its
 * image from ECR (the API, the registry, and the image layers from S3 through a gateway endpoint), sends task logs
 * to CloudWatch Logs, and the application reads the active-region parameter from SSM. Lambda's own logs are pushed
 * by the service outside the VPC, and its code comes from the service too: only SSM is left.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
export const privateComputeEndpoints: Readonly<Record<ComputeType, { readonly interfaces: readonly string[]; readonly gateways: readonly string[] }>> = {
    ecs: { interfaces: ["ecr.api", "ecr.dkr", "logs", "ssm"], gateways: ["s3"] },
    lambda: { interfaces: ["ssm"], gateways: [] },
};

/** Every endpoint an application VPC gets: the fixed set, and with no egress what its compute type needs. */
export function applicationEndpoints(compute: ComputeType, egress: boolean): { interfaces: string[]; gateways: string[] } {
    const extra = egress ? { interfaces: [], gateways: [] } : privateComputeEndpoints[compute];
    return { interfaces: [...applicationEndpointServices, ...extra.interfaces], gateways: [...extra.gateways] };
}

export interface ApplicationNetworkArgs {
    readonly region: string;
    /** The account's range (/16 to /28); it must not overlap another account's of the environment. */
    readonly vpcCidr: string;
    /** Zones of `region` for the subnets (three in prod). */
    readonly availabilityZoneNames: readonly string[];
    /** Public subnets and NAT gateways for outbound internet access. @default false (private subnets only) */
    readonly egress?: boolean;
    /** With egress: a NAT gateway in every zone (prod) instead of one for the VPC. @default false */
    readonly natGatewaysPerAz?: boolean;
    readonly organizationId: pulumi.Input<string>;
    /** The genAI invoke role: the only role the STS endpoint lets callers assume. */
    readonly invokeRoleArn: pulumi.Input<string>;
    /** The genAI account: the only account whose sessions may use the Bedrock endpoints, and the knowledge base's. */
    readonly genAiAccountId: pulumi.Input<string>;
    /** The environment's catalogue model and inference-profile ARNs: all the Bedrock runtime endpoint lets through. */
    readonly approvedModelArns: pulumi.Input<string[]>;
    /** `<guardrail ARN>:<version>`: calls through the Bedrock runtime endpoint must name this guardrail. */
    readonly guardrailIdentifier: pulumi.Input<string>;
    /** The application account, for the flow logs' key and trust policies. */
    readonly accountId: pulumi.Input<string>;
    /** CloudWatch log group of the VPC's flow logs (`flowLogGroupName(prefix, environment, "app-<application>")`). */
    readonly flowLogGroupName: string;
    /** IAM role VPC flow logs write with. */
    readonly flowLogRoleName: string;
    /** Alias of the flow logs' key. */
    readonly flowLogKeyAlias: string;
    /** Days flow logs are kept. @default 90 */
    readonly flowLogRetentionDays?: number;
    /** The account's permissions boundary, carried by the flow-log role. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /** The compute service the workloads run on; with no egress it decides the extra endpoints (`privateComputeEndpoints`). */
    readonly compute: ComputeType;
    /** Protect and retain the flow logs' key and log group. @default true */
    readonly protect?: boolean;
}

export function applicationNetworkProblems(args: ApplicationNetworkArgs): string[] {
    const problems: string[] = [];
    if (args.availabilityZoneNames.length < 2) {
        problems.push(`availabilityZoneNames must list at least two zones (got ${args.availabilityZoneNames.length}).`);
    }
    for (const zone of args.availabilityZoneNames) {
        if (!zoneBelongsToRegion(zone, args.region)) {
            problems.push(`availabilityZoneNames has "${zone}", which is not a zone of ${args.region}.`);
        }
    }
    if (Array.isArray(args.approvedModelArns) && (args.approvedModelArns.length === 0 || args.approvedModelArns.some((arn) => typeof arn === "string" && /[*?]/.test(arn)))) {
        problems.push(`approvedModelArns must list the catalogue's model ARNs, without wildcards (got ${JSON.stringify(args.approvedModelArns)}).`);
    }
    if (!/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-8])$/.test(args.vpcCidr)) {
        problems.push(`vpcCidr must be an IPv4 CIDR block between /16 and /28 such as "10.32.0.0/16" (got "${args.vpcCidr}").`);
    }
    problems.push(...flowLogsProblems({ retentionDays: args.flowLogRetentionDays }));
    return problems;
}

/**
 * An application account's network: an awsx VPC (private subnets; public subnets and NAT only when egress is asked
 * for, one NAT per zone in prod), its flow logs, our own STS, Bedrock runtime and Bedrock agent runtime interface
 * endpoints in its private subnets with private DNS, without egress the endpoints its compute type needs to start
 * (`applicationEndpoints`), and one security group that admits 443 from the VPC only. awsx builds its VPC in a
 * plugin, so the VPC's own children (subnets, route tables, internet gateway, NAT gateways) are not visible to
 * `lz plan`; its inputs are (docs/policy-pack.md).
 */
export class ApplicationNetwork extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** Endpoint IDs by service (`ecr.dkr`, `s3`...). */
    public readonly endpointIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: ApplicationNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:Network", name, {}, opts);
        const problems = applicationNetworkProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const egress = args.egress ?? false;
        const natStrategy = !egress ? "None" : (args.natGatewaysPerAz ?? false) ? "OnePerAz" : "Single";
        const awsProvider = this.getProvider("aws:ec2/vpc:Vpc");

        const vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
            region,
            cidrBlock: args.vpcCidr,
            availabilityZoneNames: [...args.availabilityZoneNames],
            subnetSpecs: egress ? [{ type: "Private" }, { type: "Public" }] : [{ type: "Private" }],
            natGateways: { strategy: natStrategy },
            // Private DNS of interface endpoints needs both.
            enableDnsHostnames: true,
            enableDnsSupport: true,
        }, {
            parent: this,
            // awsx builds the VPC's subnets, routes and NAT gateways in its plugin, which sees only the providers sent with
            // this registration; passing the account's aws provider explicitly keeps them in the application account
            // whatever the engine version does about inheriting it from this component.
            ...(awsProvider ? { providers: { aws: awsProvider } } : {}),
        });

        new FlowLogs(name, {
            region,
            accountId: args.accountId,
            vpcId: vpc.vpcId,
            logGroupName: args.flowLogGroupName,
            roleName: args.flowLogRoleName,
            retentionDays: args.flowLogRetentionDays,
            keyAlias: args.flowLogKeyAlias,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            protect: args.protect ?? true,
        }, { parent: this });

        const securityGroup = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
            region,
            vpcId: vpc.vpcId,
            description: "Interface endpoints: HTTPS from inside the VPC only",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.vpcCidr], description: "HTTPS from the VPC" }],
            // Endpoints answer; they never open connections.
            egress: [],
        }, { parent: this });

        const policies: Record<ApplicationEndpointService, pulumi.Output<PolicyDocument>> = {
            "sts": pulumi.all([args.organizationId, args.invokeRoleArn]).apply(([organizationId, invokeRoleArn]) =>
                stsEndpointPolicy(organizationId, invokeRoleArn)),
            "bedrock-runtime": pulumi.all([args.organizationId, args.genAiAccountId, args.approvedModelArns, args.guardrailIdentifier])
                .apply(([organizationId, genAiAccountId, modelArns, guardrailIdentifier]) =>
                    bedrockRuntimeEndpointPolicy(organizationId, genAiAccountId, modelArns, guardrailIdentifier)),
            "bedrock-agent-runtime": pulumi.all([args.organizationId, args.genAiAccountId]).apply(([organizationId, genAiAccountId]) =>
                bedrockAgentRuntimeEndpointPolicy(organizationId, genAiAccountId, partition, region)),
        };
        const endpointIds: Record<string, pulumi.Output<string>> = {};
        const { interfaces, gateways } = applicationEndpoints(args.compute, egress);
        // The AI tier's endpoints carry their own policies; whatever else the compute type needs admits the organization only.
        const organizationOnly = pulumi.output(args.organizationId).apply((id) => organizationOnlyEndpointPolicy(id));
        const interfaceServices = [...applicationEndpointServices, ...interfaces.filter((s) => !(applicationEndpointServices as readonly string[]).includes(s))];
        for (const service of interfaceServices) {
            const policy = (policies as Record<string, pulumi.Output<unknown>>)[service] ?? organizationOnly;
            endpointIds[service] = new aws.ec2.VpcEndpoint(`${name}-endpoint-${endpointKey(service)}`, {
                region,
                vpcId: vpc.vpcId,
                serviceName: endpointServiceName(partition, region, service),
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: vpc.privateSubnetIds,
                securityGroupIds: [securityGroup.id],
                policy: policy.apply((document) => JSON.stringify(document)),
            }, { parent: this }).id;
        }
        for (const service of gateways) {
            endpointIds[service] = new aws.ec2.VpcEndpoint(`${name}-endpoint-${endpointKey(service)}`, {
                region,
                vpcId: vpc.vpcId,
                serviceName: endpointServiceName(partition, region, service),
                vpcEndpointType: "Gateway",
                // awsx creates the route tables in its plugin: offline plans see none (docs/policy-pack.md).
                routeTableIds: vpc.routeTables.apply((tables) => pulumi.all((tables ?? []).map((table) => table.id))),
                // ECR serves image layers from its own bucket through this endpoint.
                policy: pulumi.output(args.organizationId).apply((id) => JSON.stringify(s3GatewayEndpointPolicy(id, partition, region))),
            }, { parent: this }).id;
        }

        this.vpcId = vpc.vpcId;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.endpointSecurityGroupId = securityGroup.id;
        this.endpointIds = endpointIds;
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            endpointIds,
        });
    }
}
