import * as assert from "assert";
import * as path from "path";
import { loadCatalogue } from "../../accounts/catalogue";
import { ConfigError } from "../../accounts/problems";
import { defaultGuardrailPiiEntities, genaiInterfaceEndpointServices } from "../../accounts/schema";
import { genaiProblems, validateStackConfig } from "../../accounts/validate";
import { fixturesDir, projectDir } from "../fixtures/plans";
import { prodEnvironmentConfig } from "../fixtures/environmentConfig";

const catalogue = loadCatalogue(projectDir);
const file = "Pulumi.prod.yaml";
/** Pinned "now" for end-date rules: 2026-11-25T12:00:00Z. */
const now = Date.parse("2026-11-25T12:00:00Z");
const root = "Pulumi.prod.yaml: landing-zone:environment.genai";

function environment(genai?: Record<string, any>): Record<string, any> {
    return { ...prodEnvironmentConfig(), ...(genai ? { genai } : {}) };
}

function reservation(change: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: "chat-inference", instanceType: "inf2.xlarge", count: 2, availabilityZone: "us-east-1a", purpose: "inference", owner: "chat-team", ...change };
}

function problemsOf(env: Record<string, any>): string[] {
    try {
        validateStackConfig({ "pulumi:disable-default-providers": ["*"], "landing-zone:environment": env }, catalogue, file, { now });
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        return error.problems.map((p) => `${p.file}: ${p.path} ${p.message}`);
    }
    return [];
}

