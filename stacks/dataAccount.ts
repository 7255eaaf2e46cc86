import * as pulumi from "@pulumi/pulumi";
import { accountBudgetName, accountKeyAlias, documentsAccessLogsBucketName, documentsBucketName, privateNetworkNames, s3BucketArn } from "../accounts/naming";
import * as names from "../accounts/genaiNames";
import { partitionOf } from "../accounts/regions";
import { Environment } from "../accounts/validate";
import { dataKeyPolicy, documentsBucketPolicy } from "../components/data/policyDocuments";
import { DataRegion, DataRegionArgs } from "../components/data/region";
import { dataEndpoints, dataPerimeterEndpointPolicy } from "../components/network/endpoints";
import { AccountBudget } from "../components/observability/budget";
import { AccountContext } from "./accounts";

/** The genAI account's roles the data account lets read its documents: created first, passed as `arn` outputs. */
export interface DocumentReaders {
    readonly knowledgeBaseRoleArn: pulumi.Output<string>;
    /** Every application's invoke role. */
    readonly invokeRoleArns: readonly pulumi.Output<string>[];
    /** The DR region's knowledge-base role (with DR): the replica key and bucket admit it instead of the primary's. */
    readonly drKnowledgeBaseRoleArn?: pulumi.Output<string>;
}

/**
 * The data account: a DataRegion in the primary region (the knowledge base's documents: key, documents bucket,
 * access-log bucket) and, with DR, one in the DR region (the key's replica and the documents replicated into a bucket
 * there, each granting the DR readers what the source grants), each with a private network from the same component as
 * the genAI account's (S3 gateway and KMS, STS and Logs interface endpoints, no internet gateway or NAT, flow logs);
 * and the account's budget.
 */
export function dataAccount(env: Environment, account: AccountContext, organizationId: pulumi.Output<string>, readers: DocumentReaders) {
    const settings = env.accounts.data;
    const prefix = env.namePrefix;
    const partition = partitionOf(env.primaryRegion);
    const base = `${env.name}-${account.key}`;
    const opts = { provider: account.provider };
    const { accountId } = account;
    const invokeRoleArns = pulumi.all([...readers.invokeRoleArns]);

    // The primary and the DR region are the same component; what differs between them is decided here, as inputs.
    const regionIn = (region: string, documents: Pick<DataRegionArgs, "documents" | "replica">) => new DataRegion(`${base}-${region}`, {
        region,
        childNamePrefix: base,
        ...documents,
        network: {
            accountId,
            cidrBlock: account.vpcCidr,
            availabilityZones: env.availabilityZones[region],
            organizationId,
            endpoints: dataEndpoints,
            // No container image is pulled here, so the S3 endpoint needs no exception for ECR's layer bucket.
            endpointPolicies: { s3: organizationId.apply((id) => JSON.stringify(dataPerimeterEndpointPolicy(id, "s3"))) },
            ...privateNetworkNames(prefix, env.name, account.key, region),
            permissionsBoundaryArn: account.permissionsBoundaryArn,
        },
        protect: env.protectStatefulResources,
    }, opts);

    const region = env.primaryRegion;
    const primary = regionIn(region, {
        documents: {
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
        },
    });

    const drKnowledgeBaseRoleArn = readers.drKnowledgeBaseRoleArn;
    const drRegion = env.drRegion;
    const replicaBucketArn = accountId.apply((id) => s3BucketArn(partition, documentsBucketName(prefix, env.name, id, drRegion)));
    const dr = env.dr.enabled && drKnowledgeBaseRoleArn ? regionIn(drRegion, {
        replica: {
            key: {
                primaryKeyArn: primary.keyArn,
                description: "Knowledge-base documents in the data account (replica)",
                aliasName: accountKeyAlias(prefix, env.name, account.key, "documents"),
                policy: pulumi.all([accountId, organizationId, replicaBucketArn, drKnowledgeBaseRoleArn, invokeRoleArns])
                    .apply(([dataAccountId, orgId, documentsBucketArn, knowledgeBaseRoleArn, invokeRoles]) => dataKeyPolicy({
                        partition, region: drRegion, dataAccountId, organizationId: orgId, documentsBucketArn,
                        readerRoleArns: [knowledgeBaseRoleArn, ...invokeRoles],
                    })),
            },
            replication: {
                region,
                accountId,
                sourceBucketName: primary.documentsBucketName,
                sourceKeyArn: primary.keyArn,
                replicaBucketName: accountId.apply((id) => documentsBucketName(prefix, env.name, id, drRegion)),
                roleName: names.documentsReplicationRoleName(prefix, env.name),
                permissionsBoundaryArn: account.permissionsBoundaryArn,
                dependsOn: [primary.store!],
                noncurrentVersionExpirationDays: settings.noncurrentVersionExpirationDays,
                replicaBucketPolicyStatements: pulumi.all([replicaBucketArn, organizationId, drKnowledgeBaseRoleArn, invokeRoleArns])
                    .apply(([documentsBucketArn, orgId, knowledgeBaseRoleArn, invokeRoles]) =>
                        documentsBucketPolicy({ documentsBucketArn, organizationId: orgId, knowledgeBaseRoleArn, invokeRoleArns: invokeRoles }).Statement),
            },
        },
    }) : undefined;

    new AccountBudget(`${base}-budget`, {
        accountId,
        budgetName: accountBudgetName(prefix, env.name, account.key),
        monthlyLimitUsd: settings.budget.monthlyLimitUsd,
        subscriberEmails: settings.budget.subscribers,
    }, opts);

    return { primary, dr };
}
