import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClassifiedModel, invokeRoleTrustPolicy, invokeRoleWorkloadProblems } from "../identity/invokeRolePolicies";
import { GuardrailPin, invokeRolePolicy } from "./catalogue";

/** An application, the invoke role created for it, and the tenants its sessions may be tagged with. */
export interface InvokeRoleWorkload {
    /** Application name from config (`chat`); keys the application's role among the component's children and outputs. */
    readonly application: string;
    /** Name of this application's invoke role (`invokeRoleName` in accounts/genaiNames.ts). */
    readonly roleName: string;
    /**
     * The workload role's `arn` output. IAM refuses a trust policy naming a role that does not exist, so this must be
     * the created role's output (which orders the workload role first), not a derived string.
     */
    readonly workloadRoleArn: pulumi.Input<string>;
    /** Tenants the application serves: the only values its sessions may carry in the `tenant` tag. */
    readonly tenants: readonly string[];
}

export interface ModelInvokeRoleArgs {
    /**
     * Name of the customer-managed policy that holds the invoke permissions, built once and attached to every invoke
     * role (`invokeModelsPolicyName` in accounts/genaiNames.ts).
     */
    readonly policyName: string;
    /** The applications: each gets an invoke role that trusts its workload role only, with the session tags. */
    readonly workloads: readonly InvokeRoleWorkload[];
    readonly organizationId: pulumi.Input<string>;
    /**
     * The environment's invocable catalogue models with their ARNs (foundation-model and inference-profile) and
     * clearance (`classifiedModels` in components/bedrock/catalogue.ts); each is allowed only up to its clearance.
     */
    readonly models: pulumi.Input<ClassifiedModel[]>;
    /**
     * The guardrail of each region the environment invokes in (the primary's, and the DR region's with DR): a call
     * must name the published version of one of them.
     */
    readonly guardrails: readonly { readonly [K in keyof GuardrailPin]: pulumi.Input<GuardrailPin[K]> }[];
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /**
     * Each application's own application inference profiles (by application): its role, and no other, may call them.
     * @default none
     */
    readonly applicationProfileArns?: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
    /** @default 3600 */
    readonly maxSessionDurationSeconds?: number;
}

export function modelInvokeRoleProblems(args: ModelInvokeRoleArgs): string[] {
    const problems: string[] = [];
    if (!/^[\w+=,.@-]{1,128}$/.test(args.policyName)) {
        problems.push(`policyName must be 1-128 letters, digits or +=,.@_- (got "${args.policyName}").`);
    }
    for (const workload of args.workloads) {
        if (!/^[\w+=,.@-]{1,64}$/.test(workload.roleName)) {
            problems.push(`workloads.${workload.application}.roleName must be 1-64 letters, digits or +=,.@_- (got "${workload.roleName}").`);
        }
    }
    const roleNames = args.workloads.map((workload) => workload.roleName);
    for (const repeated of new Set(roleNames.filter((roleName, index) => roleNames.indexOf(roleName) !== index))) {
        problems.push(`workloads give the role name "${repeated}" to more than one application; give each application its own invoke role.`);
    }
    const duration = args.maxSessionDurationSeconds ?? 3600;
    if (duration < 3600 || duration > 43200) {
        problems.push(`maxSessionDurationSeconds must be 3600-43200 (got ${duration}).`);
    }
    problems.push(...invokeRoleWorkloadProblems(args.workloads));
    if (args.guardrails.length === 0) {
        problems.push("guardrails must pin at least one guardrail version (got none); every invoke must go through the guardrail.");
    }
    if (Array.isArray(args.models) && args.models.length === 0) {
        problems.push("models must list the environment's invocable catalogue models (got none).");
    }
    return problems;
}

/**
 * The roles through which applications invoke models in the genAI account, one per application. Each role's trust
 * admits exactly its application's workload role, from the organization, with `tenant` (one of that application's
 * tenants) and `data-classification` session tags (see invokeRoleTrustPolicy). One role per application keeps every
 * trust policy as small as a single application makes it: a shared role's trust grows with every application and
 * hits IAM's quota at about three. The permissions are the same for every application, so they are one customer-managed
 * policy attached to every role (see invokeRolePolicy): reviewed and updated once, and sized against the 6,144
 * characters of a managed policy instead of sharing a role's 10,240 inline characters with its other policies. The
 * account's permissions boundary caps both.
 */
export class ModelInvokeRole extends pulumi.ComponentResource {
    /** Each application's invoke role, by application name. */
    public readonly roleArns: Record<string, pulumi.Output<string>>;
    public readonly roleNames: Record<string, pulumi.Output<string>>;
    /** The shared invoke permissions policy attached to every invoke role. */
    public readonly invokePolicyArn: pulumi.Output<string>;
    /** URN of the invoke policy (which names the models' ARNs in every region), for the DR inventory. */
    public readonly invokePolicyUrn: pulumi.Output<string>;

    constructor(name: string, args: ModelInvokeRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:bedrock:ModelInvokeRole", name, {}, opts);
        const problems = modelInvokeRoleProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        this.roleArns = {};
        this.roleNames = {};
        for (const workload of args.workloads) {
            // Keyed by application, never by position: adding or removing an application leaves the others' roles alone.
            const role = new aws.iam.Role(`${name}-${workload.application}-role`, {
                name: workload.roleName,
                description: `Invokes catalogue models through the environment's guardrail, for the ${workload.application} workload with session tags`,
                assumeRolePolicy: pulumi.all([args.organizationId, workload.workloadRoleArn]).apply(([organizationId, workloadRoleArn]) =>
                    JSON.stringify(invokeRoleTrustPolicy({
                        organizationId,
                        workload: { application: workload.application, workloadRoleArn, tenants: workload.tenants },
                    }))),
                permissionsBoundary: args.permissionsBoundaryArn,
                maxSessionDuration: args.maxSessionDurationSeconds ?? 3600,
            }, { parent: this });
            this.roleArns[workload.application] = role.arn;
            this.roleNames[workload.application] = role.name;
        }
        const applicationProfiles = pulumi.all(args.workloads.map((workload) => pulumi.all([
            this.roleArns[workload.application],
            pulumi.all([...(args.applicationProfileArns?.[workload.application] ?? [])]),
        ]).apply(([roleArn, profileArns]) => ({ application: workload.application, roleArn, profileArns }))));
        const invokePolicy = new aws.iam.Policy(`${name}-invoke-policy`, {
            name: args.policyName,
            description: "Invokes catalogue models up to their clearance through the environment's guardrail; attached to every invoke role",
            policy: pulumi.all([args.models, pulumi.all(args.guardrails.map((pin) => pulumi.all([pin.arn, pin.version, pin.keyArn]))), applicationProfiles])
                .apply(([models, pins, profiles]) => JSON.stringify(invokeRolePolicy({
                    models,
                    guardrails: pins.map(([arn, version, keyArn]) => ({ arn, version, keyArn })),
                    applicationProfiles: profiles,
                }))),
        }, { parent: this });
        for (const workload of args.workloads) {
            new aws.iam.RolePolicyAttachment(`${name}-${workload.application}-invoke-policy`, {
                role: this.roleNames[workload.application],
                policyArn: invokePolicy.arn,
            }, { parent: this });
        }
        this.invokePolicyArn = invokePolicy.arn;
        this.invokePolicyUrn = invokePolicy.urn;
        this.registerOutputs({
            roleArns: this.roleArns,
            roleNames: this.roleNames,
            invokePolicyArn: this.invokePolicyArn,
            invokePolicyUrn: this.invokePolicyUrn,
        });
    }
}
