/** A plan graph's resources in the shape the cost engine reads. */
import { CostResource } from "../../accounts/cost/estimate";
import { PlanGraph } from "../engine/graph";

export function costResources(graph: PlanGraph): CostResource[] {
    return graph.resources.map((resource) => ({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        props: resource.inputs,
        account: resource.account ?? undefined,
        region: resource.region ?? undefined,
        ...(resource.parent ? { parent: resource.parent } : {}),
        custom: resource.custom,
    }));
}
