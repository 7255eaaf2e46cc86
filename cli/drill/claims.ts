import { accountKey } from "../../accounts/naming";
import { partitionOf } from "../../accounts/regions";
import { Environment } from "../../accounts/validate";
import { DrInventoryEntry } from "../../accounts/drInventory";
import { PlanGraph, PlanResource } from "../engine/graph";
import { CheckResult, fail, pass, skip } from "./checks";
import { locationIn } from "./inventory";

/**
 * Access claims of the target region: requests that must be allowed once the environment runs there (the invoke role
 * calls a model with the target's guardrail and retrieves from the target's knowledge base, an application reads its
 * session table's replica, the accelerator role reads the replicated model artifacts). The drill builds the requests
 * from the plan; an evaluator (an IAM simulation over the planned policies) decides each one and names the statement
 * that decided. Readiness runs the evaluator when one is provided and says so when none is.
 */

export interface AccessRequest {
    /** Stable: `invoke with the us-west-2 guardrail (chat)`. */
    readonly name: string;
    readonly principalArn: string;
    readonly action: string;
    readonly resourceArn: string;
    /** Request context keys, e.g. `bedrock:GuardrailIdentifier`. */
    readonly context: Readonly<Record<string, string>>;
}

export interface AccessClaimResult {
    readonly request: AccessRequest;
    readonly decision: "allowed" | "denied";
    /** The statement that decided, as `<policy name or ARN>#<Sid>`; null when nothing matched (implicit deny). */
    readonly decidingStatement: string | null;
}

/** Evaluates requests over the planned policies of `graph`. */
export type TargetAccessClaims = (graph: PlanGraph, requests: readonly AccessRequest[]) => Promise<readonly AccessClaimResult[]>;

function roleArnNamed(graph: PlanGraph, name: (roleName: string) => boolean): string[] {
    return graph.resources
        .filter((resource) => resource.type === "aws:iam/role:Role" && typeof resource.inputs.name === "string" && name(resource.inputs.name))
        .map((resource) => String(resource.outputs.arn ?? `arn:${partitionOf(graph.regions[0] ?? "us-east-1")}:iam::${resource.account}:role/${String(resource.inputs.name)}`));
}

function resourceAt(graph: PlanGraph, entry: DrInventoryEntry | undefined, region: string): PlanResource | undefined {
    const location = entry && locationIn(entry, region);
    return location ? graph.resources.find((resource) => resource.urn === location.urn) : undefined;
}

export interface ClaimInput {
    readonly graph: PlanGraph;
    readonly inventory: readonly DrInventoryEntry[];
    readonly environment: Environment;
    readonly target: string;
}

/**
 * The requests that must be allowed in the target region, built from the plan's own names and ARNs. A request whose
 * principal or resource the plan does not hold is reported as a problem instead: it cannot be evaluated.
 */
