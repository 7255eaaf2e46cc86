import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { organizationPrincipalTrustPolicy } from "../identity/policies";
import { invokeRolePolicy } from "./catalogue";

export interface ModelInvokeRoleArgs {
    readonly roleName: string;
    /**
     * Principals that may assume the role; each must also belong to the organization. The application accounts'
     * workload roles are added here when they exist.
     */
    readonly trustedPrincipalArns: pulumi.Input<pulumi.Input<string>[]>;
    readonly organizationId: pulumi.Input<string>;
    /** The compiled catalogue: the exact model and inference-profile ARNs the role may invoke. */
    readonly modelArns: pulumi.Input<string[]>;
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
    return problems;
}

/**
 * The role through which models are invoked in the genAI account: the catalogue's models only, and only with the
 * environment's guardrail (see invokeRolePolicy), bounded by the account's permissions boundary.
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
        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: "Invokes catalogue models through the environment's guardrail",
            assumeRolePolicy: pulumi.all([args.trustedPrincipalArns, args.organizationId]).apply(([principals, organizationId]) =>
                JSON.stringify(organizationPrincipalTrustPolicy(principals, organizationId))),
            permissionsBoundary: args.permissionsBoundaryArn,
            maxSessionDuration: args.maxSessionDurationSeconds ?? 3600,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-invoke-policy`, {
            role: role.name,
            name: "invoke-catalogue-models",
            policy: pulumi.all([args.modelArns, args.guardrailArn, args.guardrailVersion, args.guardrailKeyArn])
                .apply(([modelArns, guardrailArn, guardrailVersion, guardrailKeyArn]) =>
                    JSON.stringify(invokeRolePolicy({ modelArns, guardrailArn, guardrailVersion, guardrailKeyArn }))),
        }, { parent: this });
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
