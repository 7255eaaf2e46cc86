/**
 * A shipped stack's plan as the resources a stack policy sees under `lz check`: each resource's outputs as its props,
 * its provider's inputs as the provider's props, providers among the resources. Each call returns fresh copies, so a
 * test may change them to break one thing.
 */
import { PlanGraph, PlanResource } from "../../cli/engine/graph";
import { FakeProvider, FakeResource } from "./harness";

function copy<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** A resource of a plan: always named, by its logical name. */
export type PlannedResource = FakeResource & { readonly name: string };

export interface PlanResources {
    readonly resources: PlannedResource[];
    /** The resource of a type named `name`; throws unless there is exactly one. */
    one(type: string, name: string): PlannedResource;
    /** The same list without the resources `drop` selects. */
    without(drop: (resource: PlannedResource) => boolean): PlannedResource[];
}

export function planResources(graph: PlanGraph): PlanResources {
    const byUrn = new Map<string, PlanResource>(graph.resources.map((r) => [r.urn, r]));
    const providers = new Map<string, FakeProvider>();
    const providerOf = (resource: PlanResource): FakeProvider | null => {
        const provider = resource.provider ? byUrn.get(resource.provider) : undefined;
        if (!provider) {
            return null;
        }
        if (!providers.has(provider.urn)) {
            providers.set(provider.urn, { name: provider.name, props: copy(provider.inputs) });
        }
        return providers.get(provider.urn)!;
    };
    const resources: PlannedResource[] = graph.resources.map((resource) => ({
        type: resource.type,
        name: resource.name,
        props: copy(resource.outputs),
        provider: resource.type.startsWith("pulumi:providers:") ? null : providerOf(resource),
        protect: resource.protect,
    }));
    return {
        resources,
        one(type, name) {
            const found = resources.filter((r) => r.type === type && r.name === name);
            if (found.length !== 1) {
                throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
            }
            return found[0];
        },
        without(drop) {
            return resources.filter((r) => !drop(r));
        },
    };
}
