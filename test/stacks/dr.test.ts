import * as assert from "assert";
import { loadCatalogue } from "../../accounts/catalogue";
import { ConfigError } from "../../accounts/problems";
import { validateStackConfig } from "../../accounts/validate";
import { PlanGraph } from "../../cli/engine/graph";
import { readinessChecks } from "../../cli/drill/readiness";
import { environmentOf } from "../fixtures/drill/graphs";
import { accountOf, named, plan, planError, projectDir } from "../fixtures/plans";

const catalogue = loadCatalogue(projectDir);
const now = Date.parse("2026-11-25T12:00:00Z");

function inputsOf(graph: PlanGraph, name: string): Record<string, any> {
    return named(graph, name).inputs as Record<string, any>;
}

describe("DR replicas in the prod plan (issue 6)", () => {
    it("replicates the documents bucket to us-west-2 in the data account: RTC 15 min, metrics, delete markers, replica key", async () => {
        const graph = await plan("prod");
        const data = accountOf(graph, "prod-data");
        const replica = named(graph, "prod-data-documents-replication-us-west-2-replica");
        assert.deepStrictEqual([replica.type, replica.region, replica.account, replica.inputs.bucket],
            ["aws:s3/bucket:Bucket", "us-west-2", data, `acme-ai-prod-docs-${data}-us-west-2`]);
        const configuration = named(graph, "prod-data-documents-replication-us-west-2-configuration");
        assert.deepStrictEqual([configuration.region, configuration.account], ["us-east-1", data]);
        const replicaKey = named(graph, "prod-data-documents-key-us-west-2-key");
        assert.deepStrictEqual([replicaKey.type, replicaKey.region, replicaKey.account], ["aws:kms/replicaKey:ReplicaKey", "us-west-2", data]);
        const rule = (configuration.inputs.rules as any[])[0];
        assert.deepStrictEqual(rule, {
            id: "replicate-to-us-west-2",
            status: "Enabled",
            filter: { prefix: "" },
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
                bucket: replica.outputs.arn,
                encryptionConfiguration: { replicaKmsKeyId: replicaKey.outputs.arn },
                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            },
        });
        // The documents key is a multi-region primary, so the replica key can copy it.
        assert.strictEqual(inputsOf(graph, "prod-data-documents-us-east-1-key").multiRegion, true);
        assert.strictEqual(inputsOf(graph, "prod-data-documents-replication-us-west-2-role").name, "acme-ai-prod-docs-replication");
    });

    it("gives each application a global session table with its DR replica, under a multi-region key", async () => {
        const graph = await plan("prod");
        for (const application of ["chat", "search"]) {
            const account = accountOf(graph, `prod-app-${application}`);
            const table = named(graph, `prod-app-${application}-sessions-us-east-1-table`);
            const replicaKey = named(graph, `prod-app-${application}-sessions-key-us-west-2-key`);
            assert.deepStrictEqual([table.region, table.account, table.inputs.name, table.inputs.deletionProtectionEnabled],
                ["us-east-1", account, `acme-ai-prod-${application}-sessions`, true]);
            assert.deepStrictEqual(table.inputs.replicas, [{
                regionName: "us-west-2",
                kmsKeyArn: replicaKey.outputs.arn,
                pointInTimeRecovery: true,
                deletionProtectionEnabled: true,
                propagateTags: true,
            }]);
            assert.deepStrictEqual([replicaKey.region, replicaKey.account], ["us-west-2", account]);
            assert.strictEqual(inputsOf(graph, `prod-app-${application}-sessions-key-us-east-1-key`).multiRegion, true);
        }
    });

    it("writes the active-region parameter in both regions with the configured value", async () => {
        for (const [configFile, active] of [[undefined, "us-east-1"], ["dr/Pulumi.prod-failed-over.yaml", "us-west-2"]] as const) {
            const graph = await plan("prod", configFile);
            const account = accountOf(graph, "prod-app-chat");
            const parameters = ["us-east-1", "us-west-2"].map((region) => named(graph, `prod-app-chat-active-region-${region}`));
            assert.deepStrictEqual(parameters.map((p) => [p.region, p.account, p.inputs.name, p.inputs.insecureValue]), [
                ["us-east-1", account, "/acme-ai/prod/active-region", active],
                ["us-west-2", account, "/acme-ai/prod/active-region", active],
            ]);
            const catalogueParameters = ["us-east-1", "us-west-2"].map((region) =>
                JSON.parse(inputsOf(graph, `prod-genai-catalogue-parameter-${region}-parameter`).insecureValue).activeRegion);
            assert.deepStrictEqual(catalogueParameters, [active, active]);
            assert.strictEqual((graph.outputs.dr as any).activeRegion, active);
        }
    });

    it("deploys the DR guardrail, catalogue parameter, endpoint and invoke permissions pinned to each region's guardrail", async () => {
        const graph = await plan("prod");
        const genai = accountOf(graph, "prod-genai");
        const primary = named(graph, "prod-genai-guardrail-us-east-1-guardrail");
        const dr = named(graph, "prod-genai-guardrail-us-west-2-guardrail");
        assert.deepStrictEqual([dr.region, dr.account, dr.inputs.name], ["us-west-2", genai, "acme-ai-prod-guardrail"]);
        const drVersion = named(graph, "prod-genai-guardrail-us-west-2-version");
        const primaryVersion = named(graph, "prod-genai-guardrail-us-east-1-version");
        const drIdentifier = `${dr.outputs.guardrailArn}:${drVersion.outputs.version}`;
        const primaryIdentifier = `${primary.outputs.guardrailArn}:${primaryVersion.outputs.version}`;

        const drParameter = JSON.parse(inputsOf(graph, "prod-genai-catalogue-parameter-us-west-2-parameter").insecureValue);
        assert.deepStrictEqual(drParameter.guardrail, { id: dr.outputs.guardrailId, arn: dr.outputs.guardrailArn, version: drVersion.outputs.version });

        // The DR region's endpoint only lets through calls naming the DR guardrail.
        const drEndpoint = named(graph, "prod-genai-network-us-west-2-endpoint-bedrock-runtime");
        assert.deepStrictEqual([drEndpoint.region, drEndpoint.account], ["us-west-2", genai]);
        const endpointPolicy = JSON.parse(drEndpoint.inputs.policy as string);
        assert.strictEqual(endpointPolicy.Statement[0].Condition.StringEquals["bedrock:GuardrailIdentifier"], drIdentifier);

        // The invoke permissions accept either region's guardrail, and deny a call naming neither.
        const invokePolicy = JSON.parse(inputsOf(graph, "prod-genai-invoke-role-invoke-policy").policy);
        const deny = invokePolicy.Statement.find((s: any) => s.Sid === "DenyInvocationWithoutTheGuardrail");
        assert.deepStrictEqual(deny.Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": [primaryIdentifier, drIdentifier] } });
        const apply = invokePolicy.Statement.find((s: any) => s.Sid === "ApplyTheGuardrail");
        assert.deepStrictEqual(apply.Resource, [primary.outputs.guardrailArn, dr.outputs.guardrailArn]);
    });

    it("builds the DR knowledge base on the DR documents bucket, with a DR knowledge-base role", async () => {
        const graph = await plan("prod");
        const genai = accountOf(graph, "prod-genai");
        const dataSource = named(graph, "prod-genai-knowledge-base-us-west-2-documents");
        assert.deepStrictEqual([dataSource.region, dataSource.account], ["us-west-2", genai]);
        const replicaBucket = named(graph, "prod-data-documents-replication-us-west-2-replica");
        assert.strictEqual((dataSource.inputs.dataSourceConfiguration as any).s3Configuration.bucketArn, replicaBucket.outputs.arn);
        assert.strictEqual(inputsOf(graph, "prod-genai-knowledge-base-role-us-west-2-role").name, "acme-ai-prod-genai-kb-us-west-2");
    });

    it("holds the dr: true reservations (the production traffic's) in their DR zones", async () => {
        const graph = await plan("prod");
        const reservation = named(graph, "prod-genai-capacity-us-west-2-search-embeddings");
        assert.deepStrictEqual([reservation.region, reservation.account, reservation.inputs.availabilityZone, reservation.inputs.instanceType],
            ["us-west-2", accountOf(graph, "prod-genai"), "us-west-2b", "inf2.8xlarge"]);
        assert.deepStrictEqual(graph.resources.filter((r) => r.type === "aws:ec2/capacityReservation:CapacityReservation" && r.region === "us-west-2").map((r) => r.name).sort(),
            ["prod-genai-capacity-us-west-2-chat-inference", "prod-genai-capacity-us-west-2-search-embeddings"]);
    });

    it("exports the dr declaration and an inventory of exactly the critical resources, each with its replica", async () => {
        const graph = await plan("prod");
        assert.deepStrictEqual(graph.outputs.dr, { enabled: true, primaryRegion: "us-east-1", drRegion: "us-west-2", activeRegion: "us-east-1", rpoMinutes: 15, rtoMinutes: 60 });
        const inventory = graph.outputs.drInventory as any[];
        assert.deepStrictEqual(inventory.map((e) => [e.account, e.kind, e.replication.mechanism, e.primary.physicalName, e.replica?.region]), [
            ["genai", "kms-key", "kms-multi-region", "alias/acme-ai-prod-genai-artifacts", "us-west-2"],
            ["genai", "s3-bucket", "s3-replication-time-control", `acme-ai-prod-model-artifacts-${accountOf(graph, "prod-genai")}-us-east-1`, "us-west-2"],
            ["genai", "ecr-repository", "ecr-registry-replication", "acme-ai-prod/neuron-inference", "us-west-2"],
            ["genai", "guardrail", "deployed-in-both-regions", "acme-ai-prod-guardrail", "us-west-2"],
            ["genai", "catalogue-parameter", "deployed-in-both-regions", "/acme-ai/prod/genai/catalogue", "us-west-2"],
            ["genai", "invocation-logging", "deployed-in-both-regions", "/acme-ai/prod/bedrock/model-invocations", "us-west-2"],
            ["genai", "network", "deployed-in-both-regions", "prod-genai-network-us-east-1", "us-west-2"],
            ["genai", "bedrock-runtime-endpoint", "deployed-in-both-regions", "prod-genai-network-us-east-1-bedrock-runtime", "us-west-2"],
            ["genai", "vector-store", "rebuilt-from-replicated-documents", "acme-ai-prod-genai-vectors", "us-west-2"],
            ["genai", "knowledge-base", "rebuilt-from-replicated-documents", "acme-ai-prod-knowledge-base", "us-west-2"],
            ["genai", "capacity-reservation", "deployed-in-both-regions", "acme-ai-prod-chat-inference", "us-west-2"],
            ["genai", "capacity-reservation", "deployed-in-both-regions", "acme-ai-prod-search-embeddings", "us-west-2"],
            ["genai", "invoke-permissions", "deployed-in-both-regions", "acme-ai-prod-genai-invoke-models", "us-west-2"],
            ["data", "kms-key", "kms-multi-region", "alias/acme-ai-prod-data-documents", "us-west-2"],
            ["data", "s3-bucket", "s3-replication-time-control", "acme-ai-prod-docs-210987654321-us-east-1", "us-west-2"],
            ["app-chat", "kms-key", "kms-multi-region", "alias/acme-ai-prod-chat-sessions", "us-west-2"],
            ["app-chat", "dynamodb-table", "dynamodb-global-table", "acme-ai-prod-chat-sessions", "us-west-2"],
            ["app-chat", "active-region-parameter", "deployed-in-both-regions", "/acme-ai/prod/active-region", "us-west-2"],
            ["app-search", "kms-key", "kms-multi-region", "alias/acme-ai-prod-search-sessions", "us-west-2"],
            ["app-search", "dynamodb-table", "dynamodb-global-table", "acme-ai-prod-search-sessions", "us-west-2"],
            ["app-search", "active-region-parameter", "deployed-in-both-regions", "/acme-ai/prod/active-region", "us-west-2"],
        ]);
        // Every URN is a resource of the plan.
        const urns = new Set(graph.resources.map((r) => r.urn));
        for (const entry of inventory) {
            assert.ok(urns.has(entry.primary.urn) && urns.has(entry.replica.urn), `${entry.account}/${entry.kind}`);
        }
    });

    it("dev exports dr.enabled false and an inventory with no replicas", async () => {
        const graph = await plan("dev");
        assert.deepStrictEqual(graph.outputs.dr, { enabled: false, primaryRegion: "us-east-1", drRegion: "us-west-2", activeRegion: "us-east-1" });
        const inventory = graph.outputs.drInventory as any[];
        assert.ok(inventory.length > 0);
        assert.deepStrictEqual(inventory.filter((e) => e.replica !== null), []);
        assert.deepStrictEqual(graph.resources.filter((r) => r.region === "us-west-2" && !r.name.includes("-baseline-")).map((r) => r.name), []);
    });
});

