import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { computeTypes } from "../../accounts/schema";
import { ComputeType, workloadRolePolicy, workloadTrustPolicy } from "./policyDocuments";

export interface WorkloadRoleArgs {
    /** Region the compute runs in (ECS task ARNs name it). */
    readonly region: string;
    /** The application account. */
    readonly accountId: pulumi.Input<string>;
    /** `workloadRoleName` in accounts/naming.ts: the genAI invoke role's trust names this exact role. */
    readonly roleName: string;
    /** The compute service that runs the application: `ecs` (tasks) or `lambda` (functions). */
    readonly compute: ComputeType;
    /** The genAI invoke role, the only thing this role may act on (`invokeRoleName` in accounts/genaiNames.ts). */
    readonly invokeRoleArn: pulumi.Input<string>;
    /** The application account's permissions boundary. Required: every role carries one. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
}

export function workloadRoleProblems(args: WorkloadRoleArgs): string[] {
    const problems: string[] = [];
    if (!/^[\w+=,.@-]{1,64}$/.test(args.roleName)) {
        problems.push(`roleName must be 1-64 letters, digits or +=,.@_- (got "${args.roleName}").`);
    }
    if (!(computeTypes as readonly string[]).includes(args.compute)) {
        problems.push(`compute must be one of ${computeTypes.map((c) => `"${c}"`).join(", ")} (got "${args.compute}").`);
    }
    if (typeof args.invokeRoleArn === "string" && /[*?]/.test(args.invokeRoleArn)) {
        problems.push(`invokeRoleArn must name one role, without wildcards (got "${args.invokeRoleArn}").`);
    }
    if (typeof args.permissionsBoundaryArn === "string" && !/^arn:aws(-us-gov|-cn)?:iam::\d{12}:policy\/.+$/.test(args.permissionsBoundaryArn)) {
        problems.push(`permissionsBoundaryArn must be the ARN of an IAM managed policy (got "${args.permissionsBoundaryArn}").`);
    }
    return problems;
}

/**
 * The role an application's ECS tasks or Lambda functions run as. Its only permission is to assume the genAI invoke
 * role with session tags; everything the application does with models and documents happens as that role, under the
 * guardrail and the tenant and classification of the end user it tagged.
 */
export class WorkloadRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: WorkloadRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:WorkloadRole", name, {}, opts);
        const problems = workloadRoleProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const partition = partitionOf(args.region);
        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: `Application workload (${args.compute}): may only assume the genAI invoke role with session tags`,
            assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) =>
                JSON.stringify(workloadTrustPolicy(args.compute, partition, args.region, accountId))),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-assume-invoke-role`, {
            role: role.name,
            name: "assume-genai-invoke-role",
            policy: pulumi.output(args.invokeRoleArn).apply((invokeRoleArn) => JSON.stringify(workloadRolePolicy(invokeRoleArn))),
        }, { parent: this });
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
