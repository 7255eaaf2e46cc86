import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policySize, SCP_MAX_CHARACTERS } from "./policyDocuments";

export interface ServiceControlPolicyArgs {
    /** Name shown in AWS Organizations. */
    readonly policyName: string;
    readonly description: string;
    /** The document; plain data so that its size is checked before anything is created. */
    readonly document: PolicyDocument;
    /** Where to attach it, keyed by a stable name (an OU key) so that reordering targets replaces nothing. */
    readonly targets: Readonly<Record<string, pulumi.Input<string>>>;
}

export function serviceControlPolicyProblems(args: ServiceControlPolicyArgs): string[] {
    const size = policySize(args.document);
    const problems: string[] = [];
    if (size > SCP_MAX_CHARACTERS) {
        problems.push(`document of SCP "${args.policyName}" is ${size} characters, over the ${SCP_MAX_CHARACTERS}-character limit of AWS Organizations; split it into several policies.`);
    }
    if (Object.keys(args.targets).length === 0) {
        problems.push(`targets of SCP "${args.policyName}" must name at least one OU or account (got none).`);
    }
    return problems;
}

/**
 * AWS Organizations' limit on SCPs attached directly to one OU or account, FullAWSAccess included: 10 since
 * 2026-05-15, when Organizations doubled it from 5 ("Quotas and service limits for AWS Organizations", maximum number
 * of policies of one type attached to a root, OU or account).
 */
export const SCP_MAX_PER_TARGET = 10;
/** The AWS-managed policy Organizations attaches to every OU and account; it counts against the limit. */
export const fullAwsAccessPolicyName = "FullAWSAccess";

/**
 * Targets that would carry more SCPs than AWS Organizations allows. `attachments` maps each target (an OU's name as
 * users see it) to the landing zone's SCPs attached directly to it; FullAWSAccess is added to each, since AWS attaches
 * it everywhere and refuses to detach the last policy of a target.
 */
export function scpAttachmentProblems(attachments: Readonly<Record<string, readonly string[]>>): string[] {
    return Object.entries(attachments)
        .map(([target, policies]) => ({ target, policies: [fullAwsAccessPolicyName, ...policies] }))
        .filter(({ policies }) => policies.length > SCP_MAX_PER_TARGET)
        .map(({ target, policies }) => `the ${target} OU would carry ${policies.length} SCPs directly (${policies.join(", ")}), over AWS Organizations' limit of ${SCP_MAX_PER_TARGET} per target; attach fewer there, or shorten model-catalogue.yaml if its SCP was split.`);
}

/** One service control policy and its attachments. */
export class ServiceControlPolicy extends pulumi.ComponentResource {
    public readonly policyId: pulumi.Output<string>;
    public readonly size: number;

    constructor(name: string, args: ServiceControlPolicyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:organization:ServiceControlPolicy", name, {}, opts);
        const problems = serviceControlPolicyProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        this.size = policySize(args.document);
        const policy = new aws.organizations.Policy(`${name}-policy`, {
            name: args.policyName,
            description: args.description,
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify(args.document),
        }, { parent: this });
        for (const [targetKey, targetId] of Object.entries(args.targets)) {
            new aws.organizations.PolicyAttachment(`${name}-attach-${targetKey}`, {
                policyId: policy.id,
                targetId,
            }, { parent: this });
        }
        this.policyId = policy.id;
        this.registerOutputs({ policyId: this.policyId });
    }
}
