import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Partition } from "../../accounts/regions";
import { PolicyDocument } from "../organization/policyDocuments";
import { policyDocument } from "./policies";

export interface PermissionBoundaryArgs {
    /** The account the boundary is created in (each account has its own; IAM policies are not shared across accounts). */
    readonly accountId: pulumi.Input<string>;
    readonly partition: Partition;
    /** Name of the managed policy; deterministic, so that the boundary can refer to its own ARN. */
    readonly policyName: string;
}

export function permissionBoundaryArn(partition: Partition, accountId: string, policyName: string): string {
    return `arn:${partition}:iam::${accountId}:policy/${policyName}`;
}

/**
 * The most any landing-zone role may do, whatever policies are attached to it later: no long-lived credentials, no
 * role without this boundary, no way to remove or edit the boundary, no leaving the organization, no internet
 * path out of the private network and no switching off the audit trail, the prompt logs or the keys.
 */
export function permissionBoundaryDocument(partition: Partition, accountId: string, policyName: string): PolicyDocument {
    const self = permissionBoundaryArn(partition, accountId, policyName);
    return policyDocument(
        { Sid: "AllowWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" },
        {
            Sid: "DenyLongLivedCredentials",
            Effect: "Deny",
            Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:CreateServiceSpecificCredential"],
            Resource: "*",
        },
        {
            Sid: "DenyRolesWithoutThisBoundary",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
            Resource: "*",
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": self } },
        },
        {
            Sid: "DenyRemovingOrEditingThisBoundary",
            Effect: "Deny",
            Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
            Resource: "*",
        },
        {
            Sid: "DenyChangingThisBoundaryPolicy",
            Effect: "Deny",
            Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
            Resource: self,
        },
        {
            Sid: "DenyOrganizationAndAccountChanges",
            Effect: "Deny",
            Action: ["organizations:*", "account:*"],
            Resource: "*",
        },
        {
            Sid: "DenyPathsToTheInternet",
            Effect: "Deny",
            Action: [
                "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:CreateEgressOnlyInternetGateway",
                "ec2:CreateNatGateway", "ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection",
            ],
            Resource: "*",
        },
        {
            Sid: "DenyDisablingAuditAndPromptLogs",
            Effect: "Deny",
            Action: [
                "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "ec2:DeleteFlowLogs",
                "bedrock:PutModelInvocationLoggingConfiguration", "bedrock:DeleteModelInvocationLoggingConfiguration",
                "logs:DeleteDataProtectionPolicy", "logs:DeleteLogGroup",
            ],
            Resource: "*",
        },
        {
            Sid: "DenyDestroyingKeysAndGuardrails",
            Effect: "Deny",
            Action: [
                "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy",
                "bedrock:DeleteGuardrail", "bedrock:UpdateGuardrail",
            ],
            Resource: "*",
        },
    );
}

/**
 * The account's permissions boundary ("lz permission boundary"): one managed policy that every role the landing zone
 * creates carries as `permissionsBoundary`, and that later stacks (application workload roles) reuse.
 */
export class PermissionBoundary extends pulumi.ComponentResource {
    public readonly policyArn: pulumi.Output<string>;

    constructor(name: string, args: PermissionBoundaryArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:identity:PermissionBoundary", name, {}, opts);
        if (!/^[\w+=,.@-]{1,128}$/.test(args.policyName)) {
            throw new pulumi.ResourceError(`policyName must be 1-128 letters, digits or +=,.@_- (got "${args.policyName}").`, this);
        }
        const policy = new aws.iam.Policy(`${name}-policy`, {
            name: args.policyName,
            description: "Landing-zone permissions boundary: the most any landing-zone role may do.",
            policy: pulumi.output(args.accountId).apply((accountId) =>
                JSON.stringify(permissionBoundaryDocument(args.partition, accountId, args.policyName))),
        }, { parent: this });
        this.policyArn = policy.arn;
        this.registerOutputs({ policyArn: this.policyArn });
    }
}
