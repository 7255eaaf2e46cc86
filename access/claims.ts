/**
 * Access claims: what the landing zone promises about who may do what, derived from the stack's config and the
 * model catalogue (never a matrix kept by hand), and evaluated as requests over the access model.
 *
 * Kinds: `identity-chain` (each application's workload role, and nothing else, assumes its own invoke role, only with
 * its tenants and known classifications), `invoke` (approved models only, with the region's guardrail, up to the
 * model's clearance, only where invocations are logged), `data` (documents, decryption and retrieval scoped to the
 * caller's tenant, decryption only through S3), `dr-parity` (the same allowed paths on the DR region's counterparts),
 * `service-role` (a service role is assumed only by its service for this account), `organization` (what the SCPs
 * refuse), and `custom` (an organization's own claims file).
 */
import { CatalogueModel, Classification, classifications, ModelCatalogue } from "../accounts/catalogue";
import { acceleratorWorkloadRoleName, inferenceRepositoryName, invokeRoleName, modelArtifactsBucketName } from "../accounts/genaiNames";
import { accountKey, documentsBucketName, foundationModelArn, iamRoleArn, workloadRoleName } from "../accounts/naming";
import { Partition, partitionOf } from "../accounts/regions";
import type { OrganizationConfig } from "../accounts/schema";
import { Environment, environmentRegions } from "../accounts/validate";
import type { PlanGraph, PlanResource } from "../cli/engine/graph";
import { AccessModel, buildAccessModel, fullAccessPolicy } from "./model";
import { AccessRequest, DecidingStatement, Decision, evaluate, Layer } from "./simulate";
import { CustomClaim, expandCustomClaim } from "./customClaims";

export const claimKinds = ["identity-chain", "invoke", "data", "dr-parity", "service-role", "organization", "custom"] as const;
export type ClaimKind = (typeof claimKinds)[number];

export interface Claim {
    /** Stable, readable identifier: `data/chat/acme/us-west-2/read-own-documents`. */
    readonly id: string;
    readonly kind: ClaimKind;
    /** What must hold, in words. */
    readonly description: string;
    /** Who asks, in words (`chat invoke role as tenant acme`). */
    readonly who: string;
    /** The region the request is made in, or `global`. */
    readonly region: string;
    readonly request: AccessRequest;
    readonly expect: "allowed" | "denied";
    /** For a denied claim: layers that must each refuse the request on their own, every other layer open. */
    readonly guards?: readonly Layer[];
}

export interface ClaimResult {
    readonly claim: Claim;
    readonly holds: boolean;
    /** The decision: of the full evaluation, or for a guarded denied claim of its first guard (or the guard that let it through). */
    readonly decision: Decision;
    /** The statements that decided the full evaluation, or, when a guard failed, the statements that let it through. */
    readonly decidedBy: DecidingStatement[];
    /** The guard that did not refuse on its own, when that is why the claim broke. */
    readonly failedGuard?: Layer;
}

export interface ClaimsReport {
    readonly stack: string;
    /** The region asked for, or undefined for every region the stack deploys. */
    readonly region?: string;
    readonly results: ClaimResult[];
    readonly holds: boolean;
    /** What the model and the simulator do not evaluate, so a reader does not take silence for a pass. */
    readonly blindSpots: string[];
    readonly simulations: number;
}

export interface EvaluateClaimsInput {
    /** The stack's `lz plan --json` graph. */
    readonly graph: PlanGraph;
    /** The organization stack's graph: its SCPs and RCPs then take part in every evaluation. */
    readonly organizationGraph?: PlanGraph;
    /** The stack's validated config: an environment, or the organization. */
    readonly config: { readonly kind: "environment"; readonly environment: Environment } | { readonly kind: "organization"; readonly organization: OrganizationConfig };
    readonly catalogue: ModelCatalogue;
    /** The organization ID (`o-…`) principals of the organization carry. */
    readonly organizationId: string;
    /** Only this region's claims (and global ones), e.g. the DR region for a failover drill. */
    readonly region?: string;
    /** An organization's own claims (`access-claims.yaml`). */
    readonly customClaims?: readonly CustomClaim[];
    /** Only claims whose principal or `who` contains this text. */
    readonly principal?: string;
    /** Only claims of these kinds. */
    readonly kinds?: readonly ClaimKind[];
}

/** A principal outside the organization, with every IAM permission in its own account. */
export const outsider = { account: "999999999999", arn: "arn:aws:iam::999999999999:role/outside-the-organization", organizationId: "o-outsider000" } as const;

/** Services that do not send aws:SourceAccount when they assume a role: their trust cannot be scoped by it. */
export const servicesWithoutSourceAccount = ["ec2.amazonaws.com", "lambda.amazonaws.com"] as const;

const allowAll = [fullAccessPolicy];

function rank(classification: string): number {
    return classifications.indexOf(classification as Classification);
}

function findResource(graph: PlanGraph, type: string, match: (r: PlanResource) => boolean): PlanResource | undefined {
    return graph.resources.find((r) => r.type === type && match(r));
}

