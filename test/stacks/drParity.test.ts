import * as assert from "assert";
import { PlanGraph, PlanResource } from "../../cli/engine/graph";
import { documentOf, one } from "../fixtures/genai/graph";
import { Decision, simulate } from "../fixtures/iamSimulator";
import { accountOf, plan } from "../fixtures/plans";

const org = "o-a1b2c3d4e5";
const drRegion = "us-west-2";

/** The resources under a component (by URN), as [type, name relative to the component] pairs. */
function childSet(graph: PlanGraph, componentName: string, region: string): string[] {
    const component = one(graph, componentName);
    const below = (urn: string): PlanResource[] => graph.resources.filter((r) => r.parent === urn).flatMap((r) => [r, ...below(r.urn)]);
    return below(component.urn).map((r) => `${r.type} ${r.name.split(region).join("<region>")}`).sort();
}

describe("the genAI account's regions: one component, two instances", () => {
    it("builds the DR region with exactly the primary's children (guardrail, network, logging, alarm topic, capacity, monitoring)", async () => {
        const graph = await plan("prod");
        const primary = childSet(graph, "prod-genai-us-east-1", "us-east-1");
        const dr = childSet(graph, "prod-genai-us-west-2", drRegion);
        // The primary also holds the reservation that is not marked `dr: true`.
        const primaryOnly = primary.filter((child) => !dr.includes(child));
        assert.deepStrictEqual(dr.filter((child) => !primary.includes(child)), []);
        assert.deepStrictEqual(primaryOnly.every((child) => child.includes("search-embeddings") === false), true);
        assert.deepStrictEqual(primaryOnly.filter((child) => !child.includes("chat-inference")).length, primaryOnly.length);
        assert.deepStrictEqual(one(graph, "prod-genai-us-west-2").type, "lz:genai:Region");
        for (const child of ["lz:bedrock:Guardrail", "lz:network:PrivateNetwork", "lz:bedrock:ModelInvocationLogging", "lz:observability:AlarmTopic",
            "lz:capacity:AcceleratorCapacity", "lz:observability:GenaiMonitoring"]) {
            assert.ok(dr.some((entry) => entry.startsWith(`${child} `)), child);
        }
    });

    it("lands every DR child in us-west-2 with the DR zone of each dr: true reservation", async () => {
        const graph = await plan("prod");
        const dr = one(graph, "prod-genai-us-west-2");
        const below = (urn: string): PlanResource[] => graph.resources.filter((r) => r.parent === urn).flatMap((r) => [r, ...below(r.urn)]);
        const regions = new Set(below(dr.urn).filter((r) => r.custom && r.region !== "global").map((r) => r.region));
        assert.deepStrictEqual([...regions], [drRegion]);
        const reservations = graph.resources.filter((r) => r.type === "aws:ec2/capacityReservation:CapacityReservation" && r.region === drRegion);
        assert.deepStrictEqual(reservations.map((r) => [r.name, r.inputs.availabilityZone, r.inputs.instanceType, r.inputs.instanceCount]).sort(), [
            ["prod-genai-capacity-us-west-2-chat-inference", "us-west-2a", "inf2.xlarge", 2],
            ["prod-genai-capacity-us-west-2-search-embeddings", "us-west-2b", "inf2.8xlarge", 1],
        ]);
    });

    it("has a dashboard and throttle and error alarms in the DR region, notifying the DR region's topic", async () => {
        const graph = await plan("prod");
        const dashboards = graph.resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
        assert.deepStrictEqual(dashboards.map((d) => [d.region, d.inputs.dashboardName]).sort(), [["us-east-1", "acme-ai-prod-genai"], ["us-west-2", "acme-ai-prod-genai"]]);
        const drTopic = one(graph, "prod-genai-alarm-topic-us-west-2-topic").outputs.arn;
        const drAlarms = graph.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.region === drRegion);
        const primaryAlarms = graph.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.region === "us-east-1");
        assert.deepStrictEqual(drAlarms.map((a) => a.inputs.alarmName).sort(), primaryAlarms.map((a) => a.inputs.alarmName).sort());
        assert.deepStrictEqual([...new Set(drAlarms.map((a) => JSON.stringify(a.inputs.alarmActions)))], [JSON.stringify([drTopic])]);
    });

    it("dev has one instance, in the primary region, with nothing protected (it can be torn down)", async () => {
        const graph = await plan("dev");
        assert.deepStrictEqual(graph.resources.filter((r) => r.type === "lz:genai:Region").map((r) => r.name), ["dev-genai-us-east-1"]);
        assert.deepStrictEqual(graph.resources.filter((r) => r.protect || r.retainOnDelete).map((r) => r.name), []);
    });
});

