import * as assert from "assert";
import { GenaiRegion, GenaiRegionArgs, validateGenaiRegionArgs } from "../../../components/genai/region";
import { runComponent } from "../../fixtures/componentHarness";

const account = "111111111111";
const org = "o-a1b2c3d4e5";
const zonesOf = (region: string) => ["a", "b"].map((zone) => `${region}${zone}`);

/** The inputs of one region; what differs between the primary and the DR region is exactly what this function varies. */
function args(region: string): GenaiRegionArgs {
    return {
        region,
        childNamePrefix: "prod-genai",
        accountId: account,
        organizationId: org,
        permissionsBoundaryArn: `arn:aws:iam::${account}:policy/acme-ai-lz-permission-boundary`,
        guardrail: { guardrailName: "acme-ai-prod-guardrail", keyAlias: "alias/acme-ai-prod-genai-guardrail", contentFilters: { HATE: "HIGH" } },
        network: {
            cidrBlock: "10.30.0.0/16",
            availabilityZones: zonesOf(region),
            endpoints: [{ service: "bedrock-runtime", type: "Interface" }, { service: "s3", type: "Gateway" }],
            flowLogGroupName: "/acme-ai/prod/genai/vpc-flow-logs",
            flowLogRoleName: `acme-ai-prod-flow-logs-${region}`,
            flowLogKeyAlias: "alias/acme-ai-prod-genai-flow-logs",
            securityGroupName: "acme-ai-prod-genai-endpoints",
            workloadSecurityGroupName: "acme-ai-prod-genai-workloads",
        },
        invocableModelArns: [`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0`],
        logging: {
            logGroupName: "/acme-ai/prod/bedrock/model-invocations",
            bucketName: `acme-ai-prod-bedrock-logs-${account}-${region}`,
            roleName: `acme-ai-prod-bedrock-logs-${region}`,
            keyAlias: "alias/acme-ai-prod-genai-invocation-logs",
        },
        alarmTopic: { topicName: "acme-ai-prod-genai-alarms", keyAlias: "alias/acme-ai-prod-genai-alarms", subscribers: [{ protocol: "email", endpoint: "oncall@example.com" }] },
        capacityReservations: [{ key: "chat-inference", instanceType: "inf2.xlarge", instanceCount: 2, availabilityZone: `${region}a`, purpose: "inference", owner: "chat-team" }],
        acceleratorInstanceProfileArn: `arn:aws:iam::${account}:instance-profile/acme-ai-prod-accelerator-workload`,
        launchTemplateNamePrefix: "acme-ai-prod",
        monitoring: { dashboardName: "acme-ai-prod-genai", alarmNamePrefix: "acme-ai-prod-genai", models: [{ modelId: "anthropic.claude-haiku-4-5-20251001-v1:0" }] },
    };
}

const build = (region: string) => runComponent((opts) => new GenaiRegion(`prod-genai-${region}`, args(region), opts), { accountId: account });

describe("GenaiRegion", () => {
    let primary: Awaited<ReturnType<typeof build>>;
    let dr: Awaited<ReturnType<typeof build>>;
    before(async () => {
        primary = await build("us-east-1");
        dr = await build("us-west-2");
    });

    const shape = (run: typeof primary, region: string) => run.resources.map((r) => `${r.type} ${r.name.split(region).join("<region>")}`).sort();

    it("builds the same children in the DR region as in the primary: guardrail, network, logging, alarm topic, capacity, monitoring", () => {
        assert.deepStrictEqual(shape(dr, "us-west-2"), shape(primary, "us-east-1"));
        assert.deepStrictEqual(primary.resources.filter((r) => r.parent === primary.resources[0].urn).map((r) => r.type).sort(), [
            "lz:bedrock:Guardrail", "lz:bedrock:ModelInvocationLogging", "lz:capacity:AcceleratorCapacity", "lz:network:PrivateNetwork",
            "lz:observability:AlarmTopic", "lz:observability:GenaiMonitoring",
        ]);
    });

    it("puts every resource in its own region, and differs from the other region only in region-specific inputs", () => {
        for (const [run, region] of [[primary, "us-east-1"], [dr, "us-west-2"]] as const) {
            const regions = new Set(run.resources.filter((r) => r.custom && r.inputs.region !== undefined).map((r) => r.inputs.region));
            assert.deepStrictEqual([...regions], [region]);
        }
        // IDs the mocks made up differ by region; everything else is the same once the region is masked.
        const inputsOf = (run: typeof primary, region: string) => JSON.stringify(run.resources.filter((r) => r.custom).map((r) => r.inputs))
            .split(region).join("<region>")
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
            .replace(/\b([a-z]+)-[0-9a-f]{12,}\b/g, "$1-<id>")
            .replace(/guardrail\/[a-z0-9]{12}/g, "guardrail/<id>")
            .replace(/pl-[0-9a-f]{8}/g, "pl-<id>")
            .replace(/"(guardrailIdentifier|guardrailArn|guardrailId)":"[^"]*"/g, '"$1":"<id>"');
        const [drInputs, primaryInputs] = [inputsOf(dr, "us-west-2"), inputsOf(primary, "us-east-1")];
        const firstDifference = [...drInputs].findIndex((character, index) => character !== primaryInputs[index]);
        assert.strictEqual(firstDifference === -1 ? "" : drInputs.slice(firstDifference - 200, firstDifference + 100), "");
        assert.strictEqual(drInputs.length, primaryInputs.length);
    });

    it("pins the bedrock-runtime endpoint to its own region's guardrail", async () => {
        const endpoint = dr.policyOf("prod-genai-network-us-west-2-endpoint-bedrock-runtime");
        const guardrail = dr.named("prod-genai-guardrail-us-west-2-guardrail").outputs.guardrailArn;
        assert.ok(JSON.stringify(endpoint).includes(guardrail), JSON.stringify(endpoint));
        assert.ok(!JSON.stringify(endpoint).includes("us-east-1"), JSON.stringify(endpoint));
    });

    it("keeps the names the children had at the stack root before this component existed", () => {
        assert.deepStrictEqual(primary.resources.filter((r) => r.parent === primary.resources[0].urn).map((r) => r.name).sort(), [
            "prod-genai-alarm-topic-us-east-1", "prod-genai-capacity-us-east-1", "prod-genai-guardrail-us-east-1", "prod-genai-invocation-logging-us-east-1",
            "prod-genai-monitoring-us-east-1", "prod-genai-network-us-east-1",
        ]);
    });

    it("refuses capacity in a zone its network does not have, and capacity without an instance profile", () => {
        const bad = { ...args("us-west-2"), acceleratorInstanceProfileArn: undefined, capacityReservations: [{ ...args("us-west-2").capacityReservations![0], availabilityZone: "us-west-2c" }] };
        assert.deepStrictEqual(validateGenaiRegionArgs(bad), [
            'capacity chat-inference: availability zone "us-west-2c" is not one of the network\'s zones in us-west-2 (us-west-2a, us-west-2b); pick one of them',
            "acceleratorInstanceProfileArn: required when us-west-2 has capacity; pass the accelerator workload role's instance profile",
        ]);
    });
});
