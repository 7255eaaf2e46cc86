/**
 * Runs single policies the way @pulumi/policy's server runs them (server.ts makeAnalyzeRpcFun /
 * makeAnalyzeStackRpcFun): props wrapped in the SDK's unknown-checking proxy, config filled with the schema's
 * defaults and then the overrides (as the CLI reconciles it), each validation of a policy run in turn with
 * not-applicable and unknown-value outcomes told apart from violations.
 */
import Ajv, { ValidateFunction } from "ajv";
import {
    PolicyProviderResource,
    PolicyResource,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require("@pulumi/policy") as { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: unknown[]) => Error };

/** What the engine sends for a value not known during preview. */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface FakeProvider {
    readonly name: string;
    readonly props: Record<string, unknown>;
}

export interface FakeResource {
    readonly type: string;
    readonly name?: string;
    readonly props: Record<string, unknown>;
    readonly provider?: FakeProvider | null;
    readonly protect?: boolean;
    /** Name of the parent resource in the same list. */
    readonly parent?: string;
    /** Names of resources this one depends on. */
    readonly dependsOn?: readonly string[];
    /** Property name to names of the resources the property's value comes from. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export const landingZoneTags = { environment: "prod", owner: "platform-team", "cost-center": "cc-4300", "managed-by": "genai-landing-zone" };

/** An AWS provider as the environment stacks build them: one account, the access role, default tags. */
export function awsProvider(name: string, account: string, accountRole: string, region = "us-east-1", tags: Record<string, string> = landingZoneTags): FakeProvider {
    return {
        name,
        props: {
            region,
            allowedAccountIds: [account],
            assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, sessionName: `lz-${name}` }],
            defaultTags: { tags: { ...tags, "account-role": accountRole } },
        },
    };
}

