import { catalogueFileName, ModelCatalogue } from "../../accounts/catalogue";
import { DrInventoryEntry } from "../../accounts/drInventory";
import { accountKey } from "../../accounts/naming";
import { partitionOf } from "../../accounts/regions";
import { Environment, environmentKey } from "../../accounts/validate";
import { PlanGraph, PlanResource } from "../engine/graph";
import { CheckResult, fail, pass } from "./checks";
import { locationIn } from "./inventory";
import { DrillDirection } from "./readiness";

/**
 * Readiness of the wiring between the two regions, not the presence of a replica: the replication rule of each
 * bucket names the real replica bucket and carries Replication Time Control; the registry's replication filter
 * matches the repository; the target's guardrail has a published version the catalogue parameter names; each
 * inference profile routes to the target and the invoke policy grants it there; capacity held in the region the
 * environment leaves is held in the target too. All of it is read from the plan graph's resources.
 */

export interface WiringInput {
    readonly graph: PlanGraph;
    readonly inventory: readonly DrInventoryEntry[];
    readonly environment: Environment;
    readonly catalogue: ModelCatalogue;
    readonly direction: DrillDirection;
    readonly configFileName: string;
}

type Inputs = Record<string, unknown>;

function asRecord(value: unknown): Inputs | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value as Inputs : undefined;
}

function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

function ofType(graph: PlanGraph, type: string): PlanResource[] {
    return graph.resources.filter((resource) => resource.type === type);
}

// ---------------------------------------------------------------------------------------------
// S3: the replication rule of each replicated bucket
// ---------------------------------------------------------------------------------------------

/** True when a rule's filter selects every object: no filter, an empty prefix, and no tag condition. */
function selectsEveryObject(rule: Inputs): boolean {
    const filter = asRecord(rule.filter);
    if (filter === undefined) {
        return typeof rule.prefix !== "string" || rule.prefix === "";
    }
    return (filter.prefix === undefined || filter.prefix === "") && filter.tag === undefined && filter.and === undefined;
}

function describeFilter(rule: Inputs): string {
    return JSON.stringify(rule.filter ?? { prefix: rule.prefix ?? "" });
}

