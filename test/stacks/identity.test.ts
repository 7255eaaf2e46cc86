import * as assert from "assert";
import { PlanResource } from "../../cli/engine/graph";
import { formatMermaid, trustEdges } from "../../cli/format/mermaid";
import { documentOf, genaiAccountOf, one } from "../fixtures/genai/graph";
import { simulate } from "../fixtures/iamSimulator";
import { accountOf, ofType, plan, planError } from "../fixtures/plans";

const org = "o-a1b2c3d4e5";
const titan = "amazon.titan-embed-text-v2:0";
const extraApplication = "identity/Pulumi.prod-extra-application.yaml";
const twelveApplications = "identity/Pulumi.prod-twelve-applications.yaml";

type Statement = { Sid?: string; Effect: string; Action?: string | string[]; Resource?: string | string[]; Principal?: any; Condition?: any };

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every JSON policy document among a resource's inputs, with the input's name. */
function policiesOf(resource: PlanResource): { input: string; statements: Statement[] }[] {
    return Object.entries(resource.inputs)
        .filter(([, value]) => typeof value === "string" && value.trimStart().startsWith("{") && value.includes("\"Statement\""))
        .map(([input, value]) => ({ input, statements: list(JSON.parse(value as string).Statement) as Statement[] }));
}

const classifications = ["public", "internal", "confidential", "restricted"];

/** The exact trust of an application's invoke role: its workload role only, from the organization, its tenants only. */
function trustOf(app: string, workloadRoleArn: unknown, tenants: string[]) {
    const sid = app[0].toUpperCase() + app.slice(1);
    // The application's account, narrowed to its workload role: IAM refuses a trust naming a role that does not exist
    // yet, and an application stack creates its workload role after the environment stack creates this one.
    const principal = { AWS: String(workloadRoleArn).replace(/:role\/.*$/, ":root") };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: `AssumeFrom${sid}Workload`,
                Effect: "Allow",
                Principal: principal,
                Action: "sts:AssumeRole",
                Condition: {
                    ArnEquals: { "aws:PrincipalArn": workloadRoleArn },
                    StringEquals: { "aws:PrincipalOrgID": org },
                    Null: { "aws:RequestTag/tenant": "false", "aws:RequestTag/data-classification": "false" },
                },
            },
            {
                Sid: `TagSessionFor${sid}`,
                Effect: "Allow",
                Principal: principal,
                Action: "sts:TagSession",
                Condition: {
                    ArnEquals: { "aws:PrincipalArn": workloadRoleArn },
                    StringEquals: { "aws:PrincipalOrgID": org, "aws:RequestTag/tenant": tenants, "aws:RequestTag/data-classification": classifications },
                    Null: { "aws:RequestTag/tenant": "false" },
                    "ForAllValues:StringEquals": { "aws:TagKeys": ["tenant", "data-classification"] },
                },
            },
        ],
    };
}

