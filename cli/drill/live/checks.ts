import { GetFoundationModelAvailabilityCommand, GetFoundationModelCommand, GetGuardrailCommand, GetInferenceProfileCommand, GetModelInvocationLoggingConfigurationCommand, GuardrailSummary, ListGuardrailsCommand } from "@aws-sdk/client-bedrock";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { CapacityReservation, DescribeCapacityReservationsCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { GetBucketReplicationCommand, ReplicationConfiguration } from "@aws-sdk/client-s3";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { DrInventoryEntry, DrLocation, DrResourceKind, S3_RTC_TARGET_MINUTES } from "../../../accounts/drInventory";
import { CatalogueModel, catalogueFileName } from "../../../accounts/catalogue";
import { accountKey } from "../../../accounts/naming";
import { Partition } from "../../../accounts/regions";
import { formatDuration, Verdict } from "../checks";
import { entryLabel, locationIn, partnerOf } from "../inventory";
import { kindTexts } from "../kinds";
import { errorName } from "./call";
import { DrillClients } from "./clients";

/**
 * Read-only checks of what is deployed. Each reads AWS in the account and region its resource lives in, finds the
 * resource by the physical name the inventory gives (the plan's names are deterministic; its IDs and ARNs are
 * mocks) and returns one verdict. A check throws only for a failed call; the runner turns that into a failure.
 */

export interface LiveContext {
    readonly partition: Partition;
    /** The region the drill moves to. */
    readonly target: string;
    readonly rpoMinutes?: number;
    /** S3 operations pending replication above this many fail the lag check. */
    readonly pendingOperationsLimit: number;
    /** After a failover: the value the `active-region` parameters must hold. */
    readonly expectActiveRegion?: string;
    readonly now: () => Date;
    /** Clients in an account of the environment (by key), or an error saying why that account cannot be reached. */
    clients(accountKey: string, region: string): DrillClients;
    /** One AWS call with a timeout and throttling retries. */
    call<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T>;
    /** Shares one answer between checks (a bucket's replication configuration, a region's model list). */
    memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface LiveOutcome {
    readonly verdict: Exclude<Verdict, "skip">;
    readonly message: string;
}

export type LiveCheck =
    | { readonly name: string; readonly run: (context: LiveContext) => Promise<LiveOutcome> }
    | { readonly name: string; readonly skipped: string };

const passed = (message: string): LiveOutcome => ({ verdict: "pass", message });
const failed = (message: string): LiveOutcome => ({ verdict: "fail", message });

/** Kinds with no read-only client in this tool; readiness still checks them in the plan. */
const notCheckedLive: Partial<Record<DrResourceKind, string>> = {
    "knowledge-base": "Bedrock knowledge bases need @aws-sdk/client-bedrock-agent",
    "vector-store": "vector stores need the S3 Vectors or OpenSearch Serverless client",
    "ecr-repository": "ECR repositories need @aws-sdk/client-ecr",
    "invoke-permissions": "IAM permissions need @aws-sdk/client-iam",
};

// ---------------------------------------------------------------------------------------------
// S3: replication configuration and lag
// ---------------------------------------------------------------------------------------------

function bucketArn(partition: Partition, bucket: string): string {
    return `arn:${partition}:s3:::${bucket}`;
}

function replicationOf(context: LiveContext, entry: DrInventoryEntry): Promise<ReplicationConfiguration | undefined> {
    const source = entry.primary;
    // Outside the memo: every check that shares the answer reads the source region, and is reported as such.
    const s3 = context.clients(entry.account, source.region).s3;
    return context.memo(`s3-replication/${entry.account}/${source.physicalName}`, async () => {
        try {
            const answer = await context.call("s3:GetBucketReplication", (abortSignal) =>
                s3.send(new GetBucketReplicationCommand({ Bucket: source.physicalName }), { abortSignal }));
            return answer.ReplicationConfiguration;
        } catch (error) {
            if (errorName(error) === "ReplicationConfigurationNotFoundError") {
                return undefined;
            }
            throw error;
        }
    });
}

function s3ReplicationCheck(entry: DrInventoryEntry, replica: DrLocation): LiveCheck {
    const source = entry.primary.physicalName;
    return {
        name: `${entry.account}/s3-replication ${source}`,
        run: async (context) => {
            const configuration = await replicationOf(context, entry);
            if (!configuration) {
                return failed(`bucket ${source} (${entry.primary.region}) has no replication configuration; its objects are not copied to ${replica.physicalName}`);
            }
            const destination = bucketArn(context.partition, replica.physicalName);
            const rule = configuration.Rules?.find((candidate) => candidate.Destination?.Bucket === destination);
            if (!rule) {
                const destinations = (configuration.Rules ?? []).map((candidate) => candidate.Destination?.Bucket ?? "none").join(", ") || "none";
                return failed(`no replication rule of bucket ${source} sends objects to ${replica.physicalName} (rule destinations: ${destinations})`);
            }
            const ruleId = rule.ID ?? "(no ID)";
            const problems: string[] = [];
            if (rule.Status !== "Enabled") {
                problems.push(`the rule is ${rule.Status ?? "without a status"}`);
            }
            if (rule.Destination?.ReplicationTime?.Status !== "Enabled") {
                problems.push("Replication Time Control is off");
            } else if (rule.Destination.ReplicationTime.Time?.Minutes !== S3_RTC_TARGET_MINUTES) {
                problems.push(`Replication Time Control is set to ${rule.Destination.ReplicationTime.Time?.Minutes} min, not ${S3_RTC_TARGET_MINUTES}`);
            }
            if (rule.Destination?.Metrics?.Status !== "Enabled") {
                problems.push("replication metrics are off, so lag cannot be measured");
            }
            if (rule.DeleteMarkerReplication?.Status !== "Enabled") {
                problems.push("delete markers are not replicated");
            }
            return problems.length > 0
                ? failed(`bucket ${source} rule ${ruleId} to ${replica.physicalName}: ${problems.join("; ")}`)
                : passed(`rule ${ruleId} replicates ${source} to ${replica.physicalName} with Replication Time Control (${S3_RTC_TARGET_MINUTES} min), metrics and delete markers`);
        },
    };
}

function s3LagCheck(entry: DrInventoryEntry, replica: DrLocation): LiveCheck {
    const source = entry.primary.physicalName;
    return {
        name: `${entry.account}/s3-replication-lag ${source}`,
        run: async (context) => {
            if (context.rpoMinutes === undefined) {
                return failed(`no RPO is declared to compare the replication latency of ${source} with`);
            }
            const configuration = await replicationOf(context, entry);
            const rule = configuration?.Rules?.find((candidate) => candidate.Destination?.Bucket === bucketArn(context.partition, replica.physicalName));
            if (!rule?.ID) {
                return failed(`bucket ${source} has no replication rule with an ID to ${replica.physicalName}, so its replication metrics cannot be read`);
            }
            // S3 publishes replication metrics in the source bucket's region, per rule, once a minute.
            const windowMinutes = Math.max(context.rpoMinutes, S3_RTC_TARGET_MINUTES);
            const end = context.now();
            const start = new Date(end.getTime() - windowMinutes * 60_000);
            const dimensions = [
                { Name: "SourceBucket", Value: source },
                { Name: "DestinationBucket", Value: replica.physicalName },
                { Name: "RuleId", Value: rule.ID },
            ];
            const metric = (id: string, metricName: string) => ({
                Id: id,
                MetricStat: { Metric: { Namespace: "AWS/S3", MetricName: metricName, Dimensions: dimensions }, Period: 60, Stat: "Maximum" },
            });
            const cloudwatch = context.clients(entry.account, entry.primary.region).cloudwatch;
            const answer = await context.call("cloudwatch:GetMetricData", (abortSignal) => cloudwatch.send(new GetMetricDataCommand({
                StartTime: start,
                EndTime: end,
                MetricDataQueries: [metric("latency", "ReplicationLatency"), metric("pending", "OperationsPendingReplication")],
                ScanBy: "TimestampDescending",
            }), { abortSignal }));
            const values = (id: string) => answer.MetricDataResults?.find((result) => result.Id === id)?.Values ?? [];
            const latencies = values("latency");
            const pending = values("pending")[0] ?? 0;
            const pendingText = `${pending} operation${pending === 1 ? "" : "s"} pending`;
            if (latencies.length === 0) {
                // No datapoints proves nothing: metrics may be off, or nothing replicated. The canary of --execute measures it.
                return failed(`no ReplicationLatency datapoints for ${source} → ${replica.physicalName} (rule ${rule.ID}) in the last ${windowMinutes} min, so its lag is unknown; `
                    + `${pendingText}; write to the bucket (or run --execute, whose canary measures the lag) and check again`);
            }
            const worstSeconds = Math.max(...latencies);
            const worst = formatDuration(worstSeconds * 1000);
            const problems = [
                worstSeconds > context.rpoMinutes * 60 ? `objects took up to ${worst} to replicate, beyond the RPO of ${context.rpoMinutes} min` : "",
                pending > context.pendingOperationsLimit ? `${pendingText}, over the limit of ${context.pendingOperationsLimit}` : "",
            ].filter(Boolean);
            return problems.length > 0
                ? failed(`${source} → ${replica.physicalName} in the last ${windowMinutes} min: ${problems.join("; ")}`)
                : passed(`replication latency up to ${worst} in the last ${windowMinutes} min, within the RPO of ${context.rpoMinutes} min; ${pendingText}`);
        },
    };
}

// ---------------------------------------------------------------------------------------------
// One check per kind, in the target region
// ---------------------------------------------------------------------------------------------

function kmsCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/kms-key ${location.physicalName}`,
        run: async (context) => {
            const kms = context.clients(entry.account, location.region).kms;
            try {
                const answer = await context.call("kms:DescribeKey", (abortSignal) => kms.send(new DescribeKeyCommand({ KeyId: location.physicalName }), { abortSignal }));
                const key = answer.KeyMetadata;
                const kind = key?.MultiRegionConfiguration?.MultiRegionKeyType?.toLowerCase() ?? "single-region";
                if (key?.MultiRegion !== true) {
                    return failed(`key ${location.physicalName} in ${location.region} is a single-region key, not a replica of the multi-region key; ${kindTexts["kms-key"].consequence(location.region)}`);
                }
                return key?.KeyState === "Enabled"
                    ? passed(`key ${key.KeyId} (${kind}) is Enabled in ${location.region}`)
                    : failed(`key ${location.physicalName} in ${location.region} is ${key?.KeyState ?? "in an unknown state"}, not Enabled; ${kindTexts["kms-key"].consequence(location.region)}`);
            } catch (error) {
                if (errorName(error) === "NotFoundException") {
                    return failed(`key ${location.physicalName} does not exist in ${location.region}; ${kindTexts["kms-key"].consequence(location.region)}`);
                }
                throw error;
            }
        },
    };
}

async function findGuardrail(context: LiveContext, entry: DrInventoryEntry, location: DrLocation): Promise<GuardrailSummary | undefined> {
    const bedrock = context.clients(entry.account, location.region).bedrock;
    let nextToken: string | undefined;
    do {
        const requested = nextToken;
        const page = await context.call("bedrock:ListGuardrails", (abortSignal) => bedrock.send(new ListGuardrailsCommand({ nextToken: requested }), { abortSignal }));
        const found = page.guardrails?.find((guardrail) => guardrail.name === location.physicalName);
        if (found) {
            return found;
        }
        nextToken = page.nextToken !== requested ? page.nextToken : undefined;
    } while (nextToken);
    return undefined;
}

function guardrailCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/guardrail ${location.physicalName}`,
        run: async (context) => {
            const summary = await findGuardrail(context, entry, location);
            if (!summary?.id) {
                return failed(`no guardrail named ${location.physicalName} in ${location.region}; ${kindTexts.guardrail.consequence(location.region)}`);
            }
            const bedrock = context.clients(entry.account, location.region).bedrock;
            // Invocations name a published version; the DRAFT's status says nothing about it.
            const versions = await context.call("bedrock:ListGuardrails", (abortSignal) =>
                bedrock.send(new ListGuardrailsCommand({ guardrailIdentifier: summary.id }), { abortSignal }));
            const published = (versions.guardrails ?? []).map((candidate) => candidate.version).filter((version): version is string => /^\d+$/.test(version ?? ""));
            if (published.length === 0) {
                return failed(`guardrail ${location.physicalName} (${summary.id}) in ${location.region} has no published version, only its DRAFT; ${kindTexts.guardrail.consequence(location.region)}`);
            }
            const latest = String(Math.max(...published.map(Number)));
            const guardrail = await context.call("bedrock:GetGuardrail", (abortSignal) =>
                bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: summary.id, guardrailVersion: latest }), { abortSignal }));
            if (guardrail.status !== "READY") {
                const reasons = guardrail.statusReasons?.length ? ` (${guardrail.statusReasons.join("; ")})` : "";
                return failed(`guardrail ${location.physicalName} (${summary.id}) version ${latest} in ${location.region} is ${guardrail.status}${reasons}, not READY; ${kindTexts.guardrail.consequence(location.region)}`);
            }
            return passed(`guardrail ${location.physicalName} (${summary.id}) version ${latest} is READY in ${location.region}`);
        },
    };
}

function parameterCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/${entry.kind} ${location.physicalName}`,
        run: async (context) => {
            const ssm = context.clients(entry.account, location.region).ssm;
            try {
                const answer = await context.call("ssm:GetParameter", (abortSignal) => ssm.send(new GetParameterCommand({ Name: location.physicalName }), { abortSignal }));
                const value = answer.Parameter?.Value;
                if (entry.kind === "active-region-parameter" && context.expectActiveRegion !== undefined && value !== context.expectActiveRegion) {
                    return failed(`parameter ${location.physicalName} in ${location.region} says ${JSON.stringify(value)}, but the stack is now active in ${context.expectActiveRegion}; applications still read the old region`);
                }
                const shown = entry.kind === "active-region-parameter" ? ` = ${JSON.stringify(value)}` : "";
                return passed(`parameter ${location.physicalName}${shown} is present in ${location.region} (version ${answer.Parameter?.Version})`);
            } catch (error) {
                if (errorName(error) === "ParameterNotFound") {
                    return failed(`parameter ${location.physicalName} does not exist in ${location.region}; ${kindTexts[entry.kind].consequence(location.region)}`);
                }
                throw error;
            }
        },
    };
}

function capacityProblems(reservation: CapacityReservation, now: Date): string[] {
    const problems: string[] = [];
    const ended = reservation.EndDate !== undefined && reservation.EndDate.getTime() <= now.getTime();
    if (reservation.State !== "active") {
        problems.push(`is ${reservation.State ?? "in an unknown state"}`);
    }
    if (ended) {
        problems.push(`ended on ${reservation.EndDate!.toISOString()}`);
    }
    if (reservation.State === "active" && !ended && (reservation.AvailableInstanceCount ?? 0) <= 0) {
        problems.push(`has no available instances (0 of ${reservation.TotalInstanceCount ?? 0})`);
    }
    return problems;
}

function capacityCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/capacity-reservation ${location.physicalName}`,
        run: async (context) => {
            const ec2 = context.clients(entry.account, location.region).ec2;
            // Reservation IDs are assigned by AWS, so the plan names a reservation by its Name tag.
            const byId = /^cr-[0-9a-f]+$/.test(location.physicalName);
            const answer = await context.call("ec2:DescribeCapacityReservations", (abortSignal) => ec2.send(new DescribeCapacityReservationsCommand(byId
                ? { CapacityReservationIds: [location.physicalName] }
                : { Filters: [{ Name: "tag:Name", Values: [location.physicalName] }] }), { abortSignal }));
            const reservations = answer.CapacityReservations ?? [];
            if (reservations.length === 0) {
                return failed(`no capacity reservation ${byId ? "" : "tagged Name="}${location.physicalName} in ${location.region}; ${kindTexts["capacity-reservation"].consequence(location.region)}`);
            }
            const now = context.now();
            const broken = reservations
                .map((reservation) => ({ reservation, problems: capacityProblems(reservation, now) }))
                .filter((candidate) => candidate.problems.length > 0);
            if (broken.length > 0) {
                const described = broken.map(({ reservation, problems }) => `${reservation.CapacityReservationId} (${reservation.InstanceType}) ${problems.join(" and ")}`).join("; ");
                return failed(`capacity reservation ${location.physicalName} in ${location.region}: ${described}; ${kindTexts["capacity-reservation"].consequence(location.region)}`);
            }
            const described = reservations.map((reservation) =>
                `${reservation.CapacityReservationId} active, ${reservation.AvailableInstanceCount} of ${reservation.TotalInstanceCount} ${reservation.InstanceType} available${reservation.EndDate ? ` until ${reservation.EndDate.toISOString()}` : ", no end date"}`);
            return passed(described.join("; "));
        },
    };
}

