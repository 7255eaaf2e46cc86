import * as pulumi from "@pulumi/pulumi";
import { dnsSuffixOf, Partition, partitionOf } from "../../accounts/regions";
import { hex, lowerAlnum, mockAccountId, uuid } from "./mockIds";

/** What a registered provider deploys into. */
export interface ProviderTarget {
    readonly urn: string;
    readonly name: string;
    readonly account: string | null;
    readonly region: string | null;
    readonly assumedRoleArn?: string;
    readonly tags: Record<string, string>;
}

/** Facts the mocks answer from config instead of AWS. */
export interface MockContext {
    readonly organization?: {
        readonly id: string;
        readonly managementAccountId: string;
    };
    /** Availability zones by region, from the environment's config. */
    readonly availabilityZones: Readonly<Record<string, readonly string[]>>;
    /** Outputs of referenced stacks, by the name the program gives its StackReference. */
    readonly stackOutputs: (stackName: string) => Record<string, unknown>;
    /** The provider a resource or invoke names (`urn::id`), once it has registered. */
    readonly provider: (reference: string | undefined) => ProviderTarget | undefined;
}

/** Services whose resources are global rather than regional: IAM, Organizations and account-wide settings. */
const globalTypePrefixes = ["aws:iam/", "aws:organizations/", "aws:budgets/", "aws:s3/accountPublicAccessBlock:", "aws:cloudfront/", "aws:route53/"];

export function isGlobalType(type: string): boolean {
    return globalTypePrefixes.some((prefix) => type.startsWith(prefix));
}

/** `aws:ec2/vpcEndpoint:VpcEndpoint` → `{ service: "ec2", kind: "vpcEndpoint" }`. */
function typeParts(type: string): { service: string; kind: string } {
    const match = /^[^:]+:([^/]+)\/([^:]+):/.exec(type);
    return match ? { service: match[1], kind: match[2] } : { service: "unknown", kind: type };
}

/** ID prefixes EC2 uses, so that mocked IDs look like the ones a user will see in the console. */
const ec2Prefixes: Record<string, string> = {
    vpc: "vpc", subnet: "subnet", securityGroup: "sg", vpcEndpoint: "vpce", routeTable: "rtb", internetGateway: "igw",
    natGateway: "nat", eip: "eipalloc", flowLog: "fl", capacityReservation: "cr", launchTemplate: "lt",
    capacityBlockReservation: "cr", networkAcl: "acl", networkInterface: "eni", instance: "i",
};

/**
 * Realistic answers for every resource and invoke the program makes: IDs and ARNs in the right partition, account
 * and region, so that checks downstream see concrete ARNs. An invoke nobody expected fails loudly with its token.
 */
