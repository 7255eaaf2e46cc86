import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue, modelsForEnvironment } from "../accounts/catalogue";
import { environmentAccounts } from "../accounts/model";
import { Environment } from "../accounts/validate";
import { AccountContext, memberAccount } from "./accounts";
import { applicationAccount } from "./applicationAccount";
import { dataAccount } from "./dataAccount";
import { genaiAccount, genaiInvokeRole, invokeRoleTrustPreflight } from "./genaiAccount";
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
 *   4. the invoke role, whose trust names each workload role's ARN output, and the catalogue parameter;
 *   5. the knowledge-base role;
 *   6. the data account, whose key and bucket policies name both roles;
 *   7. the vector store and knowledge base, and the invoke role's tenant-scoped reads and retrieval.
 */
export function environmentStack(env: Environment, catalogue: ModelCatalogue) {
    // Before anything is created: the invoke role's trust grows with the applications and tenants config lists.
    const trustProblems = invokeRoleTrustPreflight(env);
    if (trustProblems.length > 0) {
        throw new pulumi.RunError(`The genAI invoke role cannot trust every application workload:\n${trustProblems.map((p) => `  - ${p}`).join("\n")}`);
    }
    // Always read: endpoint and trust policies admit principals of the organization only, by its ID.
    const organization = new OrganizationStackReference(env.organizationStack);
    const organizationId = organization.organizationId;

    const accounts = environmentAccounts(env).map((account) => memberAccount(env, account, organization));
    const genai = accounts.find((account) => account.role === "genai")!;
    const data = accounts.find((account) => account.role === "data")!;
    const applicationAccounts = accounts.filter((account): account is AccountContext & { application: string } => account.role === "application");

    const genaiBaseline = genaiAccount(env, catalogue, genai, organizationId);
    const applications = applicationAccounts.map((account) => ({
        account,
        component: applicationAccount(env, catalogue, account, { accountId: genai.accountId, organizationId, guardrail: genaiBaseline.guardrail }),
    }));
    const invoke = genaiInvokeRole(env, catalogue, genai, {
        organizationId,
        guardrail: genaiBaseline.guardrail,
        workloads: applications.map(({ account, component }) => ({
            application: account.application,
            workloadRoleArn: component.workloadRoleArn,
            tenants: env.accounts.applications[account.application].tenants,
        })),
    });
    const kbRole = knowledgeBaseRole(env, genai);
    const dataStore = dataAccount(env, data, organizationId, { knowledgeBaseRoleArn: kbRole.roleArn, invokeRoleArn: invoke.invokeRole.roleArn });
    const retrieval = retrievalLayer(env, catalogue, genai, {
        role: kbRole,
        network: genaiBaseline.network,
        documents: dataStore.documents,
        dataAccountId: data.accountId,
        invokeRoleName: invoke.invokeRole.roleName,
        clearedModels: invoke.clearedModels,
    });

    const { vpcId, subnetIds, endpointIds, ...genaiOutputs } = genaiBaseline.outputs;
    return {
        environment: env.name,
        primaryRegion: env.primaryRegion,
        drRegion: env.dr.enabled ? env.drRegion : undefined,
        accounts: Object.fromEntries(accounts.map((account) => [account.key, account.accountId])),
        approvedModels: modelsForEnvironment(catalogue, env.name, env.models).map((model) => model.id),
        permissionBoundaryArns: Object.fromEntries(accounts.map((account) => [account.key, account.permissionsBoundaryArn])),
        genai: {
            vpcId,
            subnetIds,
            endpointIds,
            invokeRoleArn: invoke.invokeRole.roleArn,
            ...genaiOutputs,
            catalogueParameterName: invoke.parameter.parameterName,
            knowledgeBaseRoleArn: kbRole.roleArn,
            vectorStoreArn: retrieval.store.storeArn,
            knowledgeBaseId: retrieval.knowledgeBase?.knowledgeBaseId,
        },
        data: {
            documentsBucketName: dataStore.documents.documentsBucketName,
            documentsKeyArn: dataStore.documents.keyArn,
            vpcId: dataStore.network.vpcId,
        },
        applications: Object.fromEntries(applications.map(({ account, component }) => [account.application, {
            workloadRoleArn: component.workloadRoleArn,
            vpcId: component.vpcId,
            webAclArn: component.webAclArn,
        }])),
    };
}
