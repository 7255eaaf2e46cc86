import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Organizations policy types other than SCPs that the landing zone sets (valid `type` values of @pulumi/aws 7.48). */
export type ManagementPolicyType = "AISERVICES_OPT_OUT_POLICY" | "BEDROCK_POLICY";

export interface OrganizationPolicyArgs {
    /** Name shown in AWS Organizations. */
    readonly policyName: string;
    readonly description: string;
    readonly policyType: ManagementPolicyType;
    /** The policy's JSON content, as plain data. */
    readonly content: Record<string, unknown>;
    /** Where to attach it (the root, an OU), keyed by a stable name so that reordering replaces nothing. */
    readonly targets: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * One Organizations management policy (AI-services opt-out, Bedrock) and its attachments. The policy type must be
 * enabled on the organization's root first (`aws organizations enable-policy-type`), as for every management policy.
 */
export class OrganizationPolicy extends pulumi.ComponentResource {
    public readonly policyId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationPolicyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:organization:OrganizationPolicy", name, {}, opts);
        if (Object.keys(args.targets).length === 0) {
            throw new pulumi.ResourceError(`targets of policy "${args.policyName}" must name at least one root, OU or account (got none).`, this);
        }
        const policy = new aws.organizations.Policy(`${name}-policy`, {
            name: args.policyName,
            description: args.description,
            type: args.policyType,
            content: JSON.stringify(args.content),
        }, { parent: this });
        for (const [targetKey, targetId] of Object.entries(args.targets)) {
            new aws.organizations.PolicyAttachment(`${name}-attach-${targetKey}`, { policyId: policy.id, targetId }, { parent: this });
        }
        this.policyId = policy.id;
        this.registerOutputs({ policyId: this.policyId });
    }
}
