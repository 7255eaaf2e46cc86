/**
 * Runs one stack's real program under Pulumi's mocks and reports its resource graph to the parent process.
 * Each plan gets a fresh process: the Pulumi runtime keeps global state (config, mocks, the stack resource) that
 * must not leak from one stack into the next.
 */
// First: it changes how @pulumi/pulumi loads.
import "./leanRuntime";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { memberAccounts } from "../../accounts/model";
import { ConfigError } from "../../accounts/problems";
import { parseConfigValue } from "../../accounts/project";
import { OrganizationConfig } from "../../accounts/schema";
import { PlanAccount, PlanGraph, planSchemaVersion, PlanResource } from "./graph";
import { mockAccountId } from "./mockIds";
import { isGlobalType, LandingZoneMocks, ProviderTarget } from "./mocks";
import { loadStack, projectName, readStackConfigValues, stackFilePath } from "./stackFiles";
import { organizationKey } from "../../accounts/validate";

export interface PlanRequest {
    readonly projectDir: string;
    readonly stack: string;
    /** Use this file instead of Pulumi.<stack>.yaml. */
    readonly configFile?: string;
    /** Load the compiled program (dist/) instead of the TypeScript sources. */
    readonly compiled: boolean;
    /** Outputs of the stacks the program references by name, already planned (an application stack's environment). */
    readonly references?: Record<string, unknown>;
}

/** What a plan cost, for benchmarks: the worker's peak resident memory and the program's run time. */
export interface PlanStats {
    readonly maxRssKb: number;
    readonly programMs: number;
}

export type PlanReply =
    | { readonly ok: true; readonly graph: PlanGraph; readonly stats: PlanStats }
    | { readonly ok: false; readonly kind: "config" | "unknown-stack" | "program"; readonly message: string };

interface Recorded {
    urn: string;
    type: string;
    name: string;
    id: string | null;
    parent: string | null;
    providerRef: string | null;
    custom: boolean;
    remote: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
    dependsOn: string[];
    ignoreChanges: string[];
    aliases: AliasSpec[];
}

/** An alias as the SDK sends it to an engine that takes alias specs: each empty field is the resource's own. */
interface AliasSpec {
    readonly urn?: string;
    readonly name?: string;
    readonly type?: string;
    readonly stack?: string;
    readonly project?: string;
    readonly parentUrn?: string;
    readonly noParent?: boolean;
}

interface AliasMessage {
    getUrn(): string;
    getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

function aliasSpecOf(alias: AliasMessage): AliasSpec {
    const urn = alias.getUrn();
    if (urn) {
        return { urn };
    }
    const spec = alias.getSpec()!;
    return { name: spec.getName(), type: spec.getType(), stack: spec.getStack(), project: spec.getProject(), parentUrn: spec.getParenturn(), noParent: spec.getNoparent() };
}

/** `a$b$c` of a URN: its type qualified by its parents' types. */
function qualifiedTypeOf(urn: string): string {
    return urn.split("::")[2];
}

/**
 * Every URN a resource answers to besides its own, as the engine works them out: its own aliases, and for each URN
 * its parent answers to (its own and its aliases), the same child under that URN. The root stack qualifies no type.
 */
function aliasUrns(entry: Recorded, stack: string, project: string, ofParent: (urn: string) => string[], rootUrn: string | undefined): string[] {
    const urnUnder = (parentUrn: string | undefined, type: string, name: string, aliasStack = stack, aliasProject = project) => {
        const qualified = parentUrn && parentUrn !== rootUrn ? `${qualifiedTypeOf(parentUrn)}$${type}` : type;
        return `urn:pulumi:${aliasStack}::${aliasProject}::${qualified}::${name}`;
    };
    const own = entry.aliases.map((alias) => alias.urn ?? urnUnder(
        alias.noParent ? undefined : alias.parentUrn || entry.parent || undefined,
        alias.type || entry.type, alias.name || entry.name, alias.stack || stack, alias.project || project));
    // Under each of the parent's former URNs: the child as it is, and as each of its own aliases names it. (A parent
    // alias that renames the parent would also rename a child named after it; the program's aliases rename nothing.)
    const namings = [{ type: entry.type, name: entry.name }, ...entry.aliases.filter((alias) => !alias.urn).map((alias) => ({ type: alias.type || entry.type, name: alias.name || entry.name }))];
    const inherited = entry.parent ? ofParent(entry.parent).flatMap((parentAlias) => namings.map(({ type, name }) => urnUnder(parentAlias, type, name))) : [];
    return [...new Set([...own, ...inherited])].filter((urn) => urn !== entry.urn);
}

function maybeJson(value: unknown): unknown {
    return typeof value === "string" ? parseConfigValue(value) : value;
}

/** Turns deserialized property values into plain JSON: resource references become their URNs. */
async function plain(value: unknown): Promise<unknown> {
    if (value === null || value === undefined || typeof value !== "object") {
        return value;
    }
    if (pulumi.Resource.isInstance(value)) {
        return { $resource: await (value.urn as unknown as { promise(): Promise<string> }).promise() };
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(plain));
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
        out[key] = await plain(inner);
    }
    return out;
}

