/**
 * The plan graph turned into the analyzer messages the CLI sends: Analyze gets a resource's inputs, AnalyzeStack
 * every resource with its outputs (plugin.AnalyzerResource / AnalyzerStackResource in the CLI).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { isProvider, PlanGraph, PlanResource } from "../engine/graph";
import { EnforcementLevel, PolicyConfigMap } from "./policyConfig";

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Plain JSON for a Struct. The engine marshals resource references for analyzers as the resource's ID (custom
 * resources) or URN (components), never as references: the policy SDK cannot deserialize those.
 */
function toJson(value: unknown, byUrn: ReadonlyMap<string, PlanResource>): JsonValue | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((item) => toJson(item, byUrn) ?? null);
    }
    const record = value as Record<string, unknown>;
    if (typeof record.$resource === "string" && Object.keys(record).length === 1) {
        const target = byUrn.get(record.$resource);
        return target?.custom && target.id ? target.id : record.$resource;
    }
    const out: { [key: string]: JsonValue } = {};
    for (const [key, inner] of Object.entries(record)) {
        const converted = toJson(inner, byUrn);
        if (converted !== undefined) {
            out[key] = converted;
        }
    }
    return out;
}

function struct(value: Record<string, unknown>, byUrn: ReadonlyMap<string, PlanResource>): Struct {
    return Struct.fromJavaScript(toJson(value, byUrn) as { [key: string]: JsonValue });
}

/** The stack's root resource, which the CLI registers first and analyzes like any other. */
export function rootStackResource(graph: PlanGraph): PlanResource {
    return {
        urn: `urn:pulumi:${graph.stack}::${graph.project}::pulumi:pulumi:Stack::${graph.project}-${graph.stack}`,
        type: "pulumi:pulumi:Stack",
        name: `${graph.project}-${graph.stack}`,
        id: null,
        parent: null,
        provider: null,
        custom: false,
        remote: false,
        account: null,
        region: null,
        inputs: {},
        outputs: graph.outputs,
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        ignoreChanges: [],
    };
}

/** Resources in registration order, root stack first, with top-level resources parented to it as under the CLI. */
export function analyzedResources(graph: PlanGraph): PlanResource[] {
    const root = rootStackResource(graph);
    return [root, ...graph.resources.map((resource) => (resource.parent === null ? { ...resource, parent: root.urn } : resource))];
}

function options(resource: PlanResource): analyzerProto.AnalyzerResourceOptions {
    return new analyzerProto.AnalyzerResourceOptions()
        .setProtect(resource.protect)
        .setIgnorechangesList([...resource.ignoreChanges])
        .setDeletebeforereplace(false)
        .setDeletebeforereplacedefined(false)
        .setAdditionalsecretoutputsList([])
        .setAliasesList([])
        .setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts())
        .setParent(resource.parent ?? "");
}

/**
 * Each provider's message, built once per plan (`byUrn`) and shared by the requests of every resource it manages: a
 * few providers serve hundreds of resources, and a message is only read when a request is serialized.
 */
const providerMessages = new WeakMap<ReadonlyMap<string, PlanResource>, Map<string, analyzerProto.AnalyzerProviderResource>>();

function providerOf(resource: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): analyzerProto.AnalyzerProviderResource | undefined {
    const provider = resource.provider ? byUrn.get(resource.provider) : undefined;
    if (!provider) {
        return undefined;
    }
    let messages = providerMessages.get(byUrn);
    if (!messages) {
        messages = new Map();
        providerMessages.set(byUrn, messages);
    }
    let message = messages.get(provider.urn);
    if (!message) {
        message = new analyzerProto.AnalyzerProviderResource()
            .setType(provider.type)
            .setName(provider.name)
            .setUrn(provider.urn)
            .setProperties(struct(provider.inputs, byUrn));
        messages.set(provider.urn, message);
    }
    return message;
}

export function analyzeRequest(resource: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): analyzerProto.AnalyzeRequest {
    const request = new analyzerProto.AnalyzeRequest()
        .setType(resource.type)
        .setUrn(resource.urn)
        .setName(resource.name)
        .setProperties(struct(resource.inputs, byUrn))
        .setOptions(options(resource));
    const provider = providerOf(resource, byUrn);
    if (provider) {
        request.setProvider(provider);
    }
    return request;
}

export function analyzeStackRequest(resources: readonly PlanResource[], byUrn: ReadonlyMap<string, PlanResource>): analyzerProto.AnalyzeStackRequest {
    const stackResources = resources.map((resource) => {
        const message = new analyzerProto.AnalyzerResource()
            .setType(resource.type)
            .setUrn(resource.urn)
            .setName(resource.name)
            .setProperties(struct(resource.outputs, byUrn))
            .setOptions(options(resource))
            .setParent(resource.parent ?? "")
            .setDependenciesList([...resource.dependsOn]);
        const provider = isProvider(resource) ? undefined : providerOf(resource, byUrn);
        if (provider) {
            message.setProvider(provider);
        }
        return message;
    });
    return new analyzerProto.AnalyzeStackRequest().setResourcesList(stackResources);
}

const levelToProto: Record<EnforcementLevel, analyzerProto.EnforcementLevel> = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY,
    mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    remediate: analyzerProto.EnforcementLevel.REMEDIATE,
    disabled: analyzerProto.EnforcementLevel.DISABLED,
};

export const levelFromProto: Record<number, EnforcementLevel> = Object.fromEntries(
    Object.entries(levelToProto).map(([level, proto]) => [proto, level as EnforcementLevel]),
);

/** The CLI's Configure: one PolicyConfig per entry of the reconciled config. */
export function configureRequest(config: PolicyConfigMap): analyzerProto.ConfigureAnalyzerRequest {
    const request = new analyzerProto.ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(config)) {
        const message = new analyzerProto.PolicyConfig().setEnforcementlevel(levelToProto[entry.enforcementLevel ?? "advisory"]);
        message.setProperties(Struct.fromJavaScript((entry.properties ?? {}) as { [key: string]: JsonValue }));
        request.getPolicyconfigMap().set(name, message);
    }
    return request;
}
