/**
 * One request evaluated by @cloud-copilot/iam-simulate over the access model, with the statement that decided it.
 * A deny claim can also name guards: layers that must refuse the request on their own, with every other layer
 * wide open, so that a policy edit which widens one layer is caught even while another still refuses.
 */
import * as path from "path";
import type { EvaluationResult, RequestAnalysis, RunSimulationResults, Simulation } from "@cloud-copilot/iam-simulate";
import { AccessModel, fullAccessPolicy, OrganizationLevel, PolicyDocument, SourcedPolicy } from "./model";

export type Decision = EvaluationResult;

/** A layer of the evaluation: identity policies (`identity-allow` only their Allow statements, `identity-deny` only their Deny statements), resource policy, VPC endpoint policy, permissions boundary, SCPs, RCPs. */
export type Layer = "identity" | "identity-allow" | "identity-deny" | "resource" | "endpoint" | "boundary" | "scp" | "rcp";

export interface AccessRequest {
    /** Role ARN, or a service principal (`bedrock.amazonaws.com`), or an account root for "any principal of that account". */
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    /** Account that owns the resource; the principal's account for AWS-owned resources (foundation models). */
    readonly resourceAccount: string;
    readonly region: string;
    readonly context?: Record<string, string | string[]>;
    /** The VPC endpoint the request goes through, when it does. */
    readonly endpoint?: { readonly account: string; readonly region: string; readonly service: string };
    /** Identity policies to use instead of the principal's (a principal with every permission: `[fullAccessPolicy]`). */
    readonly identityOverride?: readonly PolicyDocument[];
    /** The principal's account, when the principal is not a role of the model (an account root, an outsider). */
    readonly principalAccount?: string;
    readonly principalOrgId?: string;
}

export interface DecidingStatement {
    readonly layer: Layer | "none";
    /** `<source>#<Sid>`, or `<source>#Statement[<index>]` for a statement without a Sid. */
    readonly statement: string;
}

export interface Evaluation {
    readonly decision: Decision;
    /** Allowed: the allow statements that granted it (identity and resource); explicitly denied: the deny; implicitly denied: the layer with no allow. */
    readonly decidedBy: DecidingStatement[];
    /** Context keys the simulator ignored because they do not apply to the action (a blind spot to report). */
    readonly ignoredContextKeys: string[];
}

type Simulator = typeof import("@cloud-copilot/iam-simulate");
let simulator: Simulator | undefined;

export function loadSimulator(): Simulator {
    // Loaded on first use, so that `lz --help` and commands that simulate nothing do not pay for it.
    if (!simulator) {
        simulator = require("@cloud-copilot/iam-simulate") as Simulator;
        memoizeResourceTypeLookup();
        shareOneCollator();
    }
    return simulator;
}

/**
 * The simulator works out the resource type of every request from the action and the ARN, a pure function that is
 * a third of its time; claims repeat the same few pairs hundreds of times. Its module is patched to remember the
 * answers. The module is internal to the package: when it moves, this does nothing and only speed is lost.
 */
function memoizeResourceTypeLookup(): void {
    try {
        const file = path.join(path.dirname(require.resolve("@cloud-copilot/iam-simulate")), "simulation_engine", "resourceTypes.js");
        const resourceTypes = require(file) as { getResourceTypesForAction?: (service: string, action: string, resource: string) => Promise<unknown> };
        const lookup = resourceTypes.getResourceTypesForAction;
        if (typeof lookup !== "function") {
            return;
        }
        const answers = new Map<string, Promise<unknown>>();
        resourceTypes.getResourceTypesForAction = (service, action, resource) => {
            const key = `${service}:${action} ${resource}`;
            let answer = answers.get(key);
            if (!answer) {
                answer = lookup(service, action, resource);
                answers.set(key, answer);
            }
            return answer;
        };
    } catch {
        // Not where expected: leave the simulator as it is.
    }
}

