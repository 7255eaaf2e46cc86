/**
 * The access model and claims engine: what the planned policies let happen, proved by simulation.
 *
 * `evaluateClaims({ graph, organizationGraph?, config, catalogue, organizationId, region? })` derives the stack's
 * claims from its config and the catalogue, evaluates each with @cloud-copilot/iam-simulate over the plan's
 * identity, resource, endpoint and organization policies, and returns per-claim results with the deciding
 * statement. With `region`, only that region's claims and the global ones: what a failover drill needs.
 */
export { buildAccessModel } from "./model";
export type { AccessModel, PolicyDocument, SourcedPolicy } from "./model";
export { claimKinds, deriveClaims, evaluateClaims, knownSimulatorBlindSpots } from "./claims";
export type { Claim, ClaimKind, ClaimResult, ClaimsReport, EvaluateClaimsInput } from "./claims";
export { customClaimsFileName, projectCustomClaims, readCustomClaims } from "./customClaims";
export type { CustomClaim } from "./customClaims";
export type { AccessRequest, DecidingStatement, Decision, Layer } from "./simulate";
