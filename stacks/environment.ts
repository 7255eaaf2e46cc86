import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import { environmentAccounts } from "../accounts/model";
import { deploymentSessionName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { AccountBaseline } from "../components/account/baseline";
import { OrganizationStackReference } from "./organizationReference";
import { landingZoneTags } from "./tags";

/**
 * An environment stack: one explicit provider per account (never per account and region: each provider is a
 * separate plugin process under the CLI), each assuming the access role and refusing any other account.
 */
export function environmentStack(env: Environment, catalogue: ModelCatalogue) {
    const partition = partitionOf(env.primaryRegion);
    const regions = environmentRegions(env);
    const accounts = environmentAccounts(env);
    const organization = accounts.some((account) => account.configuredId === undefined)
        ? new OrganizationStackReference(env.organizationStack)
        : undefined;

    const accountIds: Record<string, pulumi.Output<string>> = {};
    for (const account of accounts) {
        const accountId = account.configuredId !== undefined
            ? pulumi.output(account.configuredId)
            : organization!.accountId(env.name, account.key);
        const provider = new aws.Provider(`${env.name}-${account.key}`, {
            region: env.primaryRegion,
            allowedAccountIds: [accountId],
            assumeRoles: [{
                roleArn: pulumi.interpolate`arn:${partition}:iam::${accountId}:role/${env.accessRoleName}`,
                sessionName: deploymentSessionName(env.name, account.key),
            }],
            defaultTags: { tags: { ...landingZoneTags(env.name, account.role, env.owner, env.costCenter) } },
        });
        new AccountBaseline(`${env.name}-${account.key}-baseline`, { accountAlias: account.name, regions }, { provider });
        accountIds[account.key] = accountId;
    }

    return {
        environment: env.name,
        primaryRegion: env.primaryRegion,
        drRegion: env.dr.enabled ? env.drRegion : undefined,
        accounts: accountIds,
        approvedModels: modelsForEnvironment(catalogue, env.name, env.models).map((model) => model.id),
    };
}
