/**
 * The access model of a plan: every principal with the policies that decide what it may do, every resource
 * policy, VPC endpoint policy, and the organization's SCPs and RCPs on each account's OU path. Read from `lz plan
 * --json` graphs (an environment stack, and optionally the organization stack); creates nothing.
 *
 * Each policy document carries a source, a file-like path to the resource that writes it
 * (`prod-data/us-east-1/s3/bucketPolicy/prod-data-documents-us-east-1-documents-policy`), so a decision can name the
 * statement that made it.
 */
import type { PlanGraph, PlanResource } from "../cli/engine/graph";

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly [key: string]: unknown;
}

export interface PolicyDocument {
    readonly Version?: string;
    readonly Statement: PolicyStatement[];
}

/** A policy document and where it comes from. */
export interface SourcedPolicy {
    /** File-like path of the resource that writes the document; statements are named `<source>#<Sid>`. */
    readonly source: string;
    readonly document: PolicyDocument;
}

export interface RoleModel {
    readonly arn: string;
    readonly name: string;
    readonly account: string;
    /** The trust policy (the role's resource policy for sts:AssumeRole and sts:TagSession). */
    readonly trust?: SourcedPolicy;
    /** Inline and customer-managed policies. */
    readonly identity: SourcedPolicy[];
    readonly boundary?: SourcedPolicy;
    /** Managed policies the plan attaches but does not define (AWS-managed): their content is not known offline. */
    readonly unknownManagedPolicies: string[];
}

export interface EndpointModel {
    readonly account: string;
    readonly region: string;
    /** Service short name: `bedrock-runtime`, `s3`, `sts`. */
    readonly service: string;
    readonly id: string;
    readonly policy?: SourcedPolicy;
}

/** SCPs or RCPs on one level of an account's path: the root, each OU, the account. */
export interface OrganizationLevel {
    readonly id: string;
    readonly policies: SourcedPolicy[];
}

export interface AccessModel {
    readonly stack: string;
    readonly roles: Map<string, RoleModel>;
    /** Resource policies by the ARN they govern (bucket ARN, key ARN, vector bucket ARN, topic ARN, role ARN). */
    readonly resourcePolicies: Map<string, SourcedPolicy>;
    readonly endpoints: EndpointModel[];
    /** Account labels (`prod-genai`) by account ID. */
    readonly accountLabels: Map<string, string>;
    /** The resources, for claims that look up what the program created. */
    readonly resources: readonly PlanResource[];
    /** SCPs on each account's path, root first; empty when no organization graph was given. */
    readonly serviceControlPolicies: Map<string, OrganizationLevel[]>;
    readonly resourceControlPolicies: Map<string, OrganizationLevel[]>;
    /** What the model could not read and therefore does not evaluate. */
    readonly blindSpots: string[];
}

function parseDocument(value: unknown): PolicyDocument | undefined {
    const parsed = typeof value === "string" ? (() => {
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return undefined;
        }
    })() : value;
    if (!parsed || typeof parsed !== "object") {
        return undefined;
    }
    const statement = (parsed as { Statement?: unknown }).Statement;
    return { ...(parsed as object), Statement: Array.isArray(statement) ? statement as PolicyStatement[] : statement ? [statement as PolicyStatement] : [] };
}

function shortType(type: string): string {
    // aws:s3/bucketPolicy:BucketPolicy -> s3/bucketPolicy
    const parts = type.split(":");
    return parts.length >= 2 ? parts[1] : type;
}

/** The file-like path of a resource: `<account label>/<region>/<module>/<resource>/<logical name>`. */
export function sourceOf(resource: PlanResource, accountLabels: ReadonlyMap<string, string>): string {
    const account = resource.account ? accountLabels.get(resource.account) ?? resource.account : "unknown-account";
    return `${account}/${resource.region ?? "global"}/${shortType(resource.type)}/${resource.name}`;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

export const fullAccessPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "FullAWSAccess", Effect: "Allow", Action: "*", Resource: "*" }],
};

