import { PlanGraph, PlanResource } from "../engine/graph";

/** Region sections in a stable order: global services first, then regions alphabetically. */
function regionOrder(a: string, b: string): number {
    if (a === b) {
        return 0;
    }
    return a === "global" ? -1 : b === "global" ? 1 : a.localeCompare(b);
}

function flags(resource: PlanResource): string {
    const out: string[] = [];
    if (resource.protect) {
        out.push("protected");
    }
    if (resource.retainOnDelete) {
        out.push("retained on delete");
    }
    if (resource.remote) {
        out.push("remote component: its children are built by its plugin");
    }
    if (resource.custom && resource.type.startsWith("aws:") && resource.provider === null) {
        out.push("DEFAULT PROVIDER");
    }
    return out.length > 0 ? `  [${out.join(", ")}]` : "";
}

/**
 * The plan as a tree: account → region → component → resource. A component that spans regions appears under each
 * region it has resources in, holding only those resources.
 */
export function formatTree(graph: PlanGraph): string {
    const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
    const placed = graph.resources.filter((r) => r.custom || r.remote);
    const accountIds = [...new Set(placed.map((r) => r.account ?? ""))];
    const accountCount = accountIds.filter((id) => id !== "").length;
    const lines: string[] = [
        `${graph.project}/${graph.stack} · ${graph.kind} stack · ${placed.length} resources in ${accountCount} account${accountCount === 1 ? "" : "s"}, ` +
        `${graph.regions.length} region${graph.regions.length === 1 ? "" : "s"} (${graph.regions.join(", ")})`,
    ];
    const labels = new Map(graph.accounts.map((a) => [a.id, a]));
    for (const accountId of accountIds.sort((a, b) => (a === "" ? 1 : b === "" ? -1 : 0))) {
        const inAccount = placed.filter((r) => (r.account ?? "") === accountId);
        lines.push("");
        if (accountId === "") {
            lines.push("not in an account");
        } else {
            const account = labels.get(accountId);
            const role = account?.role ? `${account.role}; ` : "";
            const entry = account?.assumedRoleArn ? `assumes ${account.assumedRoleArn}` : "deployer's own credentials";
            lines.push(`account ${accountId}  ${account?.label ?? ""}  (${role}${entry})`);
        }
        const regions = [...new Set(inAccount.map((r) => r.region ?? "no region"))].sort(regionOrder);
        for (const region of regions) {
            lines.push(`  ${region}`);
            const members = inAccount.filter((r) => (r.region ?? "no region") === region);
            // The section's resources and every component above them, printed depth-first in registration order.
            const inSection = new Set<string>();
            for (const resource of members) {
                for (let node: PlanResource | undefined = resource; node; node = node.parent ? byUrn.get(node.parent) : undefined) {
                    inSection.add(node.urn);
                }
            }
            const ordered = graph.resources.filter((r) => inSection.has(r.urn));
            const print = (node: PlanResource, depth: number) => {
                lines.push(`${"  ".repeat(depth + 2)}${node.type}  ${node.name}${flags(node)}`);
                ordered.filter((child) => child.parent === node.urn).forEach((child) => print(child, depth + 1));
            };
            ordered.filter((r) => !r.parent || !inSection.has(r.parent)).forEach((root) => print(root, 0));
        }
    }
    return lines.join("\n");
}