/**
 * The policy library compares condition operators (`...IfExists`, `ForAnyValue:`) with `String#localeCompare` and
 * options, which builds an ICU collator for every call: a fifth of a claims run. One collator with the same options
 * makes the same comparison (ECMA-402 defines localeCompare with options as that collator's compare). Patched like
 * the lookup above, and as harmlessly when the module moves.
 */
function shareOneCollator(): void {
    try {
        // The copy of the policy library that the simulator itself loads.
        const simulatorDir = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
        const file = path.join(path.dirname(require.resolve("@cloud-copilot/iam-policy", { paths: [simulatorDir] })), "utils.js");
        const utils = require(file) as { caseInsensitiveEquals?: unknown; caseInsensitiveEndsWith?: unknown };
        if (typeof utils.caseInsensitiveEquals !== "function" || typeof utils.caseInsensitiveEndsWith !== "function") {
            return;
        }
        const collator = new Intl.Collator(undefined, { sensitivity: "accent" });
        const equals = (first: string, second: string) => collator.compare(first, second) === 0;
        utils.caseInsensitiveEquals = equals;
        utils.caseInsensitiveEndsWith = (value: string, suffix: string) => equals(value.slice(suffix.length * -1), suffix);
    } catch {
        // Not where expected: leave the library as it is.
    }
}

/** Thrown when the simulator refuses a request or a policy: a claim that cannot be evaluated is never a pass. */
export class SimulationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SimulationError";
    }
}

/** What `map` holds for `key`, made by `make` and kept the first time it is asked for. */
function remembered<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
    let value = map.get(key);
    if (value === undefined) {
        value = make();
        map.set(key, value);
    }
    return value;
}

/** Derived documents are made once per source document, so that each keeps one identity (see documentId). */
const withoutEffects = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

function withoutEffect(document: PolicyDocument, effect: "Allow" | "Deny"): PolicyDocument {
    return remembered(remembered(withoutEffects, document, () => new Map()), effect,
        () => ({ ...document, Statement: document.Statement.filter((s) => s.Effect !== effect) }));
}

function principalAccountOf(model: AccessModel, request: AccessRequest): string {
    return request.principalAccount ?? model.roles.get(request.principal)?.account ?? /::(\d{12}):/.exec(request.principal)?.[1] ?? request.resourceAccount;
}

function isServicePrincipal(principal: string): boolean {
    return principal.endsWith(".amazonaws.com");
}

