import * as assert from "assert";
import { loadCatalogue, modelsForEnvironment } from "../../accounts/catalogue";
import { PlanGraph } from "../../cli/engine/graph";
import { mockAccountId } from "../../cli/engine/mockIds";
import { catalogueServiceControlPolicies, environmentModelArns } from "../../components/bedrock/catalogue";
import { policySize, SCP_MAX_CHARACTERS } from "../../components/organization/policyDocuments";
import { documentOf, genaiAccountOf, one, under } from "../fixtures/genai/graph";
import { named, ofType, plan, planError, projectDir } from "../fixtures/plans";

const org = "o-a1b2c3d4e5";
const catalogue = loadCatalogue(projectDir);
const sonnet = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const haiku = "anthropic.claude-3-haiku-20240307-v1:0";
const titan = "amazon.titan-embed-text-v2:0";

/** The genAI account's resources in a plan (custom resources only). */
function genaiResources(graph: PlanGraph) {
    const account = genaiAccountOf(graph);
    return graph.resources.filter((r) => r.custom && r.account === account);
}

function prodArns(account: string, models: string[]): string[] {
    return environmentModelArns(modelsForEnvironment(catalogue, "prod", models), ["us-east-1", "us-west-2"], "aws", account).all;
}

describe("genAI account in the shipped environment stacks", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: one guardrail, one VPC with 15 endpoints, one invoke role and one catalogue parameter, all in the genAI account`, async () => {
            const graph = await plan(stack);
            const account = genaiAccountOf(graph);
            const count = (type: string) => graph.resources.filter((r) => r.type === type).map((r) => r.account);
            assert.deepStrictEqual(count("aws:bedrock/guardrail:Guardrail"), [account]);
            assert.deepStrictEqual(count("aws:bedrock/guardrailVersion:GuardrailVersion"), [account]);
            assert.deepStrictEqual(count("aws:ec2/vpc:Vpc"), [account]);
            assert.deepStrictEqual(count("aws:ec2/vpcEndpoint:VpcEndpoint"), Array(15).fill(account));
            assert.deepStrictEqual(count("aws:ssm/parameter:Parameter"), [account]);
            assert.deepStrictEqual(count("aws:budgets/budget:Budget"), [account]);
            assert.deepStrictEqual(ofType(graph, "aws:iam/role:Role").filter((r) => r.name.endsWith("-invoke-role-role")).map((r) => [r.inputs.name, r.account]),
                [[`acme-ai-${stack}-genai-invoke`, account]]);
        });
    }

    it("prod: every genAI resource is regional in us-east-1, except IAM and the budget (global) and the DR region's invocation logging", async () => {
        const graph = await plan("prod");
        const byRegion = new Map<string, Set<string>>();
        for (const resource of genaiResources(graph).filter((r) => !r.type.startsWith("pulumi:providers:") && !r.name.includes("-baseline-"))) {
            const region = resource.region ?? "none";
            byRegion.set(region, new Set([...(byRegion.get(region) ?? []), resource.name.split("-").slice(0, 4).join("-")]));
        }
        assert.deepStrictEqual([...byRegion.keys()].sort(), ["global", "us-east-1", "us-west-2"]);
        assert.deepStrictEqual([...byRegion.get("us-west-2")!], ["prod-genai-invocation-logging"]);
        for (const resource of genaiResources(graph).filter((r) => r.region === "global")) {
            assert.ok(resource.type.startsWith("aws:iam/") || resource.type.startsWith("aws:budgets/") || resource.type.startsWith("aws:s3/accountPublicAccessBlock"), resource.name);
        }
    });

    it("dev stays in us-east-1 with DR off", async () => {
        const graph = await plan("dev");
        assert.deepStrictEqual([...new Set(genaiResources(graph).map((r) => r.region))].sort(), ["global", "us-east-1"]);
    });

    it("gives every role the stack creates the permissions boundary of its account", async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const graph = await plan(stack);
            const roles = ofType(graph, "aws:iam/role:Role");
            assert.ok(roles.length >= 4, `${stack} creates the invoke, flow-log, logging and accelerator roles`);
            for (const role of roles) {
                const boundary = graph.resources.find((r) => r.type === "aws:iam/policy:Policy" && r.account === role.account && r.name.endsWith("-permission-boundary-policy"));
                assert.ok(boundary, `${role.name}: no boundary in its account`);
                assert.strictEqual(boundary.inputs.name, "acme-ai-lz-permission-boundary");
                assert.strictEqual(role.inputs.permissionsBoundary, boundary.outputs.arn, role.name);
            }
            // One boundary per account, exported for the stacks that add roles later.
            const boundaries = graph.resources.filter((r) => r.type === "aws:iam/policy:Policy" && r.name.endsWith("-permission-boundary-policy"));
            assert.deepStrictEqual(boundaries.map((b) => b.account).sort(), graph.accounts.map((a) => a.id).sort());
            assert.deepStrictEqual(Object.values(graph.outputs.permissionBoundaryArns as Record<string, string>).sort(), boundaries.map((b) => b.outputs.arn).sort());
        }
    });

    it("protects and retains the stateful resources (keys, buckets, prompt and flow logs, the image repository) and nothing else", async () => {
        const graph = await plan("prod");
        const stateful = ["aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup", "aws:ecr/repository:Repository"];
        for (const resource of genaiResources(graph)) {
            const expected = stateful.includes(resource.type);
            assert.deepStrictEqual([resource.protect, resource.retainOnDelete], [expected, expected], resource.name);
        }
        assert.strictEqual(genaiResources(graph).filter((r) => r.protect).length, 6 + 3 + 3 + 1);
    });
});

describe("the catalogue as compiled into the prod genAI account", () => {
    it("lets the invoke role invoke exactly the approved ARNs, only through the environment's published guardrail", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const guardrail = one(graph, "prod-genai-guardrail-us-east-1-guardrail");
        const version = one(graph, "prod-genai-guardrail-us-east-1-version");
        const policy = documentOf(one(graph, "prod-genai-invoke-role-invoke-policy"));
        const identifier = `${guardrail.outputs.guardrailArn}:${version.outputs.version}`;
        assert.match(identifier, new RegExp(`^arn:aws:bedrock:us-east-1:${account}:guardrail/[a-z0-9]{12}:1$`));
        assert.deepStrictEqual(policy.Statement[0], {
            Sid: "InvokeCatalogueModelsThroughTheGuardrail",
            Effect: "Allow",
            Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            Resource: [
                `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${sonnet}`,
                `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${haiku}`,
                `arn:aws:bedrock:us-east-1::foundation-model/${titan}`,
                `arn:aws:bedrock:us-east-1::foundation-model/${sonnet}`,
                `arn:aws:bedrock:us-east-1::foundation-model/${haiku}`,
                `arn:aws:bedrock:us-east-2::foundation-model/${haiku}`,
                `arn:aws:bedrock:us-west-2:${account}:inference-profile/us.${sonnet}`,
                `arn:aws:bedrock:us-west-2:${account}:inference-profile/us.${haiku}`,
                `arn:aws:bedrock:us-west-2::foundation-model/${titan}`,
                `arn:aws:bedrock:us-west-2::foundation-model/${sonnet}`,
                `arn:aws:bedrock:us-west-2::foundation-model/${haiku}`,
            ],
            Condition: { StringEquals: { "bedrock:GuardrailIdentifier": identifier } },
        });
        assert.deepStrictEqual(policy.Statement[1].Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": identifier } });
        assert.deepStrictEqual(policy.Statement[2].Resource, guardrail.outputs.guardrailArn);
        assert.deepStrictEqual(policy.Statement[3].Resource, one(graph, "prod-genai-guardrail-us-east-1-key-key").outputs.arn);
    });

    it("lets only the genAI account's own principals, in the organization, assume the invoke role for now", async () => {
        const graph = await plan("prod");
        const role = one(graph, "prod-genai-invoke-role-role");
        assert.deepStrictEqual(documentOf(role, "assumeRolePolicy").Statement, [{
            Sid: "AllowOrganizationPrincipals",
            Effect: "Allow",
            Principal: { AWS: [`arn:aws:iam::${genaiAccountOf(graph)}:root`] },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:PrincipalOrgID": org } },
        }]);
        assert.strictEqual(role.inputs.maxSessionDuration, 3600);
    });

    it("limits the bedrock-runtime endpoint to the same ARNs, for organization principals naming the guardrail", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const policy = documentOf(one(graph, "prod-genai-network-us-east-1-endpoint-bedrock-runtime"));
        assert.deepStrictEqual(policy.Statement[0].Resource, prodArns(account, [sonnet, haiku, titan]));
        const guardrailArn = one(graph, "prod-genai-guardrail-us-east-1-guardrail").outputs.guardrailArn;
        assert.deepStrictEqual(policy.Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": org, "bedrock:GuardrailIdentifier": `${guardrailArn}:1` } });
        assert.deepStrictEqual(policy.Statement[1].Resource, one(graph, "prod-genai-guardrail-us-east-1-guardrail").outputs.guardrailArn);
    });

    it("publishes the approved models, the guardrail version, the invoke role and the active region in the catalogue parameter", async () => {
        const graph = await plan("prod");
        const parameter = one(graph, "prod-genai-catalogue-parameter-us-east-1-parameter");
        const guardrail = one(graph, "prod-genai-guardrail-us-east-1-guardrail");
        assert.deepStrictEqual([parameter.inputs.name, parameter.inputs.type, parameter.inputs.tier, parameter.inputs.value, parameter.region],
            ["/acme-ai/prod/genai/catalogue", "String", "Intelligent-Tiering", undefined, "us-east-1"]);
        const value = JSON.parse(String(parameter.inputs.insecureValue));
        assert.deepStrictEqual({ ...value, models: value.models.map((m: { id: string; invokeId: string }) => [m.id, m.invokeId]) }, {
            schemaVersion: 1,
            environment: "prod",
            activeRegion: "us-east-1",
            invokeRoleArn: `arn:aws:iam::${genaiAccountOf(graph)}:role/acme-ai-prod-genai-invoke`,
            guardrail: { id: guardrail.outputs.guardrailId, arn: guardrail.outputs.guardrailArn, version: "1" },
            models: [[sonnet, `us.${sonnet}`], [haiku, `us.${haiku}`], [titan, titan]],
        });
    });

    it("changes the invoke role, the endpoint policy and the parameter together when prod approves fewer models", async () => {
        const full = await plan("prod");
        const fewer = await plan("prod", "genai/Pulumi.prod-fewer-models.yaml");
        const account = genaiAccountOf(full);
        const without = prodArns(account, [sonnet, haiku]);
        assert.deepStrictEqual(prodArns(account, [sonnet, haiku, titan]).filter((a) => !without.includes(a)), [
            `arn:aws:bedrock:us-east-1::foundation-model/${titan}`, `arn:aws:bedrock:us-west-2::foundation-model/${titan}`,
        ]);
        assert.deepStrictEqual(documentOf(one(fewer, "prod-genai-invoke-role-invoke-policy")).Statement[0].Resource, without);
        assert.deepStrictEqual(documentOf(one(fewer, "prod-genai-network-us-east-1-endpoint-bedrock-runtime")).Statement[0].Resource, without);
        const models = JSON.parse(String(one(fewer, "prod-genai-catalogue-parameter-us-east-1-parameter").inputs.insecureValue)).models;
        assert.deepStrictEqual(models.map((m: { id: string }) => m.id), [sonnet, haiku]);
        // One throttle and one error alarm per model.
        assert.strictEqual(under(fewer, "prod-genai-monitoring-us-east-1-", "aws:cloudwatch/metricAlarm:MetricAlarm").length, 4);
    });

    it("exports what applications and later stacks need", async () => {
        const graph = await plan("prod");
        const outputs = graph.outputs.genai as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(outputs), [
            "vpcId", "subnetIds", "endpointIds", "invokeRoleArn", "guardrailId", "guardrailArn", "guardrailVersion", "catalogueParameterName",
            "invocationLogGroupArns", "modelArtifactsBucket", "inferenceRepositoryUrl", "acceleratorInstanceProfileArn", "capacityReservationIds",
            "launchTemplateIds", "alarmTopicArn", "dashboardName",
        ]);
        assert.strictEqual(outputs.catalogueParameterName, "/acme-ai/prod/genai/catalogue");
        assert.deepStrictEqual(Object.keys(outputs.capacityReservationIds as object), ["chat-inference", "search-embeddings"]);
        assert.strictEqual(outputs.invokeRoleArn, `arn:aws:iam::${mockAccountId("acme-ai-prod-genai")}:role/acme-ai-prod-genai-invoke`);
    });
});

describe("the catalogue as compiled into the organization's SCP", () => {
    it("denies invoking any model outside the catalogue on the Workloads OU, within the size limit", async () => {
        const graph = await plan("organization");
        const policy = named(graph, "scp-catalogue-models-policy");
        const document = JSON.parse(String(policy.inputs.content));
        assert.deepStrictEqual(document, catalogueServiceControlPolicies(catalogue, "aws").policies[0].document);
        assert.deepStrictEqual([policy.inputs.name, policy.inputs.type], ["acme-ai-catalogue-models", "SERVICE_CONTROL_POLICY"]);
        assert.ok(policySize(document) <= SCP_MAX_CHARACTERS, `${policySize(document)} characters`);
        assert.strictEqual(String(policy.inputs.content).length, policySize(document));
        const attachments = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment").filter((a) => a.inputs.policyId === policy.id);
        assert.deepStrictEqual(attachments.map((a) => a.inputs.targetId), [named(graph, "ou-workloads").id]);
        assert.deepStrictEqual(Object.keys(graph.outputs.serviceControlPolicies as object), [
            "deny-leave-organization", "region-allow-list", "protect-security-services", "catalogue-models",
        ]);
    });
});

describe("genAI config errors in lz plan (exit 2, every mistake at once)", () => {
    it("reports each capacity mistake with its path and fix", async () => {
        const error = await planError("prod", "genai/Pulumi.prod-bad-capacity.yaml");
        assert.strictEqual(error.kind, "config");
        const file = "Pulumi.prod-bad-capacity.yaml";
        const at = `${file}: landing-zone:environment.genai.capacity.reservations`;
        assert.strictEqual(error.message, [
            `${file} has 5 problems:`,
            `  - ${at}[0].instanceType must be an Inferentia2 or Trainium instance type (inf2.*, trn1.*, trn1n.*, trn2.*) (got "p5.48xlarge"); pick one such as "inf2.xlarge" or "trn1.32xlarge".`,
            `  - ${at}[1].count must be at least 1 (got 0); remove the reservation rather than reserve nothing.`,
            `  - ${at}[1].availabilityZone must be one of the primary region's zones us-east-1a, us-east-1b, us-east-1c (got "us-east-1d"); pick one of them or add it to availabilityZones.us-east-1.`,
            `  - ${at}[2].endDate must be in the future (got "2024-12-31T00:00:00Z"); move it later, or remove endDate for an open-ended reservation.`,
            `  - ${at}[3].purpose must be "inference" because capacity.allowTrainingReservations is false in this environment (got "training"); set allowTrainingReservations: true or hold training capacity in an environment that allows it.`,
        ].join("\n"));
    });

    it("reports guardrail values Bedrock would refuse and prompts kept too long", async () => {
        const error = await planError("prod", "genai/Pulumi.prod-bad-guardrail.yaml");
        assert.strictEqual(error.kind, "config");
        const file = "Pulumi.prod-bad-guardrail.yaml";
        const at = `${file}: landing-zone:environment.genai`;
        assert.strictEqual(error.message, [
            `${file} has 5 problems:`,
            `  - ${at}.guardrail.contentFilters.violence must be one of "NONE", "LOW", "MEDIUM", "HIGH" (got "EXTREME").`,
            `  - ${at}.guardrail.piiEntities[0].type must be a PII entity type Bedrock accepts, such as "EMAIL" or "US_SOCIAL_SECURITY_NUMBER" (docs/genai-account.md lists them all) (got "SSN").`,
            `  - ${at}.guardrail.piiEntities[1].action must be one of "BLOCK", "ANONYMIZE" (got "MASK").`,
            `  - ${at}.guardrail.grounding.groundingThreshold must be a threshold from 0 to 0.99 such as 0.75 (got 0.995).`,
            `  - ${at}.logging.retentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 (got 3653); prompts and responses are kept at most a year, and CloudWatch Logs accepts only these periods.`,
        ].join("\n"));
    });
});