describe("identity across the prod accounts: one invoke role per application", () => {
    it("gives each application an invoke role in the genAI account that trusts exactly its workload role, with its tenants", async () => {
        const graph = await plan("prod");
        const chat = one(graph, "prod-app-chat-workload-role");
        const search = one(graph, "prod-app-search-workload-role");
        assert.deepStrictEqual([chat.account, search.account], [accountOf(graph, "prod-app-chat"), accountOf(graph, "prod-app-search")]);
        assert.deepStrictEqual([chat.outputs.arn, search.outputs.arn], [
            `arn:aws:iam::${chat.account}:role/acme-ai-prod-app-chat-workload`,
            `arn:aws:iam::${search.account}:role/acme-ai-prod-app-search-workload`,
        ]);
        const invokeRoles = ofType(graph, "aws:iam/role:Role").filter((r) => r.name.startsWith("prod-genai-invoke-role-"));
        assert.deepStrictEqual(invokeRoles.map((r) => [r.name, r.inputs.name, r.account]), [
            ["prod-genai-invoke-role-chat-role", "acme-ai-prod-genai-invoke-chat", genaiAccountOf(graph)],
            ["prod-genai-invoke-role-search-role", "acme-ai-prod-genai-invoke-search", genaiAccountOf(graph)],
        ]);
        assert.deepStrictEqual(documentOf(invokeRoles[0], "assumeRolePolicy"), trustOf("chat", chat.outputs.arn, ["acme", "globex", "initech"]));
        assert.deepStrictEqual(documentOf(invokeRoles[1], "assumeRolePolicy"), trustOf("search", search.outputs.arn, ["acme", "globex"]));
    });

    it("shares one invoke-permissions policy and one attribute-access policy per region, attached to every invoke role and nothing else", async () => {
        const graph = await plan("prod");
        const invokePolicy = one(graph, "prod-genai-invoke-role-invoke-policy");
        const attributePolicy = one(graph, "prod-genai-invoke-role-attribute-access-policy");
        const drAttributePolicy = one(graph, "prod-genai-invoke-role-attribute-access-us-west-2-policy");
        assert.deepStrictEqual([invokePolicy.type, invokePolicy.inputs.name, attributePolicy.type, attributePolicy.inputs.name, drAttributePolicy.inputs.name],
            ["aws:iam/policy:Policy", "acme-ai-prod-genai-invoke-models", "aws:iam/policy:Policy", "acme-ai-prod-genai-invoke-attribute-access",
                "acme-ai-prod-genai-invoke-attribute-access-us-west-2"]);
        const kinds = new Map([[invokePolicy.outputs.arn, "invoke"], [attributePolicy.outputs.arn, "attribute-access"], [drAttributePolicy.outputs.arn, "attribute-access-us-west-2"]]);
        const attachments = ofType(graph, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((a) => kinds.has(a.inputs.policyArn))
            .map((a) => [a.inputs.role, kinds.get(a.inputs.policyArn), a.account])
            .sort();
        const genai = genaiAccountOf(graph);
        assert.deepStrictEqual(attachments, [
            ["acme-ai-prod-genai-invoke-chat", "attribute-access", genai],
            ["acme-ai-prod-genai-invoke-chat", "attribute-access-us-west-2", genai],
            ["acme-ai-prod-genai-invoke-chat", "invoke", genai],
            ["acme-ai-prod-genai-invoke-search", "attribute-access", genai],
            ["acme-ai-prod-genai-invoke-search", "attribute-access-us-west-2", genai],
            ["acme-ai-prod-genai-invoke-search", "invoke", genai],
        ]);
        // No invoke role has an inline policy: its permissions are the shared documents only.
        const invokeRoleNames = ["acme-ai-prod-genai-invoke-chat", "acme-ai-prod-genai-invoke-search"];
        assert.deepStrictEqual(ofType(graph, "aws:iam/rolePolicy:RolePolicy").filter((p) => invokeRoleNames.includes(String(p.inputs.role))), []);
    });

    it("lets each workload role reach the AI tier one way: assume its own application's invoke role, whose derived ARN is the real role's", async () => {
        const graph = await plan("prod");
        for (const app of ["chat", "search"]) {
            const invokeRoleArn = one(graph, `prod-genai-invoke-role-${app}-role`).outputs.arn;
            assert.strictEqual(invokeRoleArn, `arn:aws:iam::${genaiAccountOf(graph)}:role/acme-ai-prod-genai-invoke-${app}`);
            const role = one(graph, `prod-app-${app}-workload-role`);
            // Its other grant is its own session table (asserted with the twelve applications below).
            const grants = ofType(graph, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === role.outputs.name);
            assert.deepStrictEqual(grants.map((g) => g.inputs.name), ["assume-genai-invoke-role", "session-state"]);
            assert.deepStrictEqual(grants.filter((g) => g.inputs.name === "assume-genai-invoke-role").map((g) => documentOf(g)), [{
                Version: "2012-10-17",
                Statement: [{ Sid: "AssumeInvokeRoleWithSessionTags", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: invokeRoleArn }],
            }]);
            assert.deepStrictEqual(documentOf(one(graph, `prod-app-${app}-network-endpoint-sts`)).Statement[0].Resource, invokeRoleArn);
            assert.deepStrictEqual((graph.outputs.applications as Record<string, { invokeRoleArn: unknown }>)[app].invokeRoleArn, invokeRoleArn);
        }
    });

    it("gives an application account that config adds its own invoke role, trusting it with that application's tenants only", async () => {
        const graph = await plan("prod", extraApplication);
        const support = one(graph, "prod-app-support-workload-role").outputs.arn;
        assert.match(support as string, /^arn:aws:iam::444444444444:role\/acme-ai-prod-app-support-workload$/);
        const role = one(graph, "prod-genai-invoke-role-support-role");
        assert.strictEqual(role.inputs.name, "acme-ai-prod-genai-invoke-support");
        assert.deepStrictEqual(documentOf(role, "assumeRolePolicy"), trustOf("support", support, ["acme"]));
        // The shipped applications' roles are untouched by the addition.
        const shipped = await plan("prod");
        for (const app of ["chat", "search"]) {
            assert.deepStrictEqual(one(graph, `prod-genai-invoke-role-${app}-role`).inputs, one(shipped, `prod-genai-invoke-role-${app}-role`).inputs, app);
        }
    });
});

describe("identity across twelve application accounts: no cap on applications", () => {
    // In the fixture's order: the nth application has account 5555000000nn, 10.(40+n-1).0.0/16 and a budget of 1000+100(n-1).
    const fixtureOrder = ["assistant", "billing", "chat", "claims", "coding", "docs", "hr", "legal", "marketing", "search", "sales", "support"];
    const applications = [...fixtureOrder].sort();
    const tenantsOf = (app: string) => app === "support"
        ? Array.from({ length: 40 }, (_, i) => `tenant-${String(i + 1).padStart(2, "0")}`)
        : fixtureOrder.indexOf(app) % 2 === 0 ? ["acme", "globex", "initech"] : ["acme", "globex"];

    it("plans, giving each application its own invoke role that trusts only its workload role, within IAM's trust quota", async () => {
        const graph = await plan("prod", twelveApplications);
        const genai = genaiAccountOf(graph);
        const invokeRoles = ofType(graph, "aws:iam/role:Role").filter((r) => r.name.startsWith("prod-genai-invoke-role-"));
        assert.deepStrictEqual(invokeRoles.map((r) => r.inputs.name).sort(), applications.map((app) => `acme-ai-prod-genai-invoke-${app}`));
        for (const app of applications) {
            const workload = one(graph, `prod-app-${app}-workload-role`);
            const role = one(graph, `prod-genai-invoke-role-${app}-role`);
            assert.strictEqual(role.account, genai, app);
            assert.strictEqual(workload.account, accountOf(graph, `prod-app-${app}`), app);
            const trust = documentOf(role, "assumeRolePolicy");
            // Exactly this application's workload role and tenants, as config lists them.
            // The application's account as principal, narrowed to exactly its workload role.
            const root = String(workload.outputs.arn).replace(/:role\/.*$/, ":root");
            assert.deepStrictEqual(trust.Statement.map((s: Statement) => [s.Principal, s.Condition.ArnEquals]), [
                [{ AWS: root }, { "aws:PrincipalArn": workload.outputs.arn }],
                [{ AWS: root }, { "aws:PrincipalArn": workload.outputs.arn }],
            ], app);
            assert.deepStrictEqual(trust, trustOf(app, workload.outputs.arn, tenantsOf(app)), app);
            assert.ok(String(role.inputs.assumeRolePolicy).length <= 2048, `${app}: ${String(role.inputs.assumeRolePolicy).length} characters`);
            // The workload role may assume and tag its own invoke role, and nothing else.
            // Beside that, only its own session table and key, in each region, for the application's state.
            const grant = ofType(graph, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === workload.outputs.name);
            const account = accountOf(graph, `prod-app-${app}`);
            assert.deepStrictEqual(grant.map((g) => [g.inputs.name ?? null, documentOf(g).Statement.map((s: Statement) => s.Resource)]), [
                ["assume-genai-invoke-role", [role.outputs.arn]],
                ["session-state", [
                    ["us-east-1", "us-west-2"].map((region) => `arn:aws:dynamodb:${region}:${account}:table/acme-ai-prod-${app}-sessions`),
                    ["us-east-1", "us-west-2"].map((region) => `arn:aws:kms:${region}:${account}:key/${String(one(graph, `prod-app-${app}-sessions-key-us-east-1-key`).id)}`),
                ]],
            ], app);
        }
        // Three shared policies (invoke, and attribute access in each region), each attached to all twelve roles.
        const shared = ["prod-genai-invoke-role-invoke-policy", "prod-genai-invoke-role-attribute-access-policy", "prod-genai-invoke-role-attribute-access-us-west-2-policy"]
            .map((name) => one(graph, name).outputs.arn);
        const attachments = ofType(graph, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => shared.includes(a.inputs.policyArn));
        assert.strictEqual(attachments.length, 36);
        for (const arn of shared) {
            assert.deepStrictEqual(attachments.filter((a) => a.inputs.policyArn === arn).map((a) => a.inputs.role).sort(), applications.map((app) => `acme-ai-prod-genai-invoke-${app}`));
        }
    });

    it("names all twelve invoke roles in the documents bucket and key policies, and maps each application to its role in the catalogue parameter", async () => {
        const graph = await plan("prod", twelveApplications);
        const invokeRoleArns = applications.map((app) => one(graph, `prod-genai-invoke-role-${app}-role`).outputs.arn);
        const policy = documentOf(one(graph, "prod-data-documents-us-east-1-documents-policy"));
        for (const sid of ["InvokeRoleListsCallerTenant", "InvokeRoleReadsCallerTenant"]) {
            assert.deepStrictEqual(policy.Statement.find((s: Statement) => s.Sid === sid).Principal, { AWS: [...invokeRoleArns].sort() }, sid);
        }
        const kbRole = one(graph, "prod-genai-knowledge-base-role-role").outputs.arn;
        assert.deepStrictEqual(documentOf(one(graph, "prod-data-documents-us-east-1-key")).Statement[1].Principal, { AWS: [...invokeRoleArns, kbRole].sort() });
        const parameter = JSON.parse(String(one(graph, "prod-genai-catalogue-parameter-us-east-1-parameter").inputs.insecureValue));
        assert.deepStrictEqual(parameter.invokeRoleArns, Object.fromEntries(applications.map((app, i) => [app, invokeRoleArns[i]])));
        assert.deepStrictEqual(graph.outputs.genai && (graph.outputs.genai as Record<string, unknown>).invokeRoleArns, parameter.invokeRoleArns);
    });

    it("gives every application account its budget", async () => {
        const graph = await plan("prod", twelveApplications);
        for (const [index, app] of fixtureOrder.entries()) {
            const account = accountOf(graph, `prod-app-${app}`);
            assert.strictEqual(account, `5555000000${String(index + 1).padStart(2, "0")}`, app);
            const budgets = graph.resources.filter((r) => r.type === "aws:budgets/budget:Budget" && r.account === account);
            assert.deepStrictEqual(budgets.map((b) => [b.inputs.name, b.inputs.limitAmount]), [[`acme-ai-prod-app-${app}-monthly`, `${1000 + 100 * index}.00`]], app);
        }
    });

    it("under the IAM simulator, with the planned documents, lets no application's workload role assume another application's invoke role", async () => {
        const graph = await plan("prod", twelveApplications);
        const genai = genaiAccountOf(graph);
        const workloads = applications.map((app) => {
            const role = one(graph, `prod-app-${app}-workload-role`);
            const grant = ofType(graph, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === role.outputs.name)!;
            return { app, arn: String(role.outputs.arn), grant: documentOf(grant) };
        });
        for (const target of applications) {
            const invokeRole = one(graph, `prod-genai-invoke-role-${target}-role`);
            const trust = documentOf(invokeRole, "assumeRolePolicy");
            const tenant = trust.Statement[1].Condition.StringEquals["aws:RequestTag/tenant"][0];
            for (const caller of workloads) {
                const decision = await simulate({
                    principal: caller.arn,
                    action: "sts:AssumeRole",
                    resource: String(invokeRole.outputs.arn),
                    resourceAccount: genai,
                    context: { "aws:PrincipalOrgID": org, "aws:RequestTag/tenant": tenant, "aws:RequestTag/data-classification": "internal", "aws:TagKeys": ["tenant", "data-classification"] },
                }, { identity: [caller.grant], resource: trust });
                assert.strictEqual(decision, caller.app === target ? "Allowed" : "ImplicitlyDenied", `${caller.app} → ${target}`);
            }
        }
    });
});

describe("identity across the prod accounts: the knowledge base and the data account", () => {
    it("lets only Bedrock, for this account's knowledge bases in the primary region, assume the knowledge-base role", async () => {
        const graph = await plan("prod");
        const genai = genaiAccountOf(graph);
        const role = one(graph, "prod-genai-knowledge-base-role-role");
        assert.deepStrictEqual([role.inputs.name, role.account], ["acme-ai-prod-genai-knowledge-base", genai]);
        assert.deepStrictEqual(documentOf(role, "assumeRolePolicy").Statement, [{
            Sid: "AllowServiceForThisAccountOnly",
            Effect: "Allow",
            Principal: { Service: "bedrock.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": genai },
                ArnLike: { "aws:SourceArn": `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/*` },
            },
        }]);
    });

    it("names the real knowledge-base and every invoke role ARN in the documents bucket policy and the documents key policy", async () => {
        const graph = await plan("prod");
        const data = accountOf(graph, "prod-data");
        const kbRole = one(graph, "prod-genai-knowledge-base-role-role").outputs.arn;
        const invokeRoles = ["chat", "search"].map((app) => one(graph, `prod-genai-invoke-role-${app}-role`).outputs.arn);
        const bucket = one(graph, "prod-data-documents-us-east-1-documents");
        assert.deepStrictEqual([bucket.inputs.bucket, bucket.account, bucket.region], [`acme-ai-prod-docs-${data}-us-east-1`, data, "us-east-1"]);
        const bucketArn = `arn:aws:s3:::acme-ai-prod-docs-${data}-us-east-1`;
        const policy = documentOf(one(graph, "prod-data-documents-us-east-1-documents-policy"));
        assert.deepStrictEqual(policy.Statement.map((s: Statement) => [s.Sid, s.Principal, s.Action, s.Resource]), [
            ["DenyInsecureTransport", "*", "s3:*", [bucketArn, `${bucketArn}/*`]],
            ["DenyPrincipalsOutsideOrganization", "*", "s3:*", [bucketArn, `${bucketArn}/*`]],
            ["KnowledgeBaseListsDocuments", { AWS: kbRole }, "s3:ListBucket", bucketArn],
            ["KnowledgeBaseReadsTenantDocuments", { AWS: kbRole }, "s3:GetObject", `${bucketArn}/tenants/*`],
            ["InvokeRoleListsCallerTenant", { AWS: invokeRoles }, "s3:ListBucket", bucketArn],
            ["InvokeRoleReadsCallerTenant", { AWS: invokeRoles }, "s3:GetObject", `${bucketArn}/tenants/\${aws:PrincipalTag/tenant}/*`],
        ]);
        const key = one(graph, "prod-data-documents-us-east-1-key");
        assert.deepStrictEqual(documentOf(key).Statement[1], {
            Sid: "DecryptDocumentsForGenAiReaders",
            Effect: "Allow",
            Principal: { AWS: [...invokeRoles, kbRole].sort() },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:PrincipalOrgID": org, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
            },
        });
        assert.deepStrictEqual(one(graph, "prod-data-documents-us-east-1-documents-encryption").inputs.rules, [{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"],
        }]);
    });

    it("embeds with the catalogue's embedding model into the S3 Vectors index, from the data account's bucket", async () => {
        const graph = await plan("prod");
        const data = accountOf(graph, "prod-data");
        const kb = one(graph, "prod-genai-knowledge-base-us-east-1-knowledge-base");
        const index = one(graph, "prod-genai-vector-store-us-east-1-index");
        assert.deepStrictEqual([kb.inputs.name, kb.inputs.roleArn, kb.account, kb.region],
            ["acme-ai-prod-knowledge-base", one(graph, "prod-genai-knowledge-base-role-role").outputs.arn, genaiAccountOf(graph), "us-east-1"]);
        assert.deepStrictEqual(kb.inputs.knowledgeBaseConfiguration, {
            type: "VECTOR",
            vectorKnowledgeBaseConfiguration: {
                embeddingModelArn: `arn:aws:bedrock:us-east-1::foundation-model/${titan}`,
                embeddingModelConfiguration: { bedrockEmbeddingModelConfiguration: { dimensions: 1024, embeddingDataType: "FLOAT32" } },
            },
        });
        assert.deepStrictEqual(kb.inputs.storageConfiguration, { type: "S3_VECTORS", s3VectorsConfiguration: { indexArn: index.outputs.indexArn } });
        assert.deepStrictEqual([index.inputs.dimension, index.inputs.distanceMetric, index.inputs.vectorBucketName], [1024, "cosine", "acme-ai-prod-genai-vectors"]);
        const source = one(graph, "prod-genai-knowledge-base-us-east-1-documents");
        assert.deepStrictEqual(source.inputs.dataSourceConfiguration, {
            type: "S3",
            s3Configuration: {
                bucketArn: one(graph, "prod-data-documents-us-east-1-documents").outputs.arn,
                bucketOwnerAccountId: data,
                inclusionPrefixes: ["tenants/"],
            },
        });
        assert.deepStrictEqual(source.inputs.knowledgeBaseId, kb.id);
        const vectorPolicy = documentOf(one(graph, "prod-genai-vector-store-us-east-1-vector-bucket-policy"));
        assert.ok(JSON.stringify(vectorPolicy).includes(String(one(graph, "prod-genai-knowledge-base-role-role").outputs.arn)));
    });

    it("lets the invoke role read its session's tenant prefix and retrieve from the knowledge base, and nothing more of the data", async () => {
        const graph = await plan("prod");
        const policy = documentOf(one(graph, "prod-genai-invoke-role-attribute-access-policy"));
        // The clearance deny covers every ARN through which the invoke policy reaches a model of that clearance,
        // the profile-only destination regions included.
        const invoke: Statement[] = documentOf(one(graph, "prod-genai-invoke-role-invoke-policy")).Statement;
        const clearedFor = (level: string) => invoke
            .filter((s) => s.Sid === `InvokeModelsClearedFor${level}` || s.Sid === `InvokeModelsClearedFor${level}ThroughProfiles`)
            .flatMap((s) => ([] as unknown[]).concat(s.Resource)).map(String).sort();
        assert.deepStrictEqual(policy.Statement.map((s: Statement) => [s.Sid, s.Effect, s.Action, s.Resource]), [
            ["DenyModelsClearedForInternalAboveTheirClearance", "Deny", ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], clearedFor("Internal")],
            ["DenyModelsClearedForConfidentialAboveTheirClearance", "Deny", ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], clearedFor("Confidential")],
            ["ReadCallerTenantDocuments", "Allow", "s3:GetObject", `${one(graph, "prod-data-documents-us-east-1-documents").outputs.arn}/tenants/\${aws:PrincipalTag/tenant}/*`],
            ["ListCallerTenantDocuments", "Allow", "s3:ListBucket", one(graph, "prod-data-documents-us-east-1-documents").outputs.arn],
            ["DecryptDocumentsThroughS3", "Allow", "kms:Decrypt", one(graph, "prod-data-documents-us-east-1-key").outputs.arn],
            ["RetrieveFromKnowledgeBase", "Allow", "bedrock:Retrieve", one(graph, "prod-genai-knowledge-base-us-east-1-knowledge-base").outputs.arn],
        ]);
    });

    it("gives the data account a private network in each region: S3 gateway, KMS, STS and Logs endpoints, no internet path, flow logs", async () => {
        const graph = await plan("prod");
        const data = accountOf(graph, "prod-data");
        const inData = (type: string) => graph.resources.filter((r) => r.type === type && r.account === data);
        // One lz:data:Region per region holds the documents (the source, then its replica) and the network.
        assert.deepStrictEqual(ofType(graph, "lz:data:Region").map((r) => r.name), ["prod-data-us-east-1", "prod-data-us-west-2"]);
        assert.deepStrictEqual(["prod-data-documents-us-east-1", "prod-data-documents-key-us-west-2", "prod-data-documents-replication-us-west-2"].map((name) => graph.resources.find((r) => r.name === name)?.parent),
            [one(graph, "prod-data-us-east-1").urn, one(graph, "prod-data-us-west-2").urn, one(graph, "prod-data-us-west-2").urn]);
        assert.deepStrictEqual(inData("aws:ec2/vpc:Vpc").map((v) => [v.name, v.inputs.cidrBlock]), [["prod-data-network-us-east-1-vpc", "10.31.0.0/16"], ["prod-data-network-us-west-2-vpc", "10.31.0.0/16"]]);
        assert.deepStrictEqual(inData("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => [e.inputs.serviceName, e.inputs.vpcEndpointType]).sort(), ["us-east-1", "us-west-2"].flatMap((region) => [
            [`com.amazonaws.${region}.kms`, "Interface"],
            [`com.amazonaws.${region}.logs`, "Interface"],
            [`com.amazonaws.${region}.s3`, "Gateway"],
            [`com.amazonaws.${region}.sts`, "Interface"],
        ]));
        for (const region of ["us-east-1", "us-west-2"]) {
            assert.deepStrictEqual(documentOf(one(graph, `prod-data-network-${region}-endpoint-s3`)).Statement, [{
                Sid: "AllowOrganizationPrincipalsToOrganizationResources", Effect: "Allow", Principal: "*", Action: "*", Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalOrgID": org, "aws:ResourceOrgID": org } },
            }]);
        }
        for (const type of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/route:Route"]) {
            assert.deepStrictEqual(inData(type), [], type);
        }
        assert.deepStrictEqual(inData("aws:ec2/flowLog:FlowLog").map((f) => [f.inputs.vpcId, f.inputs.trafficType]),
            [[one(graph, "prod-data-network-us-east-1-vpc").id, "ALL"], [one(graph, "prod-data-network-us-west-2-vpc").id, "ALL"]]);
        assert.strictEqual(one(graph, "prod-data-network-us-west-2-flow-logs-role").inputs.name, "acme-ai-prod-flow-logs-us-west-2");
        assert.deepStrictEqual(inData("aws:budgets/budget:Budget").map((b) => [b.inputs.name, b.inputs.limitAmount, b.inputs.accountId]),
            [["acme-ai-prod-data-monthly", "3000.00", data]]);
    });

    it("protects and retains the key, the buckets and the vectors", async () => {
        const graph = await plan("prod");
        for (const name of [
            "prod-data-documents-us-east-1-key", "prod-data-documents-us-east-1-documents", "prod-data-documents-us-east-1-access-logs",
            "prod-genai-vector-store-us-east-1-key", "prod-genai-vector-store-us-east-1-vector-bucket", "prod-genai-vector-store-us-east-1-index",
        ]) {
            const resource = one(graph, name);
            assert.deepStrictEqual([resource.protect, resource.retainOnDelete], [true, true], name);
        }
        const stateful = ["aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:s3/vectorsVectorBucket:VectorsVectorBucket", "aws:opensearch/serverlessCollection:ServerlessCollection"];
        assert.deepStrictEqual(graph.resources.filter((r) => stateful.includes(r.type) && !r.protect).map((r) => r.name), []);
    });
});