function encryptionKeyOf(graph: PlanGraph, bucket: string): string | undefined {
    const sse = findResource(graph, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", (r) => r.inputs.bucket === bucket);
    const rules = sse?.inputs.rules as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string } }[] | undefined;
    return rules?.[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
}

interface EnvironmentFacts {
    readonly env: Environment;
    readonly partition: Partition;
    readonly genai: string;
    readonly data: string;
    readonly applications: { name: string; account: string; tenants: string[]; workloadRole: string; invokeRole: string }[];
    readonly regions: string[];
    readonly loggedRegions: Set<string>;
}

function environmentFacts(input: EvaluateClaimsInput, env: Environment): EnvironmentFacts {
    const { graph } = input;
    const accountOf = (key: string) => {
        const found = graph.accounts.find((a) => a.label === `${env.name}-${key}`);
        if (!found) {
            throw new Error(`the plan of ${graph.stack} has no account labelled ${env.name}-${key}`);
        }
        return found.id;
    };
    const partition = partitionOf(env.primaryRegion);
    const genai = accountOf("genai");
    const applications = Object.entries(env.accounts.applications).sort(([a], [b]) => a.localeCompare(b)).map(([name, app]) => {
        const account = accountOf(accountKey("application", name));
        return {
            name, account, tenants: [...app.tenants],
            workloadRole: iamRoleArn(partition, account, workloadRoleName(env.namePrefix, env.name, name)),
            invokeRole: iamRoleArn(partition, genai, invokeRoleName(env.namePrefix, env.name, name)),
        };
    });
    const loggedRegions = new Set(graph.resources
        .filter((r) => r.type === "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration" && r.account === genai)
        .map((r) => r.region ?? ""));
    return { env, partition, genai, data: accountOf("data"), applications, regions: environmentRegions(env), loggedRegions };
}

function identityChainClaims(facts: EnvironmentFacts, organizationId: string): Claim[] {
    const claims: Claim[] = [];
    const allTenants = [...new Set(facts.applications.flatMap((a) => a.tenants))];
    for (const app of facts.applications) {
        const base = { principal: app.workloadRole, resource: app.invokeRole, resourceAccount: facts.genai, region: facts.env.primaryRegion, principalOrgId: organizationId };
        const tags = (tenant: string, classification: string) => ({
            "aws:RequestTag/tenant": tenant,
            "aws:RequestTag/data-classification": classification,
            "aws:TagKeys": ["tenant", "data-classification"],
        });
        for (const tenant of app.tenants) {
            for (const classification of classifications) {
                for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
                    claims.push({
                        id: `identity-chain/${app.name}/${tenant}/${classification}/${action.split(":")[1]}`, kind: "identity-chain", region: "global",
                        who: `${app.name} workload role (tenant ${tenant}, ${classification})`, expect: "allowed",
                        description: `${app.name}'s workload role may ${action} its invoke role as tenant ${tenant}, classification ${classification}`,
                        request: { ...base, action, context: tags(tenant, classification) },
                    });
                }
            }
        }
        const foreignTenants = [...allTenants.filter((t) => !app.tenants.includes(t)), "tenant-not-in-config"];
        for (const tenant of foreignTenants) {
            claims.push({
                id: `identity-chain/${app.name}/foreign-tenant/${tenant}`, kind: "identity-chain", region: "global",
                who: `${app.name} workload role (tenant ${tenant})`, expect: "denied", guards: ["resource"],
                description: `${app.name}'s workload role may not tag its session with tenant ${tenant}, which is not one of its tenants`,
                request: { ...base, action: "sts:TagSession", context: tags(tenant, "internal") },
            });
        }
        claims.push({
            id: `identity-chain/${app.name}/unknown-classification`, kind: "identity-chain", region: "global",
            who: `${app.name} workload role (classification top-secret)`, expect: "denied", guards: ["resource"],
            description: `${app.name}'s workload role may not tag its session with an unknown classification`,
            request: { ...base, action: "sts:TagSession", context: tags(app.tenants[0], "top-secret") },
        });
        claims.push({
            id: `identity-chain/${app.name}/untagged`, kind: "identity-chain", region: "global",
            who: `${app.name} workload role (no session tags)`, expect: "denied", guards: ["resource"],
            description: `${app.name}'s workload role may not assume its invoke role without session tags`,
            request: { ...base, action: "sts:AssumeRole", context: {} },
        });
        const others: { who: string; principal: string; account: string; org: string }[] = [
            ...facts.applications.filter((o) => o !== app).map((o) => ({ who: `${o.name} workload role`, principal: o.workloadRole, account: o.account, org: organizationId })),
            { who: "any principal of the data account", principal: `arn:${facts.partition}:iam::${facts.data}:root`, account: facts.data, org: organizationId },
            // The trust admits the application's account as principal and narrows it to the workload role by ARN.
            { who: `another role of the ${app.name} account`, principal: `arn:${facts.partition}:iam::${app.account}:role/${app.name}-other-role`, account: app.account, org: organizationId },
            { who: "a principal outside the organization", principal: outsider.arn, account: outsider.account, org: outsider.organizationId },
        ];
        for (const other of others) {
            claims.push({
                id: `identity-chain/${app.name}/not-assumable-by/${other.who.replace(/ /g, "-")}`, kind: "identity-chain", region: "global",
                who: other.who, expect: "denied", guards: ["resource"],
                description: `${other.who} may not assume ${app.name}'s invoke role, even with every IAM permission`,
                request: { ...base, principal: other.principal, principalAccount: other.account, principalOrgId: other.org, identityOverride: allowAll, action: "sts:AssumeRole", context: tags(app.tenants[0], "internal") },
            });
        }
    }
    return claims;
}