function dynamodbCheck(entry: DrInventoryEntry, location: DrLocation, partner: DrLocation | null): LiveCheck {
    return {
        name: `${entry.account}/dynamodb-table ${location.physicalName}`,
        run: async (context) => {
            // Read in the target itself: it must answer while the other region is down.
            const dynamodb = context.clients(entry.account, location.region).dynamodb;
            const table = location.physicalName;
            let answer;
            try {
                answer = await context.call("dynamodb:DescribeTable", (abortSignal) => dynamodb.send(new DescribeTableCommand({ TableName: table }), { abortSignal }));
            } catch (error) {
                if (errorName(error) === "ResourceNotFoundException") {
                    return failed(`table ${table} does not exist in ${location.region}; ${kindTexts["dynamodb-table"].consequence(location.region)}`);
                }
                throw error;
            }
            if (answer.Table?.TableStatus !== "ACTIVE") {
                return failed(`table ${table} in ${location.region} is ${answer.Table?.TableStatus ?? "in an unknown state"}, not ACTIVE`);
            }
            const regions = (answer.Table?.Replicas ?? []).map((candidate) => candidate.RegionName);
            if (partner && !regions.includes(partner.region)) {
                return failed(`table ${table} in ${location.region} is not a global table with ${partner.region} (replicas: ${regions.join(", ") || "none"}); writes made in ${partner.region} do not reach it`);
            }
            const notActive = (answer.Table?.Replicas ?? []).filter((candidate) => candidate.ReplicaStatus !== "ACTIVE");
            if (notActive.length > 0) {
                return failed(`table ${table} (read in ${location.region}): replica ${notActive.map((candidate) => `${candidate.RegionName} is ${candidate.ReplicaStatus}`).join(", ")}, not ACTIVE`);
            }
            if (partner && context.rpoMinutes !== undefined) {
                // DynamoDB publishes ReplicationLatency in the region that sends, per receiving region.
                const end = context.now();
                const start = new Date(end.getTime() - Math.max(context.rpoMinutes, 15) * 60_000);
                const latency = await context.call("cloudwatch:GetMetricData", (abortSignal) => context.clients(entry.account, partner.region).cloudwatch.send(new GetMetricDataCommand({
                    StartTime: start,
                    EndTime: end,
                    MetricDataQueries: [{
                        Id: "latency",
                        MetricStat: { Metric: { Namespace: "AWS/DynamoDB", MetricName: "ReplicationLatency", Dimensions: [{ Name: "TableName", Value: table }, { Name: "ReceivingRegion", Value: location.region }] }, Period: 60, Stat: "Maximum" },
                    }],
                }), { abortSignal })).catch(() => undefined);
                const values = latency?.MetricDataResults?.[0]?.Values ?? [];
                if (values.length > 0 && Math.max(...values) > context.rpoMinutes * 60_000) {
                    return failed(`items of ${table} took up to ${formatDuration(Math.max(...values))} to reach ${location.region}, beyond the RPO of ${context.rpoMinutes} min`);
                }
                const shown = latency === undefined ? `replication latency not read (${partner.region} did not answer)` : values.length > 0 ? `replication latency up to ${formatDuration(Math.max(...values))}` : "no replication latency datapoints (no writes)";
                return passed(`table ${table} is ACTIVE in ${location.region} with replicas ${regions.join(", ")} ACTIVE; ${shown}`);
            }
            return passed(`table ${table} is ACTIVE in ${location.region} with replicas ${regions.join(", ")} ACTIVE`);
        },
    };
}

function invocationLoggingCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/invocation-logging ${location.region}`,
        run: async (context) => {
            const bedrock = context.clients(entry.account, location.region).bedrock;
            const answer = await context.call("bedrock:GetModelInvocationLoggingConfiguration", (abortSignal) =>
                bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}), { abortSignal }));
            const logging = answer.loggingConfig;
            const destinations = [
                logging?.cloudWatchConfig?.logGroupName && `CloudWatch log group ${logging.cloudWatchConfig.logGroupName}`,
                logging?.s3Config?.bucketName && `S3 bucket ${logging.s3Config.bucketName}`,
            ].filter((destination): destination is string => Boolean(destination));
            return destinations.length > 0
                ? passed(`model invocations in ${location.region} are logged to ${destinations.join(" and ")}`)
                : failed(`model invocation logging is off in ${location.region}; ${kindTexts["invocation-logging"].consequence(location.region)}`);
        },
    };
}

function endpointCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/bedrock-runtime-endpoint ${location.physicalName}`,
        run: async (context) => {
            const ec2 = context.clients(entry.account, location.region).ec2;
            const byId = location.physicalName.startsWith("vpce-");
            const answer = await context.call("ec2:DescribeVpcEndpoints", (abortSignal) => ec2.send(new DescribeVpcEndpointsCommand(byId
                ? { VpcEndpointIds: [location.physicalName] }
                : { Filters: [{ Name: "tag:Name", Values: [location.physicalName] }] }), { abortSignal }));
            const endpoint = answer.VpcEndpoints?.find((candidate) => candidate.ServiceName?.endsWith(".bedrock-runtime"));
            if (!endpoint) {
                return failed(`no bedrock-runtime endpoint ${location.physicalName} in ${location.region}; ${kindTexts["bedrock-runtime-endpoint"].consequence(location.region)}`);
            }
            // EC2 answers "available" although its own enum spells "Available".
            return endpoint.State?.toLowerCase() === "available"
                ? passed(`endpoint ${endpoint.VpcEndpointId} (${endpoint.ServiceName}) is available in ${location.region}`)
                : failed(`endpoint ${endpoint.VpcEndpointId} in ${location.region} is ${endpoint.State}, not available; ${kindTexts["bedrock-runtime-endpoint"].consequence(location.region)}`);
        },
    };
}

