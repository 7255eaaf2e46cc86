import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentAccount, environmentAccounts } from "../accounts/model";
import { iamRoleArn, workloadRoleName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { applicationStackName, Environment } from "../accounts/validate";
import { memberAccount } from "./accounts";
import { ApplicationSlice, applicationSlice, genaiTargetOf } from "./applicationAccount";
import { applicationContract } from "./applicationContract";
import { dataAccount } from "./dataAccount";
import {
    drDeclaration,
    drKnowledgeBaseRole,
    environmentDrInventory,
    genaiDrRegion,
} from "./disasterRecovery";
import { environmentFaultInjection } from "./faultInjection";
import { genaiAccount, genaiInvokeRole } from "./genaiAccount";
import { OrganizationStackReference } from "./organizationReference";
import { knowledgeBaseRole, retrievalLayer } from "./retrieval";

/**
 * An environment stack: the genAI account, the data account and one account per application, wired together.
 *
 * The order is what AWS requires, not a style: IAM, KMS and S3 refuse a policy that names a role which does not exist
 * yet, so each role is created before the policies that name it, and passed on as its `arn` output.
 *   1. every account's provider, baseline and permissions boundary;
 *   2. the genAI account's baseline (guardrail, network, logging, capacity, artifacts, monitoring, budget);
 *   3. each application account, whose workload role names the invoke role by its derived ARN (a permission, which
 *      IAM accepts before the role exists);
 *   4. one invoke role per application, whose trust names that application's workload role ARN output only, and the
 *      catalogue parameter that maps each application to its invoke role;
 *   5. the knowledge-base role;
 *   6. the data account, whose key and bucket policies name the knowledge-base role and every invoke role;
 *   7. the vector store and knowledge base, and the invoke roles' tenant-scoped reads and retrieval.
 */
export function environmentStack(env: Environment, catalogue: ModelCatalogue) {
    // Always read: endpoint and trust policies admit principals of the organization only, by its ID.
    const organization = new OrganizationStackReference(env.organizationStack);
    const organizationId = organization.organizationId;
    const partition = partitionOf(env.primaryRegion);

    const slots = environmentAccounts(env);
    const isOwnStack = (slot: EnvironmentAccount) => slot.role === "application" && env.accounts.applications[slot.application!].stack === "own";
    const [genai, data] = (["genai", "data"] as const).map((role) => memberAccount(env, slots.find((slot) => slot.role === role)!, organization));
    const applicationSlots = slots.filter((slot): slot is EnvironmentAccount & { application: string } => slot.role === "application");

    const genaiBaseline = genaiAccount(env, catalogue, genai, organizationId);
    const genaiSlices = genaiBaseline.dr ? [genaiBaseline.primary, genaiBaseline.dr] : [genaiBaseline.primary];
    const genaiTarget = genaiTargetOf(genai.accountId, organizationId, genaiSlices, genaiBaseline.applicationProfileArns);
    // Applications deployed inline; the others are built by the same code in stacks of their own (stacks/applicationStack.ts).
    const applications = applicationSlots.filter((slot) => !isOwnStack(slot))
        .map((slot) => applicationSlice(env, catalogue, slot, organization, genaiTarget));
    const applicationAccountId = (slot: EnvironmentAccount) => (slot.configuredId !== undefined
        ? pulumi.output(slot.configuredId)
        : organization.accountId(env.name, slot.key));
    const invoke = genaiInvokeRole(env, catalogue, genai, {
        organizationId,
        regions: genaiSlices,
        // Every application's, inline or not: each workload role is named by its derived ARN.
        workloads: applicationSlots.map((slot) => ({
            application: slot.application,
            workloadRoleArn: applicationAccountId(slot).apply((id) => iamRoleArn(partition, id, workloadRoleName(env.namePrefix, env.name, slot.application))),
            tenants: env.accounts.applications[slot.application].tenants,
        })),
        applicationProfiles: genaiBaseline.applicationProfiles,
    });
    const genaiDr = genaiDrRegion(env, genai, genaiBaseline);
    const kbRole = knowledgeBaseRole(env, genai);
    const drKbRole = drKnowledgeBaseRole(env, genai);
    // The documents in each region, then the knowledge base that reads them there.
    const dataStore = dataAccount(env, data, organizationId, {
        knowledgeBaseRoleArn: kbRole.roleArn,
        invokeRoleArns: Object.values(invoke.invokeRole.roleArns),
        drKnowledgeBaseRoleArn: drKbRole?.roleArn,
    });
    const retrieval = retrievalLayer(env, catalogue, genai, env.primaryRegion, {
        role: kbRole,
        network: genaiBaseline.primary.network,
        documentsBucketArn: dataStore.primary.documentsBucketArn,
        dataKeyArn: dataStore.primary.keyArn,
        dataAccountId: data.accountId,
        invokeRoleNames: invoke.invokeRole.roleNames,
        clearedModels: invoke.clearedModels,
    });
    // The same retrieval layer over the replicas: the invoke roles read their tenant's replicated documents there.
    const dataDr = dataStore.dr;
    const retrievalDr = drKbRole && dataDr && genaiBaseline.dr ? retrievalLayer(env, catalogue, genai, env.drRegion, {
        role: drKbRole,
        network: genaiBaseline.dr.network,
        documentsBucketArn: dataDr.documentsBucketArn,
        dataKeyArn: dataDr.keyArn,
        dataAccountId: data.accountId,
        invokeRoleNames: invoke.invokeRole.roleNames,
        clearedModels: invoke.clearedModels,
    }) : undefined;
    const drInventory = environmentDrInventory(env, {
        genai: {
            account: genai,
            primary: genaiBaseline.primary,
            drSlice: genaiBaseline.dr,
            parameter: invoke.parameter,
            drParameter: invoke.drParameter,
            store: retrieval.store,
            knowledgeBase: retrieval.knowledgeBase,
            invokeRole: invoke.invokeRole,
            artifacts: genaiBaseline.artifacts,
            dr: genaiDr,
            drRetrieval: retrievalDr,
        },
        data: { account: data, primary: dataStore.primary, dr: dataDr },
        applications: applications.map((application) => application.sessionState),
    });

    const { vpcId, subnetIds, endpointIds, ...genaiOutputs } = genaiBaseline.outputs;
    // The accounts this stack deploys into: the genAI and data accounts and the inline applications'.
    const deployedAccounts = [genai, data, ...applications.map((application) => application.account)];
    return {
        environment: env.name,
        primaryRegion: env.primaryRegion,
        drRegion: env.dr.enabled ? env.drRegion : undefined,
        dr: drDeclaration(env),
        drInventory,
        applicationContract: applicationContract(env, {
            organizationId,
            genaiAccountId: genai.accountId,
            guardrailIdentifiers: genaiTarget.guardrailIdentifiers.apply((identifiers) => ({ ...identifiers })),
            applicationProfileArns: genaiBaseline.applicationProfileArns,
        }),
        accounts: Object.fromEntries(deployedAccounts.map((account) => [account.key, account.accountId])),
        approvedModels: modelsForEnvironment(catalogue, env.name, env.models).map((model) => model.id),
        permissionBoundaryArns: Object.fromEntries(deployedAccounts.map((account) => [account.key, account.permissionsBoundaryArn])),
        genai: {
            vpcId,
            subnetIds,
            endpointIds,
            invokeRoleArns: invoke.invokeRole.roleArns,
            ...genaiOutputs,
            catalogueParameterName: invoke.parameter.parameterName,
            knowledgeBaseRoleArn: kbRole.roleArn,
            vectorStoreArn: retrieval.store.storeArn,
            knowledgeBaseId: retrieval.knowledgeBase?.knowledgeBaseId,
        },
        data: {
            documentsBucketName: dataStore.primary.documentsBucketName,
            documentsKeyArn: dataStore.primary.keyArn,
            vpcId: dataStore.primary.vpcId,
        },
        applications: Object.fromEntries([
            ...applications.map((application) => [application.account.application, {
                ...applicationOutputs(env, application),
                invokeRoleArn: invoke.invokeRole.roleArns[application.account.application],
            }]),
            // Deployed by stacks of their own, which export the rest.
            ...applicationSlots.filter(isOwnStack).map((slot) => [slot.application, {
                stack: applicationStackName(pulumi.getStack(), slot.application),
                invokeRoleArn: invoke.invokeRole.roleArns[slot.application],
            }]),
        ]),
        faultInjection: environmentFaultInjection(env, genai, { primary: genaiBaseline.primary, artifacts: genaiBaseline.artifacts }),
    };
}

/** What a stack exports of one application account it deploys (the environment stack's inline ones, or an application stack's). */
export function applicationOutputs(env: Environment, { component, sessionState }: ApplicationSlice) {
    return {
        workloadRoleArn: component.workloadRoleArn,
        sessionTableName: sessionState.table.tableName,
        activeRegionParameterName: sessionState.activeRegion.parameterName,
        vpcId: component.vpcId,
        webAclArn: component.webAclArn,
        ...(env.dr.enabled ? { drVpcId: component.drVpcId, drWebAclArn: component.drWebAclArn } : {}),
    };
}