export const genaiAccount = "906602663697";
export const dataAccount = "210987654321";
export const genaiProvider = awsProvider("prod-genai", genaiAccount, "genai");
export const dataProvider = awsProvider("prod-data", dataAccount, "data");

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::genai-landing-zone::${type}::${name}`;
}

export function document(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** One compiled validator per policy schema: compiling is most of what checking a test's config costs. */
const validators = new WeakMap<object, ValidateFunction>();
const ajv = new Ajv({ strict: false });

function configFor(policy: { name: string; configSchema?: ResourceValidationPolicy["configSchema"] }, overrides: Record<string, unknown>): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (typeof schema === "object" && schema !== null && "default" in schema) {
            config[key] = schema.default;
        }
    }
    Object.assign(config, overrides);
    if (policy.configSchema) {
        let validate = validators.get(policy.configSchema);
        if (!validate) {
            validate = ajv.compile({ type: "object", properties: policy.configSchema.properties, additionalProperties: false });
            validators.set(policy.configSchema, validate);
        }
        if (!validate(config)) {
            throw new Error(`test config for ${policy.name} does not match its schema: ${JSON.stringify(validate.errors)}`);
        }
    } else if (Object.keys(overrides).length > 0) {
        throw new Error(`${policy.name} has no config schema`);
    }
    return config;
}

class NotApplicable extends Error {}

function isTypeFn(type: string) {
    return (resourceClass: { __pulumiType?: string }) => resourceClass.__pulumiType === type;
}

function providerResource(provider: FakeProvider | null | undefined): PolicyProviderResource | undefined {
    return provider ? { type: "pulumi:providers:aws", name: provider.name, urn: urnOf("pulumi:providers:aws", provider.name), props: sdk.unknownCheckingProxy(provider.props) } : undefined;
}

export interface ResourceOutcome {
    readonly violations: string[];
    /** True when every validation of the policy declared itself not applicable. */
    readonly notApplicable: boolean;
    /** Validations that stopped on an unknown value (the SDK reports them as "can't run during preview"). */
    readonly stoppedOnUnknown: number;
}

export async function runResourcePolicy(policy: ResourceValidationPolicy, resource: FakeResource, config: Record<string, unknown> = {}): Promise<ResourceOutcome> {
    const name = resource.name ?? "subject";
    const settings = configFor(policy, config);
    const validations: ResourceValidation[] = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
    const violations: string[] = [];
    let notApplicable = 0;
    let stoppedOnUnknown = 0;
    for (const validation of validations) {
        const props = sdk.unknownCheckingProxy(resource.props);
        const args: ResourceValidationArgs = {
            type: resource.type,
            props,
            urn: urnOf(resource.type, name),
            name,
            opts: { protect: resource.protect ?? false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            provider: providerResource(resource.provider === undefined ? genaiProvider : resource.provider),
            stackTags: new Map(),
            isType: isTypeFn(resource.type) as ResourceValidationArgs["isType"],
            asType: (() => undefined) as ResourceValidationArgs["asType"],
            getConfig: <T extends object>() => ({ ...settings }) as T,
            notApplicable: (reason?: string) => {
                throw new NotApplicable(reason);
            },
        };
        try {
            await validation(args, (message) => violations.push(message));
        } catch (error) {
            if (error instanceof NotApplicable) {
                notApplicable++;
            } else if (error instanceof sdk.UnknownValueError) {
                stoppedOnUnknown++;
            } else {
                throw error;
            }
        }
    }
    return { violations, notApplicable: validations.length > 0 && notApplicable === validations.length, stoppedOnUnknown };
}

/** The violations of a resource policy; fails the test if the policy was not applicable or stopped on an unknown. */
export async function violationsOf(policy: ResourceValidationPolicy, resource: FakeResource, config: Record<string, unknown> = {}): Promise<string[]> {
    const outcome = await runResourcePolicy(policy, resource, config);
    if (outcome.notApplicable) {
        throw new Error(`${policy.name} was not applicable to ${resource.type}`);
    }
    if (outcome.stoppedOnUnknown > 0) {
        throw new Error(`${policy.name} touched an unknown value instead of treating it as not known yet`);
    }
    return outcome.violations;
}

export interface StackViolation {
    readonly message: string;
    /** Name of the resource the violation is reported on, or undefined for the stack. */
    readonly resource?: string;
}

export async function stackViolationsOf(policy: StackValidationPolicy, resources: readonly FakeResource[], config: Record<string, unknown> = {}): Promise<StackViolation[]> {
    const settings = configFor(policy, config);
    const byName = new Map<string, PolicyResource>();
    const built = resources.map((resource, index) => {
        const name = resource.name ?? `resource-${index}`;
        const props = sdk.unknownCheckingProxy(resource.props);
        const built: PolicyResource = {
            type: resource.type,
            props,
            urn: urnOf(resource.type, name),
            name,
            opts: { protect: resource.protect ?? false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            provider: providerResource(resource.provider === undefined ? genaiProvider : resource.provider),
            dependencies: [],
            propertyDependencies: {},
            isType: isTypeFn(resource.type) as PolicyResource["isType"],
            asType: (() => undefined) as PolicyResource["asType"],
        };
        byName.set(name, built);
        return built;
    });
    resources.forEach((resource, index) => {
        const target = built[index];
        if (resource.parent) {
            target.parent = byName.get(resource.parent);
        }
        target.dependencies = (resource.dependsOn ?? []).map((name) => byName.get(name)!);
        target.propertyDependencies = Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).map(([key, names]) => [key, names.map((name) => byName.get(name)!)]));
    });
    // Violations on a provider (not in the list) are named by the last part of its URN, the provider's name.
    const urnToName = new Map(built.map((resource) => [resource.urn, resource.name]));
    const violations: StackViolation[] = [];
    try {
        await policy.validateStack({
            resources: built,
            getConfig: <T extends object>() => ({ ...settings }) as T,
            stackTags: new Map(),
            notApplicable: (reason?: string) => {
                throw new NotApplicable(reason);
            },
        }, (message, urn) => violations.push({ message, resource: urn ? urnToName.get(urn) ?? urn.split("::").pop() : undefined }));
    } catch (error) {
        if (error instanceof sdk.UnknownValueError) {
            throw new Error(`${policy.name} touched an unknown value instead of treating it as not known yet`);
        }
        throw error;
    }
    return violations;
}

/** A provider as a stack resource (the CLI includes providers among a stack's resources). */
export function providerAsResource(provider: FakeProvider): FakeResource {
    return { type: "pulumi:providers:aws", name: provider.name, props: provider.props, provider: null };
}

/** The messages a stack policy reports over `resources`, in order (for stack policies that judge resources one by one). */
export async function messagesOf(policy: StackValidationPolicy, resources: readonly FakeResource[], config: Record<string, unknown> = {}): Promise<string[]> {
    return (await stackViolationsOf(policy, resources, config)).map((violation) => violation.message);
}
