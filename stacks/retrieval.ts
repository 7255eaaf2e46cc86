import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue } from "../accounts/catalogue";
import { genaiKeyAlias, invokeAttributeAccessPolicyName } from "../accounts/genaiNames";
import { knowledgeBaseName, knowledgeBaseRoleName, vectorBucketName, vectorCollectionName } from "../accounts/naming";
import { Environment } from "../accounts/validate";
import { ClassifiedModel } from "../components/identity/invokeRolePolicies";
import { InvokeRoleAttributeAccess } from "../components/identity/invokeRoleAttributeAccess";
import { PrivateNetwork } from "../components/network/privateNetwork";
import { KnowledgeBase } from "../components/retrieval/knowledgeBase";
import { KnowledgeBaseRole } from "../components/retrieval/knowledgeBaseRole";
import { VectorStore } from "../components/retrieval/vectorStore";
import { AccountContext } from "./accounts";

/**
 * The knowledge-base role, without permissions yet: it exists before the data account's key and bucket policies and
 * the vector store's policy, which name it (AWS refuses a policy naming a role that does not exist).
 */
export function knowledgeBaseRole(env: Environment, genai: AccountContext): KnowledgeBaseRole {
    return new KnowledgeBaseRole(`${env.name}-${genai.key}-knowledge-base-role`, {
        region: env.primaryRegion,
        accountId: genai.accountId,
        roleName: knowledgeBaseRoleName(env.namePrefix, env.name),
        permissionsBoundaryArn: genai.permissionsBoundaryArn,
    }, { provider: genai.provider });
}

/** What the vector store and knowledge base of one region are wired to. */
export interface RegionalKnowledgeBaseInputs {
    readonly role: KnowledgeBaseRole;
    /** The genAI account's private network in the region: an OpenSearch Serverless collection is reached through it. */
    readonly network: PrivateNetwork;
    /** The documents bucket of the region (the source in the primary region, its replica in the DR region) and its key. */
    readonly documentsBucketArn: pulumi.Output<string>;
    readonly dataKeyArn: pulumi.Output<string>;
    readonly dataAccountId: pulumi.Output<string>;
}

/**
 * The genAI account's vector store and knowledge base in one region, over that region's documents bucket. The same in
 * the primary and the DR region: no vector store replicates across regions, so each region builds its own vectors.
 *
 * The knowledge base is created only when its vector index exists: an S3 Vectors index is a resource of the store,
 * but an OpenSearch Serverless index cannot be declared with @pulumi/aws and is created by hand after the collection
 * (docs/identity-and-data.md); Bedrock refuses a knowledge base whose index is missing, so until config sets
 * `retrieval.vectorIndexReady` the region stops at the store.
 */
export function regionalKnowledgeBase(
    env: Environment,
    catalogue: ModelCatalogue,
    genai: AccountContext,
    region: string,
    inputs: RegionalKnowledgeBaseInputs,
) {
    const settings = env.retrieval;
    const prefix = env.namePrefix;
    const base = `${env.name}-${genai.key}`;
    const opts = { provider: genai.provider };
    // Validation has checked that the model is a catalogue embedding model and that indexDimension matches it.
    const embeddingModel = catalogue.models.find((model) => model.id === settings.embeddingModel)!;
    const dimensions = settings.indexDimension ?? embeddingModel.embeddingDimensions!;
    const openSearch = settings.vectorStore === "opensearch-serverless";

    const store = new VectorStore(`${base}-vector-store-${region}`, {
        region,
        accountId: genai.accountId,
        kind: settings.vectorStore,
        protect: env.protectStatefulResources,
        knowledgeBaseRoleArn: inputs.role.roleArn,
        dimension: dimensions,
        keyAliasName: genaiKeyAlias(prefix, env.name, "vectors"),
        ...(openSearch
            ? {
                collectionName: vectorCollectionName(prefix, env.name),
                vpcId: inputs.network.vpcId,
                subnetIds: inputs.network.subnetIds,
                securityGroupIds: [inputs.network.endpointSecurityGroupId],
                standbyReplicas: settings.standbyReplicas,
                indexCreatorArns: settings.indexCreators.length > 0 ? settings.indexCreators : undefined,
            }
            : { vectorBucketName: vectorBucketName(prefix, env.name) }),
    }, opts);

    const knowledgeBase = !openSearch || settings.vectorIndexReady
        ? new KnowledgeBase(`${base}-knowledge-base-${region}`, {
            region,
            knowledgeBaseName: knowledgeBaseName(prefix, env.name),
            roleArn: inputs.role.roleArn,
            roleName: inputs.role.roleName,
            embeddingModelId: embeddingModel.id,
            embeddingDimensions: dimensions,
            vectorStore: store,
            documentsBucketArn: inputs.documentsBucketArn,
            dataKeyArn: inputs.dataKeyArn,
            dataAccountId: inputs.dataAccountId,
        }, opts)
        : undefined;

    return { store, knowledgeBase };
}

/** What a region's retrieval layer is wired to, beyond its knowledge base's inputs. */
export interface RetrievalInputs extends RegionalKnowledgeBaseInputs {
    /** Every application's invoke role name, by application, and their models with clearance, for the attribute-based rules. */
    readonly invokeRoleNames: Readonly<Record<string, pulumi.Output<string>>>;
    readonly clearedModels: pulumi.Output<ClassifiedModel[]>;
}

/**
 * The retrieval layer in one region of the genAI account: the vector store, the knowledge base over that region's
 * documents (see `regionalKnowledgeBase`), and what every invoke role may read and retrieve there on behalf of a
 * tagged session: its tenant's prefix of that region's documents bucket, decrypted with that region's key through S3
 * only, and Retrieve from that region's knowledge base. The primary and the DR region are two calls of this function;
 * until a region's knowledge base exists, the invoke roles get no retrieval permission there.
 */
export function retrievalLayer(env: Environment, catalogue: ModelCatalogue, genai: AccountContext, region: string, inputs: RetrievalInputs) {
    const prefix = env.namePrefix;
    const isPrimary = region === env.primaryRegion;
    const base = `${env.name}-${genai.key}`;
    const opts = { provider: genai.provider };

    const { store, knowledgeBase } = regionalKnowledgeBase(env, catalogue, genai, region, inputs);

    // The primary region's names predate the DR region's copy; IAM policy names are global, hence the DR suffix.
    const policyName = invokeAttributeAccessPolicyName(prefix, env.name);
    const attributeAccess = new InvokeRoleAttributeAccess(isPrimary ? `${base}-invoke-role-attribute-access` : `${base}-invoke-role-attribute-access-${region}`, {
        region,
        invokeRoleNames: inputs.invokeRoleNames,
        policyName: isPrimary ? policyName : `${policyName}-${region}`,
        classifiedModels: inputs.clearedModels,
        dataAccountId: inputs.dataAccountId,
        documentsBucketArn: inputs.documentsBucketArn,
        dataKeyArn: inputs.dataKeyArn,
        knowledgeBaseArn: knowledgeBase?.knowledgeBaseArn,
    }, opts);

    return { store, knowledgeBase, attributeAccess };
}
