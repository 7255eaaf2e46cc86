import { PlanGraph } from "../engine/graph";

export interface TrustEdge {
    /** Account ID of the principal, or a service principal such as `bedrock.amazonaws.com`. */
    readonly from: string;
    /** Account ID of the role. */
    readonly to: string;
    readonly roleName: string;
    /** The trust also lets this principal tag the session (`sts:TagSession`): identity travels with the call. */
    readonly sessionTags: boolean;
}

function asArray<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

type TrustStatement = { Effect?: string; Action?: string | string[]; Principal?: { AWS?: string | string[]; Service?: string | string[] } };

/** The actions that make a principal the role; `sts:TagSession` alone does not. */
const assumeActions = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];

/** Whether a trust statement allows one of the actions it names (`sts:AssumeRole`, `sts:*`, …). */
function allows(statement: TrustStatement, action: string): boolean {
    return asArray(statement.Action).some((granted) => {
        const pattern = new RegExp(`^${granted.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
        return pattern.test(action);
    });
}

/** The principals of a trust statement: account IDs (from account, role or user ARNs) and service principals. */
function principalsOf(statement: TrustStatement): string[] {
    return [
        ...asArray(statement.Principal?.AWS)
            .map((principal) => /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1])
            .filter((account): account is string => account !== undefined),
        ...asArray(statement.Principal?.Service),
    ];
}

/**
 * Who may assume which role, read from every IAM role's trust policy in the plan: one edge per principal account (or
 * service) and role, however many statements or role ARNs of that account the trust lists.
 */
export function trustEdges(graph: PlanGraph): TrustEdge[] {
    const edges = new Map<string, TrustEdge>();
    for (const role of graph.resources.filter((r) => r.type === "aws:iam/role:Role")) {
        const text = role.inputs.assumeRolePolicy;
        if (typeof text !== "string" || !role.account) {
            continue;
        }
        let policy: { Statement?: TrustStatement | TrustStatement[] };
        try {
            policy = JSON.parse(text);
        } catch {
            continue;
        }
        const roleName = String(role.inputs.name ?? role.name);
        const statements = asArray(policy.Statement).filter((s) => s.Effect === "Allow");
        const tagging = new Set(statements.filter((s) => allows(s, "sts:TagSession")).flatMap(principalsOf));
        for (const statement of statements.filter((s) => assumeActions.some((action) => allows(s, action)))) {
            for (const from of principalsOf(statement)) {
                edges.set(`${from}\u0000${role.account}\u0000${roleName}`, { from, to: role.account, roleName, sessionTags: tagging.has(from) });
            }
        }
    }
    return [...edges.values()];
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
        lines.push(`  ${nodeId(edge.from)} -.->|"assume ${edge.roleName}${edge.sessionTags ? " + session tags" : ""}"| ${nodeId(edge.to)}`);
    }
    return lines.join("\n");
}
