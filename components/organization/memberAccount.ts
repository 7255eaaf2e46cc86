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
    /**
     * Adopt this existing account instead of creating one: it is imported on the first `pulumi up` and then moved to
     * `parentId` like any other change. Its name and e-mail stay as they are. @default undefined (create the account)
     */
    readonly adoptedId?: string;
}

/**
 * A member account created, or adopted, by the organization stack. It is protected and retained on delete, and never
 * closed: an account holds data and audit history, and closing one is irreversible for 90 days.
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
            // Organizations cannot read roleName back, so it would show a diff on every preview once set. An adopted
            // account keeps the name, root e-mail and billing access it has: changing the e-mail would replace it.
            ignoreChanges: args.adoptedId === undefined ? ["roleName"] : ["roleName", "name", "email", "iamUserAccessToBilling"],
            // Once the account is in the stack's state, Pulumi no longer reads this option.
            ...(args.adoptedId !== undefined ? { import: args.adoptedId } : {}),
        });
        this.accountId = account.id;
        this.arn = account.arn;
        this.registerOutputs({ accountId: this.accountId, arn: this.arn });
    }
}