describe("lz drill readiness on the real plans", () => {
    it("prod is ready to fail over to us-west-2", async () => {
        const prod = environmentOf("prod");
        const readiness = readinessChecks({
            graph: await plan("prod"), environment: prod.environment, catalogue: prod.catalogue,
            configFileName: "Pulumi.prod.yaml", drEnabledIsSet: true, target: "us-west-2", failback: false,
        });
        assert.deepStrictEqual(readiness.checks.filter((check) => check.verdict !== "pass"), []);
        assert.strictEqual(readiness.checks.length, 44);
    });

    it("dev is not ready, and says plainly that DR is off", async () => {
        const dev = environmentOf("dev");
        const readiness = readinessChecks({
            graph: await plan("dev"), environment: dev.environment, catalogue: dev.catalogue,
            configFileName: "Pulumi.dev.yaml", drEnabledIsSet: true, target: "us-west-2", failback: false,
        });
        assert.strictEqual(readiness.drDisabled, true);
        assert.deepStrictEqual(readiness.checks.map((check) => [check.verdict, check.message]), [[
            "fail",
            "DR is off for dev (landing-zone:environment.dr.enabled is false in Pulumi.dev.yaml); turn it on to provision replicas in us-west-2",
        ]]);
    });
});

describe("DR config: every mistake has its exact message", () => {
    const file = "Pulumi.prod.yaml";
    function environment(change: Record<string, unknown>, reservation: Record<string, unknown> = {}): Record<string, unknown> {
        return {
            name: "prod", namePrefix: "acme-ai", owner: "platform-team", costCenter: "cc-4300",
            primaryRegion: "us-east-1", drRegion: "us-west-2",
            availabilityZones: { "us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c"], "us-west-2": ["us-west-2a", "us-west-2b"] },
            accounts: {
                genai: { vpcCidr: "10.30.0.0/16" },
                data: { id: "210987654321", vpcCidr: "10.31.0.0/16", budget: { monthlyLimitUsd: 500, subscribers: ["data-platform@example.com"] } },
                applications: { chat: { vpcCidr: "10.32.0.0/16", compute: "ecs", tenants: ["acme"], budget: { monthlyLimitUsd: 500, subscribers: ["chat-team@example.com"] } } },
            },
            models: ["anthropic.claude-sonnet-4-6", "amazon.titan-embed-text-v2:0"],
            retrieval: { embeddingModel: "amazon.titan-embed-text-v2:0" },
            genai: { capacity: { reservations: [{ name: "chat-inference", instanceType: "inf2.xlarge", count: 1, availabilityZone: "us-east-1a", purpose: "inference", owner: "chat-team", ...reservation }] } },
            ...change,
        };
    }
    function problemsOf(env: Record<string, unknown>): string[] {
        try {
            validateStackConfig({ "landing-zone:environment": env }, catalogue, file, { now });
        } catch (error) {
            assert.ok(error instanceof ConfigError);
            return error.problems.map((p) => `${p.path} ${p.message}`);
        }
        return [];
    }
    const at = "landing-zone:environment";
    const reservation = `${at}.genai.capacity.reservations[0]`;
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
        ["activeRegion neither primary nor DR", { activeRegion: "eu-west-1" }, {},
            [`${at}.activeRegion must be the primary region "us-east-1" or the DR region "us-west-2" (got "eu-west-1"); applications can only be sent to a region the environment deploys.`]],
        ["activeRegion the DR region with DR off", { activeRegion: "us-west-2", dr: { enabled: false } }, {},
            [`${at}.activeRegion must be the primary region "us-east-1" while dr.enabled is false (got "us-west-2"); remove activeRegion, or turn on dr.enabled to fail over to drRegion.`]],
        ["a dr reservation without drAvailabilityZone", {}, { dr: true },
            [`${reservation}.drAvailabilityZone must be set when dr is true (got nothing); name one of the DR region's zones us-west-2a, us-west-2b.`]],
        ["a dr reservation in a zone not listed", {}, { dr: true, drAvailabilityZone: "us-west-2c" },
            [`${reservation}.drAvailabilityZone must be one of the DR region's zones us-west-2a, us-west-2b (got "us-west-2c"); pick one of them or add it to availabilityZones.us-west-2.`]],
        ["a dr reservation with DR off", { dr: { enabled: false } }, { dr: true, drAvailabilityZone: "us-west-2a" },
            [`${reservation}.dr must be false while dr.enabled is false in this environment (got true); turn on dr.enabled or remove dr from the reservation.`]],
        ["a DR zone without dr", {}, { drAvailabilityZone: "us-west-2a" },
            [`${reservation}.drAvailabilityZone must come with dr: true (got "us-west-2a" and dr false); set dr: true to hold the reservation in the DR region, or remove drAvailabilityZone.`]],
    ];
    for (const [what, change, reservationChange, expected] of cases) {
        it(what, () => assert.deepStrictEqual(problemsOf(environment(change, reservationChange)), expected));
    }
    it("accepts the DR region as activeRegion with DR on, and a dr reservation in a DR zone", () => {
        assert.deepStrictEqual(problemsOf(environment({ activeRegion: "us-west-2" }, { dr: true, drAvailabilityZone: "us-west-2b" })), []);
    });
    it("lz plan refuses the fixture whose activeRegion is neither region, with the project's message", async () => {
        const error = await planError("prod", "dr/Pulumi.prod-bad-active-region.yaml");
        assert.strictEqual(error.kind, "config");
        assert.ok(error.message.includes(`${at}.activeRegion must be the primary region "us-east-1" or the DR region "us-west-2" (got "eu-west-1")`), error.message);
    });
});