describe("identity across the prod accounts: an OpenSearch Serverless store before its index exists", () => {
    it("creates the private collection for the knowledge-base role, but no knowledge base and no retrieval grant yet", async () => {
        const graph = await plan("prod", "identity/Pulumi.prod-opensearch.yaml");
        const collection = one(graph, "prod-genai-vector-store-us-east-1-collection");
        assert.deepStrictEqual([collection.inputs.name, collection.inputs.type, collection.inputs.standbyReplicas, collection.protect, collection.retainOnDelete],
            ["acme-ai-prod-kb", "VECTORSEARCH", "ENABLED", true, true]);
        const endpoint = one(graph, "prod-genai-vector-store-us-east-1-vpc-endpoint");
        assert.deepStrictEqual([endpoint.inputs.vpcId, endpoint.inputs.subnetIds, endpoint.inputs.securityGroupIds], [
            one(graph, "prod-genai-network-us-east-1-vpc").id,
            ["us-east-1a", "us-east-1b", "us-east-1c"].map((zone) => one(graph, `prod-genai-network-us-east-1-subnet-${zone}`).id),
            [one(graph, "prod-genai-network-us-east-1-endpoints-security-group").id],
        ]);
        const access = JSON.parse(String(one(graph, "prod-genai-vector-store-us-east-1-knowledge-base-access").inputs.policy));
        assert.deepStrictEqual(access[0].Principal, [one(graph, "prod-genai-knowledge-base-role-role").outputs.arn]);
        assert.deepStrictEqual(ofType(graph, "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase"), []);
        assert.deepStrictEqual(ofType(graph, "aws:bedrock/agentDataSource:AgentDataSource"), []);
        const grants = documentOf(one(graph, "prod-genai-invoke-role-attribute-access-policy")).Statement.map((s: Statement) => s.Sid);
        assert.ok(!grants.includes("RetrieveFromKnowledgeBase"), grants.join(", "));
        assert.strictEqual((graph.outputs.genai as Record<string, unknown>).knowledgeBaseId, undefined);
    });
});

