import * as assert from "assert";
import { requirePromptLogPiiMasking as policy } from "../../../policies/observability/requirePromptLogPiiMasking";
import { dataProvider, FakeResource, stackViolationsOf, unknown } from "../harness";

const identifiers = (...names: string[]) => names.map((n) => `arn:aws:dataprotection::aws:data-identifier/${n}`);

function logging(region: string): FakeResource {
    return {
        type: "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
        name: `logging-${region}`,
        props: { region, loggingConfig: { cloudwatchConfig: { logGroupName: "/prompts" }, textDataDeliveryEnabled: true } },
    };
}

function masking(region: string, masked: string[], extra: Partial<FakeResource> = {}): FakeResource {
    return {
        type: "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy",
        name: `mask-${region}`,
        props: {
            region,
            logGroupName: "/prompts",
            policyDocument: JSON.stringify({
                Name: "mask", Version: "2021-06-01",
                Statement: [
                    { Sid: "audit", DataIdentifier: identifiers("EmailAddress", "CreditCardNumber", "AwsSecretKey"), Operation: { Audit: { FindingsDestination: {} } } },
                    { Sid: "mask", DataIdentifier: identifiers(...masked), Operation: { Deidentify: { MaskConfig: {} } } },
                ],
            }),
        },
        ...extra,
    };
}

const all = ["EmailAddress", "CreditCardNumber", "AwsSecretKey"];

describe("prompt-log-groups-mask-pii", () => {
    it("passes when the prompt log group masks the required identifiers in every region", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [logging("us-east-1"), masking("us-east-1", all), logging("us-west-2"), masking("us-west-2", all)]), []);
    });

    it("reports a region whose prompt log group has no data protection policy", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [logging("us-east-1"), masking("us-east-1", all), logging("us-west-2")]), [{
            resource: "logging-us-west-2",
            message: "Invocation log group \"/prompts\" in us-west-2 has no data protection policy; prompts would be stored with personal data in clear. Add aws.cloudwatch.LogDataProtectionPolicy masking EmailAddress, CreditCardNumber, AwsSecretKey.",
        }]);
    });

    it("does not take a policy in another account or on another log group", async () => {
        const elsewhere = [masking("us-east-1", all, { provider: dataProvider }), { ...masking("us-east-1", all), name: "other", props: { ...masking("us-east-1", all).props, logGroupName: "/other" } }];
        assert.strictEqual((await stackViolationsOf(policy, [logging("us-east-1"), ...elsewhere])).length, 1);
    });

    it("reports identifiers that are audited but not masked, and follows requiredDataIdentifiers", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [logging("us-east-1"), masking("us-east-1", ["EmailAddress"])]), [{
            resource: "mask-us-east-1",
            message: "The data protection policy \"mask-us-east-1\" of invocation log group \"/prompts\" does not mask CreditCardNumber, AwsSecretKey (masked: EmailAddress); add them to a Deidentify statement with MaskConfig.",
        }]);
        assert.deepStrictEqual(await stackViolationsOf(policy, [logging("us-east-1"), masking("us-east-1", ["EmailAddress"])], { requiredDataIdentifiers: ["EmailAddress"] }), []);
    });

    it("treats a policy document not known yet as not known", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [logging("us-east-1"), { ...masking("us-east-1", all), props: { region: "us-east-1", logGroupName: "/prompts", policyDocument: unknown } }]), []);
    });
});