function networkCheck(entry: DrInventoryEntry, location: DrLocation): LiveCheck {
    return {
        name: `${entry.account}/network ${location.physicalName}`,
        run: async (context) => {
            const ec2 = context.clients(entry.account, location.region).ec2;
            const answer = await context.call("ec2:DescribeVpcs", (abortSignal) =>
                ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [location.physicalName] }] }), { abortSignal }));
            const vpc = answer.Vpcs?.[0];
            if (!vpc) {
                return failed(`no VPC tagged Name=${location.physicalName} in ${location.region}; ${kindTexts.network.consequence(location.region)}`);
            }
            return vpc.State === "available"
                ? passed(`VPC ${vpc.VpcId} (${vpc.CidrBlock}) is available in ${location.region}`)
                : failed(`VPC ${vpc.VpcId} in ${location.region} is ${vpc.State}, not available`);
        },
    };
}

function modelCheck(modelId: string, target: string, catalogueModel: CatalogueModel | undefined): LiveCheck {
    const genai = accountKey("genai");
    return {
        name: `${genai}/model ${modelId}`,
        run: async (context) => {
            const bedrock = context.clients(genai, target).bedrock;
            const availability = await context.call("bedrock:GetFoundationModelAvailability", (abortSignal) =>
                bedrock.send(new GetFoundationModelAvailabilityCommand({ modelId }), { abortSignal }));
            const problems = [
                availability.regionAvailability !== "AVAILABLE" ? `not available in the region (${availability.regionAvailability ?? "unknown"})` : "",
                availability.authorizationStatus !== "AUTHORIZED" ? `not authorized for the account (${availability.authorizationStatus ?? "unknown"})` : "",
                availability.entitlementAvailability !== "AVAILABLE" ? `not entitled (${availability.entitlementAvailability ?? "unknown"})` : "",
                availability.agreementAvailability?.status !== undefined && availability.agreementAvailability.status !== "AVAILABLE" && availability.agreementAvailability.status !== "NOT_AVAILABLE"
                    ? `its agreement is ${availability.agreementAvailability.status}` : "",
            ].filter(Boolean);
            if (problems.length > 0) {
                return failed(`${modelId} in ${target}: ${problems.join("; ")}; applications failing over could not invoke it`);
            }
            // A Legacy model can be withdrawn from an account that has not called it for 15 days: a standby region's
            // account is exactly that, so it may be gone on the day of the failover.
            const details = await context.call("bedrock:GetFoundationModel", (abortSignal) =>
                bedrock.send(new GetFoundationModelCommand({ modelIdentifier: modelId }), { abortSignal }));
            const lifecycle = details.modelDetails?.modelLifecycle;
            if (lifecycle?.status === "LEGACY") {
                const endOfLife = lifecycle.endOfLifeTime ? `, end of life ${lifecycle.endOfLifeTime.toISOString().slice(0, 10)}` : "";
                const successor = catalogueModel?.lifecycle?.successor ? `move the environment to its successor ${catalogueModel.lifecycle.successor}` : "move the environment to an Active catalogue model";
                const catalogueNote = catalogueModel?.lifecycle?.status === "active" ? `, and mark it legacy in ${catalogueFileName}` : "";
                return failed(`${modelId} is LEGACY in ${target}${endOfLife}: Bedrock may withdraw a Legacy model from an account that has not called it for 15 days, as a standby region's; ${successor}${catalogueNote}`);
            }
            const profile = catalogueModel?.inferenceProfile;
            if (!profile) {
                return passed(`${modelId} is available, authorized and ACTIVE in ${target}`);
            }
            let answer;
            try {
                answer = await context.call("bedrock:GetInferenceProfile", (abortSignal) =>
                    bedrock.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profile.id }), { abortSignal }));
            } catch (error) {
                if (errorName(error) === "ResourceNotFoundException") {
                    return failed(`inference profile ${profile.id} does not exist in ${target}; calls through it would fail there`);
                }
                throw error;
            }
            const routes = (answer.models ?? []).map((model) => model.modelArn?.split(":")[3]).filter((region): region is string => Boolean(region));
            if (answer.status !== "ACTIVE" || !routes.includes(target)) {
                return failed(`inference profile ${profile.id} in ${target} is ${answer.status ?? "in an unknown state"} and routes to ${routes.join(", ") || "no region"}; it must be ACTIVE and route to ${target}`);
            }
            // The invoke role and the catalogue SCP allow the model in the catalogue's destination regions only: a
            // request the profile routes elsewhere is refused.
            const unlisted = routes.filter((region) => !profile.destinationRegions.includes(region));
            if (unlisted.length > 0) {
                return failed(`inference profile ${profile.id} in ${target} routes to ${unlisted.join(", ")}, which ${catalogueFileName} does not list in its destinationRegions (${profile.destinationRegions.join(", ")}): requests routed there are refused; add ${unlisted.length === 1 ? "it" : "them"}`);
            }
            return passed(`${modelId} is available, authorized and ACTIVE in ${target}; profile ${profile.id} is ACTIVE and routes to ${routes.join(", ")}`);
        },
    };
}

