import * as pulumi from "@pulumi/pulumi";
import { ApplicationNetwork, ApplicationNetworkArgs, applicationNetworkProblems } from "./network";
import { WebAcl, WebAclArgs, webAclProblems } from "./webAcl";

export interface ApplicationRegionSliceArgs {
    /** The network of this region: VPC, flow logs, the AI tier's endpoints and those the compute type needs. */
    readonly network: ApplicationNetworkArgs;
    /** The web ACL of this region's public entry. */
    readonly webAcl: WebAclArgs;
    /**
     * Names of the two children. They predate this component (the primary region's are `<account>-network` and
     * `<account>-waf`, the DR region's end in the region): renaming them would replace the VPC and the web ACL.
     */
    readonly networkName: string;
    readonly webAclName: string;
}

/** Every problem of this region's parts, as messages naming the field and the fix. */
export function applicationRegionProblems(args: ApplicationRegionSliceArgs): string[] {
    return [...applicationNetworkProblems(args.network), ...webAclProblems(args.webAcl)];
}

/**
 * An application account's slice of one region: its network and the web ACL of its public entry. The primary and the
 * DR region are two instances of this component; a difference between them is an argument.
 */
export class ApplicationRegion extends pulumi.ComponentResource {
    public readonly region: string;
    public readonly vpcId: pulumi.Output<string>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    public readonly endpointIds: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly webAclArn: pulumi.Output<string>;

    constructor(name: string, args: ApplicationRegionSliceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:Region", name, {}, opts);
        // The children were the application account's own before this component existed: the alias to that parent
        // keeps their URNs, and their children's, matching the state.
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, aliases: opts.parent ? [{ parent: opts.parent }] : [] };
        const network = new ApplicationNetwork(args.networkName, args.network, childOpts);
        const webAcl = new WebAcl(args.webAclName, args.webAcl, childOpts);

        this.region = args.network.region;
        this.vpcId = network.vpcId;
        this.privateSubnetIds = network.privateSubnetIds;
        this.endpointSecurityGroupId = network.endpointSecurityGroupId;
        this.endpointIds = network.endpointIds;
        this.webAclArn = webAcl.webAclArn;
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            webAclArn: this.webAclArn,
        });
    }
}
