import * as assert from "assert";
import { ModelCatalogue } from "../../../accounts/catalogue";
import { Environment } from "../../../accounts/validate";
import { PlanGraph } from "../../../cli/engine/graph";
import { declaresRegion, Readiness, readinessChecks } from "../../../cli/drill/readiness";
import { devPlan, entryOf, environmentOf, inventoryOf, readyProd, readyProdConfigFile, resourceNamed, shippedProd, withoutResource } from "../../fixtures/drill/graphs";

const prod = environmentOf("prod");

function readiness(graph: PlanGraph, options: { target?: string; failback?: boolean; environment?: Environment; catalogue?: ModelCatalogue } = {}): Readiness {
    return readinessChecks({
        graph,
        environment: options.environment ?? prod.environment,
        catalogue: options.catalogue ?? prod.catalogue,
        configFileName: "Pulumi.prod.yaml",
        drEnabledIsSet: true,
        target: options.target ?? "us-west-2",
        failback: options.failback ?? false,
    });
}

function failed(result: Readiness): [string, string][] {
    return result.checks.filter((check) => check.verdict === "fail").map((check) => [check.name, check.message]);
}

type Rules = { id: string; filter?: unknown; destination: Record<string, unknown> }[];

function documentsReplication(graph: PlanGraph) {
    return resourceNamed(graph, "prod-data-documents-replication-us-west-2-configuration");
}

const documents = "acme-ai-prod-docs-210987654321-us-east-1";
const documentsReplica = "acme-ai-prod-docs-210987654321-us-west-2";