function isProviderType(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

/** Provider config reaches the engine as JSON text and "true"/"false"; the graph shows it as structured values. */
function parseProviderValues(values: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [
        key,
        value === "true" ? true : value === "false" ? false : maybeJson(value),
    ]));
}

function providerTarget(urn: string, name: string, inputs: Record<string, unknown>): ProviderTarget {
    const assumeRoles = maybeJson(inputs.assumeRoles) as { roleArn?: string }[] | undefined;
    const allowed = maybeJson(inputs.allowedAccountIds) as string[] | undefined;
    const defaultTags = maybeJson(inputs.defaultTags) as { tags?: Record<string, string> } | undefined;
    const assumedRoleArn = assumeRoles?.[0]?.roleArn;
    const fromRole = assumedRoleArn ? /^arn:[^:]+:iam::(\d{12}):/.exec(assumedRoleArn)?.[1] : undefined;
    return {
        urn,
        name,
        account: fromRole ?? allowed?.[0] ?? null,
        region: typeof inputs.region === "string" ? inputs.region : null,
        assumedRoleArn,
        tags: defaultTags?.tags ?? {},
    };
}

/** Outputs of the organization stack, computed from its config exactly as its mocked run would produce them. */
function organizationOutputs(org: OrganizationConfig): Record<string, unknown> {
    const accounts: Record<string, Record<string, string>> = {};
    for (const member of memberAccounts(org)) {
        accounts[member.environment] ??= {};
        accounts[member.environment][member.key] = member.adoptedId ?? mockAccountId(member.name);
    }
    return { organizationId: org.organizationId, managementAccountId: org.managementAccountId, accounts };
}

function organizationConfigFor(projectDir: string, stackName: string): OrganizationConfig | undefined {
    const shortName = stackName.split("/").pop()!;
    let values: Record<string, unknown>;
    try {
        values = readStackConfigValues(stackFilePath(projectDir, shortName));
    } catch {
        return undefined;
    }
    const raw = values[organizationKey];
    return raw ? (loadStack(projectDir, shortName).config as { organization: OrganizationConfig }).organization : undefined;
}

/**
 * URNs as the engine makes them. Pulumi's mock monitor qualifies a resource's type with its parent's own type only,
 * where the engine qualifies it with the parent's whole chain (`A$B$C::name` for a grandchild, not `B$C::name`): a
 * plan must name resources as the state does, or a component moved under another would look unchanged below its
 * first level.
 */
function urnsAsTheEngineMakesThem(): void {
    (MockMonitor.prototype as unknown as { newUrn(parent: string, type: string, name: string): string }).newUrn = (parent, type, name) => {
        const parentType = parent ? qualifiedTypeOf(parent) : "";
        const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
        return `urn:pulumi:${settings.getStack()}::${settings.getProject()}::${qualified}::${name}`;
    };
}