describe("identity across the prod accounts: every application account gets the same baseline", () => {
    it("gives an application account added in config the shipped ones' resources, in its own account", async () => {
        const graph = await plan("prod", extraApplication);
        const shape = (app: string) => graph.resources
            .filter((r) => r.name.startsWith(`prod-app-${app}-`) || r.name === `prod-app-${app}`)
            .map((r) => `${r.type} ${r.name.replace(`prod-app-${app}`, "<app>")}`)
            .sort();
        assert.deepStrictEqual(shape("support"), shape("search"));
        // Chat has egress, so it needs no SSM endpoint (support and search, on Lambda without egress, do), in each region.
        assert.deepStrictEqual(shape("support").filter((r) => !r.endsWith("-endpoint-ssm")), shape("chat"));
        assert.deepStrictEqual(shape("support").filter((r) => r.endsWith("-endpoint-ssm")), [
            "aws:ec2/vpcEndpoint:VpcEndpoint <app>-network-endpoint-ssm",
            "aws:ec2/vpcEndpoint:VpcEndpoint <app>-network-us-west-2-endpoint-ssm",
        ]);
        const support = accountOf(graph, "prod-app-support");
        const custom = graph.resources.filter((r) => r.custom && r.name.startsWith("prod-app-support"));
        assert.ok(custom.length >= 20, `${custom.length} resources`);
        assert.deepStrictEqual(custom.filter((r) => r.account !== support).map((r) => r.name), []);
        assert.deepStrictEqual(one(graph, "prod-app-support-workload-role").inputs.permissionsBoundary, one(graph, "prod-app-support-permission-boundary-policy").outputs.arn);
        const notifications = one(graph, "prod-app-support-budget-budget").inputs.notifications as { subscriberEmailAddresses: string[] }[];
        assert.deepStrictEqual(notifications.map((n) => n.subscriberEmailAddresses),
            [["support-team@example.com"], ["support-team@example.com"], ["support-team@example.com"]]);
        assert.deepStrictEqual(Object.keys(graph.outputs.applications as object), ["chat", "search", "support"]);
    });

    it("puts the prod NAT gateways one per zone only where config asks for egress, and retrieval on a private endpoint everywhere", async () => {
        const graph = await plan("prod");
        assert.deepStrictEqual(one(graph, "prod-app-chat-network-vpc").inputs.natGateways, { strategy: "OnePerAz" });
        assert.deepStrictEqual(one(graph, "prod-app-search-network-vpc").inputs.natGateways, { strategy: "None" });
        for (const app of ["chat", "search"]) {
            const endpoint = one(graph, `prod-app-${app}-network-endpoint-bedrock-agent-runtime`);
            assert.deepStrictEqual([endpoint.inputs.serviceName, endpoint.inputs.privateDnsEnabled], ["com.amazonaws.us-east-1.bedrock-agent-runtime", true]);
            assert.deepStrictEqual(documentOf(endpoint).Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": org, "aws:PrincipalAccount": genaiAccountOf(graph) } });
        }
    });
});

describe("identity across every shipped environment", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: every role carries its account's permissions boundary`, async () => {
            const graph = await plan(stack);
            const roles = ofType(graph, "aws:iam/role:Role");
            // Workload, flow-log roles of each application account; flow-log role of the data account; the genAI roles.
            assert.ok(roles.length >= 8, `${roles.length} roles`);
            for (const role of roles) {
                const boundary = graph.resources.filter((r) => r.type === "aws:iam/policy:Policy" && r.account === role.account && r.name.endsWith("-permission-boundary-policy"));
                assert.strictEqual(boundary.length, 1, role.name);
                assert.strictEqual(role.inputs.permissionsBoundary, boundary[0].outputs.arn, role.name);
            }
        });

        it(`${stack}: no identity policy grants * on *, and no resource policy allows everyone everything unconditionally`, async () => {
            const graph = await plan(stack);
            const boundaries = new Set(graph.resources.filter((r) => r.name.endsWith("-permission-boundary-policy")).map((r) => r.urn));
            const identityTypes = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"];
            let checked = 0;
            for (const resource of graph.resources.filter((r) => r.custom)) {
                for (const { input, statements } of policiesOf(resource)) {
                    for (const statement of statements.filter((s) => s.Effect === "Allow")) {
                        checked++;
                        const anyAction = list(statement.Action).some((action) => action === "*" || action === "*:*");
                        const anyResource = list(statement.Resource).includes("*");
                        if (identityTypes.includes(resource.type) && !boundaries.has(resource.urn)) {
                            assert.ok(!(anyAction && anyResource), `${resource.name}.${input} ${statement.Sid} grants * on *`);
                        }
                        if (!identityTypes.includes(resource.type) && input !== "assumeRolePolicy") {
                            assert.ok(!(anyAction && anyResource && (statement.Principal === "*" || list(statement.Principal?.AWS).includes("*")) && !statement.Condition),
                                `${resource.name}.${input} ${statement.Sid} allows everyone everything`);
                        }
                    }
                }
            }
            assert.ok(checked > 50, `${checked} statements checked`);
            // The boundary is a ceiling, never a grant: it is attached to no role as a permission.
            const boundaryArns = graph.resources.filter((r) => boundaries.has(r.urn)).map((r) => r.outputs.arn);
            assert.deepStrictEqual(ofType(graph, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => boundaryArns.includes(a.inputs.policyArn)), []);
        });

        it(`${stack}: no trust policy names a principal outside the environment's accounts, and cross-account trust requires the organization`, async () => {
            const graph = await plan(stack);
            const accounts = new Set(graph.accounts.map((a) => a.id));
            for (const role of ofType(graph, "aws:iam/role:Role")) {
                for (const statement of documentOf(role, "assumeRolePolicy").Statement as Statement[]) {
                    for (const principal of list<string>(statement.Principal?.AWS)) {
                        const account = /^arn:aws:iam::(\d{12}):/.exec(principal)?.[1];
                        assert.ok(account && accounts.has(account), `${role.name} trusts ${principal}`);
                        if (account !== role.account) {
                            assert.strictEqual(statement.Condition?.StringEquals?.["aws:PrincipalOrgID"], org, `${role.name} ${statement.Sid}`);
                        }
                    }
                    for (const service of list<string>(statement.Principal?.Service)) {
                        assert.match(service, /^[a-z0-9-]+\.amazonaws\.com$/, role.name);
                    }
                    assert.notStrictEqual(statement.Principal, "*", role.name);
                }
            }
        });
    }

    it("draws the trust between accounts in lz plan --format mermaid: each application to its invoke role, Bedrock to the knowledge-base role", async () => {
        const graph = await plan("prod");
        const genai = genaiAccountOf(graph);
        const chat = accountOf(graph, "prod-app-chat");
        const search = accountOf(graph, "prod-app-search");
        const crossAccount = trustEdges(graph).filter((edge) => edge.from !== edge.to && /^\d{12}$/.test(edge.from));
        assert.deepStrictEqual(crossAccount, [
            { from: chat, to: genai, roleName: "acme-ai-prod-genai-invoke-chat", sessionTags: true },
            { from: search, to: genai, roleName: "acme-ai-prod-genai-invoke-search", sessionTags: true },
        ]);
        const lines = formatMermaid(graph).split("\n");
        assert.ok(lines.includes(`  n_${chat} -.->|"assume acme-ai-prod-genai-invoke-chat + session tags"| n_${genai}`));
        assert.ok(lines.includes(`  n_${search} -.->|"assume acme-ai-prod-genai-invoke-search + session tags"| n_${genai}`));
        assert.ok(lines.includes(`  n_bedrock_amazonaws_com -.->|"assume acme-ai-prod-genai-knowledge-base"| n_${genai}`));
        assert.ok(lines.includes(`  n_ecs_tasks_amazonaws_com -.->|"assume acme-ai-prod-app-chat-workload"| n_${chat}`));
        assert.ok(lines.includes(`  n_lambda_amazonaws_com -.->|"assume acme-ai-prod-app-search-workload"| n_${search}`));
        assert.strictEqual(lines.filter((line) => line.includes("acme-ai-prod-genai-invoke")).length, 2, "one edge per application account");
    });
});

describe("identity config errors in lz plan (exit 2, every mistake at once)", () => {
    it("reports an application without a compute type, one serving no tenant and a WAF rate limit WAF refuses", async () => {
        const error = await planError("prod", "identity/Pulumi.prod-bad-applications.yaml");
        assert.strictEqual(error.kind, "config");
        const file = "Pulumi.prod-bad-applications.yaml";
        const at = `${file}: landing-zone:environment.accounts.applications`;
        assert.strictEqual(error.message, [
            `${file} has 3 problems:`,
            `  - ${at}.chat.compute must be one of "ecs", "lambda" (got nothing).`,
            `  - ${at}.search.tenants must list at least one tenant the application serves (got []).`,
            `  - ${at}.search.wafRateLimit must be from 10 to 2000000000 requests per evaluation window, the range AWS WAF accepts (got 5).`,
        ].join("\n"));
    });
});
