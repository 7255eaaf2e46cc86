/** The stack's resources in the shape the cost engine (accounts/cost) reads, with the facts the pack derives. */
import { CostResource } from "../../accounts/cost/estimate";
import { notKnown, regionOf, StackResource } from "./resources";

/**
 * Resources a provider plugin manages have a type of the form `package:module/file:Type`; components
 * (`lz:capacity:AcceleratorCapacity`, `awsx:ec2:Vpc`) have no slash. The analyzer does not say which is which.
 */
function isCustomType(type: string): boolean {
    return /^[^:]+:[^:]*\/[^:]*:[^:]+$/.test(type);
}

export type CostFacts = Pick<StackResource, "urn" | "type" | "name" | "props" | "provider">;

export function costResourceOf(resource: CostFacts, parentUrn?: string): CostResource {
    const region = regionOf(resource.type, resource.props, resource.provider);
    const provider = resource.provider;
    return {
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        props: resource.props,
        // The account as accountKey() in ./resources keys it: its ID when known, else its provider's URN.
        account: provider ? (typeof provider.accountId === "string" ? provider.accountId : provider.urn) : undefined,
        region: region === notKnown || region === undefined ? undefined : region,
        ...(parentUrn ? { parent: parentUrn } : {}),
        custom: isCustomType(resource.type),
    };
}