describe("DR parity of the invoke roles and the accelerator role (IAM simulation)", () => {
    async function drReads() {
        const graph = await plan("prod");
        const data = accountOf(graph, "prod-data");
        const attribute = documentOf(one(graph, "prod-genai-invoke-role-attribute-access-us-west-2-policy"));
        const bucketPolicy = documentOf(one(graph, "prod-data-documents-replication-us-west-2-replica-policy"));
        const replicaKey = one(graph, "prod-data-documents-key-us-west-2-key");
        const bucketArn = String(one(graph, "prod-data-documents-replication-us-west-2-replica").outputs.arn);
        const invokeChat = String(one(graph, "prod-genai-invoke-role-chat-role").outputs.arn);
        return { graph, data, attribute, bucketPolicy, replicaKey, bucketArn, invokeChat };
    }

    // AWS sets aws:ResourceAccount on every request; the simulator needs it given.
    const session = (tenant: string, resourceAccount: string) =>
        ({ "aws:PrincipalOrgID": org, "aws:PrincipalTag/tenant": tenant, "aws:SecureTransport": "true", "aws:ResourceAccount": resourceAccount });

    it("lets an invoke role read its own tenant's replicated documents in us-west-2, and not another tenant's", async () => {
        const { data, attribute, bucketPolicy, bucketArn, invokeChat } = await drReads();
        const read = (tenant: string, object: string): Promise<Decision> => simulate({
            principal: invokeChat, action: "s3:GetObject", resource: `${bucketArn}/${object}`, resourceAccount: data, context: session(tenant, data),
        }, { identity: [attribute], resource: bucketPolicy });
        assert.strictEqual(await read("tenant-a", "tenants/tenant-a/handbook.pdf"), "Allowed");
        assert.strictEqual(await read("tenant-a", "tenants/tenant-b/handbook.pdf"), "ImplicitlyDenied");
        assert.strictEqual(await read("tenant-b", "tenants/tenant-a/handbook.pdf"), "ImplicitlyDenied");
    });

    it("lets it decrypt with the DR replica key through S3 in us-west-2 only", async () => {
        const { data, attribute, replicaKey, bucketArn, invokeChat } = await drReads();
        const keyPolicy = documentOf(replicaKey);
        const readers = keyPolicy.Statement.find((statement: { Sid: string }) => statement.Sid === "DecryptDocumentsForGenAiReaders");
        assert.deepStrictEqual(readers.Condition.StringLike, { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] });
        // iam-simulate cannot evaluate `kms:EncryptionContext:aws:s3:arn` (a key with colons): asserted above, then
        // removed so that the simulator judges the rest (test/components/data/documentStore.test.ts does the same).
        delete readers.Condition.StringLike;
        const decrypt = (viaService: string): Promise<Decision> => simulate({
            principal: invokeChat, action: "kms:Decrypt", resource: String(replicaKey.outputs.arn), resourceAccount: data,
            context: { ...session("tenant-a", data), "kms:ViaService": viaService, "kms:EncryptionContext:aws:s3:arn": `${bucketArn}/tenants/tenant-a/handbook.pdf` },
        }, { identity: [attribute], resource: keyPolicy });
        assert.strictEqual(await decrypt(`s3.${drRegion}.amazonaws.com`), "Allowed");
        assert.strictEqual(await decrypt("s3.us-east-1.amazonaws.com"), "ImplicitlyDenied");
        assert.strictEqual(await decrypt(`ssm.${drRegion}.amazonaws.com`), "ImplicitlyDenied");
    });

    it("lets it Retrieve from the DR knowledge base", async () => {
        const { graph, attribute, invokeChat } = await drReads();
        const knowledgeBase = String(one(graph, "prod-genai-knowledge-base-us-west-2-knowledge-base").outputs.arn);
        assert.ok(knowledgeBase.includes(`:${drRegion}:`), knowledgeBase);
        const decision = await simulate({
            principal: invokeChat, action: "bedrock:Retrieve", resource: knowledgeBase, resourceAccount: accountOf(graph, "prod-genai"), context: session("tenant-a", accountOf(graph, "prod-genai")),
        }, { identity: [attribute] });
        assert.strictEqual(decision, "Allowed");
    });

    it("lets the accelerator workload role read the DR model artifacts and pull the replicated image", async () => {
        const graph = await plan("prod");
        const genai = accountOf(graph, "prod-genai");
        const policy = documentOf(one(graph, "prod-genai-accelerator-workload-role-artifacts-us-west-2"));
        const role = String(one(graph, "prod-genai-accelerator-workload-role-role").outputs.arn);
        const replica = String(one(graph, "prod-genai-model-artifacts-replication-us-west-2-replica").outputs.arn);
        const bucketPolicy = documentOf(one(graph, "prod-genai-model-artifacts-replication-us-west-2-replica-policy"));
        const ask = (action: string, resource: string, resourcePolicy?: unknown) => simulate({
            principal: role, action, resource, resourceAccount: genai, context: { "aws:PrincipalOrgID": org, "aws:SecureTransport": "true", "aws:ResourceAccount": genai },
        }, { identity: [policy], ...(resourcePolicy ? { resource: resourcePolicy } : {}) });
        assert.strictEqual(await ask("s3:GetObject", `${replica}/models/llama/model.neff`, bucketPolicy), "Allowed");
        assert.strictEqual(await ask("ecr:BatchGetImage", `arn:aws:ecr:${drRegion}:${genai}:repository/acme-ai-prod/neuron-inference`), "Allowed");
        assert.strictEqual(await ask("ecr:BatchGetImage", `arn:aws:ecr:${drRegion}:${genai}:repository/acme-ai-prod/other`), "ImplicitlyDenied");
    });
});

