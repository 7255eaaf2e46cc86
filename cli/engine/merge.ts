import { PlanAccount, PlanGraph } from "./graph";

type Outputs = Record<string, unknown>;

function record(value: unknown): Record<string, unknown> {
    return value && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/**
 * An environment planned whole: the environment stack's graph with its application stacks' resources, accounts and
 * regions, and their outputs folded into the environment's (`accounts`, `permissionBoundaryArns`, `applications`,
 * `drInventory`), so that the graph reads as the same environment deployed inline would. Each resource keeps its own
 * stack's URN; `stacks` lists the stacks merged.
 */
export function mergeEnvironmentPlans(environment: PlanGraph, applications: readonly PlanGraph[]): PlanGraph {
    const accounts = new Map<string, PlanAccount>(environment.accounts.map((account) => [account.id, account]));
    for (const graph of applications) {
        for (const account of graph.accounts) {
            if (!accounts.has(account.id)) {
                accounts.set(account.id, account);
            }
        }
    }
    const outputs: Outputs = { ...environment.outputs };
    const merged = (key: string) => Object.assign({}, record(environment.outputs[key]), ...applications.map((graph) => record(graph.outputs[key])));
    outputs.accounts = merged("accounts");
    outputs.permissionBoundaryArns = merged("permissionBoundaryArns");
    const applicationOutputs = record(environment.outputs.applications);
    outputs.applications = Object.fromEntries(Object.entries(applicationOutputs).map(([name, value]) => {
        const own = applications.map((graph) => record(record(graph.outputs.applications)[name])).find((entry) => Object.keys(entry).length > 0);
        return [name, { ...record(value), ...(own ?? {}) }];
    }));
    outputs.drInventory = [
        ...(Array.isArray(environment.outputs.drInventory) ? environment.outputs.drInventory : []),
        ...applications.flatMap((graph) => (Array.isArray(graph.outputs.drInventory) ? graph.outputs.drInventory : [])),
    ];
    return {
        ...environment,
        stacks: [environment.stack, ...applications.map((graph) => graph.stack)],
        accounts: [...accounts.values()],
        regions: [...new Set([...environment.regions, ...applications.flatMap((graph) => graph.regions)])].sort(),
        resources: [...environment.resources, ...applications.flatMap((graph) => graph.resources)],
        outputs,
    };
}