export function targetAccessRequests(input: ClaimInput): { requests: AccessRequest[]; problems: string[] } {
    const { graph, inventory, environment, target } = input;
    const partition = partitionOf(environment.primaryRegion);
    const prefix = `${environment.namePrefix}-${environment.name}`;
    const requests: AccessRequest[] = [];
    const problems: string[] = [];
    const genai = accountKey("genai");
    const find = (kind: string, account?: string) => inventory.find((entry) => entry.kind === kind && (account === undefined || entry.account === account));

    const invokeRoles = roleArnNamed(graph, (name) => name.startsWith(`${prefix}-genai-invoke-`));
    const guardrail = resourceAt(graph, find("guardrail", genai), target);
    const version = guardrail && graph.resources.find((resource) => resource.type === "aws:bedrock/guardrailVersion:GuardrailVersion"
        && resource.inputs.guardrailArn === guardrail.outputs.arn);
    const knowledgeBase = resourceAt(graph, find("knowledge-base", genai), target);
    const model = environment.models[0];
    if (invokeRoles.length === 0) {
        problems.push(`the plan holds no invoke role named ${prefix}-genai-invoke-<application>`);
    }
    for (const role of invokeRoles) {
        const application = role.split(`${prefix}-genai-invoke-`).pop();
        // The invoke role is only ever used with the end user's session tags: its first tenant, at the lowest classification.
        const tenant = application !== undefined ? environment.accounts.applications[application]?.tenants[0] : undefined;
        const sessionTags: Record<string, string> = tenant ? { "aws:PrincipalTag/tenant": tenant, "aws:PrincipalTag/data-classification": "public" } : {};
        if (guardrail && version && model) {
            requests.push({
                name: `invoke ${model} with the ${target} guardrail (${application})`,
                principalArn: role,
                action: "bedrock:InvokeModel",
                resourceArn: `arn:${partition}:bedrock:${target}::foundation-model/${model}`,
                context: { ...sessionTags, "bedrock:GuardrailIdentifier": `${String(guardrail.outputs.arn)}:${String(version.outputs.version ?? "1")}` },
            });
        } else {
            problems.push(`no guardrail version in ${target} to invoke ${model ?? "a model"} with (${application})`);
        }
        if (knowledgeBase) {
            requests.push({
                name: `retrieve from the ${target} knowledge base (${application})`,
                principalArn: role,
                action: "bedrock:Retrieve",
                resourceArn: String(knowledgeBase.outputs.arn),
                context: sessionTags,
            });
        } else {
            problems.push(`no knowledge base in ${target} to retrieve from (${application})`);
        }
    }
    for (const entry of inventory.filter((candidate) => candidate.kind === "dynamodb-table")) {
        const table = graph.resources.find((resource) => resource.urn === entry.primary.urn);
        const application = entry.account.replace(/^app-/, "");
        const workload = roleArnNamed(graph, (name) => name === `${prefix}-app-${application}-workload`)[0];
        if (!table || !workload) {
            problems.push(`no session table or workload role of ${entry.account} in the plan`);
            continue;
        }
        requests.push({
            name: `read the ${target} replica of ${entry.primary.physicalName} (${application})`,
            principalArn: workload,
            action: "dynamodb:GetItem",
            resourceArn: `arn:${partition}:dynamodb:${target}:${table.account}:table/${entry.primary.physicalName}`,
            context: {},
        });
    }
    const artifacts = inventory.find((entry) => entry.kind === "s3-bucket" && entry.account === genai && locationIn(entry, target));
    const accelerator = roleArnNamed(graph, (name) => name === `${prefix}-accelerator-workload`)[0];
    if (artifacts && accelerator) {
        requests.push({
            name: `accelerator role reads model artifacts in ${target}`,
            principalArn: accelerator,
            action: "s3:GetObject",
            resourceArn: `arn:${partition}:s3:::${locationIn(artifacts, target)!.physicalName}/models/model.tar.gz`,
            context: {},
        });
    } else {
        problems.push(`no accelerator role or model-artifacts bucket in ${target} in the plan`);
    }
    return { requests, problems };
}

/**
 * One readiness row per request: pass when allowed, fail when denied (naming the deciding statement), and a single
 * skip row when no evaluator is provided, so that a report never counts an unevaluated claim as a pass.
 */
export async function accessClaimChecks(input: ClaimInput, evaluate: TargetAccessClaims | undefined): Promise<CheckResult[]> {
    const { requests, problems } = targetAccessRequests(input);
    const problemRows = problems.map((problem) => fail(`access claim in ${input.target}`, `${problem}; the claim cannot be evaluated`));
    if (!evaluate) {
        return [...problemRows, skip(`access claims in ${input.target}`, `${requests.length} requests not evaluated: this build has no access-claims engine`)];
    }
    const results = await evaluate(input.graph, requests);
    const rows = requests.map((request) => {
        const name = `access ${request.name}`;
        const result = results.find((candidate) => candidate.request.name === request.name);
        if (!result) {
            return fail(name, `the access-claims engine returned no decision for ${request.action} on ${request.resourceArn}`);
        }
        const by = result.decidingStatement ?? "no statement (implicit deny)";
        return result.decision === "allowed"
            ? pass(name, `${request.action} on ${request.resourceArn} allowed by ${by}`)
            : fail(name, `${request.principalArn} is denied ${request.action} on ${request.resourceArn} by ${by}; it must be allowed once ${input.target} is active`);
    });
    return [...problemRows, ...rows];
}