export class LandingZoneMocks implements pulumi.runtime.Mocks {
    constructor(private readonly context: MockContext) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = args.inputs ?? {};
        if (args.type === "pulumi:pulumi:StackReference") {
            const stackName = String(inputs.name ?? args.id ?? args.name);
            return { id: stackName, state: { name: stackName, outputs: this.context.stackOutputs(stackName), secretOutputNames: [] } };
        }
        if (args.type.startsWith("pulumi:providers:")) {
            return { id: uuid("provider", args.name), state: inputs };
        }
        if (args.custom === false) {
            return { id: undefined, state: this.remoteComponentOutputs(args.type, args.name, inputs) };
        }
        const target = this.context.provider(args.provider);
        const region = String(inputs.region ?? target?.region ?? "us-east-1");
        const account = target?.account ?? "000000000000";
        const partition = partitionOf(region);
        const { id, arn } = this.identity(args.type, args.name, inputs, account, region, partition);
        const state: Record<string, any> = { ...inputs, id, arn };
        Object.assign(state, namedOutputs(args.type, id, arn, region, partition));
        if (!isGlobalType(args.type)) {
            state.region = region;
        }
        if (inputs.tags || target?.tags) {
            state.tagsAll = { ...(target?.tags ?? {}), ...(inputs.tags ?? {}) };
        }
        return { id, state };
    }

    private identity(type: string, name: string, inputs: Record<string, any>, account: string, region: string, partition: string): { id: string; arn: string } {
        const { service, kind } = typeParts(type);
        const seed = [type, name, account, region];
        switch (type) {
            case "aws:organizations/account:Account": {
                const accountId = mockAccountId(String(inputs.name ?? name));
                const org = this.context.organization;
                return { id: accountId, arn: `arn:${partition}:organizations::${org?.managementAccountId ?? account}:account/${org?.id ?? "o-unknown"}/${accountId}` };
            }
            case "aws:organizations/organizationalUnit:OrganizationalUnit": {
                const id = `ou-${lowerAlnum(4, "root")}-${lowerAlnum(8, ...seed)}`;
                return { id, arn: `arn:${partition}:organizations::${account}:ou/${this.context.organization?.id ?? "o-unknown"}/${id}` };
            }
            case "aws:organizations/policy:Policy": {
                const id = `p-${lowerAlnum(8, ...seed)}`;
                return { id, arn: `arn:${partition}:organizations::${account}:policy/${this.context.organization?.id ?? "o-unknown"}/service_control_policy/${id}` };
            }
            case "aws:kms/key:Key":
            case "aws:kms/replicaKey:ReplicaKey": {
                // A replica key has its primary's ID (multi-region keys share one `mrk-` ID in every region).
                const primaryId = type.endsWith("ReplicaKey") ? /:key\/(mrk-[0-9a-f]{32})$/.exec(String(inputs.primaryKeyArn ?? ""))?.[1] : undefined;
                const id = primaryId ?? (inputs.multiRegion || type.endsWith("ReplicaKey") ? `mrk-${hex(32, ...seed.slice(0, 3))}` : uuid(...seed));
                return { id, arn: `arn:${partition}:kms:${region}:${account}:key/${id}` };
            }
            case "aws:s3/bucket:Bucket":
            case "aws:s3/bucketV2:BucketV2": {
                const bucket = String(inputs.bucket ?? `${name}-${hex(7, ...seed)}`);
                return { id: bucket, arn: `arn:${partition}:s3:::${bucket}` };
            }
        }
        if (service === "iam") {
            const physical = String(inputs.name ?? `${name}-${hex(7, ...seed)}`);
            const iamPath = String(inputs.path ?? "/");
            if (kind === "role" || kind === "policy" || kind === "user" || kind === "group" || kind === "instanceProfile") {
                return { id: kind === "policy" ? `arn:${partition}:iam::${account}:policy${iamPath}${physical}` : physical, arn: `arn:${partition}:iam::${account}:${kind === "instanceProfile" ? "instance-profile" : kind}${iamPath}${physical}` };
            }
            return { id: `${name}-${hex(8, ...seed)}`, arn: `arn:${partition}:iam::${account}:${kind}/${name}` };
        }
        if (service === "ec2" && ec2Prefixes[kind]) {
            const id = `${ec2Prefixes[kind]}-${hex(17, ...seed)}`;
            return { id, arn: `arn:${partition}:ec2:${region}:${account}:${kindToArnType(kind)}/${id}` };
        }
        const physical = String(inputs.name ?? `${name}-${hex(7, ...seed)}`);
        // ARN shapes that differ from the common `service:region:account:kind/name`.
        switch (type) {
            case "aws:sns/topic:Topic":
                return { id: `arn:${partition}:sns:${region}:${account}:${physical}`, arn: `arn:${partition}:sns:${region}:${account}:${physical}` };
            case "aws:cloudwatch/logGroup:LogGroup":
                return { id: physical, arn: `arn:${partition}:logs:${region}:${account}:log-group:${physical}` };
            case "aws:ssm/parameter:Parameter":
                return { id: physical, arn: `arn:${partition}:ssm:${region}:${account}:parameter${physical.startsWith("/") ? "" : "/"}${physical}` };
            case "aws:kms/alias:Alias":
                return { id: physical, arn: `arn:${partition}:kms:${region}:${account}:${physical}` };
            case "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase": {
                // Bedrock knowledge-base IDs are 10 upper-case letters and digits.
                const id = lowerAlnum(10, ...seed).toUpperCase();
                return { id, arn: `arn:${partition}:bedrock:${region}:${account}:knowledge-base/${id}` };
            }
            case "aws:bedrock/agentDataSource:AgentDataSource": {
                // The provider's ID is "<data source ID>,<knowledge base ID>"; a data source has no ARN of its own.
                const dataSourceId = lowerAlnum(10, ...seed).toUpperCase();
                return { id: `${dataSourceId},${String(inputs.knowledgeBaseId ?? "")}`, arn: "" };
            }
            case "aws:s3/vectorsVectorBucket:VectorsVectorBucket": {
                const arn = `arn:${partition}:s3vectors:${region}:${account}:bucket/${String(inputs.vectorBucketName ?? physical)}`;
                return { id: arn, arn };
            }
            case "aws:s3/vectorsIndex:VectorsIndex": {
                const arn = `arn:${partition}:s3vectors:${region}:${account}:bucket/${String(inputs.vectorBucketName)}/index/${String(inputs.indexName ?? physical)}`;
                return { id: arn, arn };
            }
            case "aws:opensearch/serverlessCollection:ServerlessCollection": {
                const id = lowerAlnum(20, ...seed);
                return { id, arn: `arn:${partition}:aoss:${region}:${account}:collection/${id}` };
            }
            case "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint":
                return { id: `vpce-${hex(17, ...seed)}`, arn: "" };
            case "aws:wafv2/webAcl:WebAcl": {
                const id = uuid(...seed);
                return { id, arn: `arn:${partition}:wafv2:${region}:${account}:${String(inputs.scope ?? "REGIONAL").toLowerCase()}/webacl/${physical}/${id}` };
            }
            case "aws:budgets/budget:Budget":
                return { id: `${account}:${physical}`, arn: `arn:${partition}:budgets::${account}:budget/${physical}` };
            case "aws:bedrock/guardrail:Guardrail": {
                // The provider's ID is "<guardrail ID>,<version>"; a new guardrail's version is DRAFT.
                const guardrailId = lowerAlnum(12, ...seed);
                return { id: `${guardrailId},DRAFT`, arn: `arn:${partition}:bedrock:${region}:${account}:guardrail/${guardrailId}` };
            }
            case "aws:bedrock/inferenceProfile:InferenceProfile": {
                // An application inference profile's ID is generated; its ARN has a type of its own.
                const profileId = lowerAlnum(12, ...seed);
                return { id: profileId, arn: `arn:${partition}:bedrock:${region}:${account}:application-inference-profile/${profileId}` };
            }
            case "aws:bedrock/guardrailVersion:GuardrailVersion":
                // The first published version of a guardrail is "1".
                return { id: `${String(inputs.guardrailArn)},1`, arn: String(inputs.guardrailArn) };
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                return { id: physical, arn: `arn:${partition}:cloudwatch:${region}:${account}:alarm:${physical}` };
            case "aws:ecr/replicationConfiguration:ReplicationConfiguration":
                // Registry-level: the provider's ID is the registry's (the account's) ID; it has no ARN.
                return { id: account, arn: "" };
            case "aws:cloudwatch/dashboard:Dashboard": {
                const dashboard = String(inputs.dashboardName ?? physical);
                return { id: dashboard, arn: `arn:${partition}:cloudwatch::${account}:dashboard/${dashboard}` };
            }
        }
        return { id: physical, arn: `arn:${partition}:${service}:${region}:${account}:${kindToArnType(kind)}/${physical}` };
    }

    /** Outputs of components built by a provider plugin (awsx), which have no children under mocks. */
    private remoteComponentOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
        if (type === "awsx:ec2:Vpc") {
            const zones = Number(inputs.numberOfAvailabilityZones ?? inputs.availabilityZoneNames?.length ?? 2);
            const subnetTypes: string[] = (inputs.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }]).map((s: { type: string }) => s.type);
            const subnetIds = (kind: string) => subnetTypes.includes(kind)
                ? Array.from({ length: zones }, (_, i) => `subnet-${hex(17, name, kind, String(i))}`)
                : [];
            return {
                vpcId: `vpc-${hex(17, name)}`,
                privateSubnetIds: subnetIds("Private"),
                publicSubnetIds: subnetIds("Public"),
                isolatedSubnetIds: subnetIds("Isolated"),
            };
        }
        return {};
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const target = this.context.provider(args.provider);
        const region = String(args.inputs?.region ?? target?.region ?? "us-east-1");
        const partition = partitionOf(region);
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity": {
                const account = target?.account ?? "000000000000";
                const arn = target?.assumedRoleArn
                    ? target.assumedRoleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/lz-plan"
                    : `arn:${partition}:iam::${account}:user/lz-plan`;
                return { accountId: account, arn, userId: `AROA${hex(16, account).toUpperCase()}:lz-plan`, id: account };
            }
            case "aws:index/getRegion:getRegion":
                return { id: region, name: region, region, endpoint: `ec2.${region}.${dnsSuffixOf(partition)}`, description: region };
            case "aws:index/getPartition:getPartition":
                return { id: partition, partition, dnsSuffix: dnsSuffixOf(partition), reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const names = this.context.availabilityZones[region];
                if (!names) {
                    throw new Error(`lz plan: the program asked for the availability zones of ${region}, which the stack's config does not list; add them to availabilityZones.`);
                }
                return { id: region, names: [...names], zoneIds: names.map((zone) => `${region.replace(/-/g, "").slice(0, 4)}-az${zone.slice(-1).charCodeAt(0) - 96}`), region };
            }
            case "aws:organizations/getOrganization:getOrganization": {
                const org = this.context.organization;
                if (!org) {
                    throw new Error("lz plan: the program looked up the organization, but no organization config is known to answer it.");
                }
                const rootId = `r-${lowerAlnum(4, "root", org.id)}`;
                return {
                    id: org.id,
                    arn: `arn:${partition}:organizations::${org.managementAccountId}:organization/${org.id}`,
                    masterAccountId: org.managementAccountId,
                    featureSet: "ALL",
                    roots: [{ id: rootId, name: "Root", arn: `arn:${partition}:organizations::${org.managementAccountId}:root/${org.id}/${rootId}`, policyTypes: [] }],
                };
            }
        }
        throw new Error(`lz plan: the program made an invoke the offline engine does not answer: ${args.token}. Answer it in cli/engine/mocks.ts or remove the call.`);
    }
}

