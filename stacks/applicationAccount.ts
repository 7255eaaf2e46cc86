import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import { invokeRoleName } from "../accounts/genaiNames";
import { accountBudgetName, iamRoleArn, privateNetworkNames, webAclName, workloadRoleName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { ApplicationAccount } from "../components/application/applicationAccount";
import { environmentModelArns, guardrailIdentifier, invocableModels } from "../components/bedrock/catalogue";
import { BedrockGuardrail } from "../components/bedrock/guardrail";
import { EnvironmentAccount } from "../accounts/model";
import { AccountContext, memberAccount } from "./accounts";
import { applicationSessionState } from "./disasterRecovery";
import { OrganizationStackReference } from "./organizationReference";

/**
 * What an application account needs from the genAI account, which its endpoints and workload role point at: in the
 * environment stack, its components' outputs; in an application stack, the environment stack's contract.
 */
export interface GenaiTarget {
    readonly accountId: pulumi.Output<string>;
    readonly organizationId: pulumi.Output<string>;
    /** `<guardrail ARN>:<published version>` by region (the primary's, and the DR region's with DR). */
    readonly guardrailIdentifiers: pulumi.Output<Readonly<Record<string, string>>>;
    /** Each application's inference-profile ARNs, every region: its endpoints let its own through. */
    readonly applicationProfileArns: pulumi.Output<Readonly<Record<string, readonly string[]>>>;
}

/** The genAI target from the environment stack's own guardrails (applications deployed inline). */
export function genaiTargetOf(
    accountId: pulumi.Output<string>,
    organizationId: pulumi.Output<string>,
    guardrails: readonly { readonly region: string; readonly guardrail: BedrockGuardrail }[],
    applicationProfileArns: pulumi.Output<Readonly<Record<string, readonly string[]>>>,
): GenaiTarget {
    return {
        accountId,
        organizationId,
        applicationProfileArns,
        guardrailIdentifiers: pulumi.all(Object.fromEntries(guardrails.map(({ region, guardrail }) => [
            region,
            pulumi.all([guardrail.guardrailArn, guardrail.version]).apply(([arn, version]) => guardrailIdentifier(arn, version)),
        ]))),
    };
}

/** One application account, wherever it is deployed: its provider and baseline, its components, its session state. */
export interface ApplicationSlice {
    readonly account: AccountContext & { readonly application: string };
    readonly component: ApplicationAccount;
    readonly sessionState: ReturnType<typeof applicationSessionState>;
}

/**
 * Everything one application account holds, built by the same code whether the environment stack deploys it inline or
 * an application stack deploys it on its own: the account's provider, baseline and boundary, its network, endpoints,
 * WAF, workload role and budget, and its session state with the active-region parameters. Only `genai` differs: the
 * environment stack's own outputs, or the environment stack's contract read through a StackReference.
 */
export function applicationSlice(
    env: Environment,
    catalogue: ModelCatalogue,
    slot: EnvironmentAccount & { readonly application: string },
    organization: OrganizationStackReference,
    genai: GenaiTarget,
): ApplicationSlice {
    const account = memberAccount(env, slot, organization) as AccountContext & { application: string };
    const component = applicationAccount(env, catalogue, account, genai);
    const sessionState = applicationSessionState(env, account, component.workloadRoleName);
    return { account, component, sessionState };
}

/**
 * One application account from config: its network, workload role, WAF web ACL and budget, all in its primary region.
 * It names its own genAI invoke role (one per application) by its derived ARN: the workload role only grants itself
 * sts:AssumeRole on it, which IAM accepts before the role exists, and the invoke role (whose trust names this workload
 * role only) is created after.
 */
export function applicationAccount(env: Environment, catalogue: ModelCatalogue, account: AccountContext, genai: GenaiTarget): ApplicationAccount {
    const settings = env.accounts.applications[account.application!];
    const region = env.primaryRegion;
    const partition = partitionOf(region);
    const models = invocableModels(modelsForEnvironment(catalogue, env.name, env.models));
    const networkNames = privateNetworkNames(env.namePrefix, env.name, account.key, region);
    return new ApplicationAccount(`${env.name}-${account.key}`, {
        region,
        accountId: account.accountId,
        organizationId: genai.organizationId,
        vpcCidr: account.vpcCidr,
        availabilityZoneNames: env.availabilityZones[region],
        egress: settings.egress,
        // A NAT gateway per zone keeps prod's egress up when a zone fails; elsewhere one NAT for the VPC saves its cost.
        natGatewaysPerAz: env.name === "prod",
        compute: settings.compute,
        workloadRoleName: workloadRoleName(env.namePrefix, env.name, account.application!),
        permissionsBoundaryArn: account.permissionsBoundaryArn,
        invokeRoleArn: genai.accountId.apply((id) => iamRoleArn(partition, id, invokeRoleName(env.namePrefix, env.name, account.application!))),
        genAiAccountId: genai.accountId,
        // The catalogue's models and profiles, and this application's own inference profiles.
        approvedModelArns: pulumi.all([genai.accountId, genai.applicationProfileArns]).apply(([id, profiles]) => [
            ...environmentModelArns(models, environmentRegions(env), partition, id).all,
            ...(profiles[account.application!] ?? []),
        ]),
        guardrailIdentifier: genai.guardrailIdentifiers.apply((identifiers) => identifiers[region]),
        flowLogGroupName: networkNames.flowLogGroupName,
        flowLogRoleName: networkNames.flowLogRoleName,
        flowLogKeyAlias: networkNames.flowLogKeyAlias,
        webAclName: webAclName(env.namePrefix, env.name, account.application!),
        wafRateLimit: settings.wafRateLimit,
        wafEvaluationWindowSeconds: settings.wafEvaluationWindowSeconds,
        budgetName: accountBudgetName(env.namePrefix, env.name, account.key),
        monthlyBudgetUsd: settings.budget.monthlyLimitUsd,
        budgetSubscriberEmails: settings.budget.subscribers,
        ...(env.dr.enabled ? {
            drRegion: {
                region: env.drRegion,
                availabilityZoneNames: env.availabilityZones[env.drRegion],
                guardrailIdentifier: genai.guardrailIdentifiers.apply((identifiers) => identifiers[env.drRegion]),
                flowLogRoleName: privateNetworkNames(env.namePrefix, env.name, account.key, env.drRegion).flowLogRoleName,
            },
        } : {}),
        protect: env.protectStatefulResources,
    }, { provider: account.provider });
}
