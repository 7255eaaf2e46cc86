import * as assert from "assert";
import { FaultInjection, FaultInjectionArgs, faultInjectionProblems } from "../../../components/resilience/faultInjection";
import { constructionError, runComponent } from "../../fixtures/componentHarness";

const genai = "444455556666";
const base = "prod-genai-fault-injection-us-east-1";
const alarms = [
    "arn:aws:cloudwatch:us-east-1:444455556666:alarm:acme-ai-prod-genai-errors-claude",
    "arn:aws:cloudwatch:us-east-1:444455556666:alarm:acme-ai-prod-genai-throttles-claude",
];
const boundary = "arn:aws:iam::444455556666:policy/acme-ai-prod-boundary";
const bucket = "arn:aws:s3:::acme-ai-prod-model-artifacts-444455556666-us-east-1";
const table = "arn:aws:dynamodb:us-east-1:444455556666:table/acme-ai-prod-chat-sessions";
const subnets = ["arn:aws:ec2:us-east-1:444455556666:subnet/subnet-0a", "arn:aws:ec2:us-east-1:444455556666:subnet/subnet-0b"];
const logGroupName = "/acme-ai/prod/fis/drill-experiments";
const logGroupArn = `arn:aws:logs:us-east-1:444455556666:log-group:${logGroupName}`;

function args(overrides: Partial<FaultInjectionArgs> = {}): FaultInjectionArgs {
    return {
        region: "us-east-1", accountId: genai, roleName: "acme-ai-prod-fault-injection", permissionsBoundaryArn: boundary,
        stopAlarmArns: alarms, stopAlarmName: "acme-ai-prod-genai-drill-stop", logGroupName, logKeyAlias: "alias/acme-ai-prod-genai-fault-injection",
        replicatedBucketArns: [bucket], replicationDestinationRegion: "us-west-2", globalTableArns: [table], endpointSubnetArns: subnets,
        ...overrides,
    };
}

const build = (overrides: Partial<FaultInjectionArgs> = {}) =>
    runComponent((opts) => new FaultInjection(base, args(overrides), opts), { accountId: genai, region: "us-east-1" });

const experiments = ["pause-s3-replication", "pause-dynamodb-replication", "disrupt-bedrock-runtime-subnets"];

