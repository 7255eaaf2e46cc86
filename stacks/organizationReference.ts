import * as pulumi from "@pulumi/pulumi";
import { AccountIdsOutput } from "../accounts/model";

/**
 * Typed access to the organization stack's outputs. A missing account is reported with the fix (run the
 * organization stack, or adopt the account in this environment's config), not as an undefined value.
 */
export class OrganizationStackReference {
    private readonly reference: pulumi.StackReference;

    constructor(private readonly stackName: string) {
        this.reference = new pulumi.StackReference("organization", { name: stackName });
    }

    accountId(environment: string, key: string): pulumi.Output<string> {
        return this.reference.requireOutput("accounts").apply((accounts: AccountIdsOutput) => {
            const id = accounts?.[environment]?.[key];
            if (typeof id !== "string" || !/^\d{12}$/.test(id)) {
                throw new pulumi.RunError(
                    `The organization stack "${this.stackName}" has no account ${environment}/${key}. Add it to ` +
                    `landing-zone:organization.environments.${environment} and run \`pulumi up -s ${this.stackName}\`, ` +
                    `or set its id in this environment's landing-zone:environment.accounts.`,
                );
            }
            return id;
        });
    }

    get organizationId(): pulumi.Output<string> {
        return this.reference.requireOutput("organizationId") as pulumi.Output<string>;
    }
}
