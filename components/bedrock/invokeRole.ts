import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClassifiedModel, invokeRoleTrustPolicy, invokeRoleWorkloadProblems } from "../identity/invokeRolePolicies";
import { invokeRolePolicy } from "./catalogue";

/** An application whose workload role may assume the invoke role, and the tenants it may tag sessions with. */
export interface InvokeRoleWorkload {
    /** Application name from config (`chat`). */
    readonly application: string;
    /**
     * The workload role's `arn` output. IAM refuses a trust policy naming a role that does not exist, so this must be
     * the created role's output (which orders the workload role first), not a derived string.
     */
    readonly workloadRoleArn: pulumi.Input<string>;
    /** Tenants the application serves: the only values its sessions may carry in the `tenant` tag. */
    readonly tenants: readonly string[];
}

export interface ModelInvokeRoleArgs {
    readonly roleName: string;
    /** The application workloads the role trusts, each from inside the organization with the session tags. */
    readonly workloads: readonly InvokeRoleWorkload[];
    readonly organizationId: pulumi.Input<string>;
    /**
     * The environment's invocable catalogue models with their ARNs (foundation-model and inference-profile) and
     * clearance (`classifiedModels` in components/bedrock/catalogue.ts); each is allowed only up to its clearance.
     */
    readonly models: pulumi.Input<ClassifiedModel[]>;
    readonly guardrailArn: pulumi.Input<string>;
    /** The published guardrail version every call must name. */
    readonly guardrailVersion: pulumi.Input<string>;
    readonly guardrailKeyArn: pulumi.Input<string>;
    readonly permissionsBoundaryArn: pulumi.Input<string>;
    /** @default 3600 */
    readonly maxSessionDurationSeconds?: number;
}

export function modelInvokeRoleProblems(args: ModelInvokeRoleArgs): string[] {
    const problems: string[] = [];
    if (!/^[\w+=,.@-]{1,64}$/.test(args.roleName)) {
        problems.push(`roleName must be 1-64 letters, digits or +=,.@_- (got "${args.roleName}").`);
    }
    const duration = args.maxSessionDurationSeconds ?? 3600;
    if (duration < 3600 || duration > 43200) {
        problems.push(`maxSessionDurationSeconds must be 3600-43200 (got ${duration}).`);
    }
    problems.push(...invokeRoleWorkloadProblems(args.workloads));
    if (Array.isArray(args.models) && args.models.length === 0) {
        problems.push("models must list the environment's invocable catalogue models (got none).");
    }
    return problems;
}

/**
 * The role through which applications invoke models in the genAI account. Its trust admits exactly the application
 * workload roles, from the organization, with `tenant` and `data-classification` session tags (see
 * invokeRoleTrustPolicy); its permissions allow the catalogue's models only up to each model's clearance and only with
 * the environment's guardrail (see invokeRolePolicy); the account's permissions boundary caps both.
 */
export class ModelInvokeRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: ModelInvokeRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:bedrock:ModelInvokeRole", name, {}, opts);
        const problems = modelInvokeRoleProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const workloadRoleArns = args.workloads.map((workload) => workload.workloadRoleArn);
        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: "Invokes catalogue models through the environment's guardrail, for application workloads with session tags",
            assumeRolePolicy: pulumi.all([args.organizationId, pulumi.all(workloadRoleArns)]).apply(([organizationId, arns]) =>
                JSON.stringify(invokeRoleTrustPolicy({
                    organizationId,
                    workloads: args.workloads.map((workload, index) => ({
                        application: workload.application,
                        workloadRoleArn: arns[index],
                        tenants: workload.tenants,
                    })),
                }))),
            permissionsBoundary: args.permissionsBoundaryArn,
            maxSessionDuration: args.maxSessionDurationSeconds ?? 3600,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-invoke-policy`, {
            role: role.name,
            name: "invoke-catalogue-models",
            policy: pulumi.all([args.models, args.guardrailArn, args.guardrailVersion, args.guardrailKeyArn])
                .apply(([models, guardrailArn, guardrailVersion, guardrailKeyArn]) =>
                    JSON.stringify(invokeRolePolicy({ models, guardrailArn, guardrailVersion, guardrailKeyArn }))),
        }, { parent: this });
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
