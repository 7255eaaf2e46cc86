import * as assert from "assert";
import { ModelCatalogue } from "../../../accounts/catalogue";
import { Environment } from "../../../accounts/validate";
import { PlanGraph } from "../../../cli/engine/graph";
import { declaresRegion, Readiness, readinessChecks } from "../../../cli/drill/readiness";
import { devDrOffFile, entryOf, environmentOf, inventoryOf, loadGraph, readyProd, withoutResource } from "../../fixtures/drill/graphs";

const prod = environmentOf("prod");
const urn = (type: string, name: string) => `urn:pulumi:prod::genai-landing-zone::${type}::${name}`;

function readiness(graph: PlanGraph, options: { target?: string; failback?: boolean; environment?: Environment; catalogue?: ModelCatalogue; drEnabledIsSet?: boolean } = {}): Readiness {
    return readinessChecks({
        graph,
        environment: options.environment ?? prod.environment,
        catalogue: options.catalogue ?? prod.catalogue,
        configFileName: "Pulumi.prod.yaml",
        drEnabledIsSet: options.drEnabledIsSet ?? true,
        target: options.target ?? "us-west-2",
        failback: options.failback ?? false,
    });
}

function failed(result: Readiness): [string, string][] {
    return result.checks.filter((check) => check.verdict === "fail").map((check) => [check.name, check.message]);
}

