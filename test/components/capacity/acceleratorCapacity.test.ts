import * as assert from "assert";
import { AcceleratorCapacityArgs, acceleratorCapacityProblems, isAcceleratorInstanceType } from "../../../components/capacity/acceleratorCapacity";
import { genaiAccountOf, one, under } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

describe("AcceleratorCapacity: argument validation", () => {
    const base: AcceleratorCapacityArgs = {
        region: "us-east-1",
        reservations: [{ key: "chat", instanceType: "inf2.xlarge", instanceCount: 1, availabilityZone: "us-east-1a", purpose: "inference", owner: "chat-team" }],
        subnetIdsByZone: { "us-east-1a": "subnet-a", "us-east-1b": "subnet-b" },
        securityGroupIds: ["sg-1"],
        instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p",
        launchTemplateNamePrefix: "acme-prod",
    };
    const reservation = base.reservations[0];

    it("knows the Inferentia2 and Trainium families only", () => {
        assert.deepStrictEqual(["inf2.xlarge", "trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge", "inf1.xlarge", "p5.48xlarge", "inf2", "trn2u.48xlarge"].map(isAcceleratorInstanceType),
            [true, true, true, true, false, false, false, false]);
    });

    const cases: [string, Partial<AcceleratorCapacityArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["a GPU type", { reservations: [{ ...reservation, instanceType: "g6.xlarge" }] }, ['chat: instanceType must be an Inferentia2 or Trainium type (inf2.*, trn1.*, trn1n.*, trn2.*) (got "g6.xlarge").']],
        ["a zone without a subnet", { reservations: [{ ...reservation, availabilityZone: "us-east-1c" }] }, ['chat: availabilityZone must be one of the network\'s zones us-east-1a, us-east-1b (got "us-east-1c").']],
        ["no instances", { reservations: [{ ...reservation, instanceCount: 0 }] }, ["chat: instanceCount must be at least 1 (got 0)."]],
        ["a key used twice", { reservations: [reservation, { ...reservation, availabilityZone: "us-east-1b" }] }, ['reservation key "chat" is used twice; give each reservation its own key.']],
        ["an idle alarm over a day", { idleAlarmHours: 25 }, ["idleAlarmHours must be 1-24 (got 25); CloudWatch evaluates an alarm over at most a day."]],
        ["an end date that is no date", { reservations: [{ ...reservation, endDate: "next spring" }] }, ['chat: endDate must be an RFC 3339 time such as "2027-03-31T00:00:00Z" (got "next spring").']],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(acceleratorCapacityProblems({ ...base, ...change }), expected));
    }
});