export async function runPlan(request: PlanRequest): Promise<PlanGraph> {
    const { projectDir, stack } = request;
    const loaded = loadStack(projectDir, stack, request.configFile);
    const project = projectName(projectDir);

    const environment = loaded.config.kind === "environment" ? loaded.config.environment
        : loaded.config.kind === "application" ? loaded.config.application.environment : undefined;
    const organization = loaded.config.kind === "organization"
        ? loaded.config.organization
        : organizationConfigFor(projectDir, environment!.organizationStack);

    const providers = new Map<string, ProviderTarget>();
    const mocks = new LandingZoneMocks({
        organization: organization && { id: organization.organizationId, managementAccountId: organization.managementAccountId },
        availabilityZones: environment?.availabilityZones ?? {},
        provider: (reference) => (reference ? providers.get(reference) : undefined),
        stackOutputs: (stackName) => {
            const referenced = request.references?.[stackName];
            if (referenced !== undefined) {
                return referenced as Record<string, unknown>;
            }
            const org = organizationConfigFor(projectDir, stackName);
            if (!org) {
                throw new Error(`lz plan: the program references stack "${stackName}", but there is no Pulumi.${stackName.split("/").pop()}.yaml with landing-zone:organization to answer it from.`);
            }
            return organizationOutputs(org);
        },
    });

    const flatConfig: Record<string, string> = {};
    for (const [key, value] of Object.entries(loaded.values)) {
        flatConfig[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(flatConfig, []);
    urnsAsTheEngineMakesThem();
    await pulumi.runtime.setMocks(mocks, project, stack, false);

    const recorded = new Map<string, Recorded>();
    const order: string[] = [];
    const monitor = settings.getMonitor() as unknown as Record<string, (req: any, cb: (err: unknown, resp: any) => void) => unknown>;
    const wrap = (method: "registerResource" | "readResource", custom?: boolean) => {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req, callback) => original(req, (err, resp) => {
            if (!err && resp) {
                const urn: string = resp.getUrn();
                const type: string = req.getType();
                const inputs = deserializeProperties(method === "readResource" ? req.getProperties() : req.getObject()) as Record<string, unknown>;
                const remote = method === "registerResource" && req.getRemote();
                const providerRef: string = req.getProvider() || (remote ? req.getProvidersMap().get("aws") ?? "" : "");
                const entry: Recorded = {
                    urn,
                    type,
                    name: req.getName(),
                    id: custom === true || req.getCustom?.() ? (method === "readResource" ? req.getId() : resp.getId()) || null : null,
                    parent: req.getParent() || null,
                    providerRef: providerRef || null,
                    custom: custom ?? req.getCustom(),
                    remote: Boolean(remote),
                    inputs,
                    outputs: (resp.getObject?.() ?? resp.getProperties?.())?.toJavaScript() ?? {},
                    protect: method === "registerResource" && (req.hasProtect?.() ? req.getProtect() : Boolean(req.getProtect?.())),
                    retainOnDelete: method === "registerResource" && (req.hasRetainondelete?.() ? req.getRetainondelete() : false),
                    dependsOn: method === "registerResource" ? req.getDependenciesList() : [],
                    ignoreChanges: method === "registerResource" ? req.getIgnorechangesList() : [],
                    aliases: method === "registerResource" ? (req.getAliasesList() as AliasMessage[]).map(aliasSpecOf) : [],
                };
                if (isProviderType(type)) {
                    providers.set(`${urn}::${resp.getId()}`, providerTarget(urn, entry.name, inputs));
                }
                if (!recorded.has(urn)) {
                    order.push(urn);
                }
                recorded.set(urn, entry);
            }
            callback(err, resp);
        });
    };
    wrap("registerResource");
    wrap("readResource", true);
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const entry = recorded.get(req.getUrn());
        if (entry) {
            entry.outputs = req.getOutputs()?.toJavaScript() ?? {};
        }
        return registerOutputs(req, callback);
    };

    const asyncErrors: unknown[] = [];
    process.on("unhandledRejection", (reason) => asyncErrors.push(reason));

    process.chdir(projectDir);
    const program = request.compiled ? path.join(projectDir, "dist", "stacks", "index.js") : path.join(projectDir, "stacks", "index.ts");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(program);
    const stackOutputs = await (pulumi.output(exported) as unknown as { promise(): Promise<Record<string, unknown>> }).promise();
    await pulumi.runtime.disconnect();
    if (asyncErrors.length > 0) {
        throw asyncErrors[0];
    }

    const byProviderRef = (ref: string | null) => (ref ? providers.get(ref) : undefined);
    const providerAccounts = new Map([...providers.values()].map((target) => [target.urn, target.account]));
    const resources: PlanResource[] = [];
    const rootUrn = order.find((urn) => recorded.get(urn)!.type === "pulumi:pulumi:Stack");
    const aliasesOf = new Map<string, string[]>();
    const ofParent = (urn: string) => aliasesOf.get(urn) ?? [];
    for (const urn of order) {
        const entry = recorded.get(urn)!;
        const target = byProviderRef(entry.providerRef);
        // Parents register before their children, so a parent's aliases are known when its children's are worked out.
        const aliases = aliasUrns(entry, stack.split("/").pop()!, project, ofParent, rootUrn);
        aliasesOf.set(urn, aliases);
        let region: string | null = null;
        if (entry.custom || entry.remote) {
            region = isGlobalType(entry.type) ? "global" : (typeof entry.inputs.region === "string" ? entry.inputs.region : target?.region ?? null);
        }
        if (isProviderType(entry.type)) {
            region = typeof entry.inputs.region === "string" ? entry.inputs.region : null;
        }
        resources.push({
            urn,
            type: entry.type,
            name: entry.name,
            id: entry.id,
            parent: entry.parent,
            provider: target?.urn ?? null,
            custom: entry.custom,
            remote: entry.remote,
            account: isProviderType(entry.type) ? providerAccounts.get(urn) ?? null : target?.account ?? null,
            region,
            inputs: (await plain(isProviderType(entry.type) ? parseProviderValues(entry.inputs) : entry.inputs)) as Record<string, unknown>,
            outputs: (await plain(isProviderType(entry.type) ? parseProviderValues(entry.outputs) : entry.outputs)) as Record<string, unknown>,
            protect: entry.protect,
            retainOnDelete: entry.retainOnDelete,
            dependsOn: entry.dependsOn,
            ignoreChanges: entry.ignoreChanges,
            ...(aliases.length > 0 ? { aliases } : {}),
        });
    }
    const settled = settleComponents(resources);

    const accounts = new Map<string, PlanAccount>();
    for (const target of providers.values()) {
        if (target.account && !accounts.has(target.account)) {
            accounts.set(target.account, {
                id: target.account,
                label: target.name,
                environment: target.tags["environment"],
                role: target.tags["account-role"],
                assumedRoleArn: target.assumedRoleArn,
            });
        }
    }
    const regions = [...new Set(settled.map((r) => r.region).filter((r): r is string => r !== null && r !== "global"))].sort();
    return {
        schemaVersion: planSchemaVersion,
        project,
        stack,
        kind: loaded.config.kind,
        accounts: [...accounts.values()],
        regions,
        resources: settled,
        outputs: (await plain(stackOutputs)) as Record<string, unknown>,
    };
}

