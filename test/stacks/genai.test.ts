import * as assert from "assert";
import { loadCatalogue, modelsForEnvironment } from "../../accounts/catalogue";
import { PlanGraph } from "../../cli/engine/graph";
import { mockAccountId } from "../../cli/engine/mockIds";
import { environmentModelArns } from "../../components/bedrock/catalogue";
import { aiServicesOptOutPolicy, governBedrockAccess, policySize, SCP_MAX_CHARACTERS } from "../../components/organization/policyDocuments";
import { SCP_MAX_PER_TARGET } from "../../components/organization/serviceControlPolicy";
import { documentOf, genaiAccountOf, one, under } from "../fixtures/genai/graph";
import { decide } from "../fixtures/genai/simulate";
import { named, ofType, plan, planError, projectDir } from "../fixtures/plans";

const org = "o-a1b2c3d4e5";
const catalogue = loadCatalogue(projectDir);
const sonnet = "anthropic.claude-sonnet-4-6";
const haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";
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
        it(`${stack}: per region, one guardrail, one VPC with 15 endpoints and one catalogue parameter; an invoke role per application; all in the genAI account`, async () => {
            const graph = await plan(stack);
            const account = genaiAccountOf(graph);
            // Prod's DR region holds the same AI tier as its primary (static stability); dev and staging have one region.
            const regions = stack === "prod" ? ["us-east-1", "us-west-2"] : ["us-east-1"];
            // The data and application accounts have VPCs, endpoints and budgets of their own (test/stacks/identity.test.ts).
            const count = (type: string) => graph.resources.filter((r) => r.type === type && r.account === account).map((r) => r.region).sort();
            assert.deepStrictEqual(count("aws:bedrock/guardrail:Guardrail"), regions);
            assert.deepStrictEqual(count("aws:bedrock/guardrailVersion:GuardrailVersion"), regions);
            assert.deepStrictEqual(count("aws:ec2/vpc:Vpc"), regions);
            assert.deepStrictEqual(count("aws:ec2/vpcEndpoint:VpcEndpoint"), regions.flatMap((region) => Array(15).fill(region)));
            assert.deepStrictEqual(count("aws:ssm/parameter:Parameter"), regions);
            assert.deepStrictEqual(count("aws:budgets/budget:Budget"), ["global"]);
            const applications = stack === "prod" ? ["chat", "search"] : ["chat"];
            assert.deepStrictEqual(ofType(graph, "aws:iam/role:Role").filter((r) => r.name.startsWith(`${stack}-genai-invoke-role-`)).map((r) => [r.inputs.name, r.account]),
                applications.map((app) => [`acme-ai-${stack}-genai-invoke-${app}`, account]));
        });
    }

    it("prod: every genAI resource is regional, except IAM and the budget (global); the DR region holds the AI tier's standby copy", async () => {
        const graph = await plan("prod");
        const byRegion = new Map<string, Set<string>>();
        for (const resource of genaiResources(graph).filter((r) => !r.type.startsWith("pulumi:providers:") && !r.name.includes("-baseline-"))) {
            const region = resource.region ?? "none";
            byRegion.set(region, new Set([...(byRegion.get(region) ?? []), resource.name.split("-").slice(0, 4).join("-")]));
        }
        assert.deepStrictEqual([...byRegion.keys()].sort(), ["global", "us-east-1", "us-west-2"]);
        assert.deepStrictEqual([...byRegion.get("us-west-2")!].sort(), [
            "prod-genai-alarm-topic",
            "prod-genai-application-profiles",
            "prod-genai-capacity-us",
            "prod-genai-catalogue-parameter",
            "prod-genai-config-us",
            "prod-genai-guardrail-us",
            "prod-genai-invocation-logging",
            "prod-genai-knowledge-base",
            "prod-genai-model-artifacts",
            "prod-genai-monitoring-us",
            "prod-genai-network-us",
            "prod-genai-repository-replication",
            "prod-genai-vector-store",
        ]);
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

    it("protects and retains the stateful resources (keys, buckets, vectors, prompt and flow logs, the image repository) and nothing else", async () => {
        const graph = await plan("prod");
        const stateful = [
            "aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup", "aws:ecr/repository:Repository",
            "aws:s3/vectorsVectorBucket:VectorsVectorBucket", "aws:s3/vectorsIndex:VectorsIndex", "aws:kms/replicaKey:ReplicaKey",
        ];
        // A retained vector store keeps its key alias and bucket policy rather than being left without them.
        // So does the DR copy of the model artifacts: its bucket is never left without encryption, public access
        // block or policy, and its replica key keeps its alias.
        const retainedSettings = [
            ...["us-east-1", "us-west-2"].flatMap((region) => [`prod-genai-vector-store-${region}-key-alias`, `prod-genai-vector-store-${region}-vector-bucket-policy`]),
            ...["ownership", "public-access-block", "versioning", "lifecycle", "policy", "encryption"].map((setting) => `prod-genai-model-artifacts-replication-us-west-2-replica-${setting}`),
            "prod-genai-model-artifacts-key-us-west-2-alias",
        ];
        for (const resource of genaiResources(graph)) {
            const expected = stateful.includes(resource.type);
            assert.deepStrictEqual([resource.protect, resource.retainOnDelete], [expected, expected || retainedSettings.includes(resource.name)], resource.name);
        }
        // Primary: 6 keys, 2 log groups, 2 buckets, the image repository, the vector bucket and index. DR: 5 keys, the
        // artifacts replica key, 2 log groups, 2 buckets (logging and the artifacts replica), the vector bucket and index.
        // Fault injection (primary, with DR): the experiment log group and its key.
        assert.strictEqual(genaiResources(graph).filter((r) => r.protect).length, 13 + 12 + 2);
    });
});

