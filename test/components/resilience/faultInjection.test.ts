import * as assert from "assert";
import { FaultInjection, FaultInjectionArgs, faultInjectionProblems } from "../../../components/resilience/faultInjection";
import { constructionError, runComponent } from "../../fixtures/componentHarness";

const genai = "444455556666";
const base = "prod-genai-fault-injection-us-east-1";
const alarm = "arn:aws:cloudwatch:us-east-1:444455556666:alarm:acme-ai-prod-bedrock-errors";
const bucket = "arn:aws:s3:::acme-ai-prod-model-artifacts-444455556666-us-east-1";
const table = "arn:aws:dynamodb:us-east-1:444455556666:table/acme-ai-prod-chat-sessions";
const subnets = ["arn:aws:ec2:us-east-1:444455556666:subnet/subnet-0a", "arn:aws:ec2:us-east-1:444455556666:subnet/subnet-0b"];

function args(overrides: Partial<FaultInjectionArgs> = {}): FaultInjectionArgs {
    return {
        region: "us-east-1", roleName: "acme-ai-prod-fault-injection", stopAlarmArns: [alarm],
        replicatedBucketArns: [bucket], replicationDestinationRegion: "us-west-2", globalTableArns: [table], endpointSubnetArns: subnets,
        ...overrides,
    };
}

const build = (overrides: Partial<FaultInjectionArgs> = {}) =>
    runComponent((opts) => new FaultInjection(base, args(overrides), opts), { accountId: genai, region: "us-east-1" });

describe("FaultInjection", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("creates the FIS role and one template per drill, keyed by experiment name", () => {
        // Registration order follows the outputs each resource waits for; the set of resources is what matters.
        assert.deepStrictEqual(run.resources.map((r) => [r.type, r.name]).sort(), [
            ["aws:fis/experimentTemplate:ExperimentTemplate", `${base}-disrupt-bedrock-runtime-subnets`],
            ["aws:fis/experimentTemplate:ExperimentTemplate", `${base}-pause-dynamodb-replication`],
            ["aws:fis/experimentTemplate:ExperimentTemplate", `${base}-pause-s3-replication`],
            ["aws:iam/role:Role", `${base}-role`],
            ["aws:iam/rolePolicy:RolePolicy", `${base}-role-policy`],
            ["lz:resilience:FaultInjection", base],
        ]);
        assert.deepStrictEqual(run.policyOf(`${base}-role`, "assumeRolePolicy").Statement, [
            { Sid: "AssumedByFis", Effect: "Allow", Principal: { Service: "fis.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
    });

    it("targets exactly the given resources with the FIS actions, in the region, stopping on the alarms", () => {
        const templates = ["pause-s3-replication", "pause-dynamodb-replication", "disrupt-bedrock-runtime-subnets"].map((experiment) => run.named(`${base}-${experiment}`));
        assert.deepStrictEqual(templates.map((t) => [t.inputs.region, t.inputs.stopConditions, t.inputs.tags["lz-drill-experiment"]]), [
            ["us-east-1", [{ source: "aws:cloudwatch:alarm", value: alarm }], "pause-s3-replication"],
            ["us-east-1", [{ source: "aws:cloudwatch:alarm", value: alarm }], "pause-dynamodb-replication"],
            ["us-east-1", [{ source: "aws:cloudwatch:alarm", value: alarm }], "disrupt-bedrock-runtime-subnets"],
        ]);
        assert.deepStrictEqual(templates.map((t) => [t.inputs.actions[0].actionId, t.inputs.actions[0].parameters, t.inputs.targets[0].resourceType, t.inputs.targets[0].resourceArns]), [
            ["aws:s3:bucket-pause-replication", [{ key: "duration", value: "PT10M" }, { key: "region", value: "us-west-2" }], "aws:s3:bucket", [bucket]],
            ["aws:dynamodb:global-table-pause-replication", [{ key: "duration", value: "PT10M" }], "aws:dynamodb:global-table", [table]],
            ["aws:network:disrupt-connectivity", [{ key: "duration", value: "PT10M" }, { key: "scope", value: "all" }], "aws:ec2:subnet", subnets],
        ]);
    });

    it("grants the role the replication actions on the targeted buckets and tables only", () => {
        const statements = run.policyOf(`${base}-role-policy`).Statement;
        assert.deepStrictEqual(statements.filter((s: { Sid: string }) => s.Sid.startsWith("Pause")), [
            { Sid: "PauseS3Replication", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:PutReplicationConfiguration"], Resource: [bucket] },
            { Sid: "PauseDynamoDbReplication", Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"], Resource: [table] },
        ]);
    });

    it("creates only the templates it has targets for", async () => {
        const tablesOnly = await build({ replicatedBucketArns: [], endpointSubnetArns: [] });
        assert.deepStrictEqual(tablesOnly.ofType("aws:fis/experimentTemplate:ExperimentTemplate").map((t) => t.name), [`${base}-pause-dynamodb-replication`]);
    });

    it("refuses templates without a stop condition, an S3 experiment without a destination, and a bad duration, all at once", async () => {
        assert.deepStrictEqual(faultInjectionProblems(args({ stopAlarmArns: [], replicationDestinationRegion: undefined, durationMinutes: 0 })), [
            "stopAlarmArns is empty: an experiment without a stop condition cannot be halted when the drill hurts more than planned; pass the environment's alarms",
            "replicationDestinationRegion is not set: the S3 experiment pauses replication to one region; set it to the DR region",
            "durationMinutes must be a whole number of minutes from 1 to 720 (got 0)",
        ]);
        assert.match(await constructionError(() => new FaultInjection(base, args({ stopAlarmArns: [] }))), /^FaultInjection prod-genai-fault-injection-us-east-1: stopAlarmArns is empty/);
    });
});
