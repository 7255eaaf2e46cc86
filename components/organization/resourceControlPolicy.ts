import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policySize } from "./policyDocuments";

/** AWS Organizations' maximum size of one RCP document, in characters. */
export const RCP_MAX_CHARACTERS = 5120;
/** AWS Organizations' limit on RCPs attached directly to one target, RCPFullAWSAccess included. */
export const RCP_MAX_PER_TARGET = 5;

export interface ResourceControlPolicyArgs {
    readonly policyName: string;
    readonly description: string;
    readonly document: PolicyDocument;
    /** Where to attach it, keyed by a stable name (an OU key). */
    readonly targets: Readonly<Record<string, pulumi.Input<string>>>;
}

export function resourceControlPolicyProblems(args: ResourceControlPolicyArgs): string[] {
    const problems: string[] = [];
    const size = policySize(args.document);
    if (size > RCP_MAX_CHARACTERS) {
        problems.push(`document of RCP "${args.policyName}" is ${size} characters, over the ${RCP_MAX_CHARACTERS}-character limit of AWS Organizations; split it into several policies.`);
    }
    if (Object.keys(args.targets).length === 0) {
        problems.push(`targets of RCP "${args.policyName}" must name at least one OU or account (got none).`);
    }
    // RCPs may only deny (RCPFullAWSAccess is the one Allow), and every statement must name a principal.
    args.document.Statement.forEach((statement, index) => {
        if (statement.Effect !== "Deny" || statement.Principal !== "*") {
            problems.push(`statement ${statement.Sid ?? index} of RCP "${args.policyName}" must be a Deny with Principal "*" (got ${statement.Effect} for ${JSON.stringify(statement.Principal)}); AWS Organizations accepts nothing else in an RCP.`);
        }
    });
    return problems;
}

/**
 * One resource control policy and its attachments. Organizations must have the RESOURCE_CONTROL_POLICY type enabled
 * on the root; `lz accounts --live` checks it.
 */
export class ResourceControlPolicy extends pulumi.ComponentResource {
    public readonly policyId: pulumi.Output<string>;

    constructor(name: string, args: ResourceControlPolicyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:organization:ResourceControlPolicy", name, {}, opts);
        const problems = resourceControlPolicyProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const policy = new aws.organizations.Policy(`${name}-policy`, {
            name: args.policyName,
            description: args.description,
            type: "RESOURCE_CONTROL_POLICY",
            content: JSON.stringify(args.document),
        }, { parent: this });
        for (const [targetKey, targetId] of Object.entries(args.targets)) {
            new aws.organizations.PolicyAttachment(`${name}-attach-${targetKey}`, { policyId: policy.id, targetId }, { parent: this });
        }
        this.policyId = policy.id;
        this.registerOutputs({ policyId: this.policyId });
    }
}