describe("lz drill readiness (offline)", () => {
    it("passes the ready prod plan: every replica, required kind, model, objective and replication target", () => {
        const result = readiness(readyProd());
        assert.deepStrictEqual(failed(result), []);
        assert.deepStrictEqual(result.direction, { kind: "failover", from: "us-east-1", to: "us-west-2", activeRegion: "us-east-1" });
        assert.strictEqual(result.checks.length, 37);
        const names = result.checks.map((check) => check.name);
        assert.deepStrictEqual(names.slice(0, 9), [
            "dr-enabled", "target region", "objective RPO", "objective RTO",
            "model anthropic.claude-sonnet-4-5-20250929-v1:0", "model anthropic.claude-3-haiku-20240307-v1:0", "model amazon.titan-embed-text-v2:0",
            "inventory", "plan matches config",
        ]);
        assert.strictEqual(names.filter((name) => name.startsWith("replica ")).length, 20);
        assert.deepStrictEqual(names.filter((name) => name.startsWith("required ")), [
            "required genai/guardrail in us-west-2",
            "required genai/catalogue-parameter in us-west-2",
            "required genai/knowledge-base in us-west-2",
            "required genai/bedrock-runtime-endpoint in us-west-2",
            "required genai/invocation-logging in us-west-2",
            "required genai/invoke-permissions in us-west-2",
        ]);
        assert.deepStrictEqual(result.checks.filter((check) => check.name.startsWith("replication ")).map((check) => [check.name, check.message]), [
            ["replication genai/s3-bucket acme-ai-prod-genai-documents", "s3-replication-time-control, target 15 min is within the RPO of 15 min"],
            ["replication genai/s3-bucket acme-ai-prod-genai-model-artifacts", "s3-replication-time-control, target 15 min is within the RPO of 15 min"],
        ]);
        const guardrail = result.checks.find((check) => check.name === "replica genai/guardrail acme-ai-prod-guardrail")!;
        assert.strictEqual(guardrail.message, "acme-ai-prod-guardrail in us-west-2, account 906602663697 (prod-genai-guardrail-us-west-2)");
    });

    describe("removing each kind of replica from the plan fails with that kind's own message", () => {
        const notInPlan = (label: string, replicaUrn: string, consequence: string) =>
            `${label} names a replica that is not in the plan (${replicaUrn}); ${consequence}`;
        const cases: { kind: string; account: string; failures: [string, string][] }[] = [
            {
                kind: "kms-key", account: "genai", failures: [[
                    "replica genai/kms-key alias/acme-ai-prod-genai-documents",
                    notInPlan("genai/kms-key alias/acme-ai-prod-genai-documents", urn("aws:kms/replicaKey:ReplicaKey", "prod-genai-documents-key-us-west-2"),
                        "data replicated to us-west-2 could not be decrypted there; make the key multi-region and add an aws.kms.ReplicaKey in us-west-2"),
                ]],
            },
            {
                kind: "s3-bucket", account: "genai", failures: [[
                    "replica genai/s3-bucket acme-ai-prod-genai-documents",
                    notInPlan("genai/s3-bucket acme-ai-prod-genai-documents", urn("aws:s3/bucket:Bucket", "prod-genai-documents-us-west-2"),
                        "its objects are not copied to us-west-2; add a versioned bucket in us-west-2 and a replication rule with Replication Time Control"),
                ]],
            },
            {
                kind: "guardrail", account: "genai", failures: [
                    ["replica genai/guardrail acme-ai-prod-guardrail",
                        notInPlan("genai/guardrail acme-ai-prod-guardrail", urn("aws:bedrock/guardrail:Guardrail", "prod-genai-guardrail-us-west-2"),
                            "model invocations in us-west-2 would run without the guardrail; deploy the guardrail and a published version in us-west-2")],
                    ["required genai/guardrail in us-west-2",
                        "no guardrail of the genai account stands in us-west-2 (see the replica rows); model invocations in us-west-2 would run without the guardrail"],
                ],
            },
            {
                kind: "catalogue-parameter", account: "genai", failures: [
                    ["replica genai/catalogue-parameter /acme-ai/prod/model-catalogue",
                        notInPlan("genai/catalogue-parameter /acme-ai/prod/model-catalogue", urn("aws:ssm/parameter:Parameter", "prod-genai-model-catalogue-us-west-2"),
                            "applications in us-west-2 could not discover the approved models and guardrail; write the model-catalogue SSM parameter in us-west-2")],
                    ["required genai/catalogue-parameter in us-west-2",
                        "no catalogue-parameter of the genai account stands in us-west-2 (see the replica rows); applications in us-west-2 could not discover the approved models and guardrail"],
                ],
            },
            {
                kind: "active-region-parameter", account: "app-chat", failures: [[
                    "replica app-chat/active-region-parameter /acme-ai/prod/active-region",
                    notInPlan("app-chat/active-region-parameter /acme-ai/prod/active-region", urn("aws:ssm/parameter:Parameter", "prod-app-chat-active-region-us-west-2"),
                        "applications in us-west-2 could not read which region is active; write the active-region SSM parameter in us-west-2"),
                ]],
            },
            {
                kind: "invocation-logging", account: "genai", failures: [
                    ["replica genai/invocation-logging /aws/bedrock/acme-ai-prod/invocations",
                        notInPlan("genai/invocation-logging /aws/bedrock/acme-ai-prod/invocations",
                            urn("aws:bedrock/modelInvocationLoggingConfiguration:ModelInvocationLoggingConfiguration", "prod-genai-invocation-logging-us-west-2"),
                            "model invocations in us-west-2 would leave no invocation log; enable Bedrock model invocation logging in us-west-2")],
                    ["required genai/invocation-logging in us-west-2",
                        "no invocation-logging of the genai account stands in us-west-2 (see the replica rows); model invocations in us-west-2 would leave no invocation log"],
                ],
            },
            {
                kind: "network", account: "genai", failures: [[
                    "replica genai/network acme-ai-prod-genai-vpc",
                    notInPlan("genai/network acme-ai-prod-genai-vpc", urn("aws:ec2/vpc:Vpc", "prod-genai-vpc-us-west-2"),
                        "workloads in us-west-2 would have no private network; deploy the account's VPC in us-west-2"),
                ]],
            },
            {
                kind: "bedrock-runtime-endpoint", account: "genai", failures: [
                    ["replica genai/bedrock-runtime-endpoint acme-ai-prod-genai-bedrock-runtime",
                        notInPlan("genai/bedrock-runtime-endpoint acme-ai-prod-genai-bedrock-runtime", urn("aws:ec2/vpcEndpoint:VpcEndpoint", "prod-genai-endpoint-bedrock-runtime-us-west-2"),
                            "Bedrock calls in us-west-2 would leave the private network; add the bedrock-runtime interface endpoint in us-west-2")],
                    ["required genai/bedrock-runtime-endpoint in us-west-2",
                        "no bedrock-runtime-endpoint of the genai account stands in us-west-2 (see the replica rows); Bedrock calls in us-west-2 would leave the private network"],
                ],
            },
            {
                kind: "vector-store", account: "genai", failures: [[
                    "replica genai/vector-store acme-ai-prod-documents",
                    notInPlan("genai/vector-store acme-ai-prod-documents", urn("aws:opensearch/serverlessCollection:ServerlessCollection", "prod-genai-vectors-us-west-2"),
                        "a knowledge base in us-west-2 would have nowhere to keep its vectors; deploy the vector store in us-west-2"),
                ]],
            },
            {
                kind: "knowledge-base", account: "genai", failures: [
                    ["replica genai/knowledge-base acme-ai-prod-documents",
                        notInPlan("genai/knowledge-base acme-ai-prod-documents", urn("aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase", "prod-genai-knowledge-base-us-west-2"),
                            "retrieval in us-west-2 would have no knowledge base; deploy a knowledge base in us-west-2 whose data source is the replicated documents bucket")],
                    ["required genai/knowledge-base in us-west-2",
                        "no knowledge-base of the genai account stands in us-west-2 (see the replica rows); retrieval in us-west-2 would have no knowledge base"],
                ],
            },
            {
                kind: "capacity-reservation", account: "genai", failures: [[
                    "replica genai/capacity-reservation acme-ai-prod-genai-inference-g6e",
                    notInPlan("genai/capacity-reservation acme-ai-prod-genai-inference-g6e", urn("aws:ec2/capacityReservation:CapacityReservation", "prod-genai-inference-g6e-us-west-2"),
                        "no accelerator capacity is held in us-west-2 for failover (static stability); reserve the capacity in us-west-2 with an aws.ec2.CapacityReservation"),
                ]],
            },
            {
                kind: "ecr-repository", account: "genai", failures: [[
                    "replica genai/ecr-repository acme-ai-prod/inference",
                    notInPlan("genai/ecr-repository acme-ai-prod/inference", urn("aws:ecr/replicationConfiguration:ReplicationConfiguration", "prod-genai-registry-replication"),
                        "inference images could not be pulled in us-west-2; replicate the registry to us-west-2"),
                ]],
            },
            {
                kind: "dynamodb-table", account: "app-chat", failures: [[
                    "replica app-chat/dynamodb-table acme-ai-prod-chat-sessions",
                    notInPlan("app-chat/dynamodb-table acme-ai-prod-chat-sessions", urn("aws:dynamodb/tableReplica:TableReplica", "prod-app-chat-sessions-us-west-2"),
                        "session and conversation state would not be in us-west-2; add a replica of the global table in us-west-2"),
                ]],
            },
            {
                kind: "invoke-permissions", account: "genai", failures: [
                    ["replica genai/invoke-permissions acme-ai-prod-genai-invoke",
                        notInPlan("genai/invoke-permissions acme-ai-prod-genai-invoke", urn("aws:iam/rolePolicy:RolePolicy", "prod-genai-invoke-models-us-west-2"),
                            "the invoke role could not call the models in us-west-2; grant the invoke role the models' ARNs in us-west-2")],
                    ["required genai/invoke-permissions in us-west-2",
                        "no invoke-permissions of the genai account stands in us-west-2 (see the replica rows); the invoke role could not call the models in us-west-2"],
                ],
            },
        ];

        it("covers every kind of the inventory contract", () => {
            assert.deepStrictEqual(cases.map((c) => c.kind).sort(), [...new Set(inventoryOf(readyProd()).map((entry) => entry.kind))].sort());
        });

        for (const { kind, account, failures } of cases) {
            it(`${account}/${kind}`, () => {
                const graph = readyProd();
                const result = readiness(withoutResource(graph, entryOf(graph, kind, account).replica!.urn));
                assert.deepStrictEqual(failed(result), failures);
            });
        }
    });

    describe("a missing capacity reservation", () => {
        it("fails when the reservation held for DR has no replica at all", () => {
            const graph = readyProd();
            entryOf(graph, "capacity-reservation").replica = null;
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "replica genai/capacity-reservation acme-ai-prod-genai-inference-g6e",
                "genai/capacity-reservation acme-ai-prod-genai-inference-g6e has no replica in us-west-2; no accelerator capacity is held in us-west-2 for failover (static stability); "
                + "reserve the capacity in us-west-2 with an aws.ec2.CapacityReservation",
            ]]);
        });

        it("fails when the reservation stands in another region", () => {
            const graph = readyProd();
            const replicaUrn = entryOf(graph, "capacity-reservation").replica!.urn;
            const resource = graph.resources.find((candidate) => candidate.urn === replicaUrn)!;
            Object.assign(resource, { region: "us-east-1", inputs: { ...resource.inputs, region: "us-east-1", availabilityZone: "us-east-1a" } });
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "replica genai/capacity-reservation acme-ai-prod-genai-inference-g6e",
                `genai/capacity-reservation acme-ai-prod-genai-inference-g6e has its replica in us-east-1, not us-west-2 (${replicaUrn}); `
                + "no accelerator capacity is held in us-west-2 for failover (static stability); reserve the capacity in us-west-2 with an aws.ec2.CapacityReservation",
            ]]);
        });
    });

    it("fails a replica that lands in another account than its primary", () => {
        const graph = readyProd();
        const replicaUrn = entryOf(graph, "s3-bucket").replica!.urn;
        Object.assign(graph.resources.find((candidate) => candidate.urn === replicaUrn)!, { account: "210987654321" });
        assert.deepStrictEqual(failed(readiness(graph)), [[
            "replica genai/s3-bucket acme-ai-prod-genai-documents",
            `genai/s3-bucket acme-ai-prod-genai-documents has its replica in account 210987654321, not the genai account 906602663697 (${replicaUrn}); `
            + "its objects are not copied to us-west-2; add a versioned bucket in us-west-2 and a replication rule with Replication Time Control",
        ]]);
    });

    it("fails an entry whose replica is declared in another region than the target", () => {
        const graph = readyProd();
        entryOf(graph, "guardrail").replica!.region = "us-west-1";
        assert.deepStrictEqual(failed(readiness(graph))[0], [
            "replica genai/guardrail acme-ai-prod-guardrail",
            "genai/guardrail acme-ai-prod-guardrail declares its replica in us-west-1, not us-west-2; model invocations in us-west-2 would run without the guardrail; "
            + "deploy the guardrail and a published version in us-west-2",
        ]);
    });

    it("fails a required kind the inventory does not register at all", () => {
        const graph = readyProd();
        graph.outputs.drInventory = inventoryOf(graph).filter((entry) => entry.kind !== "knowledge-base");
        assert.deepStrictEqual(failed(readiness(graph)), [[
            "required genai/knowledge-base in us-west-2",
            "the DR inventory registers no knowledge-base for the genai account; retrieval in us-west-2 would have no knowledge base; "
            + "deploy a knowledge base in us-west-2 whose data source is the replicated documents bucket",
        ]]);
    });

    it("fails a model the catalogue does not offer in the target region", () => {
        const catalogue: ModelCatalogue = {
            ...prod.catalogue,
            models: prod.catalogue.models.map((model) => model.id === "anthropic.claude-3-haiku-20240307-v1:0" ? { ...model, regions: ["us-east-1", "us-east-2"] } : model),
        };
        assert.deepStrictEqual(failed(readiness(readyProd(), { catalogue })), [[
            "model anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-3-haiku-20240307-v1:0 is not available in us-west-2 per model-catalogue.yaml (regions: us-east-1, us-east-2); "
            + "applications failing over could not invoke it; pick a DR region that offers it or remove it from landing-zone:environment.models",
        ]]);
    });

    it("fails a model that is not in the catalogue", () => {
        const environment = { ...prod.environment, models: [...prod.environment.models, "mistral.mistral-large-2407-v1:0"] };
        assert.deepStrictEqual(failed(readiness(readyProd(), { environment })), [[
            "model mistral.mistral-large-2407-v1:0",
            "mistral.mistral-large-2407-v1:0 is not in model-catalogue.yaml; remove it from landing-zone:environment.models or add it to the catalogue for review",
        ]]);
    });

    it("fails undeclared objectives and does not compare replication with a missing RPO", () => {
        const environment = { ...prod.environment, dr: { enabled: true } };
        const graph = readyProd();
        graph.outputs.dr = { enabled: true, primaryRegion: "us-east-1", drRegion: "us-west-2", activeRegion: "us-east-1" };
        const result = readiness(graph, { environment });
        assert.deepStrictEqual(failed(result), [
            ["objective RPO", "no RPO declared: set landing-zone:environment.dr.rpoMinutes in Pulumi.prod.yaml; replication targets are compared with it"],
            ["objective RTO", "no RTO declared: set landing-zone:environment.dr.rtoMinutes in Pulumi.prod.yaml; a drill's measured RTO is compared with it"],
        ]);
        assert.strictEqual(result.checks.filter((check) => check.name.startsWith("replication ")).length, 0);
    });

    it("fails S3 replication whose 15-minute target is beyond a tighter RPO", () => {
        const environment = { ...prod.environment, dr: { ...prod.environment.dr, rpoMinutes: 10 } };
        const graph = readyProd();
        graph.outputs.dr = { ...(graph.outputs.dr as object), rpoMinutes: 10 };
        assert.deepStrictEqual(failed(readiness(graph, { environment })), ["documents", "model-artifacts"].map((bucket) => [
            `replication genai/s3-bucket acme-ai-prod-genai-${bucket}`,
            `genai/s3-bucket acme-ai-prod-genai-${bucket} replicates with a 15-minute target (s3-replication-time-control), beyond the declared RPO of 10 min; `
            + "raise landing-zone:environment.dr.rpoMinutes in Pulumi.prod.yaml to at least 15 or replicate faster",
        ]));
    });

    describe("target region", () => {
        it("fails a region that is not the DR region", () => {
            assert.deepStrictEqual(failed(readiness(readyProd(), { target: "eu-west-1" })).find(([name]) => name === "target region"), [
                "target region", "eu-west-1 is not prod's DR region us-west-2 (landing-zone:environment.drRegion); drill to us-west-2",
            ]);
        });

        it("fails a failover to the region that is already active, pointing at --failback", () => {
            const graph = readyProd();
            graph.outputs.dr = { ...(graph.outputs.dr as object), activeRegion: "us-west-2" };
            assert.deepStrictEqual(failed(readiness(graph, { target: "us-west-2" }))[0], [
                "target region", "prod is already active in us-west-2 (landing-zone:environment.activeRegion); drill the way back with --failback",
            ]);
        });

        it("fails back to the primary region when the DR region is active, checking the primaries", () => {
            const graph = readyProd();
            graph.outputs.dr = { ...(graph.outputs.dr as object), activeRegion: "us-west-2" };
            const result = readiness(graph, { target: "us-east-1" });
            assert.deepStrictEqual(result.direction, { kind: "failback", from: "us-west-2", to: "us-east-1", activeRegion: "us-west-2" });
            assert.deepStrictEqual(failed(result), []);
            assert.strictEqual(result.checks[1].message, "us-east-1 is prod's primary region: failback from us-west-2 (active region us-west-2)");
            assert.strictEqual(result.checks.filter((check) => check.name.startsWith("primary ")).length, 20);
            assert.deepStrictEqual(result.checks.filter((check) => check.name.startsWith("replication ")).length, 2);
        });

        it("fails a failback whose primary is gone from the plan", () => {
            const graph = readyProd();
            const primaryUrn = entryOf(graph, "guardrail").primary.urn;
            const result = readiness(withoutResource(graph, primaryUrn), { target: "us-east-1", failback: true });
            assert.deepStrictEqual(failed(result)[0], [
                "primary genai/guardrail acme-ai-prod-guardrail",
                `genai/guardrail acme-ai-prod-guardrail names a primary that is not in the plan (${primaryUrn}); model invocations in us-east-1 would run without the guardrail; `
                + "deploy the guardrail and a published version in us-east-1",
            ]);
        });

        it("fails --failback to a region other than the primary", () => {
            assert.deepStrictEqual(failed(readiness(readyProd(), { target: "us-west-2", failback: true }))[0], [
                "target region", "us-west-2 is not prod's primary region us-east-1 (landing-zone:environment.primaryRegion); fail back with --to us-east-1",
            ]);
        });
    });

    describe("the plan's DR outputs", () => {
        it("fails when the plan exports no inventory, as the shipped stacks do today", () => {
            const graph = readyProd();
            delete graph.outputs.drInventory;
            delete graph.outputs.dr;
            const result = readiness(graph);
            assert.deepStrictEqual(failed(result), [[
                "inventory", "the plan of prod exports no drInventory output: its program does not register DR resources yet, so no replica can be checked",
            ]]);
            assert.strictEqual(result.checks.length, 8);
        });

        it("fails a malformed inventory, naming the field", () => {
            const graph = readyProd();
            (inventoryOf(graph)[3] as { kind: string }).kind = "bucket";
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "inventory",
                'the plan\'s drInventory output is malformed: drInventory[3].kind Invalid option: expected one of "kms-key"|"s3-bucket"|"guardrail"|"catalogue-parameter"|'
                + '"active-region-parameter"|"invocation-logging"|"network"|"bedrock-runtime-endpoint"|"vector-store"|"knowledge-base"|"capacity-reservation"|"ecr-repository"|'
                + '"dynamodb-table"|"invoke-permissions"',
            ]]);
        });

        it("fails a saved plan whose dr output no longer matches the config", () => {
            const graph = readyProd();
            graph.outputs.dr = { ...(graph.outputs.dr as object), rtoMinutes: 240 };
            assert.deepStrictEqual(failed(readiness(graph)), [[
                "plan matches config", "the plan's dr output says rtoMinutes 240 (config: 60); re-plan with `lz plan prod --json`",
            ]]);
        });
    });

    describe("dev, with DR off", () => {
        const dev = environmentOf("dev");

        it("says plainly why dev is not ready, and checks nothing else", () => {
            const result = readinessChecks({
                graph: loadGraph(devDrOffFile), environment: dev.environment, catalogue: dev.catalogue,
                configFileName: "Pulumi.dev.yaml", drEnabledIsSet: true, target: "us-west-2", failback: false,
            });
            assert.strictEqual(result.drDisabled, true);
            assert.deepStrictEqual(failed(result), [[
                "dr-enabled",
                "DR is off for dev (landing-zone:environment.dr.enabled is false in Pulumi.dev.yaml); turn it on to provision replicas in us-west-2",
            ]]);
            assert.strictEqual(result.checks.length, 1);
        });

        it("says when DR is off by default rather than by choice", () => {
            const result = readinessChecks({
                graph: loadGraph(devDrOffFile), environment: dev.environment, catalogue: dev.catalogue,
                configFileName: "Pulumi.staging.yaml", drEnabledIsSet: false, target: "us-west-2", failback: false,
            });
            assert.strictEqual(result.checks[0].message,
                "DR is off for dev (landing-zone:environment.dr.enabled is not set in Pulumi.staging.yaml, and it defaults to false outside prod); turn it on to provision replicas in us-west-2");
        });
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
