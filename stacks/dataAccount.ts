import * as pulumi from "@pulumi/pulumi";
import { accountBudgetName, accountKeyAlias, documentsAccessLogsBucketName, documentsBucketName, privateNetworkNames } from "../accounts/naming";
import { Environment } from "../accounts/validate";
import { DocumentStore } from "../components/data/documentStore";
import { dataEndpoints, dataPerimeterEndpointPolicy } from "../components/network/endpoints";
import { PrivateNetwork } from "../components/network/privateNetwork";
import { AccountBudget } from "../components/observability/budget";
import { AccountContext } from "./accounts";

/** The genAI account's roles the data account lets read its documents: created first, passed as `arn` outputs. */
export interface DocumentReaders {
    readonly knowledgeBaseRoleArn: pulumi.Output<string>;
    /** Every application's invoke role. */
    readonly invokeRoleArns: readonly pulumi.Output<string>[];
}

/**
 * The data account in the primary region: the knowledge base's documents (key, documents bucket, access-log bucket),
 * a private network from the same component as the genAI account's (S3 gateway and KMS, STS and Logs interface
 * endpoints, no internet gateway or NAT, flow logs), and the account's budget.
 */
export function dataAccount(env: Environment, account: AccountContext, organizationId: pulumi.Output<string>, readers: DocumentReaders) {
    const settings = env.accounts.data;
    const prefix = env.namePrefix;
    const region = env.primaryRegion;
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const { accountId } = account;

    const documents = new DocumentStore(`${base}-documents-${region}`, {
        region,
        dataAccountId: accountId,
        organizationId,
        documentsBucketName: accountId.apply((id) => documentsBucketName(prefix, env.name, id, region)),
        accessLogsBucketName: accountId.apply((id) => documentsAccessLogsBucketName(prefix, env.name, id, region)),
        keyAliasName: accountKeyAlias(prefix, env.name, account.key, "documents"),
        // Multi-region in every environment, so that turning DR on later replicates under a replica key instead of
        // replacing the key (which the key's protection refuses).
        multiRegionKey: true,
        knowledgeBaseRoleArn: readers.knowledgeBaseRoleArn,
        invokeRoleArns: readers.invokeRoleArns,
        noncurrentVersionExpirationDays: settings.noncurrentVersionExpirationDays,
        accessLogRetentionDays: settings.accessLogRetentionDays,
        protect: env.protectStatefulResources,
    }, opts);

    const network = new PrivateNetwork(`${base}-network-${region}`, {
        region,
        accountId,
        cidrBlock: account.vpcCidr,
        availabilityZones: env.availabilityZones[region],
        organizationId,
        endpoints: dataEndpoints,
        // No container image is pulled here, so the S3 endpoint needs no exception for ECR's layer bucket.
        endpointPolicies: { s3: organizationId.apply((id) => JSON.stringify(dataPerimeterEndpointPolicy(id, "s3"))) },
        ...privateNetworkNames(prefix, env.name, account.key, region),
        permissionsBoundaryArn: account.permissionsBoundaryArn,
        protect: env.protectStatefulResources,
    }, opts);

    new AccountBudget(`${base}-budget`, {
        accountId,
        budgetName: accountBudgetName(prefix, env.name, account.key),
        monthlyLimitUsd: settings.budget.monthlyLimitUsd,
        subscriberEmails: settings.budget.subscribers,
    }, opts);

    return { documents, network };
}
