import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import { invokeRoleName } from "../accounts/genaiNames";
import { accountBudgetName, iamRoleArn, privateNetworkNames, webAclName, workloadRoleName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment, environmentRegions } from "../accounts/validate";
import { ApplicationAccount } from "../components/application/applicationAccount";
import { environmentModelArns, guardrailIdentifier, invocableModels } from "../components/bedrock/catalogue";
import { BedrockGuardrail } from "../components/bedrock/guardrail";
import { AccountContext } from "./accounts";

/** What an application account needs from the genAI account, which its endpoints and workload role point at. */
export interface GenaiTarget {
    readonly accountId: pulumi.Output<string>;
    readonly organizationId: pulumi.Output<string>;
    readonly guardrail: BedrockGuardrail;
    /** The DR region's guardrail, with DR: the application's DR endpoints admit calls that name it. */
    readonly drGuardrail?: BedrockGuardrail;
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
        approvedModelArns: genai.accountId.apply((id) => environmentModelArns(models, environmentRegions(env), partition, id).all),
        guardrailIdentifier: pulumi.all([genai.guardrail.guardrailArn, genai.guardrail.version])
            .apply(([arn, version]) => guardrailIdentifier(arn, version)),
        flowLogGroupName: networkNames.flowLogGroupName,
        flowLogRoleName: networkNames.flowLogRoleName,
        flowLogKeyAlias: networkNames.flowLogKeyAlias,
        webAclName: webAclName(env.namePrefix, env.name, account.application!),
        wafRateLimit: settings.wafRateLimit,
        wafEvaluationWindowSeconds: settings.wafEvaluationWindowSeconds,
        budgetName: accountBudgetName(env.namePrefix, env.name, account.key),
        monthlyBudgetUsd: settings.budget.monthlyLimitUsd,
        budgetSubscriberEmails: settings.budget.subscribers,
        ...(genai.drGuardrail ? {
            drRegion: {
                region: env.drRegion,
                availabilityZoneNames: env.availabilityZones[env.drRegion],
                guardrailIdentifier: pulumi.all([genai.drGuardrail.guardrailArn, genai.drGuardrail.version])
                    .apply(([arn, version]) => guardrailIdentifier(arn, version)),
                flowLogRoleName: privateNetworkNames(env.namePrefix, env.name, account.key, env.drRegion).flowLogRoleName,
            },
        } : {}),
        protect: env.protectStatefulResources,
    }, { provider: account.provider });
}