/** The applications' inference-profile ARNs in both of prod's regions, sorted, as the endpoints list them. */
function applicationProfileArns(graph: PlanGraph, applications: string[], models: string[]): string[] {
    return applications.flatMap((application) => ["us-east-1", "us-west-2"]
        .flatMap((region) => models.map((model) => String(one(graph, `prod-genai-application-profiles-${region}-${application}-${model}`).outputs.arn))))
        .sort();
}

describe("the catalogue as compiled into the prod genAI account", () => {
    it("lets the invoke role invoke exactly the approved generation models, each up to its clearance, only through the published guardrail", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const guardrail = one(graph, "prod-genai-guardrail-us-east-1-guardrail");
        const version = one(graph, "prod-genai-guardrail-us-east-1-version");
        const policy = documentOf(one(graph, "prod-genai-invoke-role-invoke-policy"));
        const primaryIdentifier = `${guardrail.outputs.guardrailArn}:${version.outputs.version}`;
        assert.match(primaryIdentifier, new RegExp(`^arn:aws:bedrock:us-east-1:${account}:guardrail/[a-z0-9]{12}:1$`));
        // Prod deploys the guardrail in its DR region too; a call there names that region's guardrail.
        const drGuardrail = one(graph, "prod-genai-guardrail-us-west-2-guardrail");
        const drIdentifier = `${drGuardrail.outputs.guardrailArn}:${one(graph, "prod-genai-guardrail-us-west-2-version").outputs.version}`;
        assert.match(drIdentifier, new RegExp(`^arn:aws:bedrock:us-west-2:${account}:guardrail/[a-z0-9]{12}:1$`));
        const identifier = [primaryIdentifier, drIdentifier];
        const invoke = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
        const throughProfiles = (id: string) => [
            `arn:aws:bedrock:us-east-1:${account}:application-inference-profile/*`,
            `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${id}`,
            `arn:aws:bedrock:us-west-2:${account}:application-inference-profile/*`,
            `arn:aws:bedrock:us-west-2:${account}:inference-profile/us.${id}`,
        ];
        const internal = { "aws:PrincipalTag/data-classification": ["public", "internal"], "bedrock:GuardrailIdentifier": identifier };
        const confidential = { "aws:PrincipalTag/data-classification": ["public", "internal", "confidential"], "bedrock:GuardrailIdentifier": identifier };
        assert.deepStrictEqual(policy.Statement.slice(0, 4), [
            {
                Sid: "InvokeModelsClearedForInternal",
                Effect: "Allow",
                Action: invoke,
                Resource: [
                    `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${haiku}`,
                    `arn:aws:bedrock:us-east-1::foundation-model/${haiku}`,
                    `arn:aws:bedrock:us-west-2:${account}:inference-profile/us.${haiku}`,
                    `arn:aws:bedrock:us-west-2::foundation-model/${haiku}`,
                ],
                Condition: { StringEquals: internal },
            },
            {
                // us-east-2 is only the profiles' destination (no invocation logging there): reached through them only.
                Sid: "InvokeModelsClearedForInternalThroughProfiles",
                Effect: "Allow",
                Action: invoke,
                Resource: [`arn:aws:bedrock:us-east-2::foundation-model/${haiku}`],
                Condition: { StringEquals: internal, StringLike: { "bedrock:InferenceProfileArn": throughProfiles(haiku) } },
            },
            {
                Sid: "InvokeModelsClearedForConfidential",
                Effect: "Allow",
                Action: invoke,
                Resource: [
                    `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${sonnet}`,
                    `arn:aws:bedrock:us-east-1::foundation-model/${sonnet}`,
                    `arn:aws:bedrock:us-west-2:${account}:inference-profile/us.${sonnet}`,
                    `arn:aws:bedrock:us-west-2::foundation-model/${sonnet}`,
                ],
                Condition: { StringEquals: confidential },
            },
            {
                Sid: "InvokeModelsClearedForConfidentialThroughProfiles",
                Effect: "Allow",
                Action: invoke,
                Resource: [`arn:aws:bedrock:us-east-2::foundation-model/${sonnet}`],
                Condition: { StringEquals: confidential, StringLike: { "bedrock:InferenceProfileArn": throughProfiles(sonnet) } },
            },
        ]);
        // Each application's own inference profiles, for its own invoke role only.
        // Both regions' profiles: after a failover the application calls its own profiles in the DR region.
        const profileArn = (application: string, model: string, region = "us-east-1") => one(graph, `prod-genai-application-profiles-${region}-${application}-${model}`).outputs.arn;
        assert.deepStrictEqual(policy.Statement.slice(4, 6), ["chat", "search"].map((application) => ({
            Sid: `Invoke${application[0].toUpperCase()}${application.slice(1)}ApplicationProfiles`,
            Effect: "Allow",
            Action: invoke,
            Resource: ["us-east-1", "us-west-2"].flatMap((region) => [profileArn(application, sonnet, region), profileArn(application, haiku, region)]).sort(),
            Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${account}:role/acme-ai-prod-genai-invoke-${application}` }, StringEquals: { "bedrock:GuardrailIdentifier": identifier } },
        })));
        // The embedding model is the knowledge base's: no statement of the invoke role names it.
        assert.deepStrictEqual(JSON.stringify(policy).includes(titan), false);
        assert.deepStrictEqual(policy.Statement.slice(6).map((s: { Sid: string }) => s.Sid), ["DenyInvocationWithoutTheGuardrail", "ApplyTheGuardrail", "DecryptTheGuardrail"]);
        assert.deepStrictEqual(policy.Statement[6].Condition, { StringNotEquals: { "bedrock:GuardrailIdentifier": identifier } });
        assert.deepStrictEqual(policy.Statement[7].Resource, [guardrail.outputs.guardrailArn, drGuardrail.outputs.guardrailArn]);
        assert.deepStrictEqual(policy.Statement[8].Resource, ["us-east-1", "us-west-2"].map((region) => one(graph, `prod-genai-guardrail-${region}-key-key`).outputs.arn));
    });

    it("limits the bedrock-runtime endpoint to the same generation models, for organization principals naming the guardrail", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const policy = documentOf(one(graph, "prod-genai-network-us-east-1-endpoint-bedrock-runtime"));
        // The catalogue's models and profiles, and every application's own inference profiles (the invoke role's policy
        // lets each application call its own only).
        assert.deepStrictEqual(policy.Statement[0].Resource, [...prodArns(account, [sonnet, haiku]), ...applicationProfileArns(graph, ["chat", "search"], [sonnet, haiku])]);
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
            schemaVersion: 2,
            environment: "prod",
            activeRegion: "us-east-1",
            invokeRoleArns: {
                chat: `arn:aws:iam::${genaiAccountOf(graph)}:role/acme-ai-prod-genai-invoke-chat`,
                search: `arn:aws:iam::${genaiAccountOf(graph)}:role/acme-ai-prod-genai-invoke-search`,
            },
            guardrail: { id: guardrail.outputs.guardrailId, arn: guardrail.outputs.guardrailArn, version: "1" },
            models: [[sonnet, `us.${sonnet}`], [haiku, `us.${haiku}`], [titan, titan]],
            applicationInferenceProfiles: Object.fromEntries(["chat", "search"].map((application) => [application, Object.fromEntries([sonnet, haiku].map((model) =>
                [model, one(graph, `prod-genai-application-profiles-us-east-1-${application}-${model}`).outputs.arn]))])),
        });
    });

    it("creates one inference profile per application and generation model, copying the model's profile, tagged for chargeback", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const profiles = under(graph, "prod-genai-application-profiles-us-east-1-", "aws:bedrock/inferenceProfile:InferenceProfile");
        assert.deepStrictEqual(profiles.map((p) => [p.inputs.name, p.region, p.account, (p.inputs.modelSource as { copyFrom: string }).copyFrom, p.inputs.tags]).sort(), [
            ["acme-ai-prod-chat-" + haiku, "us-east-1", account, `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${haiku}`,
                { "application": "chat", "tenant-scope": "acme globex initech", "cost-center": "cc-4300", "environment": "prod" }],
            ["acme-ai-prod-chat-" + sonnet, "us-east-1", account, `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${sonnet}`,
                { "application": "chat", "tenant-scope": "acme globex initech", "cost-center": "cc-4300", "environment": "prod" }],
            ["acme-ai-prod-search-" + haiku, "us-east-1", account, `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${haiku}`,
                { "application": "search", "tenant-scope": "acme globex", "cost-center": "cc-4300", "environment": "prod" }],
            ["acme-ai-prod-search-" + sonnet, "us-east-1", account, `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.${sonnet}`,
                { "application": "search", "tenant-scope": "acme globex", "cost-center": "cc-4300", "environment": "prod" }],
        ]);
        // The same profiles, by the same names, in the DR region, copying the model's profile there.
        const drProfiles = under(graph, "prod-genai-application-profiles-us-west-2-", "aws:bedrock/inferenceProfile:InferenceProfile");
        assert.deepStrictEqual(drProfiles.map((p) => [p.inputs.name, p.region, (p.inputs.modelSource as { copyFrom: string }).copyFrom]).sort(),
            profiles.map((p) => [p.inputs.name, "us-west-2", String((p.inputs.modelSource as { copyFrom: string }).copyFrom).replace(":us-east-1:", ":us-west-2:")]).sort());
    });

    it("changes the invoke role, both bedrock-runtime endpoints and the parameter together when prod approves fewer models", async () => {
        const full = await plan("prod");
        const fewer = await plan("prod", "genai/Pulumi.prod-fewer-models.yaml");
        const account = genaiAccountOf(full);
        const without = prodArns(account, [sonnet]);
        assert.deepStrictEqual(prodArns(account, [sonnet, haiku]).filter((a) => !without.includes(a)).length, 5);
        const invocable = (graph: PlanGraph) => documentOf(one(graph, "prod-genai-invoke-role-invoke-policy")).Statement
            .filter((s: { Sid: string }) => s.Sid.startsWith("InvokeModelsClearedFor")).flatMap((s: { Resource: string[] }) => s.Resource).sort();
        assert.deepStrictEqual(invocable(fewer), without);
        assert.deepStrictEqual(documentOf(one(fewer, "prod-genai-network-us-east-1-endpoint-bedrock-runtime")).Statement[0].Resource,
            [...without, ...applicationProfileArns(fewer, ["chat", "search"], [sonnet])]);
        // An application's endpoint lets its own profiles through, no other application's.
        assert.deepStrictEqual(documentOf(one(fewer, "prod-app-chat-network-endpoint-bedrock-runtime")).Statement[0].Resource,
            [...without, ...applicationProfileArns(fewer, ["chat"], [sonnet])].sort());
        const models = JSON.parse(String(one(fewer, "prod-genai-catalogue-parameter-us-east-1-parameter").inputs.insecureValue)).models;
        assert.deepStrictEqual(models.map((m: { id: string }) => m.id), [sonnet, titan]);
        // One throttle and one error alarm per model.
        assert.strictEqual(under(fewer, "prod-genai-monitoring-us-east-1-", "aws:cloudwatch/metricAlarm:MetricAlarm").length, 4);
    });

    it("exports what applications and later stacks need", async () => {
        const graph = await plan("prod");
        const outputs = graph.outputs.genai as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(outputs), [
            "vpcId", "subnetIds", "endpointIds", "invokeRoleArns", "guardrailId", "guardrailArn", "guardrailVersion",
            "invocationLogGroupArns", "modelArtifactsBucket", "inferenceRepositoryUrl", "acceleratorInstanceProfileArn", "capacityReservationIds",
            "launchTemplateIds", "alarmTopicArn", "dashboardName", "drRegion", "catalogueParameterName", "knowledgeBaseRoleArn", "vectorStoreArn", "knowledgeBaseId",
        ]);
        assert.strictEqual(outputs.catalogueParameterName, "/acme-ai/prod/genai/catalogue");
        assert.deepStrictEqual(Object.keys(outputs.capacityReservationIds as object), ["chat-inference", "search-embeddings"]);
        assert.deepStrictEqual(outputs.invokeRoleArns, {
            chat: `arn:aws:iam::${mockAccountId("acme-ai-prod-genai")}:role/acme-ai-prod-genai-invoke-chat`,
            search: `arn:aws:iam::${mockAccountId("acme-ai-prod-genai")}:role/acme-ai-prod-genai-invoke-search`,
        });
    });
});

describe("the catalogue as compiled into the organization's SCPs", () => {
    it("denies on each environment's OU every model the catalogue does not approve for that environment, within the size limit", async () => {
        const graph = await plan("organization");
        const attachments = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment");
        for (const env of ["dev", "staging", "prod"]) {
            const policy = named(graph, `scp-catalogue-models-${env}-policy`);
            const document = JSON.parse(String(policy.inputs.content));
            // What the planned SCP decides, on the environment's OU beside FullAWSAccess, for each catalogue model.
            for (const model of catalogue.models) {
                for (const region of ["us-east-1", "us-west-2"]) {
                    const resource = `arn:aws:bedrock:${region}::foundation-model/${model.id}`;
                    const expected = model.environments.includes(env) ? "Allowed" : "ExplicitlyDenied";
                    assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource }, { scps: [document] }), expected, `${env} ${model.id} in ${region}`);
                }
            }
            assert.strictEqual(await decide({ action: "bedrock:InvokeModel", resource: "arn:aws:bedrock:us-east-1::foundation-model/cohere.command-r-plus-v1:0" }, { scps: [document] }),
                "ExplicitlyDenied", `${env}: a model outside the catalogue`);
            assert.deepStrictEqual([policy.inputs.name, policy.inputs.type], [`acme-ai-catalogue-models-${env}`, "SERVICE_CONTROL_POLICY"]);
            assert.ok(policySize(document) <= SCP_MAX_CHARACTERS, `${policySize(document)} characters`);
            assert.strictEqual(String(policy.inputs.content).length, policySize(document));
            assert.deepStrictEqual(attachments.filter((a) => a.inputs.policyId === policy.id).map((a) => a.inputs.targetId), [named(graph, `ou-workloads-${env}`).id]);
        }
        // Nova is approved for dev and staging, Llama for dev only: prod's SCP does not let either through.
        const prod = String(named(graph, "scp-catalogue-models-prod-policy").inputs.content);
        assert.deepStrictEqual([prod.includes("amazon.nova-pro-v1:0"), prod.includes("meta.llama3-1-70b-instruct-v1:0")], [false, false]);
        assert.ok(String(named(graph, "scp-catalogue-models-dev-policy").inputs.content).includes("meta.llama3-1-70b-instruct-v1:0"));
        assert.deepStrictEqual(Object.keys(graph.outputs.serviceControlPolicies as object), [
            "deny-leave-organization", "region-allow-list", "protect-security-services", "govern-bedrock-access",
            "catalogue-models-dev", "catalogue-models-prod", "catalogue-models-staging",
        ]);
    });

    it("opts the whole organization out of AI-service data use at the root, and carries the Bedrock baseline on the landing zone's OUs", async () => {
        const graph = await plan("organization");
        const attachments = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment");
        const optOut = named(graph, "ai-services-opt-out-policy");
        assert.deepStrictEqual([optOut.inputs.name, optOut.inputs.type, JSON.parse(String(optOut.inputs.content))], [
            "acme-ai-ai-services-opt-out", "AISERVICES_OPT_OUT_POLICY", aiServicesOptOutPolicy(),
        ]);
        assert.deepStrictEqual(attachments.filter((a) => a.inputs.policyId === optOut.id).length, 1);
        const baseline = named(graph, "scp-govern-bedrock-access-policy");
        assert.deepStrictEqual(JSON.parse(String(baseline.inputs.content)), governBedrockAccess());
        assert.deepStrictEqual(attachments.filter((a) => a.inputs.policyId === baseline.id).map((a) => a.inputs.targetId).sort(),
            [named(graph, "ou-security").id, named(graph, "ou-workloads").id].sort());
        // No environment of the shipped organization names an enforced guardrail yet, so no Bedrock policy is created.
        assert.deepStrictEqual(ofType(graph, "aws:organizations/policy:Policy").filter((p) => p.inputs.type === "BEDROCK_POLICY"), []);
        assert.deepStrictEqual(graph.outputs.bedrockPolicies, {});
    });

    it("keeps every OU within AWS Organizations' limit of SCPs attached directly, FullAWSAccess included", async () => {
        const graph = await plan("organization");
        // SCPs only: resource control policies count against a limit of their own.
        const scpIds = new Set(ofType(graph, "aws:organizations/policy:Policy").filter((p) => p.inputs.type === "SERVICE_CONTROL_POLICY").map((p) => p.id));
        const attachments = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment").filter((a) => scpIds.has(a.inputs.policyId as string));
        const perTarget = new Map<unknown, number>();
        for (const attachment of attachments) {
            perTarget.set(attachment.inputs.targetId, (perTarget.get(attachment.inputs.targetId) ?? 0) + 1);
        }
        const ou = (name: string) => perTarget.get(named(graph, name).id);
        // Security and Workloads carry FullAWSAccess and 4 baseline SCPs (5 of 10); each environment OU FullAWSAccess
        // and its catalogue SCP (2 of 10), so a catalogue can split into nine parts.
        assert.deepStrictEqual([ou("ou-security"), ou("ou-workloads"), ou("ou-workloads-dev"), ou("ou-workloads-staging"), ou("ou-workloads-prod")], [4, 4, 1, 1, 1]);
        assert.ok([...perTarget.values()].every((count) => count + 1 <= SCP_MAX_PER_TARGET));
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