function organizationPaths(organization: PlanGraph, accountLabels: ReadonlyMap<string, string>, type: "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY", environmentOfAccount: (id: string) => string | undefined, accountIds: readonly string[]): Map<string, OrganizationLevel[]> {
    const labels = new Map(accountLabels);
    for (const account of organization.accounts) {
        labels.set(account.id, account.label);
    }
    const policies = new Map<string, SourcedPolicy>();
    for (const r of organization.resources.filter((r) => r.type === "aws:organizations/policy:Policy")) {
        const id = text(r.outputs.id) ?? r.id;
        const document = parseDocument(r.inputs.content);
        if (id && document && (r.inputs.type ?? "SERVICE_CONTROL_POLICY") === type) {
            policies.set(id, { source: sourceOf(r, labels), document });
        }
    }
    const attached = new Map<string, SourcedPolicy[]>();
    for (const r of organization.resources.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment")) {
        const policy = policies.get(String(r.inputs.policyId));
        if (policy) {
            const target = String(r.inputs.targetId);
            attached.set(target, [...(attached.get(target) ?? []), policy]);
        }
    }
    const parentOf = new Map<string, string>();
    const ouByName = new Map<string, string>();
    for (const r of organization.resources.filter((r) => r.type === "aws:organizations/organizationalUnit:OrganizationalUnit" || r.type === "aws:organizations/account:Account")) {
        const id = text(r.outputs.id) ?? r.id;
        if (id && typeof r.inputs.parentId === "string") {
            parentOf.set(id, r.inputs.parentId);
        }
        if (id && r.type.endsWith("OrganizationalUnit")) {
            ouByName.set(`${parentOf.get(id)}/${String(r.inputs.name)}`, id);
        }
    }
    const workloadsOu = [...ouByName.entries()].find(([key]) => key.endsWith("/Workloads"))?.[1];
    // FullAWSAccess is attached to every level by AWS Organizations itself; the program never creates it.
    const full: SourcedPolicy = { source: "organization/FullAWSAccess", document: fullAccessPolicy };
    const paths = new Map<string, OrganizationLevel[]>();
    for (const accountId of accountIds) {
        let start: string | undefined = parentOf.has(accountId) ? accountId : undefined;
        if (!start) {
            // An adopted account is not created by the organization stack: it sits in its environment's OU.
            const environment = environmentOfAccount(accountId);
            const ou = workloadsOu && environment ? ouByName.get(`${workloadsOu}/${environment}`) : undefined;
            if (!ou) {
                continue;
            }
            start = ou;
        }
        const chain: string[] = [];
        for (let node: string | undefined = start; node; node = parentOf.get(node)) {
            chain.unshift(node);
            if (!parentOf.has(node)) {
                break;
            }
        }
        if (chain[chain.length - 1] !== accountId) {
            chain.push(accountId);
        }
        paths.set(accountId, chain.map((id) => ({ id, policies: type === "SERVICE_CONTROL_POLICY" ? [full, ...(attached.get(id) ?? [])] : attached.get(id) ?? [] })));
    }
    return paths;
}