describe("lz drill readiness (offline, on the plan of prod)", function () {
    this.timeout(180_000);
    before(async () => {
        // Both plans are made once; each test works on its own copy.
        await Promise.all([shippedProd(), readyProd()]);
    });

    it("passes prod once every reservation is also held in the DR region: replicas, wiring, routes, capacity", async () => {
        const result = readiness(await readyProd(), { environment: environmentOf("prod", readyProdConfigFile()).environment });
        assert.deepStrictEqual(failed(result), []);
        assert.deepStrictEqual(result.direction, { kind: "failover", from: "us-east-1", to: "us-west-2", activeRegion: "us-east-1" });
        const names = result.checks.map((check) => check.name);
        assert.strictEqual(names.filter((name) => name.startsWith("replica ")).length, inventoryOf(await readyProd()).length);
        assert.deepStrictEqual(names.filter((name) => /^(s3 replication|ecr replication|guardrail version|route|capacity) /.test(name)), [
            "s3 replication genai/acme-ai-prod-model-artifacts-906602663697-us-east-1",
            "ecr replication genai/acme-ai-prod/neuron-inference",
            `s3 replication data/${documents}`,
            "guardrail version in us-west-2",
            "route anthropic.claude-sonnet-4-6 in us-west-2",
            "route anthropic.claude-haiku-4-5-20251001-v1:0 in us-west-2",
            "capacity chat-inference in us-west-2",
            "capacity search-embeddings in us-west-2",
        ]);
        assert.strictEqual(result.checks.find((check) => check.name === `s3 replication data/${documents}`)!.message,
            `rule replicate-to-us-west-2 copies every object of ${documents} to ${documentsReplica}, Replication Time Control 15 min, metrics and delete markers`);
    });

    it("passes the shipped prod: every reservation of us-east-1 holds its twin in us-west-2", async () => {
        assert.deepStrictEqual(failed(readiness(await shippedProd())), []);
    });

    describe("each broken posture fails with its own message", () => {
        it("a reservation whose DR twin is dropped", async () => {
            const graph = await shippedProd();
            const twin = resourceNamed(graph, "prod-genai-capacity-us-west-2-search-embeddings");
            const result = readiness(withoutResource(graph, twin.urn));
            assert.deepStrictEqual(failed(result).map(([name]) => name), [
                "replica genai/capacity-reservation acme-ai-prod-search-embeddings",
                "capacity search-embeddings in us-west-2",
            ]);
            assert.strictEqual(failed(result)[1][1], "reservation search-embeddings holds 1 × inf2.8xlarge in us-east-1 and has no counterpart in us-west-2; "
                + "no accelerator capacity is held in us-west-2 for it (static stability); "
                + "set dr: true and drAvailabilityZone on landing-zone:environment.genai.capacity.reservations \"search-embeddings\" in Pulumi.prod.yaml");
        });

        it("a DR twin smaller than its primary", async () => {
            const graph = await readyProd();
            resourceNamed(graph, "prod-genai-capacity-us-west-2-chat-inference").inputs.instanceCount = 1;
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "capacity chat-inference in us-west-2", "reservation chat-inference holds 2 × inf2.xlarge in us-east-1 but only 1 × inf2.xlarge in us-west-2; hold the same capacity in us-west-2",
            ]]);
        });

        it("an ECR replication filter that misses the repository", async () => {
            const graph = await readyProd();
            const configuration = resourceNamed(graph, "prod-genai-repository-replication-us-east-1-configuration");
            (configuration.inputs.replicationConfiguration as { rules: { repositoryFilters: { filter: string }[] }[] }).rules[0].repositoryFilters[0].filter = "acme-ai-staging/";
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "ecr replication genai/acme-ai-prod/neuron-inference",
                "repository acme-ai-prod/neuron-inference matches none of the replication filters to us-west-2 (PREFIX_MATCH \"acme-ai-staging/\"); its images are not copied there; "
                + "add its prefix to landing-zone:environment.genai.dr.repositoryPrefixes",
            ]]);
        });

        it("ECR replication to another region only", async () => {
            const graph = await readyProd();
            const configuration = resourceNamed(graph, "prod-genai-repository-replication-us-east-1-configuration");
            (configuration.inputs.replicationConfiguration as { rules: { destinations: { region: string }[] }[] }).rules[0].destinations[0].region = "eu-west-1";
            const rows = failed(readiness(graph));
            assert.deepStrictEqual(rows.find(([name]) => name.startsWith("ecr ")), [
                "ecr replication genai/acme-ai-prod/neuron-inference",
                "no replication rule of the genai registry sends images to us-west-2 in account 906602663697; add a destination { region: \"us-west-2\" }",
            ]);
        });

        it("an inference profile that does not route to the DR region", async () => {
            const catalogue = structuredClone(prod.catalogue);
            catalogue.models.find((model) => model.id === "anthropic.claude-sonnet-4-6")!.inferenceProfile!.destinationRegions = ["us-east-1", "us-east-2"];
            assert.deepStrictEqual(failed(readiness(await readyProd(), { catalogue })), [[
                "route anthropic.claude-sonnet-4-6 in us-west-2",
                "inference profile us.anthropic.claude-sonnet-4-6 routes to us-east-1, us-east-2, not us-west-2 (model-catalogue.yaml); calls made in us-west-2 could not use it; "
                + "pick a profile whose destinations include us-west-2",
            ]]);
        });

        it("an invoke policy that does not grant the profile in the DR region", async () => {
            const graph = await readyProd();
            const policy = resourceNamed(graph, "prod-genai-invoke-role-invoke-policy");
            policy.inputs.policy = String(policy.inputs.policy).split("arn:aws:bedrock:us-west-2:906602663697:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0").join("arn:aws:bedrock:us-east-2:906602663697:inference-profile/x");
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "route anthropic.claude-haiku-4-5-20251001-v1:0 in us-west-2",
                "the invoke policy acme-ai-prod-genai-invoke-models does not allow bedrock:InvokeModel on arn:aws:bedrock:us-west-2:906602663697:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0; "
                + "the invoke role could not call anthropic.claude-haiku-4-5-20251001-v1:0 in us-west-2",
            ]]);
        });

        it("a graph without S3 replication", async () => {
            const graph = await readyProd();
            assert.deepStrictEqual(failed(readiness(withoutResource(graph, documentsReplication(graph).urn))), [[
                `s3 replication data/${documents}`,
                `bucket ${documents} has no aws.s3.BucketReplicationConfig in the plan; nothing copies its objects to ${documentsReplica}; add a replication rule to ${documentsReplica} with Replication Time Control`,
            ]]);
        });

        it("a replication rule without Replication Time Control", async () => {
            const graph = await readyProd();
            delete (documentsReplication(graph).inputs.rules as Rules)[0].destination.replicationTime;
            assert.deepStrictEqual(failed(readiness(graph)), [[
                `s3 replication data/${documents}`,
                `bucket ${documents} rule replicate-to-us-west-2 to ${documentsReplica}: it has no Replication Time Control, so nothing bounds how late objects arrive (add destination.replicationTime with 15 minutes)`,
            ]]);
        });

        it("Replication Time Control beyond a tighter RPO, read from the rule", async () => {
            const environment = structuredClone(environmentOf("prod", readyProdConfigFile()).environment);
            (environment.dr as { rpoMinutes?: number }).rpoMinutes = 5;
            const rows = failed(readiness(await readyProd(), { environment }));
            assert.deepStrictEqual(rows.filter(([name]) => name.startsWith("s3 ")).map(([, message]) => message.split(": ")[1]), [
                "its Replication Time Control of 15 min is beyond the declared RPO of 5 min",
                "its Replication Time Control of 15 min is beyond the declared RPO of 5 min",
            ]);
        });

        it("a replication rule that sends objects to another bucket, or only some of them", async () => {
            const graph = await readyProd();
            (documentsReplication(graph).inputs.rules as Rules)[0].destination.bucket = "arn:aws:s3:::acme-ai-prod-docs-old";
            assert.deepStrictEqual(failed(readiness(graph)), [[
                `s3 replication data/${documents}`,
                `no replication rule of bucket ${documents} sends objects to ${documentsReplica} (rule destinations: arn:aws:s3:::acme-ai-prod-docs-old); point the rule at arn:aws:s3:::${documentsReplica}`,
            ]]);
            const filtered = await readyProd();
            (documentsReplication(filtered).inputs.rules as Rules)[0].filter = { prefix: "tenants/acme/" };
            assert.deepStrictEqual(failed(readiness(filtered)), [[
                `s3 replication data/${documents}`,
                `bucket ${documents} rule replicate-to-us-west-2 to ${documentsReplica}: its filter {"prefix":"tenants/acme/"} leaves objects out; filter on an empty prefix`,
            ]]);
        });

        it("a DR guardrail without its published version", async () => {
            const graph = await readyProd();
            const version = resourceNamed(graph, "prod-genai-guardrail-us-west-2-version");
            assert.deepStrictEqual(failed(readiness(withoutResource(graph, version.urn))), [[
                "guardrail version in us-west-2",
                "guardrail acme-ai-prod-guardrail in us-west-2 has no published aws.bedrock.GuardrailVersion; invocations can only name a version, so model calls in us-west-2 "
                + "would be denied or unguarded; publish a version in us-west-2",
            ]]);
        });

        it("a DR catalogue parameter that names the primary region's guardrail", async () => {
            const graph = await readyProd();
            const parameter = resourceNamed(graph, "prod-genai-catalogue-parameter-us-west-2-parameter");
            const primaryArn = String(resourceNamed(graph, "prod-genai-guardrail-us-east-1-guardrail").outputs.arn);
            const drArn = String(resourceNamed(graph, "prod-genai-guardrail-us-west-2-guardrail").outputs.arn);
            const value = JSON.parse(String(parameter.inputs.insecureValue));
            value.guardrail.arn = primaryArn;
            parameter.inputs.insecureValue = JSON.stringify(value);
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "guardrail version in us-west-2",
                `the catalogue parameter /acme-ai/prod/genai/catalogue in us-west-2 names guardrail ${primaryArn}, not ${drArn}; applications in us-west-2 would call with a guardrail of another region`,
            ]]);
        });
    });

    describe("removing each kind of replica from the plan fails with that kind's own message", () => {
        const consequences: Record<string, string> = {
            "kms-key": "data replicated to us-west-2 could not be decrypted there; make the key multi-region and add an aws.kms.ReplicaKey in us-west-2",
            "s3-bucket": "its objects are not copied to us-west-2; add a versioned bucket in us-west-2 and a replication rule with Replication Time Control",
            guardrail: "model invocations in us-west-2 would run without the guardrail; deploy the guardrail and a published version in us-west-2",
            "catalogue-parameter": "applications in us-west-2 could not discover the approved models and guardrail; write the model-catalogue SSM parameter in us-west-2",
            "active-region-parameter": "applications in us-west-2 could not read which region is active; write the active-region SSM parameter in us-west-2",
            "invocation-logging": "model invocations in us-west-2 would leave no invocation log; enable Bedrock model invocation logging in us-west-2",
            network: "workloads in us-west-2 would have no private network; deploy the account's VPC in us-west-2",
            "bedrock-runtime-endpoint": "Bedrock calls in us-west-2 would leave the private network; add the bedrock-runtime interface endpoint in us-west-2",
            "vector-store": "a knowledge base in us-west-2 would have nowhere to keep its vectors; deploy the vector store in us-west-2",
            "knowledge-base": "retrieval in us-west-2 would have no knowledge base; deploy a knowledge base in us-west-2 whose data source is the replicated documents bucket",
            "capacity-reservation": "no accelerator capacity is held in us-west-2 for failover (static stability); reserve the capacity in us-west-2 with an aws.ec2.CapacityReservation",
            "ecr-repository": "inference images could not be pulled in us-west-2; replicate the registry to us-west-2",
            "dynamodb-table": "session and conversation state would not be in us-west-2; add a replica of the global table in us-west-2",
            "invoke-permissions": "the invoke role could not call the models in us-west-2; grant the invoke role the models' ARNs in us-west-2",
        };

        it("has a message for every kind the plan registers", async () => {
            assert.deepStrictEqual([...new Set(inventoryOf(await readyProd()).map((entry) => entry.kind))].sort(), Object.keys(consequences).sort());
        });

        for (const [kind, consequence] of Object.entries(consequences)) {
            it(kind, async () => {
                const graph = await readyProd();
                const entry = entryOf(graph, kind, inventoryOf(graph).find((candidate) => candidate.kind === kind)!.account);
                const label = `${entry.account}/${kind} ${entry.primary.physicalName}`;
                const rows = failed(readiness(withoutResource(graph, entry.replica!.urn)));
                assert.deepStrictEqual(rows[0], [`replica ${label}`, `${label} names a replica that is not in the plan (${entry.replica!.urn}); ${consequence}`]);
            });
        }
    });

    it("fails a replica that lands in another account than its primary", async () => {
        const graph = await readyProd();
        const replica = resourceNamed(graph, "prod-app-chat-active-region-us-west-2");
        (replica as { account: string }).account = "111122223333";
        assert.deepStrictEqual(failed(readiness(graph)), [[
            "replica app-chat/active-region-parameter /acme-ai/prod/active-region",
            `app-chat/active-region-parameter /acme-ai/prod/active-region has its replica in account 111122223333, not the app-chat account 021718575882 (${replica.urn}); `
            + "applications in us-west-2 could not read which region is active; write the active-region SSM parameter in us-west-2",
        ]]);
    });

    it("fails back to the primary region when the DR region is active, checking the primaries and not the replication", async () => {
        const graph = await readyProd();
        graph.outputs.dr = { ...(graph.outputs.dr as object), activeRegion: "us-west-2" };
        const environment = { ...environmentOf("prod", readyProdConfigFile()).environment, activeRegion: "us-west-2" };
        const result = readiness(graph, { target: "us-east-1", environment });
        assert.deepStrictEqual(result.direction, { kind: "failback", from: "us-west-2", to: "us-east-1", activeRegion: "us-west-2" });
        assert.deepStrictEqual(failed(result), []);
        assert.strictEqual(result.checks.filter((check) => check.name.startsWith("primary ")).length, inventoryOf(graph).length);
        assert.deepStrictEqual(result.checks.filter((check) => /^(s3|ecr) replication/.test(check.name)), []);
        assert.deepStrictEqual(result.checks.filter((check) => check.name.startsWith("capacity ")).map((check) => check.name), [
            "capacity chat-inference in us-east-1", "capacity search-embeddings in us-east-1",
        ]);
    });

    describe("the plan's DR outputs", () => {
        it("fails when the plan exports no inventory", async () => {
            const graph = await readyProd();
            delete graph.outputs.drInventory;
            delete graph.outputs.dr;
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "inventory", "the plan of prod exports no drInventory output: its program does not register DR resources yet, so no replica can be checked",
            ]]);
        });

        it("fails a saved plan whose dr output no longer matches the config", async () => {
            const graph = await readyProd();
            graph.outputs.dr = { ...(graph.outputs.dr as object), rtoMinutes: 240, activeRegion: "us-west-2" };
            assert.deepStrictEqual(failed(readiness(graph, { environment: environmentOf("prod", readyProdConfigFile()).environment, target: "us-west-2" })).find(([name]) => name === "plan matches config"), [
                "plan matches config", "the plan's dr output says rtoMinutes 240 (config: 60), activeRegion \"us-west-2\" (config: \"us-east-1\"); re-plan with `lz plan prod --json`",
            ]);
        });
    });

    it("says plainly why dev is not ready, and checks nothing else", async () => {
        const dev = environmentOf("dev");
        const result = readinessChecks({
            graph: await devPlan(), environment: dev.environment, catalogue: dev.catalogue,
            configFileName: "Pulumi.dev.yaml", drEnabledIsSet: true, target: "us-west-2", failback: false,
        });
        assert.strictEqual(result.drDisabled, true);
        assert.deepStrictEqual(failed(result), [[
            "dr-enabled",
            "DR is off for dev (landing-zone:environment.dr.enabled is false in Pulumi.dev.yaml); turn it on to provision replicas in us-west-2",
        ]]);
    });

    describe("declaresRegion", () => {
        const base = { urn: "u", type: "t", name: "n", id: null, parent: null, provider: null, custom: true, remote: false, account: "1", protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], outputs: {} };

        it("recognises a global policy by the region of the ARNs it grants", () => {
            const policy = JSON.stringify({ Statement: [{ Resource: "arn:aws:bedrock:us-west-2::foundation-model/x" }] });
            assert.strictEqual(declaresRegion({ ...base, region: "global", inputs: { policy } }, "us-west-2"), true);
            assert.strictEqual(declaresRegion({ ...base, region: "global", inputs: { policy } }, "us-east-1"), false);
        });

        it("recognises nested replica settings but not the resource's own region", () => {
            assert.strictEqual(declaresRegion({ ...base, region: "us-east-1", inputs: { region: "us-east-1", replicas: [{ regionName: "us-west-2" }] } }, "us-west-2"), true);
            assert.strictEqual(declaresRegion({ ...base, region: "us-east-1", inputs: { region: "us-west-2" } }, "us-west-2"), false);
        });
    });
});
