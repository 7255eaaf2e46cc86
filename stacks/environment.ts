import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import { permissionBoundaryName } from "../accounts/genaiNames";
import { environmentAccounts } from "../accounts/model";
import { deploymentSessionName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { AccountBaseline } from "../components/account/baseline";
import { PermissionBoundary } from "../components/identity/permissionBoundary";
import { genaiAccount } from "./genaiAccount";
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
    // Always read: endpoint and trust policies admit principals of the organization only, by its ID.
    const organization = new OrganizationStackReference(env.organizationStack);

    const accountIds: Record<string, pulumi.Output<string>> = {};
    const permissionBoundaryArns: Record<string, pulumi.Output<string>> = {};
    let genai: ReturnType<typeof genaiAccount> | undefined;
    for (const account of accounts) {
        const accountId = account.configuredId !== undefined
            ? pulumi.output(account.configuredId)
            : organization.accountId(env.name, account.key);
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
        // Every role the landing zone creates in the account carries it; later stacks reuse it by ARN.
        const boundary = new PermissionBoundary(`${env.name}-${account.key}-permission-boundary`, {
            accountId,
            partition,
            policyName: permissionBoundaryName(env.namePrefix),
        }, { provider });
        if (account.role === "genai") {
            genai = genaiAccount(env, catalogue, {
                key: account.key,
                accountId,
                vpcCidr: account.vpcCidr,
                provider,
                organizationId: organization.organizationId,
                permissionsBoundaryArn: boundary.policyArn,
            });
        }
        accountIds[account.key] = accountId;
        permissionBoundaryArns[account.key] = boundary.policyArn;
    }

    return {
        environment: env.name,
        primaryRegion: env.primaryRegion,
        drRegion: env.dr.enabled ? env.drRegion : undefined,
        accounts: accountIds,
        approvedModels: modelsForEnvironment(catalogue, env.name, env.models).map((model) => model.id),
        permissionBoundaryArns,
        genai,
    };
}