/** Outputs some types expose under their own names besides `id` and `arn`, answered the way the provider would. */
function namedOutputs(type: string, id: string, arn: string, region: string, partition: Partition): Record<string, string> {
    switch (type) {
        case "aws:s3/vectorsVectorBucket:VectorsVectorBucket":
            return { vectorBucketArn: arn };
        case "aws:s3/vectorsIndex:VectorsIndex":
            return { indexArn: arn };
        case "aws:opensearch/serverlessCollection:ServerlessCollection":
            return { collectionEndpoint: `https://${id}.${region}.aoss.${dnsSuffixOf(partition)}` };
        case "aws:bedrock/agentDataSource:AgentDataSource":
            return { dataSourceId: id.split(",")[0] };
        case "aws:kms/key:Key":
        case "aws:kms/replicaKey:ReplicaKey":
            return { keyId: id };
        case "aws:bedrock/guardrail:Guardrail":
            return { guardrailArn: arn, guardrailId: id.split(",")[0], version: "DRAFT" };
        case "aws:bedrock/guardrailVersion:GuardrailVersion":
            return { version: id.split(",").pop()! };
        case "aws:ecr/replicationConfiguration:ReplicationConfiguration":
            return { registryId: id };
        case "aws:dynamodb/table:Table":
            // A stream's label is the time it was created; a fixed one keeps plans reproducible.
            return { streamArn: `${arn}/stream/2025-01-01T00:00:00.000`, streamLabel: "2025-01-01T00:00:00.000" };
        case "aws:ecr/repository:Repository":
            return { repositoryUrl: `${arn.split(":")[4]}.dkr.ecr.${region}.${dnsSuffixOf(partition as Partition)}/${id}` };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            // Gateway endpoints are addressed in security groups by their service's prefix list.
            return { prefixListId: `pl-${id.slice("vpce-".length, "vpce-".length + 8)}` };
        default:
            return {};
    }
}

/** `vpcEndpoint` → `vpc-endpoint`, the form ARNs use. */
function kindToArnType(kind: string): string {
    return kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