describe("AcceleratorCapacity in the shipped stacks", () => {
    it("reserves prod's two Inferentia2 pools, targeted, in their zones, open-ended or until their end date", async () => {
        const graph = await plan("prod");
        const reservations = under(graph, "prod-genai-capacity-us-east-1", "aws:ec2/capacityReservation:CapacityReservation");
        assert.deepStrictEqual(reservations.map((r) => [r.name, r.inputs.instanceType, r.inputs.instanceCount, r.inputs.availabilityZone, r.inputs.instanceMatchCriteria, r.inputs.endDateType, r.inputs.endDate, r.inputs.instancePlatform, r.region, r.account]), [
            ["prod-genai-capacity-us-east-1-chat-inference", "inf2.xlarge", 2, "us-east-1a", "targeted", "unlimited", undefined, "Linux/UNIX", "us-east-1", genaiAccountOf(graph)],
            ["prod-genai-capacity-us-east-1-search-embeddings", "inf2.8xlarge", 1, "us-east-1b", "targeted", "limited", "2027-06-30T00:00:00Z", "Linux/UNIX", "us-east-1", genaiAccountOf(graph)],
        ]);
        assert.deepStrictEqual(reservations.map((r) => r.inputs.tags), [
            { Name: "acme-ai-prod-chat-inference", owner: "chat-team", purpose: "inference", "capacity-reservation": "chat-inference" },
            { Name: "acme-ai-prod-search-embeddings", owner: "search-team", purpose: "inference", "capacity-reservation": "search-embeddings" },
        ]);
    });

    it("gives each reservation a launch template that targets it, in its zone's private subnet, with IMDSv2 and the workload profile", async () => {
        const graph = await plan("prod");
        for (const [key, zone] of [["chat-inference", "us-east-1a"], ["search-embeddings", "us-east-1b"]]) {
            const reservation = one(graph, `prod-genai-capacity-us-east-1-${key}`);
            const template = one(graph, `prod-genai-capacity-us-east-1-${key}-launch-template`);
            assert.strictEqual(template.inputs.name, `acme-ai-prod-${key}`);
            assert.strictEqual(template.inputs.instanceType, reservation.inputs.instanceType);
            assert.deepStrictEqual(template.inputs.capacityReservationSpecification, { capacityReservationTarget: { capacityReservationId: reservation.id } });
            assert.deepStrictEqual(template.inputs.networkInterfaces, [{
                deviceIndex: 0,
                subnetId: one(graph, `prod-genai-network-us-east-1-subnet-${zone}`).id,
                securityGroups: [one(graph, "prod-genai-network-us-east-1-workloads-security-group").id],
                associatePublicIpAddress: "false",
                deleteOnTermination: "true",
            }]);
            assert.deepStrictEqual(template.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            assert.deepStrictEqual(template.inputs.iamInstanceProfile, { arn: one(graph, "prod-genai-accelerator-workload-role-instance-profile").outputs.arn });
            assert.strictEqual(template.inputs.instanceMarketOptions, undefined);
        }
    });

    it("alarms when a reservation has had unused instances for the configured hours", async () => {
        const graph = await plan("prod");
        const alarm = one(graph, "prod-genai-capacity-us-east-1-chat-inference-idle");
        const { alarmDescription, ...inputs } = alarm.inputs;
        assert.match(String(alarmDescription), /unused instances for 4 h; it bills at the on-demand rate/);
        assert.deepStrictEqual(inputs, {
            region: "us-east-1",
            name: "acme-ai-prod-chat-inference-idle",
            namespace: "AWS/EC2CapacityReservations",
            metricName: "AvailableInstanceCount",
            dimensions: { CapacityReservationId: one(graph, "prod-genai-capacity-us-east-1-chat-inference").id },
            statistic: "Minimum",
            period: 3600,
            evaluationPeriods: 4,
            datapointsToAlarm: 4,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
            alarmActions: [one(graph, "prod-genai-alarm-topic-us-east-1-topic").outputs.arn],
        });
    });

    it("holds staging's Trainium training reservation until 2027, and no capacity in dev", async () => {
        const staging = one(await plan("staging"), "staging-genai-capacity-us-east-1-finetune-q1");
        assert.deepStrictEqual([staging.inputs.instanceType, staging.inputs.instanceCount, staging.inputs.availabilityZone, staging.inputs.instanceMatchCriteria, staging.inputs.endDateType, staging.inputs.endDate, (staging.inputs.tags as Record<string, string>).purpose],
            ["trn1.32xlarge", 1, "us-east-1b", "targeted", "limited", "2027-03-31T00:00:00Z", "training"]);
        const dev = await plan("dev");
        assert.deepStrictEqual(dev.resources.filter((r) => r.type.startsWith("aws:ec2/capacity")).map((r) => r.name), []);
    });

    it("buys a Capacity Block from its offering, protected and retained, with a capacity-block launch template", async () => {
        const graph = await plan("staging", "genai/Pulumi.staging-capacity-block.yaml");
        const block = one(graph, "staging-genai-capacity-us-east-1-finetune-block");
        assert.strictEqual(block.type, "aws:ec2/capacityBlockReservation:CapacityBlockReservation");
        assert.deepStrictEqual([block.inputs.capacityBlockOfferingId, block.inputs.instancePlatform, block.protect, block.retainOnDelete, block.region],
            ["cb-0123456789abcdef0", "Linux/UNIX", true, true, "us-east-1"]);
        const template = one(graph, "staging-genai-capacity-us-east-1-finetune-block-launch-template");
        assert.deepStrictEqual(template.inputs.instanceMarketOptions, { marketType: "capacity-block" });
        assert.deepStrictEqual(template.inputs.capacityReservationSpecification, { capacityReservationTarget: { capacityReservationId: block.id } });
        assert.strictEqual(template.inputs.instanceType, "trn2.48xlarge");
    });
});
