import { PlanGraph } from "../engine/graph";

export interface TrustEdge {
    /** Account ID of the principal, or a service principal such as `bedrock.amazonaws.com`. */
    readonly from: string;
    /** Account ID of the role. */
    readonly to: string;
    readonly roleName: string;
}

function asArray<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Who may assume which role, read from every IAM role's trust policy in the plan. */
export function trustEdges(graph: PlanGraph): TrustEdge[] {
    const edges: TrustEdge[] = [];
    for (const role of graph.resources.filter((r) => r.type === "aws:iam/role:Role")) {
        const text = role.inputs.assumeRolePolicy;
        if (typeof text !== "string" || !role.account) {
            continue;
        }
        let policy: { Statement?: { Effect?: string; Principal?: { AWS?: string | string[]; Service?: string | string[] } }[] };
        try {
            policy = JSON.parse(text);
        } catch {
            continue;
        }
        const roleName = String(role.inputs.name ?? role.name);
        for (const statement of asArray(policy.Statement).filter((s) => s.Effect === "Allow")) {
            for (const principal of asArray(statement.Principal?.AWS)) {
                const account = /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
                if (account) {
                    edges.push({ from: account, to: role.account, roleName });
                }
            }
            for (const service of asArray(statement.Principal?.Service)) {
                edges.push({ from: service, to: role.account, roleName });
            }
        }
    }
    return edges;
}

const nodeId = (value: string) => `n_${value.replace(/[^A-Za-z0-9]/g, "_")}`;

/** A diagram of accounts, the regions each is deployed in, and the trust between them. */
export function formatMermaid(graph: PlanGraph): string {
    const lines = ["flowchart LR", `  deployer(["deployer: pulumi up -s ${graph.stack}"])`];
    const placed = graph.resources.filter((r) => (r.custom || r.remote) && r.account);
    for (const account of graph.accounts) {
        lines.push(`  subgraph ${nodeId(account.id)}["${account.label} · ${account.id}${account.role ? ` · ${account.role}` : ""}"]`);
        const regions = [...new Set(placed.filter((r) => r.account === account.id).map((r) => r.region ?? "no region"))].sort();
        for (const region of regions) {
            const count = placed.filter((r) => r.account === account.id && (r.region ?? "no region") === region).length;
            lines.push(`    ${nodeId(`${account.id}_${region}`)}["${region} · ${count} resources"]`);
        }
        lines.push("  end");
        const entry = account.assumedRoleArn ? `assume ${account.assumedRoleArn.split("/").pop()}` : "own credentials";
        lines.push(`  deployer -->|"${entry}"| ${nodeId(account.id)}`);
    }
    for (const created of graph.resources.filter((r) => r.type === "aws:organizations/account:Account")) {
        const id = created.id ?? created.name;
        lines.push(`  ${nodeId(`member_${id}`)}[["${String(created.inputs.name)} · ${id}"]]`);
        if (created.account) {
            lines.push(`  ${nodeId(created.account)} -->|"creates; ${String(created.inputs.roleName ?? "access role")}"| ${nodeId(`member_${id}`)}`);
        }
    }
    const known = new Set(graph.accounts.map((a) => a.id));
    for (const edge of trustEdges(graph)) {
        if (!known.has(edge.from)) {
            lines.push(`  ${nodeId(edge.from)}(["${edge.from}"])`);
            known.add(edge.from);
        }
        lines.push(`  ${nodeId(edge.from)} -.->|"assume ${edge.roleName}"| ${nodeId(edge.to)}`);
    }
    return lines.join("\n");
}