function s3ReplicationCheck(input: WiringInput, entry: DrInventoryEntry): CheckResult {
    const source = entry.primary.physicalName;
    const name = `s3 replication ${entry.account}/${source}`;
    const replica = entry.replica;
    if (!replica) {
        return fail(name, `bucket ${source} has no replica bucket in the DR inventory; its objects are not copied to ${input.environment.drRegion}`);
    }
    const partition = partitionOf(input.environment.primaryRegion);
    const destination = `arn:${partition}:s3:::${replica.physicalName}`;
    const configurations = ofType(input.graph, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")
        .filter((resource) => resource.inputs.bucket === source);
    if (configurations.length === 0) {
        return fail(name, `bucket ${source} has no aws.s3.BucketReplicationConfig in the plan; nothing copies its objects to ${replica.physicalName}; `
            + `add a replication rule to ${replica.physicalName} with Replication Time Control`);
    }
    const rules = configurations.flatMap((configuration) => asArray(configuration.inputs.rules).map(asRecord).filter((rule): rule is Inputs => rule !== undefined));
    const toReplica = rules.filter((rule) => asRecord(rule.destination)?.bucket === destination);
    if (toReplica.length === 0) {
        const destinations = rules.map((rule) => String(asRecord(rule.destination)?.bucket ?? "none")).join(", ") || "none";
        return fail(name, `no replication rule of bucket ${source} sends objects to ${replica.physicalName} (rule destinations: ${destinations}); point the rule at ${destination}`);
    }
    const rule = toReplica[0];
    const ruleId = String(rule.id ?? "(no id)");
    const destinationInputs = asRecord(rule.destination)!;
    const replicationTime = asRecord(destinationInputs.replicationTime);
    const rtcMinutes = asRecord(replicationTime?.time)?.minutes;
    const problems: string[] = [];
    if (rule.status !== "Enabled") {
        problems.push(`the rule is ${String(rule.status ?? "without a status")}, not Enabled`);
    }
    if (!selectsEveryObject(rule)) {
        problems.push(`its filter ${describeFilter(rule)} leaves objects out; filter on an empty prefix`);
    }
    if (replicationTime?.status !== "Enabled" || typeof rtcMinutes !== "number") {
        problems.push("it has no Replication Time Control, so nothing bounds how late objects arrive (add destination.replicationTime with 15 minutes)");
    } else if (input.environment.dr.rpoMinutes !== undefined && rtcMinutes > input.environment.dr.rpoMinutes) {
        problems.push(`its Replication Time Control of ${rtcMinutes} min is beyond the declared RPO of ${input.environment.dr.rpoMinutes} min`);
    }
    if (asRecord(destinationInputs.metrics)?.status !== "Enabled") {
        problems.push("replication metrics are off, so its lag cannot be measured");
    }
    if (asRecord(rule.deleteMarkerReplication)?.status !== "Enabled") {
        problems.push("delete markers are not replicated");
    }
    return problems.length > 0
        ? fail(name, `bucket ${source} rule ${ruleId} to ${replica.physicalName}: ${problems.join("; ")}`)
        : pass(name, `rule ${ruleId} copies every object of ${source} to ${replica.physicalName}, Replication Time Control ${rtcMinutes} min, metrics and delete markers`);
}

// ---------------------------------------------------------------------------------------------
// ECR: the registry's replication rules match the repository
// ---------------------------------------------------------------------------------------------

function ecrReplicationCheck(input: WiringInput, entry: DrInventoryEntry, byUrn: ReadonlyMap<string, PlanResource>): CheckResult {
    const repository = entry.primary.physicalName;
    const target = input.direction.to;
    const name = `ecr replication ${entry.account}/${repository}`;
    const account = byUrn.get(entry.primary.urn)?.account ?? null;
    const configurations = ofType(input.graph, "aws:ecr/replicationConfiguration:ReplicationConfiguration")
        .filter((resource) => resource.region === entry.primary.region && (account === null || resource.account === account));
    if (configurations.length === 0) {
        return fail(name, `the ${entry.account} registry in ${entry.primary.region} has no aws.ecr.ReplicationConfiguration; image ${repository} is not copied to ${target}; `
            + `replicate the registry to ${target}`);
    }
    const rules = configurations.flatMap((configuration) =>
        asArray(asRecord(configuration.inputs.replicationConfiguration)?.rules).map(asRecord).filter((rule): rule is Inputs => rule !== undefined));
    const toTarget = rules.filter((rule) => asArray(rule.destinations).some((destination) => {
        const fields = asRecord(destination);
        return fields?.region === target && (account === null || fields.registryId === account);
    }));
    if (toTarget.length === 0) {
        return fail(name, `no replication rule of the ${entry.account} registry sends images to ${target} in account ${account ?? "unknown"}; add a destination { region: "${target}" }`);
    }
    const filters = toTarget.map((rule) => asArray(rule.repositoryFilters).map(asRecord).filter((filter): filter is Inputs => filter !== undefined));
    const matches = filters.some((ruleFilters) => ruleFilters.length === 0
        || ruleFilters.some((filter) => filter.filterType === "PREFIX_MATCH" && typeof filter.filter === "string" && repository.startsWith(filter.filter)));
    if (!matches) {
        const shown = filters.flat().map((filter) => `${String(filter.filterType)} "${String(filter.filter)}"`).join(", ");
        return fail(name, `repository ${repository} matches none of the replication filters to ${target} (${shown}); its images are not copied there; `
            + `add its prefix to ${environmentKey}.genai.dr.repositoryPrefixes`);
    }
    return pass(name, `images of ${repository} are replicated to ${target}`);
}

// ---------------------------------------------------------------------------------------------
// Guardrail: a published version in the target, named by the target's catalogue parameter
// ---------------------------------------------------------------------------------------------

function guardrailVersionCheck(input: WiringInput, byUrn: ReadonlyMap<string, PlanResource>): CheckResult | undefined {
    const target = input.direction.to;
    const name = `guardrail version in ${target}`;
    const genai = accountKey("genai");
    const entry = input.inventory.find((candidate) => candidate.kind === "guardrail" && candidate.account === genai);
    const location = entry && locationIn(entry, target);
    const guardrail = location && byUrn.get(location.urn);
    if (!guardrail) {
        // The replica rows already fail: no guardrail stands in the target.
        return undefined;
    }
    const guardrailArn = guardrail.outputs.arn ?? guardrail.inputs.arn;
    const version = ofType(input.graph, "aws:bedrock/guardrailVersion:GuardrailVersion")
        .find((candidate) => candidate.inputs.guardrailArn === guardrailArn && candidate.region === target);
    if (!version) {
        return fail(name, `guardrail ${location!.physicalName} in ${target} has no published aws.bedrock.GuardrailVersion; invocations can only name a version, so model calls in ${target} `
            + `would be denied or unguarded; publish a version in ${target}`);
    }
    const catalogueEntry = input.inventory.find((candidate) => candidate.kind === "catalogue-parameter" && candidate.account === genai);
    const catalogueLocation = catalogueEntry && locationIn(catalogueEntry, target);
    const parameter = catalogueLocation && byUrn.get(catalogueLocation.urn);
    if (parameter && typeof parameter.inputs.insecureValue === "string") {
        let named: string | undefined;
        try {
            named = asRecord(asRecord(JSON.parse(parameter.inputs.insecureValue))?.guardrail)?.arn as string | undefined;
        } catch {
            named = undefined;
        }
        if (named !== guardrailArn) {
            return fail(name, `the catalogue parameter ${catalogueLocation!.physicalName} in ${target} names guardrail ${named ?? "none"}, not ${String(guardrailArn)}; `
                + `applications in ${target} would call with a guardrail of another region`);
        }
    }
    return pass(name, `${location!.physicalName} version ${String(version.outputs.version ?? "(published)")} in ${target}, named by the catalogue parameter`);
}

// ---------------------------------------------------------------------------------------------
// Models: inference profiles route to the target and the invoke policy grants them there
// ---------------------------------------------------------------------------------------------

function allowedInvokeResources(policy: PlanResource | undefined): Set<string> {
    const allowed = new Set<string>();
    if (!policy || typeof policy.inputs.policy !== "string") {
        return allowed;
    }
    let document: Inputs | undefined;
    try {
        document = asRecord(JSON.parse(policy.inputs.policy));
    } catch {
        return allowed;
    }
    for (const statement of asArray(document?.Statement).map(asRecord)) {
        const actions = [statement?.Action].flat();
        if (statement?.Effect === "Allow" && actions.some((action) => action === "bedrock:InvokeModel" || action === "bedrock:*")) {
            [statement.Resource].flat().forEach((resource) => typeof resource === "string" && allowed.add(resource));
        }
    }
    return allowed;
}

function routeChecks(input: WiringInput, byUrn: ReadonlyMap<string, PlanResource>): CheckResult[] {
    const target = input.direction.to;
    const genai = accountKey("genai");
    const permissions = input.inventory.find((candidate) => candidate.kind === "invoke-permissions" && candidate.account === genai);
    const policy = permissions && byUrn.get(permissions.primary.urn);
    const allowed = allowedInvokeResources(policy);
    const account = policy && input.graph.outputs.accounts && typeof (input.graph.outputs.accounts as Inputs)[genai] === "string"
        ? (input.graph.outputs.accounts as Inputs)[genai] as string
        : byUrn.get(input.inventory.find((candidate) => candidate.account === genai)?.primary.urn ?? "")?.account ?? "";
    const partition = partitionOf(input.environment.primaryRegion);
    return input.environment.models.flatMap((modelId) => {
        const model = input.catalogue.models.find((candidate) => candidate.id === modelId);
        const profile = model?.inferenceProfile;
        if (!profile) {
            return [];
        }
        const name = `route ${modelId} in ${target}`;
        if (!profile.destinationRegions.includes(target)) {
            return [fail(name, `inference profile ${profile.id} routes to ${profile.destinationRegions.join(", ")}, not ${target} (${catalogueFileName}); `
                + `calls made in ${target} could not use it; pick a profile whose destinations include ${target}`)];
        }
        const profileArn = `arn:${partition}:bedrock:${target}:${account}:inference-profile/${profile.id}`;
        const modelArn = `arn:${partition}:bedrock:${target}::foundation-model/${modelId}`;
        const missing = [profileArn, modelArn].filter((arn) => !allowed.has(arn));
        if (missing.length > 0) {
            return [fail(name, `the invoke policy ${permissions?.primary.physicalName ?? "(none in the DR inventory)"} does not allow bedrock:InvokeModel on ${missing.join(" and ")}; `
                + `the invoke role could not call ${modelId} in ${target}`)];
        }
        return [pass(name, `${profile.id} routes to ${target} and the invoke policy allows it there`)];
    });
}

// ---------------------------------------------------------------------------------------------
// Capacity: every reservation in the region the environment leaves has a twin in the target
// ---------------------------------------------------------------------------------------------

function reservationKey(resource: PlanResource): string {
    const tags = asRecord(resource.inputs.tags) ?? {};
    return String(tags["capacity-reservation"] ?? tags.Name ?? resource.name);
}

function capacityChecks(input: WiringInput): CheckResult[] {
    const { from, to } = input.direction;
    const reservations = ofType(input.graph, "aws:ec2/capacityReservation:CapacityReservation");
    const inTarget = reservations.filter((resource) => resource.region === to);
    return reservations.filter((resource) => resource.region === from).map((source) => {
        const key = reservationKey(source);
        const name = `capacity ${key} in ${to}`;
        const type = String(source.inputs.instanceType);
        const count = Number(source.inputs.instanceCount ?? 0);
        const twin = inTarget.find((candidate) => reservationKey(candidate) === key && candidate.account === source.account);
        if (!twin) {
            return fail(name, `reservation ${key} holds ${count} × ${type} in ${from} and has no counterpart in ${to}; no accelerator capacity is held in ${to} for it (static stability); `
                + `set dr: true and drAvailabilityZone on ${environmentKey}.genai.capacity.reservations "${key}" in ${input.configFileName}`);
        }
        const twinType = String(twin.inputs.instanceType);
        const twinCount = Number(twin.inputs.instanceCount ?? 0);
        if (twinType !== type || twinCount < count) {
            return fail(name, `reservation ${key} holds ${count} × ${type} in ${from} but only ${twinCount} × ${twinType} in ${to}; hold the same capacity in ${to}`);
        }
        return pass(name, `${twinCount} × ${twinType} held in ${to} (${String(twin.inputs.availabilityZone)}) for ${count} in ${from}`);
    });
}

export function wiringChecks(input: WiringInput): CheckResult[] {
    const byUrn = new Map(input.graph.resources.map((resource) => [resource.urn, resource]));
    const failover = input.direction.kind === "failover";
    const checks: CheckResult[] = [];
    for (const entry of input.inventory) {
        // Replication runs from the primary to the DR region: on failback the primary copies are the originals.
        if (entry.kind === "s3-bucket" && failover) {
            checks.push(s3ReplicationCheck(input, entry));
        }
        if (entry.kind === "ecr-repository" && failover) {
            checks.push(ecrReplicationCheck(input, entry, byUrn));
        }
    }
    const version = guardrailVersionCheck(input, byUrn);
    if (version) {
        checks.push(version);
    }
    checks.push(...routeChecks(input, byUrn), ...capacityChecks(input));
    return checks;
}
