/**
 * What a customer-managed IAM policy (aws.iam.Policy) does depends on how it is used: attached to a principal it
 * grants, named as a principal's permissionsBoundary it only caps. The landing zone's boundary is the AWS pattern
 * "Allow * on *, then Deny what no role may do": read as a grant, it would look like administrator access.
 */
import { asList, containsUnknown, isKnownString } from "./props";
import { pointsAt, StackResource } from "./resources";

export const managedPolicyType = "aws:iam/policy:Policy";

const attachmentTypes = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

/**
 * True when `value` (from `from.property`) names `policy`: its ARN, or, while the ARN is not known yet, an ARN
 * ending in the policy's path and name, or the engine's record that the value comes from it.
 */
function refersTo(from: StackResource, property: string, value: unknown, policy: StackResource): boolean {
    if (pointsAt(from, property, value, policy, [policy.props.arn, policy.props.id])) {
        return true;
    }
    const name = policy.props.name;
    const path = isKnownString(policy.props.path) ? policy.props.path : "/";
    return isKnownString(value) && isKnownString(name) && value.endsWith(`:policy${path}${name}`);
}

/** The URNs of managed policies that principals use only as permissions boundaries, never attached. */
export function boundaryOnlyPolicies(resources: readonly StackResource[]): Set<string> {
    const boundaryOnly = new Set<string>();
    for (const policy of resources.filter((r) => r.type === managedPolicyType)) {
        const usedAsBoundary = resources.some((r) => r.props.permissionsBoundary !== undefined && refersTo(r, "permissionsBoundary", r.props.permissionsBoundary, policy));
        const attached = resources.some((r) =>
            (attachmentTypes.includes(r.type) && refersTo(r, "policyArn", r.props.policyArn, policy))
            || (!containsUnknown(r.props.managedPolicyArns) && asList(r.props.managedPolicyArns).some((arn) => refersTo(r, "managedPolicyArns", arn, policy))));
        if (usedAsBoundary && !attached) {
            boundaryOnly.add(policy.urn);
        }
    }
    return boundaryOnly;
}