function entryChecks(entry: DrInventoryEntry, target: string): LiveCheck[] {
    const label = entryLabel(entry);
    const skipped = notCheckedLive[entry.kind];
    if (skipped) {
        return [{ name: label, skipped: `not checked live: ${skipped}; readiness checked it in the plan` }];
    }
    const location = locationIn(entry, target);
    if (!location) {
        return [{ name: label, run: async () => failed(`${label} has nothing in ${target} per the DR inventory (see readiness)`) }];
    }
    switch (entry.kind) {
        case "kms-key":
            return [kmsCheck(entry, location)];
        case "s3-bucket":
            // Replication runs from the primary bucket to the replica whichever way the drill goes.
            return entry.replica
                ? [s3ReplicationCheck(entry, entry.replica), s3LagCheck(entry, entry.replica)]
                : [{ name: `${entry.account}/s3-replication ${entry.primary.physicalName}`, run: async () => failed(`bucket ${entry.primary.physicalName} has no replica bucket in the DR inventory to replicate to`) }];
        case "guardrail":
            return [guardrailCheck(entry, location)];
        case "catalogue-parameter":
        case "active-region-parameter":
            return [parameterCheck(entry, location)];
        case "capacity-reservation":
            return [capacityCheck(entry, location)];
        case "dynamodb-table":
            return [dynamodbCheck(entry, location, partnerOf(entry, target))];
        case "invocation-logging":
            return [invocationLoggingCheck(entry, location)];
        case "bedrock-runtime-endpoint":
            return [endpointCheck(entry, location)];
        case "network":
            return [networkCheck(entry, location)];
        default:
            return [];
    }
}

/** Every live check of a drill to `target`: the inventory's entries, then the environment's models. */
export function liveChecks(inventory: readonly DrInventoryEntry[], models: readonly string[], target: string, catalogue: readonly CatalogueModel[] = []): LiveCheck[] {
    return [
        ...inventory.flatMap((entry) => entryChecks(entry, target)),
        ...models.map((modelId) => modelCheck(modelId, target, catalogue.find((model) => model.id === modelId))),
    ];
}

/** Account keys the checks read from: the inventory's, and the genAI account for the model list. */
export function liveAccountKeys(inventory: readonly DrInventoryEntry[]): string[] {
    return [...new Set([accountKey("genai"), ...inventory.map((entry) => entry.account)])];
}
