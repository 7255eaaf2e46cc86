/** Every policy of the pack, grouped by domain; index.ts serves them, tests and docs enumerate them. */
import { Policies } from "@pulumi/policy";
import { enforceGuardrailBaseline } from "./bedrock/enforceGuardrailBaseline";
import { governBedrockAgents } from "./bedrock/governBedrockAgents";
import { requireCatalogueEmbeddingModel } from "./bedrock/requireCatalogueEmbeddingModel";
import { requireGuardrailCondition } from "./bedrock/requireGuardrailCondition";
import { restrictInvokeToCatalogueModels } from "./bedrock/restrictInvokeToCatalogueModels";
import { warnBeforeModelEndOfLife } from "./bedrock/warnBeforeModelEndOfLife";
import { capReservedInstances } from "./capacity/capReservedInstances";
import { requireReservationEndDate } from "./capacity/requireReservationEndDate";
import { restrictCapacityReservations } from "./capacity/restrictCapacityReservations";
import { isolateSageMakerEndpoints } from "./compute/isolateSageMakerEndpoints";
import { requireEcrScanOnPush } from "./compute/requireEcrScanOnPush";
import { protectVectorStores } from "./data/protectVectorStores";
import { keepFixedCostWithinBudget } from "./governance/keepFixedCostWithinBudget";
import { protectStatefulResources } from "./governance/protectStatefulResources";
import { requireBudgets } from "./governance/requireBudgets";
import { requireTags } from "./governance/requireTags";
import { restrictRegions } from "./governance/restrictRegions";
import { forbidStarOnStar } from "./iam/forbidStarOnStar";
import { requirePermissionsBoundary } from "./iam/requirePermissionsBoundary";
import { restrictRoleTrust } from "./iam/restrictRoleTrust";
import { requireMultiRegionKeys } from "./kms/requireMultiRegionKeys";
import { rotateKmsKeys } from "./kms/rotateKmsKeys";
import { requireBedrockRuntimeEndpoint } from "./network/requireBedrockRuntimeEndpoint";
import { requireFlowLogs } from "./network/requireFlowLogs";
import { restrictEndpointPolicies } from "./network/restrictEndpointPolicies";
import { restrictInternetIngress } from "./network/restrictInternetIngress";
import { requireInvocationLogging } from "./observability/requireInvocationLogging";
import { requireLogGroupRetentionAndKms } from "./observability/requireLogGroupRetentionAndKms";
import { requireDrReplicas } from "./resilience/requireDrReplicas";
import { blockBucketPublicAccess } from "./s3/blockBucketPublicAccess";
import { requireBucketKmsEncryption } from "./s3/requireBucketKmsEncryption";
import { requireBucketTls } from "./s3/requireBucketTls";
import { requireBucketVersioning } from "./s3/requireBucketVersioning";

export const packName = "genai-landing-zone";

export const policies: Policies = [
    // Model governance and guardrails
    restrictInvokeToCatalogueModels,
    requireGuardrailCondition,
    enforceGuardrailBaseline,
    requireCatalogueEmbeddingModel,
    governBedrockAgents,
    warnBeforeModelEndOfLife,
    protectVectorStores,
    requireInvocationLogging,
    // Capacity
    restrictCapacityReservations,
    capReservedInstances,
    requireReservationEndDate,
    // Network
    requireBedrockRuntimeEndpoint,
    restrictEndpointPolicies,
    requireFlowLogs,
    restrictInternetIngress,
    // Identity
    restrictRoleTrust,
    forbidStarOnStar,
    requirePermissionsBoundary,
    // Data protection
    blockBucketPublicAccess,
    requireBucketKmsEncryption,
    requireBucketVersioning,
    requireBucketTls,
    rotateKmsKeys,
    requireMultiRegionKeys,
    requireLogGroupRetentionAndKms,
    // Governance and resilience
    protectStatefulResources,
    requireTags,
    restrictRegions,
    requireBudgets,
    keepFixedCostWithinBudget,
    requireDrReplicas,
    // Compute
    requireEcrScanOnPush,
    isolateSageMakerEndpoints,
];
