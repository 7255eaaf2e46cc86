import * as assert from "assert";
import { encryptionKeyProblems } from "../../../components/security/encryptionKey";
import { cloudWatchLogsKeyStatement, keyPolicy } from "../../../components/security/keyPolicies";
import { plan } from "../../fixtures/plans";

describe("EncryptionKey", () => {
    it("refuses an alias AWS reserves or malformed", () => {
        assert.deepStrictEqual(encryptionKeyProblems({ region: "us-east-1", accountId: "1", description: "d", aliasName: "alias/aws/s3" }),
            ['aliasName must be "alias/" followed by letters, digits, /, _ or - and not start with "alias/aws/" (got "alias/aws/s3").']);
        assert.deepStrictEqual(encryptionKeyProblems({ region: "us-east-1", accountId: "1", description: "d", aliasName: "acme" }),
            ['aliasName must be "alias/" followed by letters, digits, /, _ or - and not start with "alias/aws/" (got "acme").']);
    });

    it("starts every key policy with the account's own administration, then the service grants", () => {
        const statement = cloudWatchLogsKeyStatement("aws-cn", "cn-north-1", "123456789012", ["/g"]);
        assert.deepStrictEqual(keyPolicy("aws-cn", "123456789012", [statement]).Statement, [
            { Sid: "EnableAccountAdministrationThroughIam", Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
            {
                Sid: "AllowCloudWatchLogsForTheseLogGroups",
                Effect: "Allow",
                Principal: { Service: "logs.cn-north-1.amazonaws.com.cn" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws-cn:logs:cn-north-1:123456789012:log-group:/g"] } },
            },
        ]);
    });

    it("rotates every key of the environment yearly, with a 30-day deletion window, protected and retained", async () => {
        const graph = await plan("prod");
        const keys = graph.resources.filter((r) => r.type === "aws:kms/key:Key");
        assert.deepStrictEqual(keys.map((k) => k.name).sort(), [
            "prod-app-chat-network-flow-logs-key-key",
            "prod-app-chat-network-us-west-2-flow-logs-key-key",
            "prod-app-chat-sessions-key-us-east-1-key",
            "prod-app-search-network-flow-logs-key-key",
            "prod-app-search-network-us-west-2-flow-logs-key-key",
            "prod-app-search-sessions-key-us-east-1-key",
            "prod-data-documents-us-east-1-key",
            "prod-data-network-us-east-1-flow-logs-key-key",
            "prod-data-network-us-west-2-flow-logs-key-key",
            "prod-genai-alarm-topic-us-east-1-key-key",
            "prod-genai-alarm-topic-us-west-2-key-key",
            "prod-genai-fault-injection-us-east-1-logs-key-key",
            "prod-genai-guardrail-us-east-1-key-key",
            "prod-genai-guardrail-us-west-2-key-key",
            "prod-genai-invocation-logging-us-east-1-key-key",
            "prod-genai-invocation-logging-us-west-2-key-key",
            "prod-genai-model-artifacts-us-east-1-key-key",
            "prod-genai-network-us-east-1-flow-logs-key-key",
            "prod-genai-network-us-west-2-flow-logs-key-key",
            "prod-genai-vector-store-us-east-1-key",
            "prod-genai-vector-store-us-west-2-key",
        ]);
        for (const key of keys) {
            assert.deepStrictEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.protect, key.retainOnDelete], [true, 30, true, true], key.name);
        }
        // Keys of replicated data (documents, model artifacts, session state) are multi-region, each with a replica in
        // the DR region; keys of regional data are not.
        assert.deepStrictEqual(keys.filter((k) => k.inputs.multiRegion === true).map((k) => k.name).sort(), [
            "prod-app-chat-sessions-key-us-east-1-key",
            "prod-app-search-sessions-key-us-east-1-key",
            "prod-data-documents-us-east-1-key",
            "prod-genai-model-artifacts-us-east-1-key-key",
        ]);
        const replicas = graph.resources.filter((r) => r.type === "aws:kms/replicaKey:ReplicaKey");
        assert.deepStrictEqual(replicas.map((k) => [k.name, k.region, k.inputs.deletionWindowInDays, k.protect, k.retainOnDelete]).sort(), [
            ["prod-app-chat-sessions-key-us-west-2-key", "us-west-2", 30, true, true],
            ["prod-app-search-sessions-key-us-west-2-key", "us-west-2", 30, true, true],
            ["prod-data-documents-key-us-west-2-key", "us-west-2", 30, true, true],
            ["prod-genai-model-artifacts-key-us-west-2-key", "us-west-2", 30, true, true],
        ]);
    });
});
