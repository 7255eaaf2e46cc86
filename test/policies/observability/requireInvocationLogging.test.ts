import * as assert from "assert";
import { requireInvocationLogging as policy } from "../../../policies/observability/requireInvocationLogging";
import { awsProvider, dataProvider, FakeResource, genaiAccount, genaiProvider, providerAsResource, stackViolationsOf, unknown } from "../harness";

const key = `arn:aws:kms:us-east-1:${genaiAccount}:key/1234`;

function logging(region: string, loggingConfig: Record<string, unknown> = {}): FakeResource {
    return {
        type: "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
        name: `invocation-logging-${region}`,
        props: {
            region,
            loggingConfig: { cloudwatchConfig: { logGroupName: `/bedrock/${region}`, roleArn: `arn:aws:iam::${genaiAccount}:role/logging` }, textDataDeliveryEnabled: true, ...loggingConfig },
        },
    };
}

function logGroup(region: string, extra: Record<string, unknown> = {}): FakeResource {
    return { type: "aws:cloudwatch/logGroup:LogGroup", name: `invocation-logs-${region}`, props: { name: `/bedrock/${region}`, region, retentionInDays: 365, kmsKeyId: key, ...extra } };
}

const guardrailEast: FakeResource = { type: "aws:bedrock/guardrail:Guardrail", name: "guardrail", props: { name: "g" } };
const analyzerWest: FakeResource = { type: "aws:accessanalyzer/analyzer:Analyzer", name: "analyzer-west", props: { region: "us-west-2", analyzerName: "a" } };

describe("bedrock-invocation-logging-in-every-genai-region", () => {
    it("passes when every region of the genAI account logs to an encrypted, bounded log group", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            providerAsResource(genaiProvider), guardrailEast, analyzerWest,
            logGroup("us-east-1"), logging("us-east-1"), logGroup("us-west-2"), logging("us-west-2"),
        ]), []);
    });

    it("reports a region of the genAI account without invocation logging", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(genaiProvider), guardrailEast, analyzerWest, logGroup("us-east-1"), logging("us-east-1")]), [{
            resource: "prod-genai",
            message: "The genAI account of provider \"prod-genai\" deploys into us-west-2 but has no Bedrock model invocation logging there; add aws.bedrockmodel.InvocationLoggingConfiguration with region \"us-west-2\".",
        }]);
    });

    it("does not require logging in other accounts", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ ...analyzerWest, provider: dataProvider }]), []);
    });

    it("reports logging that goes nowhere or leaves text out", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [guardrailEast, logging("us-east-1", { cloudwatchConfig: undefined, textDataDeliveryEnabled: false })]), [
            { resource: "invocation-logging-us-east-1", message: "loggingConfig has neither cloudwatchConfig nor s3Config; invocation logs would go nowhere." },
            { resource: "invocation-logging-us-east-1", message: "loggingConfig has textDataDeliveryEnabled false; prompts and completions would not be logged." },
        ]);
    });

    it("reports an invocation log group kept too long or unencrypted", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [guardrailEast, logging("us-east-1"), logGroup("us-east-1", { retentionInDays: 0, kmsKeyId: undefined })]), [
            { resource: "invocation-logs-us-east-1", message: "Invocation log group \"/bedrock/us-east-1\" keeps logs forever (retentionInDays 0); it must keep them at most 365 days." },
            { resource: "invocation-logs-us-east-1", message: "Invocation log group \"/bedrock/us-east-1\" has no kmsKeyId; prompts and completions must be encrypted with a customer-managed key." },
        ]);
    });

    it("honours maxInvocationLogRetentionDays and genaiAccountRoles", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [guardrailEast, logging("us-east-1"), logGroup("us-east-1")], { maxInvocationLogRetentionDays: 30 }), [
            { resource: "invocation-logs-us-east-1", message: "Invocation log group \"/bedrock/us-east-1\" keeps logs 365 days (retentionInDays 365); it must keep them at most 30 days." },
        ]);
        const ml = awsProvider("prod-ml", "123456789012", "ml");
        assert.deepStrictEqual(await stackViolationsOf(policy, [providerAsResource(ml), { ...guardrailEast, provider: ml }], { genaiAccountRoles: ["genai", "ml"] }), [{
            resource: "prod-ml",
            message: "The genAI account of provider \"prod-ml\" deploys into us-east-1 but has no Bedrock model invocation logging there; add aws.bedrockmodel.InvocationLoggingConfiguration with region \"us-east-1\".",
        }]);
    });

    it("treats regions and settings not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [
            guardrailEast, { ...analyzerWest, props: { region: unknown } },
            { ...logging("us-east-1"), props: { region: unknown, loggingConfig: unknown } },
        ]), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, [guardrailEast, logging("us-east-1"), logGroup("us-east-1", { retentionInDays: unknown, kmsKeyId: unknown })]), []);
    });
});
