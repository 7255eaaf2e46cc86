/**
 * The organization's structure as an organization plan holds it: OUs, Organizations policies (SCPs, RCPs, Bedrock
 * policies) and their attachments, linked by the IDs the attachments name. A link whose ID is not known yet (the
 * policy or OU is created in the same update) counts as a link only when the engine recorded that the value comes
 * from that resource; otherwise it is "not known yet", and a policy judging it stays silent.
 */
import { containsUnknown, isKnownString, maybeJson } from "./props";
import { awsProviderType, isGlobalType, notKnown, Known, pointsAt, regionOf, StackResource } from "./resources";

export const organizationalUnitType = "aws:organizations/organizationalUnit:OrganizationalUnit";
export const organizationsPolicyType = "aws:organizations/policy:Policy";
export const policyAttachmentType = "aws:organizations/policyAttachment:PolicyAttachment";

/**
 * The OU every environment OU sits under (accounts/model.ts names it; a test checks the two agree). Policies attached
 * to it apply to every environment.
 */
export const workloadsOuName = "Workloads";

/** A plan that shapes the organization itself (OUs, organization policies): the organization stack's plan. */
export function isOrganizationPlan(resources: readonly StackResource[]): boolean {
    return resources.some((r) => r.type === organizationalUnitType || r.type === organizationsPolicyType);
}

/** Whether `from.property` names `to`: true, false, or not known yet (an unknown value with no recorded link). */
export function links(from: StackResource, property: string, to: StackResource): Known<boolean> {
    const value = from.props[property];
    if (pointsAt(from, property, value, to, [to.props.id, to.props.arn])) {
        return true;
    }
    return containsUnknown(value) ? notKnown : false;
}

export interface OrganizationalUnit {
    readonly resource: StackResource;
    /** The OU's name, as the console shows the tree: `Workloads/prod`. */
    readonly path: string;
}

export interface OrganizationStructure {
    /** The Workloads OU, when the plan creates it. */
    readonly workloads?: OrganizationalUnit;
    /** The OUs directly under Workloads, one per environment; a parent not known yet counts as not under it. */
    readonly environmentOus: readonly OrganizationalUnit[];
    /** True when some OU's parent is not known yet, so the environment OUs may be incomplete. */
    readonly environmentOusNotKnown: boolean;
}

export function organizationStructure(resources: readonly StackResource[]): OrganizationStructure {
    const ous = resources.filter((r) => r.type === organizationalUnitType);
    const workloadsResource = ous.find((ou) => ou.props.name === workloadsOuName);
    if (!workloadsResource) {
        return { environmentOus: [], environmentOusNotKnown: false };
    }
    let environmentOusNotKnown = false;
    const environmentOus: OrganizationalUnit[] = [];
    for (const ou of ous.filter((candidate) => candidate !== workloadsResource)) {
        const under = links(ou, "parentId", workloadsResource);
        if (under === notKnown) {
            environmentOusNotKnown = true;
        } else if (under) {
            environmentOus.push({ resource: ou, path: `${workloadsOuName}/${isKnownString(ou.props.name) ? ou.props.name : ou.name}` });
        }
    }
    return { workloads: { resource: workloadsResource, path: workloadsOuName }, environmentOus, environmentOusNotKnown };
}

/**
 * The structure of an organization plan whose Workloads OU exists, for the policies that judge what is in effect on
 * it. Undefined for any other plan (nothing to judge), and for an organization plan without the OU, which is reported:
 * `unprovable` says what cannot be shown without it ("no SCP can be shown to govern Bedrock in the environments' accounts").
 */
export function workloadsOfOrganizationPlan(
    resources: readonly StackResource[],
    reportViolation: (message: string) => void,
    unprovable: string,
): (OrganizationStructure & { readonly workloads: NonNullable<OrganizationStructure["workloads"]> }) | undefined {
    if (!isOrganizationPlan(resources)) {
        return undefined;
    }
    const structure = organizationStructure(resources);
    if (!structure.workloads) {
        reportViolation(`the organization plan has no "${workloadsOuName}" OU, so ${unprovable}; create the landing zone's OUs (components/organization/organizationalUnits.ts).`);
        return undefined;
    }
    return { ...structure, workloads: structure.workloads };
}

export interface OrganizationsPolicy {
    readonly resource: StackResource;
    /** `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`, `BEDROCK_POLICY`… */
    readonly type: Known<string>;
    /** The policy's name for messages. */
    readonly label: string;
    /** The content, parsed from its JSON text; notKnown while not known yet. */
    readonly content: Known<unknown>;
}

export function organizationsPolicies(resources: readonly StackResource[], type: string): OrganizationsPolicy[] {
    return resources.filter((r) => r.type === organizationsPolicyType).map((resource): OrganizationsPolicy => ({
        resource,
        type: containsUnknown(resource.props.type) ? notKnown : String(resource.props.type ?? "SERVICE_CONTROL_POLICY"),
        label: isKnownString(resource.props.name) ? `"${resource.props.name}"` : `"${resource.name}"`,
        content: containsUnknown(resource.props.content) ? notKnown : maybeJson(resource.props.content),
    })).filter((policy) => policy.type === type);
}

/**
 * Whether the policy is attached to the OU, or to the organization's root (a target ID `r-…`; the root is read, not
 * created, so it is never a resource of the plan).
 */
export function attachedTo(policy: OrganizationsPolicy, ou: OrganizationalUnit, resources: readonly StackResource[]): Known<boolean> {
    let result: Known<boolean> = false;
    for (const attachment of resources.filter((r) => r.type === policyAttachmentType)) {
        const ofPolicy = links(attachment, "policyId", policy.resource);
        if (ofPolicy === false) {
            continue;
        }
        const target = attachment.props.targetId;
        const toTarget = isKnownString(target) && /^r-[0-9a-z]{4,32}$/.test(target) ? true : links(attachment, "targetId", ou.resource);
        if (ofPolicy === true && toTarget === true) {
            return true;
        }
        if (toTarget !== false) {
            result = notKnown;
        }
    }
    return result;
}

export interface PoliciesInEffect {
    readonly policies: OrganizationsPolicy[];
    /** True when some other policy may be in effect too: its attachment is not known yet. */
    readonly othersNotKnown: boolean;
}

/**
 * Policies in effect on an OU: attached to it, to one of `ancestors` (the OUs it is under, given by the caller), or
 * to the root.
 */
export function policiesInEffect(policies: readonly OrganizationsPolicy[], ou: OrganizationalUnit, ancestors: readonly OrganizationalUnit[], resources: readonly StackResource[]): PoliciesInEffect {
    const inEffect: OrganizationsPolicy[] = [];
    let othersNotKnown = false;
    for (const policy of policies) {
        const attached = [ou, ...ancestors].map((target) => attachedTo(policy, target, resources));
        if (attached.includes(true)) {
            inEffect.push(policy);
        } else if (attached.includes(notKnown)) {
            othersNotKnown = true;
        }
    }
    return { policies: inEffect, othersNotKnown };
}

/**
 * The regions a plan deploys into: every region an AWS resource lands in, by its own `region` or its provider's.
 * Global services (IAM, Organizations) do not count.
 */
export function deployedRegions(resources: readonly StackResource[]): string[] {
    const regions = new Set<string>();
    for (const resource of resources) {
        if (!resource.type.startsWith("aws:") || resource.type === awsProviderType || isGlobalType(resource.type)) {
            continue;
        }
        const region = regionOf(resource.type, resource.props, resource.provider);
        if (typeof region === "string" && region !== "global") {
            regions.add(region);
        }
    }
    return [...regions].sort();
}