/** Keys AWS sets on every request of such a principal and the simulator does not derive. */
function principalContext(request: AccessRequest, principalAccount: string): Record<string, string> {
    if (isServicePrincipal(request.principal)) {
        return { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": request.principal };
    }
    const context: Record<string, string> = {
        "aws:PrincipalArn": request.principal,
        "aws:PrincipalAccount": principalAccount,
        "aws:PrincipalIsAWSService": "false",
    };
    if (request.principalOrgId) {
        context["aws:PrincipalOrgID"] = request.principalOrgId;
    }
    if (/:role\//.test(request.principal)) {
        context["aws:PrincipalType"] = "AssumedRole";
    }
    return context;
}

/** `index` is the simulator's, which counts from 1. */
const statementIdentity = (policy: SourcedPolicy, index: number): string => {
    const sid = policy.document.Statement[index - 1]?.Sid;
    return `${policy.source}#${sid ?? `Statement[${index - 1}]`}`;
};

/** The policies each layer contributes, given which layers are isolated (open layers are replaced by allow-all). */
interface Layers {
    identity: SourcedPolicy[];
    resource?: SourcedPolicy;
    endpoint?: SourcedPolicy;
    boundary?: SourcedPolicy;
    scp: OrganizationLevel[];
    rcp: OrganizationLevel[];
}

function layersFor(model: AccessModel, request: AccessRequest, principalAccount: string): Layers {
    const role = model.roles.get(request.principal);
    const identity = request.identityOverride
        ? request.identityOverride.map((document, index) => ({ source: `request/identity-${index}`, document }))
        : role?.identity ?? [];
    const endpoint = request.endpoint
        ? model.endpoints.find((e) => e.account === request.endpoint!.account && e.region === request.endpoint!.region && e.service === request.endpoint!.service)?.policy
        : undefined;
    return {
        identity,
        resource: resourcePolicyFor(model, request.resource),
        endpoint,
        boundary: request.identityOverride ? undefined : role?.boundary,
        scp: isServicePrincipal(request.principal) ? [] : model.serviceControlPolicies.get(principalAccount) ?? [],
        rcp: model.resourceControlPolicies.get(request.resourceAccount) ?? [],
    };
}

/** The resource policy governing an ARN: its own, or its bucket's for an object. */
export function resourcePolicyFor(model: AccessModel, resource: string): SourcedPolicy | undefined {
    const own = model.resourcePolicies.get(resource);
    if (own) {
        return own;
    }
    const bucket = /^(arn:aws[\w-]*:s3:::[^/]+)\//.exec(resource)?.[1];
    return bucket ? model.resourcePolicies.get(bucket) : undefined;
}

const open = (name: string): SourcedPolicy => ({ source: `open/${name}`, document: fullAccessPolicy });

const openResourcePolicies = new Map<string, SourcedPolicy>();

function openResourcePolicy(principal: string): SourcedPolicy {
    return remembered(openResourcePolicies, principal, () => {
        const principalElement = isServicePrincipal(principal) ? { Service: principal } : { AWS: principal };
        return { source: "open/resource", document: { Version: "2012-10-17", Statement: [{ Sid: "Open", Effect: "Allow", Principal: principalElement, Action: "*", Resource: "*" }] } };
    });
}

/** Replaces every layer except `guard` by an open one; `full` keeps them all. */
function isolate(layers: Layers, guard: Layer | "full", principal: string, crossAccount: boolean): Layers {
    if (guard === "full") {
        return layers;
    }
    const identityGuard = guard === "identity" || guard === "identity-allow" || guard === "identity-deny";
    let identity: SourcedPolicy[] = [open("identity")];
    if (guard === "identity") {
        identity = layers.identity;
    } else if (guard === "identity-allow") {
        identity = layers.identity.map((p) => ({ source: p.source, document: withoutEffect(p.document, "Deny") }));
    } else if (guard === "identity-deny") {
        identity = [open("identity"), ...layers.identity.map((p) => ({ source: p.source, document: withoutEffect(p.document, "Allow") }))];
    }
    return {
        identity,
        // With the identity side under test, a cross-account resource must not be what refuses: open it.
        resource: guard === "resource" ? layers.resource : identityGuard && crossAccount ? openResourcePolicy(principal) : undefined,
        endpoint: guard === "endpoint" ? layers.endpoint : undefined,
        boundary: guard === "boundary" ? layers.boundary : undefined,
        scp: guard === "scp" ? layers.scp : [],
        rcp: guard === "rcp" ? layers.rcp : [],
    };
}

/**
 * The simulator keeps a request's variable condition keys only when the variable follows a slash
 * (`aws:PrincipalTag/tenant`); `kms:EncryptionContext:<key>` has a colon there, so it drops every encryption-context
 * key and a condition on one can never match. Such keys are renamed, identically in the policies and in the
 * request, to a slash form it keeps (`aws:RequestTag/kms-encryption-context/aws:s3:arn`): no KMS request carries
 * real request tags, so the renamed key cannot meet another.
 */
export function simulatorSafeKey(key: string): string {
    const match = /^kms:EncryptionContext:(.+)$/i.exec(key);
    return match ? `aws:RequestTag/kms-encryption-context/${match[1]}` : key;
}

const simulatorSafeDocuments = new WeakMap<PolicyDocument, PolicyDocument>();

function simulatorSafe(document: PolicyDocument): PolicyDocument {
    return remembered(simulatorSafeDocuments, document, () => renameEncryptionContextKeys(document));
}

function renameEncryptionContextKeys(document: PolicyDocument): PolicyDocument {
    if (!JSON.stringify(document).includes("EncryptionContext:")) {
        return document;
    }
    return {
        ...document,
        Statement: document.Statement.map((statement) => {
            const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
            if (!condition) {
                return statement;
            }
            const renamed: Record<string, Record<string, unknown>> = {};
            for (const [operator, entries] of Object.entries(condition)) {
                renamed[operator] = Object.fromEntries(Object.entries(entries).map(([key, value]) => [simulatorSafeKey(key), value]));
            }
            return { ...statement, Condition: renamed };
        }),
    };
}

function simulatorSafeContext(context: Record<string, string | string[]>): Record<string, string | string[]> {
    return Object.fromEntries(Object.entries(context).map(([key, value]) => [simulatorSafeKey(key), value]));
}

/** Identical requests (the same layers, the same context) are evaluated once per model. */
const caches = new WeakMap<AccessModel, Map<string, Evaluation>>();

/**
 * A number per policy document object, for the cache key: a model's documents and those derived from them are made
 * once (see withoutEffect), so the same number is the same document, without serializing it for every request.
 */
const documentIds = new WeakMap<PolicyDocument, number>();
let nextDocumentId = 0;

function documentId(document: PolicyDocument): number {
    return remembered(documentIds, document, () => nextDocumentId++);
}

/** The slot of a simulation a policy goes in, which decides the simulator's validation of it. */
type PolicySlot = "identity" | "scp" | "rcp" | "resource" | "endpoint";

interface PolicyLibrary {
    createValidatedPolicy(document: unknown, validate: (document: unknown) => unknown[]): unknown;
    validateIdentityPolicy(document: unknown): unknown[];
    validateServiceControlPolicy(document: unknown): unknown[];
    validateResourceControlPolicy(document: unknown): unknown[];
    validateResourcePolicy(document: unknown): unknown[];
    validateEndpointPolicy(document: unknown): unknown[];
}

let policyLibrary: PolicyLibrary | null | undefined;

/** The simulator's own copy of the policy library, whose validators it runs; null when it is not where expected. */
function simulatorPolicyLibrary(): PolicyLibrary | null {
    if (policyLibrary === undefined) {
        try {
            const simulatorDir = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
            const library = require(require.resolve("@cloud-copilot/iam-policy", { paths: [simulatorDir] })) as Partial<PolicyLibrary>;
            const functions: (keyof PolicyLibrary)[] = ["createValidatedPolicy", "validateIdentityPolicy", "validateServiceControlPolicy", "validateResourceControlPolicy", "validateResourcePolicy", "validateEndpointPolicy"];
            policyLibrary = functions.every((name) => typeof library[name] === "function") ? library as PolicyLibrary : null;
        } catch {
            policyLibrary = null;
        }
    }
    return policyLibrary;
}

const validatedDocuments = new Map<PolicySlot, WeakMap<PolicyDocument, unknown>>();

/**
 * The document validated once, as the simulator validates a policy of its slot, in the form the simulator then takes
 * instead of validating it again for every request (ValidatedPolicy): a claims run passes the same few dozen
 * documents hundreds of times. The raw document when the library is not where expected.
 */
function validatedFor(slot: PolicySlot, document: PolicyDocument): unknown {
    const library = simulatorPolicyLibrary();
    if (!library) {
        return document;
    }
    return remembered(remembered(validatedDocuments, slot, () => new WeakMap()), document, () => {
        const validator = {
            identity: library.validateIdentityPolicy,
            scp: library.validateServiceControlPolicy,
            rcp: library.validateResourceControlPolicy,
            resource: library.validateResourcePolicy,
            endpoint: library.validateEndpointPolicy,
        }[slot];
        return library.createValidatedPolicy(document, validator);
    });
}

function decidingStatements(analysis: RequestAnalysis, byId: Map<string, SourcedPolicy>, result: Decision): DecidingStatement[] {
    const name = (layer: Layer, policyId: string, index: number): DecidingStatement => {
        const policy = byId.get(policyId);
        return { layer, statement: policy ? statementIdentity(policy, index) : `${policyId}#Statement[${index}]` };
    };
    const scpStatements = (which: "denyStatements" | "allowStatements") => (analysis.scpAnalysis?.ouAnalysis ?? []).flatMap((ou) => ou[which].map((s) => name("scp", s.policyId, s.statement.index())));
    const rcpStatements = (which: "denyStatements" | "allowStatements") => (analysis.rcpAnalysis?.ouAnalysis ?? []).flatMap((ou) => ou[which].map((s) => name("rcp", s.policyId, s.statement.index())));
    const from = (layer: Layer, part: { denyStatements: { policyId: string; statement: { index(): number } }[]; allowStatements: { policyId: string; statement: { index(): number } }[] } | undefined, which: "denyStatements" | "allowStatements") =>
        (part?.[which] ?? []).map((s) => name(layer, s.policyId, s.statement.index()));
    if (result === "ExplicitlyDenied") {
        return [
            ...scpStatements("denyStatements"),
            ...rcpStatements("denyStatements"),
            ...from("endpoint", analysis.endpointAnalysis, "denyStatements"),
            ...from("boundary", analysis.permissionBoundaryAnalysis, "denyStatements"),
            ...from("identity", analysis.identityAnalysis, "denyStatements"),
            ...from("resource", analysis.resourceAnalysis, "denyStatements"),
        ];
    }
    if (result === "Allowed") {
        return [
            ...from("identity", analysis.identityAnalysis, "allowStatements"),
            ...from("resource", analysis.resourceAnalysis, "allowStatements"),
            ...from("endpoint", analysis.endpointAnalysis, "allowStatements"),
            ...from("boundary", analysis.permissionBoundaryAnalysis, "allowStatements"),
            ...scpStatements("allowStatements"),
            ...rcpStatements("allowStatements"),
        ];
    }
    const blocked: DecidingStatement[] = [];
    const noAllow = (layer: Layer, what: string) => blocked.push({ layer, statement: `no statement of ${what} allows it` });
    if (analysis.scpAnalysis && analysis.scpAnalysis.result !== "Allowed") noAllow("scp", "the SCPs");
    if (analysis.rcpAnalysis && analysis.rcpAnalysis.result !== "Allowed") noAllow("rcp", "the RCPs");
    if (analysis.endpointAnalysis && analysis.endpointAnalysis.result !== "Allowed") noAllow("endpoint", "the VPC endpoint policy");
    if (analysis.permissionBoundaryAnalysis && analysis.permissionBoundaryAnalysis.result !== "Allowed") noAllow("boundary", "the permissions boundary");
    const identityAllows = analysis.identityAnalysis?.result === "Allowed";
    // "AllowedForAccount" (a key policy that delegates to IAM) still needs the identity side to allow.
    const resourceAllows = analysis.resourceAnalysis?.result === "Allowed";
    if (!identityAllows && !(resourceAllows && analysis.sameAccount)) noAllow("identity", "the principal's policies");
    if (!resourceAllows && !analysis.sameAccount) noAllow("resource", "the resource policy");
    return blocked.length > 0 ? blocked : [{ layer: "none", statement: "no statement allows it" }];
}

/** Evaluates a request over the model with only `guard` in force (`full`: every layer). */
export async function evaluate(model: AccessModel, request: AccessRequest, guard: Layer | "full" = "full"): Promise<Evaluation> {
    const principalAccount = principalAccountOf(model, request);
    const crossAccount = principalAccount !== request.resourceAccount;
    const layers = isolate(layersFor(model, request, principalAccount), guard, request.principal, crossAccount);
    const byId = new Map<string, SourcedPolicy>();
    const named = (policy: SourcedPolicy, prefix: string, slot: PolicySlot) => {
        const name = `${prefix}:${policy.source}`;
        byId.set(name, policy);
        return { name, policy: validatedFor(slot, simulatorSafe(policy.document)) as PolicyDocument };
    };
    const orgLevels = (levels: OrganizationLevel[], prefix: "scp" | "rcp") => levels.map((level) => ({ orgIdentifier: level.id, policies: level.policies.map((p) => named(p, `${prefix}:${level.id}`, prefix)) }));
    const simulation: Simulation = {
        request: {
            principal: request.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount },
            contextVariables: simulatorSafeContext({
                ...principalContext(request, principalAccount),
                "aws:SecureTransport": "true",
                "aws:RequestedRegion": request.region,
                "aws:ResourceAccount": request.resourceAccount,
                ...(request.endpoint ? { "aws:SourceVpce": model.endpoints.find((e) => e.account === request.endpoint!.account && e.region === request.endpoint!.region && e.service === request.endpoint!.service)?.id ?? "vpce-unknown" } : {}),
                ...(request.context ?? {}),
            }),
        },
        identityPolicies: layers.identity.map((p, i) => named(p, `identity${i}`, "identity")),
        serviceControlPolicies: orgLevels(layers.scp, "scp"),
        resourceControlPolicies: orgLevels(layers.rcp, "rcp"),
        resourcePolicy: layers.resource ? validatedFor("resource", simulatorSafe(layers.resource.document)) as PolicyDocument : undefined,
        permissionBoundaryPolicies: layers.boundary ? [named(layers.boundary, "boundary", "identity")] : undefined,
        vpcEndpointPolicies: layers.endpoint ? [named(layers.endpoint, "endpoint", "endpoint")] : undefined,
    };
    const sourced = (policy: SourcedPolicy) => [policy.source, documentId(policy.document)];
    const key = JSON.stringify([
        simulation.request,
        layers.identity.map(sourced),
        layers.scp.map((level) => [level.id, level.policies.map(sourced)]),
        layers.rcp.map((level) => [level.id, level.policies.map(sourced)]),
        layers.resource && sourced(layers.resource),
        layers.boundary && sourced(layers.boundary),
        layers.endpoint && sourced(layers.endpoint),
    ]);
    let cache = caches.get(model);
    if (!cache) {
        cache = new Map();
        caches.set(model, cache);
    }
    const cached = cache.get(key);
    if (cached) {
        return cached;
    }
    const response: RunSimulationResults = await loadSimulator().runSimulation(simulation, {});
    if (response.resultType === "error") {
        throw new SimulationError(`the simulator refused ${request.action} on ${request.resource} by ${request.principal}: ${JSON.stringify(response.errors)}`);
    }
    if (response.resultType !== "single") {
        throw new SimulationError(`${request.action} on ${request.resource}: expected one simulation, got ${response.resultType}`);
    }
    const analysis = response.result.analysis;
    // The resource policy's statements come back under the simulator's own policy id; map them to their source.
    if (layers.resource && analysis.resourceAnalysis) {
        for (const s of [...analysis.resourceAnalysis.allowStatements, ...analysis.resourceAnalysis.denyStatements]) {
            byId.set(s.policyId, layers.resource);
        }
    }
    const decidedBy = decidingStatements(analysis, byId, response.overallResult)
        .filter((d, index, all) => all.findIndex((other) => other.layer === d.layer && other.statement === d.statement) === index);
    const evaluation: Evaluation = {
        decision: response.overallResult,
        decidedBy,
        ignoredContextKeys: response.result.ignoredContextKeys ?? [],
    };
    cache.set(key, evaluation);
    return evaluation;
}