describe("application accounts in the DR region", () => {
    it("gives each prod application a network, endpoints and a web ACL in us-west-2, its bedrock-runtime endpoint naming the DR guardrail", async () => {
        const graph = await plan("prod");
        const drGuardrail = one(graph, "prod-genai-guardrail-us-west-2-guardrail").outputs.arn;
        for (const app of ["chat", "search"]) {
            const endpoint = one(graph, `prod-app-${app}-network-${drRegion}-endpoint-bedrock-runtime`);
            assert.deepStrictEqual([endpoint.region, endpoint.account], [drRegion, accountOf(graph, `prod-app-${app}`)]);
            const policy = JSON.stringify(documentOf(endpoint));
            assert.ok(policy.includes(String(drGuardrail)), `${app}: ${policy}`);
            assert.strictEqual(one(graph, `prod-app-${app}-waf-${drRegion}-web-acl`).region, drRegion);
        }
    });

    it("gives staging's ECS application without egress the ECR, Logs, SSM and S3 gateway endpoints it needs to start", async () => {
        const graph = await plan("staging");
        const app = accountOf(graph, "staging-app-chat");
        const endpoints = graph.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.account === app);
        assert.deepStrictEqual(endpoints.map((e) => [e.inputs.serviceName, e.inputs.vpcEndpointType]).sort(), [
            ["com.amazonaws.us-east-1.bedrock-agent-runtime", "Interface"],
            ["com.amazonaws.us-east-1.bedrock-runtime", "Interface"],
            ["com.amazonaws.us-east-1.ecr.api", "Interface"],
            ["com.amazonaws.us-east-1.ecr.dkr", "Interface"],
            ["com.amazonaws.us-east-1.logs", "Interface"],
            ["com.amazonaws.us-east-1.s3", "Gateway"],
            ["com.amazonaws.us-east-1.ssm", "Interface"],
            ["com.amazonaws.us-east-1.sts", "Interface"],
        ]);
        const s3 = documentOf(one(graph, "staging-app-chat-network-endpoint-s3"));
        assert.deepStrictEqual(s3.Statement.map((s: { Sid: string }) => s.Sid), ["AllowOrganizationPrincipalsToOrganizationResources", "AllowEcrImageLayers"]);
    });
});