describe("genAI config: defaults", () => {
    it("resolves a missing genai section to secure defaults", () => {
        const config = validateStackConfig({ "landing-zone:environment": environment() }, catalogue, file, { now });
        assert.ok(config.kind === "environment");
        assert.deepStrictEqual(config.environment.genai, {
            network: { interfaceEndpoints: [...genaiInterfaceEndpointServices], gatewayEndpoints: ["s3", "dynamodb"], flowLogRetentionDays: 90 },
            guardrail: {
                contentFilters: { hate: "HIGH", insults: "HIGH", sexual: "HIGH", violence: "HIGH", misconduct: "HIGH" },
                promptAttack: "HIGH",
                deniedTopics: [],
                piiEntities: defaultGuardrailPiiEntities.map((e) => ({ ...e })),
                regexes: [],
                words: [],
                profanityFilter: true,
                grounding: { groundingThreshold: 0.75, relevanceThreshold: 0.75 },
                blockedInputMessage: "This request was blocked by the acceptable-use guardrail.",
                blockedOutputMessage: "The response was blocked by the acceptable-use guardrail.",
            },
            logging: { retentionDays: 30, largePayloadExpirationDays: 30 },
            capacity: { allowTrainingReservations: false, idleAlarmHours: 4, reservations: [], capacityBlocks: [] },
            artifacts: { objectLock: "governance", objectLockRetentionDays: 30, noncurrentVersionExpirationDays: 90 },
            dr: {},
            alarms: { subscribers: [], throttlesPerFiveMinutes: 10, errorsPerFiveMinutes: 5 },
            budget: { monthlyLimitUsd: 1000 },
        });
    });

    it("accepts a full, valid genai section", () => {
        assert.deepStrictEqual(problemsOf(environment({
            guardrail: { deniedTopics: [{ name: "investment-advice", definition: "Advice on securities." }], regexes: [{ name: "employee-id", pattern: "EMP-[0-9]{6}", action: "ANONYMIZE" }] },
            capacity: {
                allowTrainingReservations: true,
                reservations: [reservation(), reservation({ name: "finetune", instanceType: "trn1.32xlarge", purpose: "training", endDate: "2027-03-31T00:00:00Z" })],
                capacityBlocks: [{ name: "block-q1", offeringId: "cb-0123456789abcdef0", instanceType: "trn2.48xlarge", availabilityZone: "us-east-1b", owner: "ml-platform" }],
            },
            alarms: { subscribers: [{ protocol: "email", endpoint: "genai-oncall@example.com" }, { protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:123456789012:genai-alarms" }] },
        })), []);
    });
});

describe("genAI config: every mistake has its exact message", () => {
    const cases: [string, Record<string, any>, string[]][] = [
        ["a GPU instance type", { capacity: { reservations: [reservation({ instanceType: "p5.48xlarge" })] } }, [
            `${root}.capacity.reservations[0].instanceType must be an Inferentia2 or Trainium instance type (inf2.*, trn1.*, trn1n.*, trn2.*) (got "p5.48xlarge"); pick one such as "inf2.xlarge" or "trn1.32xlarge".`,
        ]],
        ["a zone the environment does not list", { capacity: { reservations: [reservation({ availabilityZone: "us-east-1d" })] } }, [
            `${root}.capacity.reservations[0].availabilityZone must be one of the primary region's zones us-east-1a, us-east-1b, us-east-1c (got "us-east-1d"); pick one of them or add it to availabilityZones.us-east-1.`,
        ]],
        ["a zone of the DR region", { capacity: { reservations: [reservation({ availabilityZone: "us-west-2a" })] } }, [
            `${root}.capacity.reservations[0].availabilityZone must be one of the primary region's zones us-east-1a, us-east-1b, us-east-1c (got "us-west-2a"); pick one of them or add it to availabilityZones.us-east-1.`,
        ]],
        ["a count below one", { capacity: { reservations: [reservation({ count: 0 })] } }, [
            `${root}.capacity.reservations[0].count must be at least 1 (got 0); remove the reservation rather than reserve nothing.`,
        ]],
        ["an end date in the past", { capacity: { reservations: [reservation({ endDate: "2026-11-25T11:59:59Z" })] } }, [
            `${root}.capacity.reservations[0].endDate must be in the future (got "2026-11-25T11:59:59Z"); move it later, or remove endDate for an open-ended reservation.`,
        ]],
        ["an end date that is not RFC 3339", { capacity: { reservations: [reservation({ endDate: "2027-03-31" })] } }, [
            `${root}.capacity.reservations[0].endDate must be an RFC 3339 UTC time such as "2027-03-31T00:00:00Z" (got "2027-03-31").`,
        ]],
        ["a training reservation where training is forbidden", { capacity: { reservations: [reservation({ instanceType: "trn1.32xlarge", purpose: "training" })] } }, [
            `${root}.capacity.reservations[0].purpose must be "inference" because capacity.allowTrainingReservations is false in this environment (got "training"); set allowTrainingReservations: true or hold training capacity in an environment that allows it.`,
        ]],
        ["a Capacity Block where training is forbidden", { capacity: { capacityBlocks: [{ name: "block-q1", offeringId: "cb-0123456789abcdef0", instanceType: "trn1.32xlarge", availabilityZone: "us-east-1a", owner: "ml" }] } }, [
            `${root}.capacity.capacityBlocks[0] must not be set because capacity.allowTrainingReservations is false in this environment (got Capacity Block "cb-0123456789abcdef0"); Capacity Blocks are training windows, so set allowTrainingReservations: true or buy it in an environment that allows training.`,
        ]],
        ["two reservations with one name", { capacity: { reservations: [reservation(), reservation({ availabilityZone: "us-east-1b" })] } }, [
            `${root}.capacity.reservations[1].name repeats "chat-inference" already used by capacity.reservations[0]; give each reservation its own name.`,
        ]],
        ["an idle alarm over a day", { capacity: { idleAlarmHours: 30 } }, [
            `${root}.capacity.idleAlarmHours must be 1-24 hours (got 30).`,
        ]],
        ["a filter strength Bedrock does not accept", { guardrail: { contentFilters: { hate: "EXTREME" } } }, [
            `${root}.guardrail.contentFilters.hate must be one of "NONE", "LOW", "MEDIUM", "HIGH" (got "EXTREME").`,
        ]],
        ["a grounding threshold of 1", { guardrail: { grounding: { groundingThreshold: 1 } } }, [
            `${root}.guardrail.grounding.groundingThreshold must be a threshold from 0 to 0.99 such as 0.75 (got 1).`,
        ]],
        ["a negative relevance threshold", { guardrail: { grounding: { relevanceThreshold: -0.1 } } }, [
            `${root}.guardrail.grounding.relevanceThreshold must be a threshold from 0 to 0.99 such as 0.75 (got -0.1).`,
        ]],
        ["a PII entity type Bedrock does not know", { guardrail: { piiEntities: [{ type: "SSN", action: "BLOCK" }] } }, [
            `${root}.guardrail.piiEntities[0].type must be a PII entity type Bedrock accepts, such as "EMAIL" or "US_SOCIAL_SECURITY_NUMBER" (docs/genai-account.md lists them all) (got "SSN").`,
        ]],
        ["a PII action other than BLOCK or ANONYMIZE", { guardrail: { piiEntities: [{ type: "EMAIL", action: "MASK" }] } }, [
            `${root}.guardrail.piiEntities[0].action must be one of "BLOCK", "ANONYMIZE" (got "MASK").`,
        ]],
        ["a PII entity type listed twice", { guardrail: { piiEntities: [{ type: "EMAIL", action: "BLOCK" }, { type: "EMAIL", action: "ANONYMIZE" }] } }, [
            `${root}.guardrail.piiEntities[1].type repeats "EMAIL" already listed at piiEntities[0]; give each entity type one action.`,
        ]],
        ["a denied topic listed twice", { guardrail: { deniedTopics: [{ name: "legal", definition: "a" }, { name: "Legal", definition: "b" }] } }, [
            `${root}.guardrail.deniedTopics[1].name repeats topic "legal" already listed at deniedTopics[0]; give each topic its own name.`,
        ]],
        ["prompts kept longer than a year", { logging: { retentionDays: 400 } }, [
            `${root}.logging.retentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 (got 400); prompts and responses are kept at most a year, and CloudWatch Logs accepts only these periods.`,
        ]],
        ["a retention CloudWatch Logs does not offer", { logging: { retentionDays: 45 } }, [
            `${root}.logging.retentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 (got 45); prompts and responses are kept at most a year, and CloudWatch Logs accepts only these periods.`,
        ]],
        ["a flow-log retention CloudWatch Logs does not offer", { network: { flowLogRetentionDays: 100 } }, [
            `${root}.network.flowLogRetentionDays must be a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 100); use 90.`,
        ]],
        ["endpoints without bedrock-runtime", { network: { interfaceEndpoints: ["bedrock", "sts", "logs"] } }, [
            `${root}.network.interfaceEndpoints must include "bedrock-runtime" (got ["bedrock","sts","logs"]); with no internet gateway it is the account's only way to invoke models, and it carries the catalogue's endpoint policy.`,
        ]],
        ["an endpoint listed twice", { network: { interfaceEndpoints: ["bedrock-runtime", "kms", "kms"] } }, [
            `${root}.network.interfaceEndpoints[2] lists "kms" twice; list each endpoint once.`,
        ]],
        ["a gateway endpoint for a service without one", { network: { gatewayEndpoints: ["s3", "kms"] } }, [
            `${root}.network.gatewayEndpoints[1] must be one of "s3", "dynamodb" (got "kms").`,
        ]],
        ["an e-mail subscriber that is not an address", { alarms: { subscribers: [{ protocol: "email", endpoint: "genai-oncall" }] } }, [
            `${root}.alarms.subscribers[0].endpoint must be an e-mail address for protocol "email" (got "genai-oncall"); use e.g. "genai-oncall@example.com".`,
        ]],
        ["an https subscriber over plain http", { alarms: { subscribers: [{ protocol: "https", endpoint: "http://events.example.com" }] } }, [
            `${root}.alarms.subscribers[0].endpoint must be an https:// URL for protocol "https" (got "http://events.example.com"); use e.g. "https://events.example.com/aws".`,
        ]],
        ["a negative budget", { budget: { monthlyLimitUsd: -5 } }, [
            `${root}.budget.monthlyLimitUsd must be a positive amount of USD such as 5000 (got -5).`,
        ]],
        ["an unknown object-lock mode", { artifacts: { objectLock: "strict" } }, [
            `${root}.artifacts.objectLock must be one of "none", "governance", "compliance" (got "strict").`,
        ]],
        ["a misspelt setting", { capacity: { reservation: [] } }, [
            `${root}.capacity.reservation is not a known setting; did you mean "reservations"?`,
        ]],
    ];
    for (const [title, genai, expected] of cases) {
        it(title, () => assert.deepStrictEqual(problemsOf(environment(genai)), expected));
    }

    it("refuses a name prefix that makes a derived bucket name longer than S3 allows", () => {
        const env = environment();
        env.namePrefix = "acme-generative-ai-lz";
        assert.deepStrictEqual(problemsOf(env), [
            'Pulumi.prod.yaml: landing-zone:environment.namePrefix makes the name of the model-artifacts bucket 65 characters (got "acme-generative-ai-lz-prod-model-artifacts-123456789012-us-east-1"), over AWS\'s limit of 63; shorten namePrefix or the environment name.',
        ]);
    });

    it("reports every capacity mistake of one file at once", () => {
        assert.deepStrictEqual(problemsOf(environment({
            capacity: {
                reservations: [
                    reservation({ instanceType: "g5.xlarge", count: 0 }),
                    reservation({ name: "finetune", instanceType: "trn1.32xlarge", availabilityZone: "eu-west-1a", purpose: "training", endDate: "2025-01-01T00:00:00Z" }),
                ],
            },
        })).map((p) => p.split(" ")[1]), [
            "landing-zone:environment.genai.capacity.reservations[0].instanceType",
            "landing-zone:environment.genai.capacity.reservations[0].count",
            "landing-zone:environment.genai.capacity.reservations[1].availabilityZone",
            "landing-zone:environment.genai.capacity.reservations[1].endDate",
            "landing-zone:environment.genai.capacity.reservations[1].purpose",
        ]);
    });

    it("judges end dates against the injected now, so a date passes until it is reached", () => {
        const env = environment({ capacity: { reservations: [reservation({ endDate: "2027-01-01T00:00:00Z" })] } });
        const pathsAt = (when: string) => {
            try {
                validateStackConfig({ "landing-zone:environment": env }, catalogue, file, { now: Date.parse(when) });
                return [];
            } catch (error) {
                return (error as ConfigError).problems.map((p) => p.path);
            }
        };
        assert.deepStrictEqual(pathsAt("2026-12-31T23:59:59Z"), []);
        assert.deepStrictEqual(pathsAt("2027-01-01T00:00:00Z"), ["landing-zone:environment.genai.capacity.reservations[0].endDate"]);
    });

    it("checks a partial genai section, as salvaged from a file whose other fields fail their schema", () => {
        const problems = genaiProblems({
            primaryRegion: "us-east-1",
            availabilityZones: { "us-east-1": ["us-east-1a", "us-east-1b"] },
            genai: { capacity: { reservations: [{ name: "a", instanceType: "inf2.xlarge", count: 1, availabilityZone: "us-east-1c", purpose: "inference", owner: "t" }] } } as never,
        }, file, now);
        assert.deepStrictEqual(problems.map((p) => `${p.path} ${p.message}`), [
            'landing-zone:environment.genai.capacity.reservations[0].availabilityZone must be one of the primary region\'s zones us-east-1a, us-east-1b (got "us-east-1c"); pick one of them or add it to availabilityZones.us-east-1.',
        ]);
    });
});

describe("catalogue validation (exit 2 in lz plan)", () => {
    it("reports a duplicate model, a malformed ID, an unknown environment and an unknown classification at once", () => {
        assert.throws(() => loadCatalogue(path.join(fixturesDir, "genai"), "model-catalogue-bad.yaml"), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.deepStrictEqual(error.problems.map((p) => `${p.file}: ${p.path} ${p.message}`), [
                'model-catalogue-bad.yaml: models[1].id must be a Bedrock model ID such as "anthropic.claude-sonnet-4-6" (got "Claude 3 Haiku").',
                'model-catalogue-bad.yaml: models[2].maxClassification must be one of "public", "internal", "confidential", "restricted" (got "secret").',
            ]);
            return true;
        });
        assert.throws(() => loadCatalogue(path.join(fixturesDir, "genai"), "model-catalogue-duplicate.yaml"), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.deepStrictEqual(error.problems.map((p) => `${p.file}: ${p.path} ${p.message}`), [
                'model-catalogue-duplicate.yaml: models[1].id repeats model "anthropic.claude-haiku-4-5-20251001-v1:0" already listed at models[0]; keep one entry per model.',
                'model-catalogue-duplicate.yaml: models[1].environments[1] names unknown environment "qa"; use one of "dev", "prod" or add it to environments.',
            ]);
            return true;
        });
    });

    it("refuses a model approved for an environment whose DR region it is not available in", () => {
        const env = environment();
        env.models = ["anthropic.claude-sonnet-4-6", "amazon.titan-embed-text-v2:0"];
        env.drRegion = "eu-central-1";
        env.availabilityZones["eu-central-1"] = ["eu-central-1a", "eu-central-1b"];
        assert.deepStrictEqual(problemsOf(env), [
            'Pulumi.prod.yaml: landing-zone:environment.drRegion "eu-central-1" is not among the regions model-catalogue.yaml gives for models[0] "anthropic.claude-sonnet-4-6" (regions us-east-1, us-west-2), ' +
                'models[1] "amazon.titan-embed-text-v2:0" (regions us-east-1, us-west-2); pick a drRegion where they all are available, or add eu-central-1 to their regions in model-catalogue.yaml once Bedrock offers them there.',
        ]);
    });

    it("does not judge the DR region while DR is off", () => {
        const env = environment();
        env.drRegion = "eu-central-1";
        env.dr = { enabled: false };
        assert.deepStrictEqual(problemsOf(env), []);
    });
});
