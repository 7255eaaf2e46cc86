import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../identity/policies";

export interface AcceleratorWorkloadRoleArgs {
    /** Name of the role and of its instance profile. */
    readonly roleName: string;
    readonly permissionsBoundaryArn: pulumi.Input<string>;
}

/**
 * The identity of Inferentia2/Trainium workloads: an EC2 role and instance profile that the capacity launch
 * templates use. It starts with no permissions; the model-artifacts bucket and the inference repository grant it
 * reads (it is the only principal allowed to read the artifacts).
 */
export class AcceleratorWorkloadRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;
    public readonly instanceProfileArn: pulumi.Output<string>;

    constructor(name: string, args: AcceleratorWorkloadRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:capacity:AcceleratorWorkloadRole", name, {}, opts);
        if (!/^[\w+=,.@-]{1,64}$/.test(args.roleName)) {
            throw new pulumi.ResourceError(`roleName must be 1-64 letters, digits or +=,.@_- (got "${args.roleName}").`, this);
        }
        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: "Inferentia2 and Trainium workloads launched from the landing zone's launch templates",
            assumeRolePolicy: JSON.stringify(policyDocument({
                Sid: "AllowEc2Instances",
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            })),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        const profile = new aws.iam.InstanceProfile(`${name}-instance-profile`, {
            name: args.roleName,
            role: role.name,
        }, { parent: this });
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.instanceProfileArn = profile.arn;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, instanceProfileArn: this.instanceProfileArn });
    }
}