function guardrailVersionIn(graph: PlanGraph, account: string, region: string): { arn: string; versionArn: string } | undefined {
    const version = findResource(graph, "aws:bedrock/guardrailVersion:GuardrailVersion", (r) => r.account === account && r.region === region);
    const arn = version?.outputs.guardrailArn;
    return typeof arn === "string" ? { arn, versionArn: `${arn}:${String(version!.outputs.version)}` } : undefined;
}

function invokeClaims(input: EvaluateClaimsInput, facts: EnvironmentFacts, regions: string[], organizationId: string): Claim[] {
    const { graph, catalogue } = input;
    const claims: Claim[] = [];
    const env = facts.env;
    const models = catalogue.models.filter((m) => m.modality !== "embedding");
    const approved = (m: CatalogueModel) => m.environments.includes(env.name) && env.models.includes(m.id);
    const kindFor = (region: string) => (region === env.primaryRegion ? "invoke" : "dr-parity") as ClaimKind;
    for (const region of regions) {
        const guardrail = guardrailVersionIn(graph, facts.genai, region);
        const guardrailVersion = guardrail?.versionArn ?? `arn:${facts.partition}:bedrock:${region}:${facts.genai}:guardrail/missing-in-plan:1`;
        const endpoint = { account: facts.genai, region, service: "bedrock-runtime" };
        const profileArn = (m: CatalogueModel) => `arn:${facts.partition}:bedrock:${region}:${facts.genai}:inference-profile/${m.inferenceProfile!.id}`;
        for (const app of facts.applications) {
            const tenant = app.tenants[0];
            const session = (classification: string, extra: Record<string, string> = {}) => ({
                "aws:PrincipalTag/tenant": tenant,
                "aws:PrincipalTag/data-classification": classification,
                "bedrock:GuardrailIdentifier": guardrailVersion,
                ...extra,
            });
            const base = { principal: app.invokeRole, resourceAccount: facts.genai, region, principalOrgId: organizationId, endpoint, action: "bedrock:InvokeModel" };
            const who = `${app.name} invoke role`;
            const as = (classification: string, guardrailNote = "guardrail") => `${who} (${classification}, ${guardrailNote})`;
            for (const model of models) {
                const target = model.inferenceProfile ? profileArn(model) : foundationModelArn(facts.partition, region, model.id);
                const through = model.inferenceProfile ? `inference profile ${model.inferenceProfile.id}` : model.id;
                if (!approved(model)) {
                    // The SCPs follow the catalogue; a model it approves that the environment does not list is refused by
                    // the invoke role alone.
                    const catalogueApproves = model.environments.includes(env.name);
                    claims.push({
                        id: `invoke/${app.name}/${region}/${model.id}/not-approved`, kind: "invoke", region, who: as("public"), expect: "denied",
                        guards: input.organizationGraph && !catalogueApproves ? ["identity-allow", "scp"] : ["identity-allow"],
                        description: catalogueApproves
                            ? `${who} may not invoke ${through}: the catalogue approves it for ${env.name}, but ${env.name}'s stack file does not list it (models)`
                            : `${who} may not invoke ${through}: the catalogue does not approve it for ${env.name}`,
                        request: { ...base, resource: target, context: session("public") },
                    });
                    continue;
                }
                claims.push({
                    id: `${kindFor(region)}/${app.name}/${region}/${model.id}/invoke-at-clearance`, kind: kindFor(region), region, who: as(model.maxClassification), expect: "allowed",
                    description: `${who} may invoke ${through} in ${region} with ${region}'s guardrail at classification ${model.maxClassification}`,
                    request: { ...base, resource: target, context: session(model.maxClassification) },
                });
                if (model.inferenceProfile) {
                    for (const destination of model.inferenceProfile.destinationRegions) {
                        claims.push({
                            id: `${kindFor(region)}/${app.name}/${region}/${model.id}/profile-routes-to/${destination}`, kind: kindFor(region), region, who: as(model.maxClassification, `through the ${region} profile`), expect: "allowed",
                            description: `${who} may reach ${model.id} in ${destination} through the ${region} inference profile (logged in ${region})`,
                            request: { ...base, resource: foundationModelArn(facts.partition, destination, model.id), context: session(model.maxClassification, { "bedrock:InferenceProfileArn": profileArn(model) }) },
                        });
                    }
                }
                const above = classifications[rank(model.maxClassification) + 1];
                if (above) {
                    claims.push({
                        id: `invoke/${app.name}/${region}/${model.id}/above-clearance`, kind: "invoke", region, who: as(above), expect: "denied", guards: ["identity-allow", "identity-deny"],
                        description: `${who} may not invoke ${model.id} with ${above} data: its clearance is ${model.maxClassification}`,
                        request: { ...base, resource: target, context: session(above) },
                    });
                }
                const withoutGuardrail: Record<string, string> = session(model.maxClassification);
                delete withoutGuardrail["bedrock:GuardrailIdentifier"];
                claims.push({
                    id: `invoke/${app.name}/${region}/${model.id}/without-guardrail`, kind: "invoke", region, who: as(model.maxClassification, "no guardrail"), expect: "denied", guards: ["identity-allow", "identity-deny", "endpoint"],
                    description: `${who} may not invoke ${model.id} without a guardrail`,
                    request: { ...base, resource: target, context: withoutGuardrail },
                });
                claims.push({
                    id: `invoke/${app.name}/${region}/${model.id}/foreign-guardrail`, kind: "invoke", region, who: as(model.maxClassification, "another guardrail"), expect: "denied", guards: ["identity-allow", "identity-deny", "endpoint"],
                    description: `${who} may not invoke ${model.id} with a guardrail that is not ${env.name}'s published version`,
                    request: { ...base, resource: target, context: session(model.maxClassification, { "bedrock:GuardrailIdentifier": `arn:${facts.partition}:bedrock:${region}:${facts.genai}:guardrail/notpublished0:1` }) },
                });
                if (guardrail) {
                    claims.push({
                        id: `invoke/${app.name}/${region}/${model.id}/draft-guardrail`, kind: "invoke", region, who: as(model.maxClassification, "guardrail draft"), expect: "denied", guards: ["identity-allow"],
                        description: `${who} may not invoke ${model.id} with the guardrail's unpublished draft`,
                        request: { ...base, resource: target, context: session(model.maxClassification, { "bedrock:GuardrailIdentifier": guardrail.arn }) },
                    });
                }
                // A direct call runs and is logged in the region it is made in: none may go where nothing logs it.
                const reachable = new Set([...model.regions, ...(model.inferenceProfile?.destinationRegions ?? [])]);
                for (const unlogged of [...reachable].filter((r) => !facts.loggedRegions.has(r)).sort()) {
                    if (region !== env.primaryRegion) {
                        break;
                    }
                    claims.push({
                        id: `invoke/${app.name}/${unlogged}/${model.id}/direct-where-unlogged`, kind: "invoke", region: unlogged, who: as(model.maxClassification, "direct, unlogged region"), expect: "denied", guards: ["identity"],
                        description: `${who} may not invoke ${model.id} directly in ${unlogged}, where ${env.name} has no invocation logging`,
                        request: { ...base, endpoint: undefined, region: unlogged, resource: foundationModelArn(facts.partition, unlogged, model.id), context: session(model.maxClassification) },
                    });
                }
            }
        }
        // Each application's own inference profiles in this region: its invoke role may call them, through its own
        // account's bedrock-runtime endpoint (where the application runs), and no other invoke role may.
        const profilesOf = (application: string) => graph.resources.filter((r) => r.type === "aws:bedrock/inferenceProfile:InferenceProfile"
            && r.account === facts.genai && r.region === region && (r.inputs.tags as Record<string, string> | undefined)?.application === application);
        for (const app of facts.applications) {
            const guardrailContext = { "bedrock:GuardrailIdentifier": guardrailVersion, "aws:PrincipalTag/tenant": app.tenants[0] };
            for (const profile of profilesOf(app.name)) {
                const model = models.find((m) => String(profile.inputs.name).endsWith(`-${m.id}`));
                if (!model || typeof profile.outputs.arn !== "string") {
                    continue;
                }
                const base = { resourceAccount: facts.genai, region, principalOrgId: organizationId, endpoint, action: "bedrock:InvokeModel", resource: profile.outputs.arn };
                claims.push({
                    id: `${kindFor(region)}/${app.name}/${region}/${model.id}/own-application-profile`, kind: kindFor(region), region, who: `${app.name} invoke role (${model.maxClassification}, guardrail)`, expect: "allowed",
                    description: `${app.name}'s invoke role may call its own application inference profile for ${model.id} in ${region}`,
                    request: { ...base, principal: app.invokeRole, endpoint: { account: app.account, region, service: "bedrock-runtime" }, context: { ...guardrailContext, "aws:PrincipalTag/data-classification": model.maxClassification } },
                });
                for (const other of facts.applications.filter((o) => o !== app)) {
                    claims.push({
                        id: `invoke/${other.name}/${region}/${model.id}/not-${app.name}-application-profile`, kind: "invoke", region, who: `${other.name} invoke role (public, guardrail)`, expect: "denied", guards: ["identity-allow"],
                        description: `${other.name}'s invoke role may not call ${app.name}'s application inference profile for ${model.id}: its usage would land on ${app.name}'s line of the bill`,
                        request: { ...base, principal: other.invokeRole, endpoint: { account: other.account, region, service: "bedrock-runtime" }, context: { "bedrock:GuardrailIdentifier": guardrailVersion, "aws:PrincipalTag/tenant": other.tenants[0], "aws:PrincipalTag/data-classification": "public" } },
                    });
                }
            }
        }
        const firstApproved = models.find(approved);
        if (firstApproved) {
            const target = firstApproved.inferenceProfile ? profileArn(firstApproved) : foundationModelArn(facts.partition, region, firstApproved.id);
            claims.push({
                id: `invoke/outsider/${region}/bedrock-runtime-endpoint`, kind: "invoke", region, who: "a principal outside the organization", expect: "denied", guards: ["endpoint"],
                description: `a principal outside the organization may not invoke through ${env.name}'s bedrock-runtime endpoint in ${region}, even with the guardrail`,
                request: {
                    principal: outsider.arn, principalAccount: outsider.account, principalOrgId: outsider.organizationId, identityOverride: allowAll,
                    action: "bedrock:InvokeModel", resource: target, resourceAccount: outsider.account, region, endpoint,
                    context: { "bedrock:GuardrailIdentifier": guardrailVersion },
                },
            });
        }
    }
    return claims;
}

