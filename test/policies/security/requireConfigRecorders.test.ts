import * as assert from "assert";
import { requireConfigRecorders as policy } from "../../../policies/security/requireConfigRecorders";
import { plan } from "../../fixtures/plans";
import { awsProvider, FakeResource, providerAsResource, stackViolationsOf, unknown } from "../harness";
import { planResources, PlanResources } from "../planResources";

const recorderType = "aws:cfg/recorder:Recorder";
const statusType = "aws:cfg/recorderStatus:RecorderStatus";
const genai = 'account 906602663697 of provider "prod-genai" must record AWS Config in every region the stack deploys into (us-east-1, us-west-2), but';
const fix = "add the ConfigRecorder component through this provider.";

async function prod(): Promise<PlanResources> {
    return planResources(await plan("prod"));
}

describe("config-records-every-member-account-and-region", () => {
    it("passes the shipped plans: every member account records in every region of its stack, the management account excepted", async () => {
        for (const stack of ["organization", "dev", "prod"]) {
            assert.deepStrictEqual(await stackViolationsOf(policy, planResources(await plan(stack)).resources), [], stack);
        }
        const shipped = await prod();
        assert.deepStrictEqual(shipped.resources.filter((r) => r.type === recorderType).map((r) => r.name), [
            "prod-data-config-us-east-1", "prod-data-config-us-west-2", "prod-genai-config-us-east-1", "prod-genai-config-us-west-2",
            "prod-app-chat-config-us-east-1", "prod-app-chat-config-us-west-2", "prod-app-search-config-us-east-1", "prod-app-search-config-us-west-2",
        ]);
    });

    it("reports a member account that stopped recording in one region, on its provider", async () => {
        const shipped = await prod();
        assert.deepStrictEqual(await stackViolationsOf(policy, shipped.without((r) => r.name.startsWith("prod-genai-config-us-west-2"))), [{
            resource: "prod-genai",
            message: `${genai} us-west-2 has no recorder; ${fix}`,
        }]);
    });

    it("reports a recorder without its delivery channel, never started, or recording only some resource types", async () => {
        const shipped = await prod();
        shipped.one(recorderType, "prod-genai-config-us-east-1").props.recordingGroup = { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] };
        shipped.one(statusType, "prod-genai-config-us-west-2-status").props.isEnabled = false;
        assert.deepStrictEqual(await stackViolationsOf(policy, shipped.without((r) => r.name === "prod-genai-config-us-east-1-delivery")), [{
            resource: "prod-genai",
            message: `${genai} us-east-1's recorder must record every supported resource type (recordingGroup.allSupported true, got false); us-east-1 has no delivery channel; ` +
                `us-west-2's recorder is never started (no aws.cfg.RecorderStatus with isEnabled true); ${fix}`,
        }]);
    });

    it("counts every region the stack deploys into, by a resource's own region or its provider's", async () => {
        const provider = awsProvider("test-genai", "111122223333", "genai");
        const inRegion = (type: string, name: string, region: string, props: Record<string, unknown> = {}): FakeResource => ({ type, name, provider, props: { region, ...props } });
        const recording = (region: string) => [
            inRegion(recorderType, `recorder-${region}`, region, { recordingGroup: { allSupported: true } }),
            inRegion("aws:cfg/deliveryChannel:DeliveryChannel", `channel-${region}`, region),
            inRegion(statusType, `status-${region}`, region, { isEnabled: true }),
        ];
        const logs: FakeResource = { type: "aws:cloudwatch/logGroup:LogGroup", name: "eu-logs", provider, props: { region: "eu-west-1" } };
        const role: FakeResource = { type: "aws:iam/role:Role", name: "role", provider, props: {} };
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(provider), role, ...recording("us-east-1"), logs]), [{
            resource: "test-genai",
            message: 'account 111122223333 of provider "test-genai" must record AWS Config in every region the stack deploys into (eu-west-1, us-east-1), but eu-west-1 has no recorder; ' + fix,
        }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(provider), role, ...recording("us-east-1"), ...recording("eu-west-1"), logs]), []);
        const management = awsProvider("management", "111111111111", "management");
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(management), { type: "aws:cloudtrail/trail:Trail", name: "trail", provider: management, props: {} }]), []);
    });

    it("treats values not known yet as not known", async () => {
        const shipped = await prod();
        shipped.one(recorderType, "prod-genai-config-us-east-1").props.recordingGroup = unknown;
        shipped.one(statusType, "prod-genai-config-us-west-2-status").props.isEnabled = unknown;
        assert.deepStrictEqual(await stackViolationsOf(policy, shipped.resources), []);
    });
});
