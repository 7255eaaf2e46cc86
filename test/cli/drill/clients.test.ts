import * as assert from "assert";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { assumeRoleClientFactory } from "../../../cli/drill/live/clients";

describe("lz drill --live clients", () => {
    let sts: AwsClientStub<STSClient>;
    before(() => {
        sts = mockClient(STSClient);
    });
    afterEach(() => sts.reset());
    after(() => sts.restore());

    const factory = () => assumeRoleClientFactory({ partition: "aws", roleName: "OrganizationAccountAccessRole", sessionName: "lz-drill-prod", requestTimeoutMs: 5000 });
    const expiresIn = (ms: number) => new Date(Date.now() + ms);

    it("assumes the access role of the account, once per account and region, in the region checked", async () => {
        sts.onAnyCommand().rejects(new Error("test mock: unexpected STS call"));
        sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: "ASIA1", SecretAccessKey: "secret", SessionToken: "token", Expiration: expiresIn(3_600_000) } });
        const clients = factory().clients("444455556666", "us-west-2");
        assert.strictEqual(await clients.kms.config.region(), "us-west-2");
        const [first, second] = await Promise.all([clients.kms.config.credentials(), clients.bedrock.config.credentials()]);
        assert.strictEqual(first.accessKeyId, "ASIA1");
        assert.strictEqual(second.sessionToken, "token");
        assert.deepStrictEqual(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input), [
            { RoleArn: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole", RoleSessionName: "lz-drill-prod", DurationSeconds: 3600 },
        ]);
        assert.strictEqual(await clients.kms.config.maxAttempts(), 1, "throttling is retried by the drill, not by the SDK");
    });

    it("assumes again when the session is about to expire (a long `up` during --execute)", async () => {
        sts.on(AssumeRoleCommand)
            .resolvesOnce({ Credentials: { AccessKeyId: "ASIA1", SecretAccessKey: "s", SessionToken: "t", Expiration: expiresIn(60_000) } })
            .resolves({ Credentials: { AccessKeyId: "ASIA2", SecretAccessKey: "s", SessionToken: "t", Expiration: expiresIn(3_600_000) } });
        const clients = factory().clients("444455556666", "us-east-1");
        // A session a minute from expiry is not handed out again: the SDK asks once more and gets a fresh one.
        assert.strictEqual((await clients.s3.config.credentials()).accessKeyId, "ASIA2");
        assert.strictEqual(sts.commandCalls(AssumeRoleCommand).length, 2);
        assert.strictEqual((await clients.ssm.config.credentials()).accessKeyId, "ASIA2");
        assert.strictEqual(sts.commandCalls(AssumeRoleCommand).length, 2);
    });

    it("says which role could not be assumed, keeping the error's name for throttling retries", async () => {
        sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }));
        const clients = factory().clients("777788889999", "us-west-2");
        await assert.rejects(clients.dynamodb.config.credentials(), (error: Error) =>
            error.name === "ThrottlingException" && error.message === "could not assume arn:aws:iam::777788889999:role/OrganizationAccountAccessRole: Rate exceeded");
    });
});