/** Builds the access model of an environment (or organization) plan, with the organization's SCPs and RCPs when given. */
export function buildAccessModel(graph: PlanGraph, organization?: PlanGraph): AccessModel {
    const accountLabels = new Map(graph.accounts.map((a) => [a.id, a.label]));
    const blindSpots: string[] = [];
    const resources = graph.resources.filter((r) => r.custom);
    const managedPolicies = new Map<string, SourcedPolicy>();
    for (const r of resources.filter((r) => r.type === "aws:iam/policy:Policy")) {
        const document = parseDocument(r.inputs.policy);
        const arn = text(r.outputs.arn);
        if (document && arn) {
            managedPolicies.set(arn, { source: sourceOf(r, accountLabels), document });
        }
    }
    const roles = new Map<string, RoleModel>();
    const roleByAccountAndName = new Map<string, { -readonly [K in keyof RoleModel]: RoleModel[K] }>();
    const resourcePolicies = new Map<string, SourcedPolicy>();
    for (const r of resources.filter((r) => r.type === "aws:iam/role:Role")) {
        const name = text(r.inputs.name) ?? text(r.outputs.name) ?? r.name;
        const account = r.account ?? "";
        const arn = text(r.outputs.arn) ?? `arn:aws:iam::${account}:role/${name}`;
        const trustDocument = parseDocument(r.inputs.assumeRolePolicy);
        const source = sourceOf(r, accountLabels);
        const boundaryArn = text(r.inputs.permissionsBoundary);
        const role = {
            arn, name, account,
            trust: trustDocument ? { source, document: trustDocument } : undefined,
            identity: [] as SourcedPolicy[],
            boundary: boundaryArn ? managedPolicies.get(boundaryArn) : undefined,
            unknownManagedPolicies: [] as string[],
        };
        if (boundaryArn && !role.boundary) {
            blindSpots.push(`${source}: permissions boundary ${boundaryArn} is not defined in the plan`);
        }
        const inline = r.inputs.inlinePolicies;
        if (Array.isArray(inline)) {
            for (const entry of inline as { name?: string; policy?: unknown }[]) {
                const document = parseDocument(entry.policy);
                if (document) {
                    role.identity.push({ source: `${source}/inline/${entry.name ?? "policy"}`, document });
                }
            }
        }
        if (role.trust) {
            resourcePolicies.set(arn, role.trust);
        }
        roles.set(arn, role);
        roleByAccountAndName.set(`${account}/${name}`, role);
    }
    for (const r of resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")) {
        const role = roleByAccountAndName.get(`${r.account}/${String(r.inputs.role)}`);
        const document = parseDocument(r.inputs.policy);
        if (role && document) {
            role.identity.push({ source: sourceOf(r, accountLabels), document });
        }
    }
    for (const r of resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        const role = roleByAccountAndName.get(`${r.account}/${String(r.inputs.role)}`);
        const policyArn = String(r.inputs.policyArn);
        const policy = managedPolicies.get(policyArn);
        if (role && policy) {
            role.identity.push(policy);
        } else if (role) {
            role.unknownManagedPolicies.push(policyArn);
            blindSpots.push(`${sourceOf(r, accountLabels)}: managed policy ${policyArn} is not defined in the plan, so what it grants is not evaluated`);
        }
    }
    const resourcePolicyOf: Record<string, (r: PlanResource) => { arn?: string; document?: PolicyDocument }> = {
        "aws:s3/bucketPolicy:BucketPolicy": (r) => ({ arn: text(r.inputs.bucket) && `arn:aws:s3:::${String(r.inputs.bucket)}`, document: parseDocument(r.inputs.policy) }),
        "aws:kms/key:Key": (r) => ({ arn: text(r.outputs.arn), document: parseDocument(r.inputs.policy) }),
        "aws:kms/replicaKey:ReplicaKey": (r) => ({ arn: text(r.outputs.arn), document: parseDocument(r.inputs.policy) }),
        "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy": (r) => ({ arn: text(r.inputs.vectorBucketArn), document: parseDocument(r.inputs.policy) }),
        "aws:sns/topicPolicy:TopicPolicy": (r) => ({ arn: text(r.inputs.arn), document: parseDocument(r.inputs.policy) }),
        "aws:ecr/repositoryPolicy:RepositoryPolicy": (r) => ({ arn: text(r.outputs.repositoryArn) ?? text(r.outputs.arn), document: parseDocument(r.inputs.policy) }),
        "aws:sqs/queuePolicy:QueuePolicy": (r) => ({ arn: text(r.outputs.queueArn), document: parseDocument(r.inputs.policy) }),
        "aws:secretsmanager/secretPolicy:SecretPolicy": (r) => ({ arn: text(r.inputs.secretArn), document: parseDocument(r.inputs.policy) }),
    };
    for (const r of resources) {
        const read = resourcePolicyOf[r.type];
        if (!read) {
            continue;
        }
        const { arn, document } = read(r);
        if (arn && document) {
            resourcePolicies.set(arn, { source: sourceOf(r, accountLabels), document });
        }
    }
    const endpoints: EndpointModel[] = [];
    for (const r of resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")) {
        const serviceName = String(r.inputs.serviceName ?? "");
        const region = r.region ?? "";
        const service = serviceName.startsWith(`com.amazonaws.${region}.`) ? serviceName.slice(`com.amazonaws.${region}.`.length) : serviceName;
        const document = parseDocument(r.inputs.policy);
        endpoints.push({ account: r.account ?? "", region, service, id: text(r.outputs.id) ?? r.name, policy: document ? { source: sourceOf(r, accountLabels), document } : undefined });
    }
    // The organization stack's own graph deploys into the management account only; its members are its Account resources.
    const memberIds = graph.kind === "organization"
        ? resources.filter((r) => r.type === "aws:organizations/account:Account").map((r) => text(r.outputs.id)).filter((id): id is string => Boolean(id))
        : [];
    const accountIds = [...graph.accounts.map((a) => a.id), ...memberIds];
    const environmentOf = (id: string) => graph.accounts.find((a) => a.id === id)?.environment;
    const serviceControlPolicies = organization ? organizationPaths(organization, accountLabels, "SERVICE_CONTROL_POLICY", environmentOf, accountIds) : new Map();
    const resourceControlPolicies = organization ? organizationPaths(organization, accountLabels, "RESOURCE_CONTROL_POLICY", environmentOf, accountIds) : new Map();
    if (!organization) {
        blindSpots.push("no organization plan: SCPs and RCPs are not evaluated");
    }
    return { stack: graph.stack, roles, resourcePolicies, endpoints, accountLabels, resources, serviceControlPolicies, resourceControlPolicies, blindSpots };
}