/** A component lands where all of its resources land; one that spans accounts or regions says null. */
function settleComponents(resources: PlanResource[]): PlanResource[] {
    const children = new Map<string, PlanResource[]>();
    for (const resource of resources) {
        if (resource.parent) {
            children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
        }
    }
    const leaves = (urn: string): PlanResource[] =>
        (children.get(urn) ?? []).flatMap((child) => (child.custom || child.remote ? [child] : leaves(child.urn)));
    const single = (values: (string | null)[]) => (new Set(values).size === 1 ? values[0] : null);
    return resources.map((resource) => {
        if (resource.custom || resource.remote) {
            return resource;
        }
        const under = leaves(resource.urn);
        return {
            ...resource,
            account: single(under.map((r) => r.account)),
            region: single(under.map((r) => r.region)),
        };
    });
}

function reply(message: PlanReply): Promise<void> {
    return new Promise((resolve) => process.send!(message, () => resolve()));
}

if (require.main === module && process.send) {
    process.once("message", async (request: PlanRequest) => {
        try {
            const started = Date.now();
            const graph = await runPlan(request);
            await reply({ ok: true, graph, stats: { maxRssKb: process.resourceUsage().maxRSS, programMs: Date.now() - started } });
        } catch (error) {
            const e = error as Error;
            const isConfig = e instanceof ConfigError || e?.constructor?.name === "RunError" || (e as { __pulumiRunError?: boolean }).__pulumiRunError === true;
            const kind = e?.name === "UnknownStackError" ? "unknown-stack" : isConfig ? "config" : "program";
            // The runtime wraps an error raised while resolving an input in one "error serializing property" per
            // level of nesting; the user needs the error itself.
            const message = kind === "program" ? (e?.stack ?? String(e)) : e.message.replace(/^(error serializing property "[^"]*": )+/, "");
            await reply({ ok: false, kind, message });
        }
        process.exit(0);
    });
}