function dataClaims(input: EvaluateClaimsInput, facts: EnvironmentFacts, regions: string[], organizationId: string): Claim[] {
    const { graph } = input;
    const env = facts.env;
    const claims: Claim[] = [];
    const allTenants = [...new Set(facts.applications.flatMap((a) => a.tenants))];
    for (const region of regions) {
        const kind: ClaimKind = region === env.primaryRegion ? "data" : "dr-parity";
        const bucket = documentsBucketName(env.namePrefix, env.name, facts.data, region);
        const bucketArn = `arn:${facts.partition}:s3:::${bucket}`;
        const key = encryptionKeyOf(graph, bucket) ?? `arn:${facts.partition}:kms:${region}:${facts.data}:key/missing-in-plan`;
        const knowledgeBase = findResource(graph, "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase", (r) => r.account === facts.genai && r.region === region);
        const knowledgeBaseArn = typeof knowledgeBase?.outputs.arn === "string" ? knowledgeBase.outputs.arn : `arn:${facts.partition}:bedrock:${region}:${facts.genai}:knowledge-base/missing-in-plan`;
        const viaS3 = { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": bucketArn };
        for (const app of facts.applications) {
            const who = (tenant: string) => `${app.name} invoke role as tenant ${tenant}`;
            const base = { principal: app.invokeRole, region, principalOrgId: organizationId };
            for (const tenant of app.tenants) {
                const session = { "aws:PrincipalTag/tenant": tenant, "aws:PrincipalTag/data-classification": "confidential" };
                claims.push(
                    {
                        id: `${kind}/${app.name}/${tenant}/${region}/read-own-documents`, kind, region, who: who(tenant), expect: "allowed",
                        description: `${who(tenant)} may read its tenant's documents in ${bucket}`,
                        request: { ...base, action: "s3:GetObject", resource: `${bucketArn}/tenants/${tenant}/report.pdf`, resourceAccount: facts.data, context: session },
                    },
                    {
                        id: `${kind}/${app.name}/${tenant}/${region}/list-own-documents`, kind, region, who: who(tenant), expect: "allowed",
                        description: `${who(tenant)} may list its tenant's prefix of ${bucket}`,
                        request: { ...base, action: "s3:ListBucket", resource: bucketArn, resourceAccount: facts.data, context: { ...session, "s3:prefix": `tenants/${tenant}/` } },
                    },
                    {
                        id: `${kind}/${app.name}/${tenant}/${region}/decrypt-through-s3`, kind, region, who: who(tenant), expect: "allowed",
                        description: `${who(tenant)} may decrypt those documents with ${bucket}'s key, through S3`,
                        request: { ...base, action: "kms:Decrypt", resource: key, resourceAccount: facts.data, context: { ...session, ...viaS3 } },
                    },
                    {
                        id: `${kind}/${app.name}/${tenant}/${region}/retrieve`, kind, region, who: who(tenant), expect: "allowed",
                        description: `${who(tenant)} may retrieve from the ${region} knowledge base`,
                        request: { ...base, action: "bedrock:Retrieve", resource: knowledgeBaseArn, resourceAccount: facts.genai, context: session },
                    },
                );
            }
            const tenant = app.tenants[0];
            const other = allTenants.find((t) => t !== tenant) ?? "another-tenant";
            const session = { "aws:PrincipalTag/tenant": tenant, "aws:PrincipalTag/data-classification": "confidential" };
            claims.push(
                {
                    id: `data/${app.name}/${tenant}/${region}/read-other-tenant`, kind: "data", region, who: who(tenant), expect: "denied", guards: ["identity", "resource"],
                    description: `${who(tenant)} may not read tenant ${other}'s documents in ${bucket}`,
                    request: { ...base, action: "s3:GetObject", resource: `${bucketArn}/tenants/${other}/report.pdf`, resourceAccount: facts.data, context: session },
                },
                {
                    id: `data/${app.name}/${tenant}/${region}/list-other-tenant`, kind: "data", region, who: who(tenant), expect: "denied", guards: ["identity", "resource"],
                    description: `${who(tenant)} may not list tenant ${other}'s prefix of ${bucket}`,
                    request: { ...base, action: "s3:ListBucket", resource: bucketArn, resourceAccount: facts.data, context: { ...session, "s3:prefix": `tenants/${other}/` } },
                },
                {
                    id: `data/${app.name}/${tenant}/${region}/list-every-tenant`, kind: "data", region, who: who(tenant), expect: "denied", guards: ["identity", "resource"],
                    description: `${who(tenant)} may not list ${bucket} beyond its tenant's prefix`,
                    request: { ...base, action: "s3:ListBucket", resource: bucketArn, resourceAccount: facts.data, context: { ...session, "s3:prefix": "tenants/" } },
                },
                {
                    id: `data/${app.name}/${tenant}/${region}/decrypt-directly`, kind: "data", region, who: who(tenant), expect: "denied", guards: ["identity", "resource"],
                    description: `${who(tenant)} may not decrypt with ${bucket}'s key except through S3`,
                    request: { ...base, action: "kms:Decrypt", resource: key, resourceAccount: facts.data, context: session },
                },
            );
        }
        for (const app of facts.applications) {
            const principal = `arn:${facts.partition}:iam::${app.account}:root`;
            claims.push({
                id: `data/${app.name}-account/${region}/decrypt-documents`, kind: "data", region, who: `any principal of the ${app.name} application account`, expect: "denied", guards: ["resource"],
                description: `no principal of the ${app.name} application account may decrypt ${bucket}'s documents, even through S3 and with every IAM permission`,
                request: { principal, principalAccount: app.account, principalOrgId: organizationId, identityOverride: allowAll, action: "kms:Decrypt", resource: key, resourceAccount: facts.data, region, context: viaS3 },
            });
        }
        claims.push({
            id: `data/outsider/${region}/read-documents`, kind: "data", region, who: "a principal outside the organization", expect: "denied", guards: ["resource"],
            description: `a principal outside the organization may not read ${bucket}`,
            request: { principal: outsider.arn, principalAccount: outsider.account, principalOrgId: outsider.organizationId, identityOverride: allowAll, action: "s3:GetObject", resource: `${bucketArn}/tenants/${allTenants[0]}/report.pdf`, resourceAccount: facts.data, region },
        });
    }
    return claims;
}

function acceleratorClaims(input: EvaluateClaimsInput, facts: EnvironmentFacts, regions: string[]): Claim[] {
    const { graph } = input;
    const env = facts.env;
    const role = iamRoleArn(facts.partition, facts.genai, acceleratorWorkloadRoleName(env.namePrefix, env.name));
    if (!graph.resources.some((r) => r.type === "aws:iam/role:Role" && r.outputs.arn === role)) {
        return [];
    }
    const repository = inferenceRepositoryName(env.namePrefix, env.name);
    const claims: Claim[] = [];
    for (const region of regions) {
        // Only where capacity is reserved for the accelerators is there a workload to serve.
        if (!graph.resources.some((r) => r.type === "aws:ec2/capacityReservation:CapacityReservation" && r.account === facts.genai && r.region === region)) {
            continue;
        }
        const kind: ClaimKind = region === env.primaryRegion ? "data" : "dr-parity";
        const bucket = modelArtifactsBucketName(env.namePrefix, env.name, facts.genai, region);
        const key = encryptionKeyOf(graph, bucket) ?? `arn:${facts.partition}:kms:${region}:${facts.genai}:key/missing-in-plan`;
        const who = "accelerator workload role";
        const base = { principal: role, resourceAccount: facts.genai, region, principalOrgId: input.organizationId };
        claims.push(
            {
                id: `${kind}/accelerator/${region}/read-model-artifacts`, kind, region, who, expect: "allowed",
                description: `the ${who} may read model artifacts from ${bucket}`,
                request: { ...base, action: "s3:GetObject", resource: `arn:${facts.partition}:s3:::${bucket}/models/model.tar.gz` },
            },
            {
                id: `${kind}/accelerator/${region}/decrypt-model-artifacts`, kind, region, who, expect: "allowed",
                description: `the ${who} may decrypt ${bucket}'s artifacts through S3`,
                request: { ...base, action: "kms:Decrypt", resource: key, context: { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": `arn:${facts.partition}:s3:::${bucket}` } },
            },
            {
                id: `${kind}/accelerator/${region}/pull-inference-image`, kind, region, who, expect: "allowed",
                description: `the ${who} may pull the inference image from ${repository} in ${region}`,
                request: { ...base, action: "ecr:BatchGetImage", resource: `arn:${facts.partition}:ecr:${region}:${facts.genai}:repository/${repository}` },
            },
        );
    }
    return claims;
}

function serviceRoleClaims(model: AccessModel, graph: PlanGraph, organizationId: string, region: string): Claim[] {
    const claims: Claim[] = [];
    for (const role of [...model.roles.values()].sort((a, b) => a.arn.localeCompare(b.arn))) {
        const services = new Set<string>();
        for (const statement of role.trust?.document.Statement ?? []) {
            const service = (statement.Principal as { Service?: string | string[] } | undefined)?.Service;
            (Array.isArray(service) ? service : service ? [service] : []).forEach((s) => services.add(s));
        }
        const label = model.accountLabels.get(role.account) ?? role.account;
        for (const service of [...services].sort()) {
            const base = { principal: service, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account, region };
            if (!(servicesWithoutSourceAccount as readonly string[]).includes(service)) {
                claims.push({
                    id: `service-role/${label}/${role.name}/${service}/for-another-account`, kind: "service-role", region: "global", who: service, expect: "denied", guards: ["resource"],
                    description: `${service} may assume ${role.name} only on behalf of ${label} (aws:SourceAccount)`,
                    request: { ...base, context: { "aws:SourceAccount": outsider.account, "aws:SourceArn": `arn:aws:${service.split(".")[0]}:${region}:${outsider.account}:resource` } },
                });
                claims.push({
                    id: `service-role/${label}/${role.name}/${service}/from-another-resource`, kind: "service-role", region: "global", who: service, expect: "denied", guards: ["resource"],
                    description: `${service} may assume ${role.name} only for the resources its trust names (aws:SourceArn)`,
                    request: { ...base, context: { "aws:SourceAccount": role.account, "aws:SourceArn": `arn:aws:iam::${role.account}:user/not-a-source` } },
                });
            }
            const member = graph.accounts.find((a) => a.id !== role.account);
            if (member) {
                claims.push({
                    id: `service-role/${label}/${role.name}/not-assumable-by/${member.label}`, kind: "service-role", region: "global", who: `any principal of ${member.label}`, expect: "denied", guards: ["resource"],
                    description: `no principal of ${member.label} may assume ${role.name}, a role for ${service}`,
                    request: { principal: `arn:aws:iam::${member.id}:root`, principalAccount: member.id, principalOrgId: organizationId, identityOverride: allowAll, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account, region },
                });
            }
        }
    }
    return claims;
}

function organizationClaims(input: EvaluateClaimsInput, organization: OrganizationConfig): Claim[] {
    const claims: Claim[] = [];
    const accounts = input.graph.resources.filter((r) => r.type === "aws:organizations/account:Account");
    const partition = partitionOf(organization.homeRegion);
    const outsideRegion = ["eu-central-1", "ap-southeast-2", "sa-east-1"].find((r) => !organization.allowedRegions.includes(r))!;
    for (const environment of Object.keys(organization.environments).sort()) {
        const account = accounts.find((a) => typeof a.inputs.name === "string" && a.inputs.name.startsWith(`${organization.namePrefix}-${environment}-`));
        const id = typeof account?.outputs.id === "string" ? account.outputs.id : undefined;
        if (!id) {
            continue;
        }
        const who = `any principal of ${String(account!.inputs.name)}`;
        const base = { principal: `arn:${partition}:iam::${id}:root`, principalAccount: id, principalOrgId: organization.organizationId, identityOverride: allowAll, resourceAccount: id };
        claims.push(
            {
                id: `organization/${environment}/leave-organization`, kind: "organization", region: "global", who, expect: "denied", guards: ["scp"],
                description: `no principal of a ${environment} account may leave the organization`,
                request: { ...base, action: "organizations:LeaveOrganization", resource: "*", region: organization.homeRegion },
            },
            {
                id: `organization/${environment}/outside-allowed-regions`, kind: "organization", region: outsideRegion, who, expect: "denied", guards: ["scp"],
                description: `no principal of a ${environment} account may create resources in ${outsideRegion}, outside the allowed regions`,
                request: { ...base, action: "s3:CreateBucket", resource: `arn:${partition}:s3:::any-bucket-${id}`, region: outsideRegion },
            },
            {
                id: `organization/${environment}/stop-cloudtrail`, kind: "organization", region: organization.homeRegion, who, expect: "denied", guards: ["scp"],
                description: `no principal of a ${environment} account may stop CloudTrail`,
                request: { ...base, action: "cloudtrail:StopLogging", resource: `arn:${partition}:cloudtrail:${organization.homeRegion}:${id}:trail/organization`, region: organization.homeRegion },
            },
        );
        for (const model of input.catalogue.models) {
            const region = model.regions[0];
            const approved = model.environments.includes(environment);
            claims.push({
                id: `organization/${environment}/${model.id}/${approved ? "approved" : "not-approved"}`, kind: "organization", region, who, expect: approved ? "allowed" : "denied",
                guards: approved ? undefined : ["scp"],
                description: approved
                    ? `the SCPs let ${environment} accounts invoke ${model.id}, which the catalogue approves for ${environment}`
                    : `the SCPs refuse ${model.id} to ${environment} accounts: the catalogue does not approve it for ${environment}`,
                request: { ...base, action: "bedrock:InvokeModel", resource: foundationModelArn(partition, region, model.id), region },
            });
        }
    }
    return claims;
}

/** Every claim of the stack (of one region and the global ones when `input.region` is set). */
export function deriveClaims(input: EvaluateClaimsInput, model: AccessModel): Claim[] {
    let claims: Claim[];
    if (input.config.kind === "organization") {
        claims = organizationClaims(input, input.config.organization);
    } else {
        const facts = environmentFacts(input, input.config.environment);
        const regions = input.region ? facts.regions.filter((r) => r === input.region) : facts.regions;
        claims = [
            ...identityChainClaims(facts, input.organizationId),
            ...invokeClaims(input, facts, regions, input.organizationId),
            ...dataClaims(input, facts, regions, input.organizationId),
            ...acceleratorClaims(input, facts, regions),
            ...serviceRoleClaims(model, input.graph, input.organizationId, facts.env.primaryRegion),
        ];
    }
    for (const custom of input.customClaims ?? []) {
        claims.push(...expandCustomClaim(custom, input));
    }
    if (input.region) {
        claims = claims.filter((c) => c.region === input.region || c.region === "global" || c.kind === "invoke" && c.request.region === input.region);
    }
    if (input.kinds) {
        claims = claims.filter((c) => input.kinds!.includes(c.kind));
    }
    if (input.principal) {
        const wanted = input.principal.toLowerCase();
        claims = claims.filter((c) => c.who.toLowerCase().includes(wanted) || c.request.principal.toLowerCase().includes(wanted));
    }
    return claims;
}

async function evaluateClaim(model: AccessModel, claim: Claim): Promise<{ result: ClaimResult; simulations: number }> {
    const guards = claim.expect === "denied" ? claim.guards ?? [] : [];
    if (guards.length === 0) {
        const full = await evaluate(model, claim.request);
        const holds = claim.expect === "allowed" ? full.decision === "Allowed" : full.decision !== "Allowed";
        // An allowed request is decided by what grants it; the guardrails it passes (FullAWSAccess, the boundary) are not the story.
        const decidedBy = full.decision === "Allowed" ? full.decidedBy.filter((d) => d.layer === "identity" || d.layer === "resource" || d.layer === "endpoint") : full.decidedBy;
        return { result: { claim, holds, decision: full.decision, decidedBy }, simulations: 1 };
    }
    // Each guard refusing on its own implies the full evaluation refuses too (every other layer only narrows it),
    // so a guarded claim needs no separate full evaluation.
    let first: ClaimResult | undefined;
    let simulations = 0;
    for (const guard of guards) {
        const alone = await evaluate(model, claim.request, guard);
        simulations++;
        if (alone.decision === "Allowed") {
            // Name the statements of the guard's own layer that let it through (the open layers are not the story).
            const own = alone.decidedBy.filter((d) => d.layer === guard || guard.startsWith("identity") && d.layer === "identity");
            return { result: { claim, holds: false, decision: alone.decision, decidedBy: own.length > 0 ? own : [{ layer: guard, statement: `nothing in the ${guard} layer refuses it` }], failedGuard: guard }, simulations };
        }
        first ??= { claim, holds: true, decision: alone.decision, decidedBy: alone.decidedBy };
    }
    return { result: first!, simulations };
}

/**
 * The claims let other work in every few claims, and whenever they have held the event loop this long: `lz check`
 * streams its requests to the policy pack meanwhile, and each 64 KB of them (HTTP/2's flow-control window) waits
 * for a turn of this process's event loop.
 */
const claimsBetweenYields = 8;
const claimsSliceMs = 4;

/**
 * Derives the stack's claims from its config and the catalogue and evaluates each over the plan with the simulator.
 * With `region`, only that region's claims (and the global ones): the failover drill asks for the DR region's.
 */
export async function evaluateClaims(input: EvaluateClaimsInput): Promise<ClaimsReport> {
    const model = buildAccessModel(input.graph, input.organizationGraph);
    const claims = deriveClaims(input, model);
    const results: ClaimResult[] = [];
    let simulations = 0;
    let sliceStarted = performance.now();
    for (const [index, claim] of claims.entries()) {
        // The simulator answers without I/O, so a run would hold the event loop for a second.
        if (index % claimsBetweenYields === claimsBetweenYields - 1 || performance.now() - sliceStarted >= claimsSliceMs) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceStarted = performance.now();
        }
        const evaluated = await evaluateClaim(model, claim);
        results.push(evaluated.result);
        simulations += evaluated.simulations;
    }
    const blindSpots = [...model.blindSpots, ...knownSimulatorBlindSpots];
    return { stack: input.graph.stack, region: input.region, results, holds: results.every((r) => r.holds), blindSpots, simulations };
}

/** What the simulator does not model and the claims therefore do not prove (docs/policy-pack.md explains each). */
export const knownSimulatorBlindSpots: readonly string[] = [
    `${servicesWithoutSourceAccount.join(" and ")} send no aws:SourceAccount when they assume a role: their trusts are not held to it`,
];
