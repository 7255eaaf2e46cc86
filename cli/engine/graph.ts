/**
 * The plan graph: what `lz plan --json` prints and what `lz check`, `lz drill` and CI consume. The schema is
 * versioned; fields are only ever added within a version.
 */
export const planSchemaVersion = 1;

export interface PlanAccount {
    /** 12-digit account ID. */
    readonly id: string;
    /** Logical name of the provider that deploys into it, e.g. `prod-genai` or `management`. */
    readonly label: string;
    /** From the provider's default tags. */
    readonly environment?: string;
    readonly role?: string;
    /** The role the provider assumes to get in, when it assumes one. */
    readonly assumedRoleArn?: string;
}

export interface PlanResource {
    readonly urn: string;
    /** Pulumi type token, e.g. `aws:iam/role:Role` or `lz:account:Baseline`. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** Physical ID the mocks assigned; null for components. */
    readonly id: string | null;
    readonly parent: string | null;
    /** URN of the provider; null for components and for a resource that would use a default provider. */
    readonly provider: string | null;
    /** True for resources backed by a provider, false for components. */
    readonly custom: boolean;
    /** True for components built by a provider plugin (e.g. awsx:ec2:Vpc): their children are not in the graph. */
    readonly remote: boolean;
    /** Account the resource lands in, when known. */
    readonly account: string | null;
    /** Region it lands in; "global" for global services (IAM, Organizations); null for components spanning several. */
    readonly region: string | null;
    readonly inputs: Record<string, unknown>;
    /** Outputs the mocks answered (IDs, ARNs and the inputs echoed back). */
    readonly outputs: Record<string, unknown>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly dependsOn: string[];
    readonly ignoreChanges: string[];
    /**
     * The URNs the resource was known by before, as the engine would match them against the state: its own aliases
     * and those it inherits from a parent's. Absent when it has none.
     */
    readonly aliases?: string[];
}

export interface PlanGraph {
    readonly schemaVersion: typeof planSchemaVersion;
    readonly project: string;
    readonly stack: string;
    readonly kind: "organization" | "environment" | "application";
    /**
     * The stacks this graph holds, when more than one: an environment planned whole lists its own stack, then its
     * application stacks (`prod`, `prod-app-chat`). Absent for a single stack.
     */
    readonly stacks?: string[];
    readonly accounts: PlanAccount[];
    readonly regions: string[];
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
}

export const awsProviderType = "pulumi:providers:aws";

export function isProvider(resource: PlanResource): boolean {
    return resource.type.startsWith("pulumi:providers:");
}

/** Resources of a type, in graph order. */
export function resourcesOfType(graph: PlanGraph, type: string): PlanResource[] {
    return graph.resources.filter((r) => r.type === type);
}
