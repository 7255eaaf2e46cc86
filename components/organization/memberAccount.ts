import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface MemberAccountArgs {
    readonly accountName: string;
    /** Root e-mail; must be unique across all of AWS. */
    readonly email: string;
    /** OU the account belongs in. */
    readonly parentId: pulumi.Input<string>;
    /** Role Organizations creates for administrators and the environment stacks. @default "OrganizationAccountAccessRole" */
    readonly accessRoleName?: string;
}

/**
 * A member account created by the organization stack. It is protected and retained on delete, and never closed:
 * an account holds data and audit history, and closing one is irreversible for 90 days.
 */
export class MemberAccount extends pulumi.ComponentResource {
    public readonly accountId: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, args: MemberAccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:organization:MemberAccount", name, {}, opts);
        const account = new aws.organizations.Account(`${name}-account`, {
            name: args.accountName,
            email: args.email,
            parentId: args.parentId,
            roleName: args.accessRoleName ?? "OrganizationAccountAccessRole",
            iamUserAccessToBilling: "DENY",
            closeOnDeletion: false,
        }, {
            parent: this,
            protect: true,
            retainOnDelete: true,
            // Organizations cannot read roleName back, so it would show a diff on every preview once set.
            ignoreChanges: ["roleName"],
        });
        this.accountId = account.id;
        this.arn = account.arn;
        this.registerOutputs({ accountId: this.accountId, arn: this.arn });
    }
}
