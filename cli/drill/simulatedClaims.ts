import { PlanGraph } from "../engine/graph";
import { AccessClaimResult, AccessRequest, TargetAccessClaims } from "./claims";

/** `arn:partition:service:region:account:…` → its region and account (either may be empty, as in a foundation model's ARN). */
function arnParts(arn: string): { region: string; account: string } {
    const [, , , region = "", account = ""] = arn.split(":");
    return { region, account };
}

/**
 * The drill's target-region claims, evaluated by the same access model and simulator as `lz access`: the plan's
 * role, resource and endpoint policies decide each request, and the deciding statements are named. The organization's
 * SCPs are not part of a drill's plan; `lz access` and `lz check` hold those.
 */
export const simulatedTargetAccessClaims: TargetAccessClaims = async (graph: PlanGraph, requests: readonly AccessRequest[]) => {
    // Loaded on use: only a readiness run with DR on pays for the simulator.
    const { buildAccessModel } = await import("../../access/model");
    const { evaluate } = await import("../../access/simulate");
    const model = buildAccessModel(graph);
    const results: AccessClaimResult[] = [];
    for (const request of requests) {
        const principal = arnParts(request.principalArn);
        const resource = arnParts(request.resourceArn);
        const evaluation = await evaluate(model, {
            principal: request.principalArn,
            action: request.action,
            resource: request.resourceArn,
            // AWS-owned resources (foundation models) carry no account: the caller's account answers for them.
            resourceAccount: resource.account || principal.account,
            region: resource.region || graph.regions[0],
            context: { ...request.context },
        });
        results.push({
            request,
            decision: evaluation.decision === "Allowed" ? "allowed" : "denied",
            decidingStatement: evaluation.decidedBy.length > 0 ? evaluation.decidedBy.map((decided) => decided.statement).join(" + ") : null,
        });
    }
    return results;
};
