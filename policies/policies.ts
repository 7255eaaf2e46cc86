/** Every policy of the pack, grouped by domain; index.ts serves them, tests and docs enumerate them. */
import { Policies } from "@pulumi/policy";
import { enforceGuardrailBaseline } from "./bedrock/enforceGuardrailBaseline";
import { governBedrockAgents } from "./bedrock/governBedrockAgents";
import { requireBedrockOrganizationControls } from "./bedrock/requireBedrockOrganizationControls";
import { requireCatalogueEmbeddingModel } from "./bedrock/requireCatalogueEmbeddingModel";
import { requireEnforcedGuardrailPolicy } from "./bedrock/requireEnforcedGuardrailPolicy";
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
import { requireDrReplicaKeys } from "./kms/requireDrReplicaKeys";
import { rotateKmsKeys } from "./kms/rotateKmsKeys";
import { forbidInternetPaths } from "./network/forbidInternetPaths";
import { requireBedrockRuntimeEndpoint } from "./network/requireBedrockRuntimeEndpoint";
import { requireFlowLogs } from "./network/requireFlowLogs";
import { restrictEndpointPolicies } from "./network/restrictEndpointPolicies";
import { restrictInternetIngress } from "./network/restrictInternetIngress";
import { requireInvocationLogging } from "./observability/requireInvocationLogging";
import { requireLogGroupRetentionAndKms } from "./observability/requireLogGroupRetentionAndKms";
import { requirePromptLogPiiMasking } from "./observability/requirePromptLogPiiMasking";
import { requireDrReplicas } from "./resilience/requireDrReplicas";
import { blockBucketPublicAccess } from "./s3/blockBucketPublicAccess";
import { requireBucketKmsEncryption } from "./s3/requireBucketKmsEncryption";
import { requireBucketTls } from "./s3/requireBucketTls";
import { requireBucketVersioning } from "./s3/requireBucketVersioning";
import { requireConfigRecorders } from "./security/requireConfigRecorders";
import { requireGuardDutyOrganizationFeatures } from "./security/requireGuardDutyOrganizationFeatures";
import { requireOrganizationTrail } from "./security/requireOrganizationTrail";
import { requireResourceControlPolicies } from "./security/requireResourceControlPolicies";

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
    requirePromptLogPiiMasking,
    requireBedrockOrganizationControls,
    requireEnforcedGuardrailPolicy,
    // Capacity
    restrictCapacityReservations,
    capReservedInstances,
    requireReservationEndDate,
    // Network
    requireBedrockRuntimeEndpoint,
    restrictEndpointPolicies,
    requireFlowLogs,
    restrictInternetIngress,
    forbidInternetPaths,
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
    requireDrReplicaKeys,
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
    // Security baseline of the organization
    requireOrganizationTrail,
    requireGuardDutyOrganizationFeatures,
    requireConfigRecorders,
    requireResourceControlPolicies,
];
