import * as assert from "assert";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { assumeInvokeRoleFactory, InvokeRoleRefusedError, InvokeSession, invokeSessions } from "../../../cli/drill/live/invokeSession";
import { loadStack } from "../../../cli/engine/stackFiles";
import { projectDir } from "../../fixtures/plans";

describe("lz drill invoke-role sessions", () => {
    let sts: AwsClientStub<STSClient>;
    before(() => {
        sts = mockClient(STSClient);
    });
    afterEach(() => sts.reset());
    after(() => sts.restore());

    const chat: InvokeSession = {
        application: "chat",
        roleArn: "arn:aws:iam::444455556666:role/acme-ai-prod-genai-invoke-chat",
        tags: { tenant: "acme", "data-classification": "public" },
    };
    const factory = () => assumeInvokeRoleFactory({ sessionName: "lz-drill-prod", requestTimeoutMs: 5000 });
    const credentialsIn = (ms: number, key = "ASIA1") => ({ Credentials: { AccessKeyId: key, SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + ms) } });

    it("one session per application: its invoke role in the genAI account, its first tenant, the lowest classification", () => {
        const loaded = loadStack(projectDir, "prod");
        assert.strictEqual(loaded.config.kind, "environment");
        const environment = (loaded.config as Extract<typeof loaded.config, { kind: "environment" }>).environment;
        assert.deepStrictEqual(invokeSessions(environment, "aws", "444455556666"), [
            { application: "chat", roleArn: "arn:aws:iam::444455556666:role/acme-ai-prod-genai-invoke-chat", tags: { tenant: "acme", "data-classification": "public" } },
            { application: "search", roleArn: "arn:aws:iam::444455556666:role/acme-ai-prod-genai-invoke-search", tags: { tenant: "acme", "data-classification": "public" } },
        ]);
    });

    it("assumes the role once, in the region called, with the session tags, and signs Bedrock calls with that session", async () => {
        sts.onAnyCommand().rejects(new Error("test mock: unexpected STS call"));
        sts.on(AssumeRoleCommand).resolves(credentialsIn(900_000));
        const clients = factory()(chat, "us-west-2");
        await clients.assume();
        assert.strictEqual((await clients.bedrockRuntime.config.credentials()).accessKeyId, "ASIA1");
        assert.strictEqual((await clients.bedrockAgentRuntime.config.credentials()).sessionToken, "t");
        assert.strictEqual(await clients.bedrockRuntime.config.region(), "us-west-2");
        assert.deepStrictEqual(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input), [{
            RoleArn: chat.roleArn, RoleSessionName: "lz-drill-prod", DurationSeconds: 900,
            Tags: [{ Key: "tenant", Value: "acme" }, { Key: "data-classification", Value: "public" }],
        }]);
        assert.strictEqual(await (sts.commandCalls(AssumeRoleCommand)[0].thisValue as STSClient).config.region(), "us-west-2");
        assert.strictEqual(await clients.bedrockRuntime.config.maxAttempts(), 1, "throttling is retried by the drill, not by the SDK");
    });

    it("assumes again a minute before the session expires (the check is retried until the RTO)", async () => {
        sts.on(AssumeRoleCommand).resolvesOnce(credentialsIn(30_000, "ASIA1")).resolves(credentialsIn(900_000, "ASIA2"));
        const clients = factory()(chat, "us-west-2");
        await clients.assume();
        assert.strictEqual((await clients.bedrockRuntime.config.credentials()).accessKeyId, "ASIA2");
        assert.strictEqual((await clients.bedrockRuntime.config.credentials()).accessKeyId, "ASIA2");
        assert.strictEqual(sts.commandCalls(AssumeRoleCommand).length, 2);
    });

    it("tells a refusal (the trust admits the workload role only) from a failure worth retrying", async () => {
        sts.on(AssumeRoleCommand)
            .rejectsOnce(Object.assign(new Error("not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" }))
            .rejects(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }));
        const clients = factory()(chat, "us-west-2");
        await assert.rejects(clients.assume(), (error: Error) => error instanceof InvokeRoleRefusedError
            && error.message === `could not assume ${chat.roleArn} in us-west-2 with tenant=acme, data-classification=public: not authorized to perform: sts:AssumeRole (its trust admits only the chat workload role)`);
        await assert.rejects(clients.assume(), (error: Error) => !(error instanceof InvokeRoleRefusedError) && error.name === "Throttling"
            && error.message === `could not assume ${chat.roleArn} in us-west-2 with tenant=acme, data-classification=public: Rate exceeded`);
    });
});