describe("FaultInjection", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("creates the FIS role, the log group and its key, the stop alarm and one template per drill, keyed by experiment name", () => {
        // Registration order follows the outputs each resource waits for; the set of resources is what matters.
        assert.deepStrictEqual(run.resources.filter((r) => r.custom).map((r) => [r.type, r.name]).sort(), [
            ["aws:cloudwatch/compositeAlarm:CompositeAlarm", `${base}-stop`],
            ["aws:cloudwatch/logGroup:LogGroup", `${base}-logs`],
            ["aws:fis/experimentTemplate:ExperimentTemplate", `${base}-disrupt-bedrock-runtime-subnets`],
            ["aws:fis/experimentTemplate:ExperimentTemplate", `${base}-pause-dynamodb-replication`],
            ["aws:fis/experimentTemplate:ExperimentTemplate", `${base}-pause-s3-replication`],
            ["aws:iam/role:Role", `${base}-role`],
            ["aws:iam/rolePolicy:RolePolicy", `${base}-role-policy`],
            ["aws:kms/alias:Alias", `${base}-logs-key-alias`],
            ["aws:kms/key:Key", `${base}-logs-key-key`],
        ]);
    });

    it("lets only FIS experiments of this account and region assume the role, under the permissions boundary", () => {
        assert.deepStrictEqual(run.policyOf(`${base}-role`, "assumeRolePolicy").Statement, [{
            Sid: "AllowServiceForThisAccountOnly", Effect: "Allow", Principal: { Service: "fis.amazonaws.com" }, Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": genai }, ArnLike: { "aws:SourceArn": "arn:aws:fis:us-east-1:444455556666:experiment/*" } },
        }]);
        assert.strictEqual(run.named(`${base}-role`).inputs.permissionsBoundary, boundary);
    });

    it("targets exactly the given resources with the FIS actions, in the region, stopping on one alarm that joins the given ones", () => {
        const templates = experiments.map((experiment) => run.named(`${base}-${experiment}`));
        const stop = run.named(`${base}-stop`);
        assert.deepStrictEqual([stop.inputs.region, stop.inputs.alarmName, stop.inputs.alarmRule], [
            "us-east-1", "acme-ai-prod-genai-drill-stop", alarms.map((arn) => `ALARM("${arn}")`).join(" OR "),
        ]);
        assert.deepStrictEqual(templates.map((t) => [t.inputs.region, t.inputs.stopConditions, t.inputs.tags["lz-drill-experiment"], t.inputs.tags.Name]), experiments.map((experiment) => [
            "us-east-1", [{ source: "aws:cloudwatch:alarm", value: stop.outputs.arn }], experiment, `${base}-${experiment}`,
        ]));
        assert.deepStrictEqual(templates.map((t) => [t.inputs.actions[0].actionId, t.inputs.actions[0].parameters, t.inputs.targets[0].resourceType, t.inputs.targets[0].resourceArns]), [
            ["aws:s3:bucket-pause-replication", [{ key: "duration", value: "PT10M" }, { key: "region", value: "us-west-2" }], "aws:s3:bucket", [bucket]],
            ["aws:dynamodb:global-table-pause-replication", [{ key: "duration", value: "PT10M" }], "aws:dynamodb:global-table", [table]],
            ["aws:network:disrupt-connectivity", [{ key: "duration", value: "PT10M" }, { key: "scope", value: "all" }], "aws:ec2:subnet", subnets],
        ]);
    });

    it("logs every experiment to a KMS-encrypted log group kept 90 days, protected", () => {
        const logGroup = run.named(`${base}-logs`);
        const key = run.named(`${base}-logs-key-key`);
        assert.deepStrictEqual([logGroup.inputs.name, logGroup.inputs.retentionInDays, logGroup.inputs.kmsKeyId, logGroup.protect, logGroup.retainOnDelete],
            [logGroupName, 90, key.outputs.arn, true, true]);
        assert.deepStrictEqual(experiments.map((experiment) => run.named(`${base}-${experiment}`).inputs.logConfiguration),
            experiments.map(() => ({ logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logGroupArn}:*` } })));
        const logsStatement = run.policyOf(`${base}-logs-key-key`, "policy").Statement.find((s: { Sid: string }) => s.Sid === "AllowCloudWatchLogsForTheseLogGroups");
        assert.deepStrictEqual(logsStatement.Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [logGroupArn] } });
        assert.strictEqual(key.protect, true);
    });

    it("grants the role the replication actions on the targeted buckets and tables only, and the log delivery", () => {
        const statements = run.policyOf(`${base}-role-policy`).Statement;
        assert.deepStrictEqual(statements.map((s: { Sid: string }) => s.Sid), ["DeliverExperimentLogs", "PauseS3Replication", "FindBuckets", "PauseDynamoDbReplication", "DisruptSubnets"]);
        assert.deepStrictEqual(statements.filter((s: { Sid: string }) => s.Sid.startsWith("Pause")), [
            { Sid: "PauseS3Replication", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:PutReplicationConfiguration"], Resource: [bucket] },
            { Sid: "PauseDynamoDbReplication", Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"], Resource: [table] },
        ]);
    });

    it("creates only the templates it has targets for, and grants only their actions", async () => {
        const tablesOnly = await build({ replicatedBucketArns: [], endpointSubnetArns: [] });
        assert.deepStrictEqual(tablesOnly.ofType("aws:fis/experimentTemplate:ExperimentTemplate").map((t) => t.name), [`${base}-pause-dynamodb-replication`]);
        assert.deepStrictEqual(tablesOnly.policyOf(`${base}-role-policy`).Statement.map((s: { Sid: string }) => s.Sid), ["DeliverExperimentLogs", "PauseDynamoDbReplication"]);
    });

    it("refuses templates without a stop condition, an S3 experiment without a destination, a bad duration and a bad retention, all at once", async () => {
        assert.deepStrictEqual(faultInjectionProblems(args({ stopAlarmArns: [], replicationDestinationRegion: undefined, durationMinutes: 0, logRetentionDays: 100 })), [
            "stopAlarmArns is empty: an experiment without a stop condition cannot be halted when the drill hurts more than planned; pass the environment's alarms",
            "replicationDestinationRegion is not set: the S3 experiment pauses replication to one region; set it to the DR region",
            "durationMinutes must be a whole number of minutes from 1 to 720 (got 0)",
            "logRetentionDays must be a retention CloudWatch Logs accepts, such as 90 (got 100)",
        ]);
        assert.match(await constructionError(() => new FaultInjection(base, args({ stopAlarmArns: [] }))), /^FaultInjection prod-genai-fault-injection-us-east-1: stopAlarmArns is empty/);
    });
});
