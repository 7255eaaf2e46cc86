import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { permissionBoundaryName } from "../accounts/genaiNames";
import { EnvironmentAccount } from "../accounts/model";
import { deploymentSessionName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { configBucketName, configRecorderName } from "../accounts/securityNames";
import { AccountBaseline } from "../components/account/baseline";
import { ConfigRecorder } from "../components/security/configRecorder";
import { PermissionBoundary } from "../components/identity/permissionBoundary";
import { OrganizationStackReference } from "./organizationReference";
import { landingZoneTags } from "./tags";

/** One member account of an environment, ready for its components: where it is and how to deploy into it. */
export interface AccountContext extends EnvironmentAccount {
    readonly accountId: pulumi.Output<string>;
    /** The account's provider: the only one, whatever the region (resources name their region themselves). */
    readonly provider: aws.Provider;
    /** The account's permissions boundary, carried by every role created in it. */
    readonly permissionsBoundaryArn: pulumi.Output<string>;
}

/**
 * One explicit provider per account (never per account and region: each provider is a separate plugin process under
 * the CLI), assuming the access role and refusing any other account; then the account's baseline and its
 * permissions boundary, which every role created in the account carries.
 */
export function memberAccount(env: Environment, account: EnvironmentAccount, organization: OrganizationStackReference): AccountContext {
    const partition = partitionOf(env.primaryRegion);
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
    new AccountBaseline(`${env.name}-${account.key}-baseline`, { accountAlias: account.name, regions: environmentRegions(env) }, { provider });
    // The namePrefix is the organization's, so the log-archive account's Config bucket is named without a lookup.
    new ConfigRecorder(`${env.name}-${account.key}-config`, {
        regions: environmentRegions(env),
        globalResourcesRegion: env.primaryRegion,
        recorderName: configRecorderName(env.namePrefix),
        deliveryBucketName: organization.organizationId.apply((organizationId) => configBucketName(env.namePrefix, organizationId)),
    }, { provider });
    const boundary = new PermissionBoundary(`${env.name}-${account.key}-permission-boundary`, {
        accountId,
        partition,
        policyName: permissionBoundaryName(env.namePrefix),
    }, { provider });
    return { ...account, accountId, provider, permissionsBoundaryArn: boundary.policyArn };
}
