import * as assert from "assert";
import { loadCatalogue } from "../../../accounts/catalogue";
import { invokeRoleName } from "../../../accounts/genaiNames";
import { foundationModelArn, iamRoleArn, s3BucketArn, workloadRoleName } from "../../../accounts/naming";
import {
    classificationDenyStatements,
    classificationInvokeStatements,
    invokeRoleTrustPolicy,
    invokeRoleTrustProblems,
    invokeRoleTrustSizeProblems,
    ROLE_TRUST_POLICY_MAX,
    knowledgeBaseRetrieveStatements,
    mergeConditions,
    tenantDocumentReadStatements,
    WorkloadPrincipal,
} from "../../../components/identity/invokeRolePolicies";
import { classificationsUpTo, tenantPolicyVariable } from "../../../components/identity/sessionTags";
import { documentsBucketPolicy } from "../../../components/data/policyDocuments";
import { simulate } from "../../fixtures/iamSimulator";
import { projectDir } from "../../fixtures/plans";

const org = "o-a1b2c3d4e5";
const genai = "111111111111";
const data = "222222222222";
const chatAccount = "333333333333";
const searchAccount = "444444444444";
const chatRole = iamRoleArn("aws", chatAccount, workloadRoleName("acme-ai", "prod", "chat"));
const searchRole = iamRoleArn("aws", searchAccount, workloadRoleName("acme-ai", "prod", "search"));
const invokeRole = iamRoleArn("aws", genai, invokeRoleName("acme-ai", "prod", "chat"));
const searchInvokeRole = iamRoleArn("aws", genai, invokeRoleName("acme-ai", "prod", "search"));
const guardrailArn = `arn:aws:bedrock:us-east-1:${genai}:guardrail/abcdefghij12`;
const guardrailCondition = { StringEquals: { "bedrock:GuardrailIdentifier": `${guardrailArn}:1` } };

const workloads: WorkloadPrincipal[] = [
    { application: "search", workloadRoleArn: searchRole, tenants: ["globex"] },
    { application: "chat", workloadRoleArn: chatRole, tenants: ["initech", "acme"] },
];

describe("session tags", () => {
    it("clears each classification for itself and everything below it", () => {
        assert.deepStrictEqual(classificationsUpTo("public"), ["public"]);
        assert.deepStrictEqual(classificationsUpTo("internal"), ["public", "internal"]);
        assert.deepStrictEqual(classificationsUpTo("restricted"), ["public", "internal", "confidential", "restricted"]);
    });

    it("writes the tenant as IAM's policy variable, not as a template", () => {
        assert.strictEqual(tenantPolicyVariable, "${aws:PrincipalTag/tenant}");
    });
});

describe("invoke role trust policy: one role per application", () => {
    const [search, chat] = workloads;
    const chatTrust = invokeRoleTrustPolicy({ organizationId: org, workload: chat });
    const searchTrust = invokeRoleTrustPolicy({ organizationId: org, workload: search });
    const classifications = ["public", "internal", "confidential", "restricted"];

    it("trusts exactly the application's workload role, from the organization, with both session tags and its own tenants", () => {
        assert.deepStrictEqual(chatTrust, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AssumeFromChatWorkload",
                    Effect: "Allow",
                    // The application's account, narrowed to its workload role: the role need not exist yet.
                    Principal: { AWS: `arn:aws:iam::${chatAccount}:root` },
                    Action: "sts:AssumeRole",
                    Condition: {
                        ArnEquals: { "aws:PrincipalArn": chatRole },
                        StringEquals: { "aws:PrincipalOrgID": org },
                        Null: { "aws:RequestTag/tenant": "false", "aws:RequestTag/data-classification": "false" },
                    },
                },
                {
                    Sid: "TagSessionForChat",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${chatAccount}:root` },
                    Action: "sts:TagSession",
                    Condition: {
                        ArnEquals: { "aws:PrincipalArn": chatRole },
                        StringEquals: {
                            "aws:PrincipalOrgID": org,
                            "aws:RequestTag/tenant": ["acme", "initech"],
                            "aws:RequestTag/data-classification": classifications,
                        },
                        Null: { "aws:RequestTag/tenant": "false" },
                        "ForAllValues:StringEquals": { "aws:TagKeys": ["tenant", "data-classification"] },
                    },
                },
            ],
        });
        const searchAccount = searchRole.split(":")[4];
        assert.deepStrictEqual(searchTrust.Statement.map((s) => [s.Sid, s.Principal, s.Condition?.ArnEquals, s.Condition?.StringEquals?.["aws:RequestTag/tenant"]]), [
            ["AssumeFromSearchWorkload", { AWS: `arn:aws:iam::${searchAccount}:root` }, { "aws:PrincipalArn": searchRole }, undefined],
            ["TagSessionForSearch", { AWS: `arn:aws:iam::${searchAccount}:root` }, { "aws:PrincipalArn": searchRole }, ["globex"]],
        ]);
    });

    it("names no wildcard and admits no principal but the one workload role", () => {
        for (const [trust, role] of [[chatTrust, chatRole], [searchTrust, searchRole]] as const) {
            const principals = trust.Statement.map((s) => (s.Principal as { AWS: string }).AWS);
            assert.deepStrictEqual([...new Set(principals)], [role.replace(/:role\/.*$/, ":root")]);
            // Every statement narrows the account to the role, by exact ARN.
            assert.deepStrictEqual(trust.Statement.map((s) => s.Condition?.ArnEquals), [{ "aws:PrincipalArn": role }, { "aws:PrincipalArn": role }]);
        }
    });

    it("refuses wildcards, empty tenant lists and malformed tenants, naming each", () => {
        assert.deepStrictEqual(invokeRoleTrustProblems({
            organizationId: "org-1",
            workload: { application: "chat", workloadRoleArn: `arn:aws:iam::${chatAccount}:role/*`, tenants: [] },
        }), [
            'organizationId must be an AWS Organizations ID such as "o-a1b2c3d4e5" (got "org-1").',
            `workloads.chat.workloadRoleArn must be the exact ARN of an IAM role, without wildcards (got "arn:aws:iam::${chatAccount}:role/*").`,
            "workloads.chat.tenants must list at least one tenant (got none).",
        ]);
        assert.deepStrictEqual(invokeRoleTrustProblems({ organizationId: org, workload: { ...chat, tenants: ["Acme/x"] } }), [
            'workloads.chat.tenants has "Acme/x"; a tenant must be lower-case letters, digits and hyphens such as "acme".',
        ]);
        assert.throws(() => invokeRoleTrustPolicy({ organizationId: org, workload: { ...chat, tenants: [] } }), /at least one tenant/);
    });

    it("refuses a trust policy longer than IAM's default quota, which only the application's own tenants make grow", () => {
        const tenants = (count: number) => Array.from({ length: count }, (_, i) => `tenant-${String(i).padStart(3, "0")}`);
        const sized = (count: number) => ({ organizationId: org, workload: { application: "chat", workloadRoleArn: chatRole, tenants: tenants(count) } });
        assert.strictEqual(ROLE_TRUST_POLICY_MAX, 2048);
        const fits = tenants(300).map((_, i) => invokeRoleTrustSizeProblems(sized(i + 1)).length === 0).lastIndexOf(true) + 1;
        // About eighty-five tenants per application, whatever the number of applications.
        assert.ok(fits >= 80, `${fits} tenants fit`);
        const size = JSON.stringify(invokeRoleTrustPolicy(sized(fits))).length;
        assert.ok(size <= ROLE_TRUST_POLICY_MAX && size + 13 > ROLE_TRUST_POLICY_MAX, `${fits} tenants: ${size} characters`);
        // One more tenant adds `"tenant-NNN",`: 13 characters.
        assert.deepStrictEqual(invokeRoleTrustSizeProblems(sized(fits + 1)), [
            `the invoke role of application "chat" has a trust policy of ${size + 13} characters for ${fits + 1} tenants, over IAM's default limit of 2048; serve fewer tenants with this application, or raise the "Role trust policy length" quota (at most 4096) and ROLE_TRUST_POLICY_MAX with it.`,
        ]);
        assert.throws(() => invokeRoleTrustPolicy(sized(fits + 1)), /over IAM's default limit of 2048/);
    });

    describe("under the IAM simulator", () => {
        // Each workload role may assume and tag its own application's invoke role only (workloadRolePolicy).
        const workloadPolicyFor = (ownInvokeRole: string) => ({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: ownInvokeRole }],
        });
        const chatPolicy = workloadPolicyFor(invokeRole);
        const searchPolicy = workloadPolicyFor(searchInvokeRole);
        const tagged = (tenant: string, classification: string) => ({
            "aws:PrincipalOrgID": org,
            "aws:RequestTag/tenant": tenant,
            "aws:RequestTag/data-classification": classification,
            "aws:TagKeys": ["tenant", "data-classification"],
        });
        const assume = (principal: string, identity: object, target: string, trust: object, action: string, context: Record<string, string | string[]>) =>
            simulate({ principal, action, resource: target, resourceAccount: genai, context }, { identity: [identity], resource: trust });
        const call = (principal: string, action: string, context: Record<string, string | string[]>) =>
            assume(principal, chatPolicy, invokeRole, chatTrust, action, context);

        it("lets the chat workload assume its own invoke role with its own tenant and a known classification", async () => {
            assert.strictEqual(await call(chatRole, "sts:AssumeRole", tagged("acme", "confidential")), "Allowed");
            assert.strictEqual(await call(chatRole, "sts:TagSession", tagged("acme", "confidential")), "Allowed");
            assert.strictEqual(await assume(searchRole, searchPolicy, searchInvokeRole, searchTrust, "sts:TagSession", tagged("globex", "internal")), "Allowed");
        });

        it("refuses app A's workload role app B's invoke role, even with B's tenant and even if A's own policy allowed it", async () => {
            for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
                // A's own identity policy names only A's invoke role.
                assert.strictEqual(await assume(chatRole, chatPolicy, searchInvokeRole, searchTrust, action, tagged("globex", "internal")), "ImplicitlyDenied", action);
                // Were A granted B's role by mistake, B's trust still names B's workload role only.
                assert.strictEqual(await assume(chatRole, searchPolicy, searchInvokeRole, searchTrust, action, tagged("globex", "internal")), "ImplicitlyDenied", action);
                assert.strictEqual(await assume(searchRole, chatPolicy, invokeRole, chatTrust, action, tagged("acme", "internal")), "ImplicitlyDenied", action);
            }
        });

        it("refuses a session without tags, so no untagged session can exist", async () => {
            assert.strictEqual(await call(chatRole, "sts:AssumeRole", { "aws:PrincipalOrgID": org }), "ImplicitlyDenied");
        });

        it("refuses another application's tenant, an unknown classification and any extra tag", async () => {
            assert.strictEqual(await call(chatRole, "sts:TagSession", tagged("globex", "internal")), "ImplicitlyDenied");
            assert.strictEqual(await call(chatRole, "sts:TagSession", tagged("acme", "secret")), "ImplicitlyDenied");
            assert.strictEqual(await call(chatRole, "sts:TagSession", {
                ...tagged("acme", "internal"),
                "aws:RequestTag/role": "admin",
                "aws:TagKeys": ["tenant", "data-classification", "role"],
            }), "ImplicitlyDenied");
        });

        it("refuses a principal outside the organization and any role it does not name", async () => {
            assert.strictEqual(await call(chatRole, "sts:AssumeRole", { ...tagged("acme", "internal"), "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ImplicitlyDenied");
            const stranger = iamRoleArn("aws", chatAccount, "some-other-role");
            assert.strictEqual(await call(stranger, "sts:AssumeRole", tagged("acme", "internal")), "ImplicitlyDenied");
        });
    });
});

describe("classification-based invoke statements", () => {
    const catalogue = loadCatalogue(projectDir);
    const models = catalogue.models.filter((m) => m.modality !== "embedding").map((m) => ({
        modelId: m.id,
        maxClassification: m.maxClassification,
        resourceArns: [foundationModelArn("aws", "us-east-1", m.id)],
    }));
    const statements = classificationInvokeStatements(models, guardrailCondition);
    const sonnet = foundationModelArn("aws", "us-east-1", "anthropic.claude-sonnet-4-6");
    const sonnet45 = foundationModelArn("aws", "us-east-1", "anthropic.claude-sonnet-4-5-20250929-v1:0");
    const haiku = foundationModelArn("aws", "us-east-1", "anthropic.claude-haiku-4-5-20251001-v1:0");
    const nova = foundationModelArn("aws", "us-east-1", "amazon.nova-pro-v1:0");
    const llama = foundationModelArn("aws", "us-east-1", "meta.llama3-1-70b-instruct-v1:0");
    const actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

    it("groups models by clearance, each with the classifications it may see and the guardrail condition", () => {
        const condition = (classes: string[]) => ({
            StringEquals: { "aws:PrincipalTag/data-classification": classes, "bedrock:GuardrailIdentifier": `${guardrailArn}:1` },
        });
        assert.deepStrictEqual(statements, [
            { Sid: "InvokeModelsClearedForPublic", Effect: "Allow", Action: actions, Resource: [llama], Condition: condition(["public"]) },
            { Sid: "InvokeModelsClearedForInternal", Effect: "Allow", Action: actions, Resource: [nova, haiku], Condition: condition(["public", "internal"]) },
            { Sid: "InvokeModelsClearedForConfidential", Effect: "Allow", Action: actions, Resource: [sonnet45, sonnet], Condition: condition(["public", "internal", "confidential"]) },
        ]);
    });

    it("refuses a guardrail condition that constrains the same key, and an empty one", () => {
        assert.throws(() => classificationInvokeStatements(models, { StringEquals: { "aws:PrincipalTag/data-classification": "public" } }),
            /both conditions constrain StringEquals "aws:PrincipalTag\/data-classification"/);
        assert.throws(() => classificationInvokeStatements(models, {}), /every invoke must go through the guardrail/);
        assert.throws(() => classificationInvokeStatements([], guardrailCondition), /at least one catalogue model/);
    });

    it("merges conditions of different operators and keys without widening either", () => {
        assert.deepStrictEqual(
            mergeConditions({ StringEquals: { a: "1" }, Bool: { b: "true" } }, { StringEquals: { c: ["2", "3"] }, ArnLike: { d: "x" } }),
            { StringEquals: { a: "1", c: ["2", "3"] }, Bool: { b: "true" }, ArnLike: { d: "x" } },
        );
    });

    describe("under the IAM simulator", () => {
        const policy = { Version: "2012-10-17", Statement: statements };
        const call = (model: string, classification: string | undefined, guardrail: string | undefined) => simulate({
            principal: invokeRole,
            action: "bedrock:InvokeModel",
            resource: model,
            resourceAccount: genai,
            context: {
                ...(classification ? { "aws:PrincipalTag/data-classification": classification } : {}),
                ...(guardrail ? { "bedrock:GuardrailIdentifier": guardrail } : {}),
            },
        }, { identity: [policy] });

        it("lets an internal session invoke a model cleared for internal data through the guardrail", async () => {
            assert.strictEqual(await call(haiku, "internal", `${guardrailArn}:1`), "Allowed");
            assert.strictEqual(await call(sonnet, "internal", `${guardrailArn}:1`), "Allowed");
        });

        it("refuses a restricted session a model whose clearance is internal", async () => {
            assert.strictEqual(await call(haiku, "restricted", `${guardrailArn}:1`), "ImplicitlyDenied");
            assert.strictEqual(await call(sonnet, "restricted", `${guardrailArn}:1`), "ImplicitlyDenied");
            assert.strictEqual(await call(llama, "internal", `${guardrailArn}:1`), "ImplicitlyDenied");
        });

        it("refuses a call without the guardrail, or without a classification tag", async () => {
            assert.strictEqual(await call(haiku, "internal", undefined), "ImplicitlyDenied");
            assert.strictEqual(await call(haiku, "internal", `arn:aws:bedrock:us-east-1:${genai}:guardrail/another:1`), "ImplicitlyDenied");
            assert.strictEqual(await call(haiku, undefined, `${guardrailArn}:1`), "ImplicitlyDenied");
        });
    });
});

describe("classification-based deny statements", () => {
    const catalogue = loadCatalogue(projectDir);
    const models = catalogue.models.filter((m) => m.modality !== "embedding").map((m) => ({
        modelId: m.id,
        maxClassification: m.maxClassification,
        resourceArns: [foundationModelArn("aws", "us-east-1", m.id)],
    }));
    const haiku = foundationModelArn("aws", "us-east-1", "anthropic.claude-haiku-4-5-20251001-v1:0");
    const sonnet = foundationModelArn("aws", "us-east-1", "anthropic.claude-sonnet-4-6");
    const sonnet45 = foundationModelArn("aws", "us-east-1", "anthropic.claude-sonnet-4-5-20250929-v1:0");
    const denies = classificationDenyStatements(models);

    it("denies each clearance level's models to every other classification, and to untagged sessions", () => {
        assert.deepStrictEqual(denies.map((s) => [s.Sid, s.Effect, s.Condition]), [
            ["DenyModelsClearedForPublicAboveTheirClearance", "Deny", { StringNotEquals: { "aws:PrincipalTag/data-classification": ["public"] } }],
            ["DenyModelsClearedForInternalAboveTheirClearance", "Deny", { StringNotEquals: { "aws:PrincipalTag/data-classification": ["public", "internal"] } }],
            ["DenyModelsClearedForConfidentialAboveTheirClearance", "Deny", { StringNotEquals: { "aws:PrincipalTag/data-classification": ["public", "internal", "confidential"] } }],
        ]);
        assert.deepStrictEqual(denies[2].Resource, [sonnet45, sonnet]);
    });

    it("under the IAM simulator, holds beside the genAI account's catalogue-wide allow", async () => {
        const catalogueWideAllow = {
            Sid: "InvokeCatalogueModelsThroughTheGuardrail",
            Effect: "Allow",
            Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            Resource: models.flatMap((m) => m.resourceArns),
            Condition: guardrailCondition,
        };
        const policy = { Version: "2012-10-17", Statement: [catalogueWideAllow, ...denies] };
        const call = (model: string, classification?: string) => simulate({
            principal: invokeRole, action: "bedrock:InvokeModel", resource: model, resourceAccount: genai,
            context: { "bedrock:GuardrailIdentifier": `${guardrailArn}:1`, ...(classification ? { "aws:PrincipalTag/data-classification": classification } : {}) },
        }, { identity: [policy] });
        assert.strictEqual(await call(haiku, "internal"), "Allowed");
        assert.strictEqual(await call(haiku, "restricted"), "ExplicitlyDenied");
        assert.strictEqual(await call(sonnet, "confidential"), "Allowed");
        assert.strictEqual(await call(sonnet, undefined), "ExplicitlyDenied");
    });
});

describe("tenant document access of the invoke role", () => {
    const bucket = s3BucketArn("aws", `acme-ai-prod-docs-${data}-us-east-1`);
    const dataKey = `arn:aws:kms:us-east-1:${data}:key/11111111-2222-4333-a444-555555555555`;
    const statements = tenantDocumentReadStatements({ partition: "aws", region: "us-east-1", dataAccountId: data, documentsBucketArn: bucket, dataKeyArn: dataKey });

    it("reads and lists under the caller's tenant prefix in the data account, and decrypts through S3 only", () => {
        assert.deepStrictEqual(statements, [
            {
                Sid: "ReadCallerTenantDocuments",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: `${bucket}/tenants/\${aws:PrincipalTag/tenant}/*`,
                Condition: { StringEquals: { "aws:ResourceAccount": data }, Null: { "aws:PrincipalTag/tenant": "false" } },
            },
            {
                Sid: "ListCallerTenantDocuments",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: bucket,
                Condition: {
                    StringEquals: { "aws:ResourceAccount": data },
                    StringLike: { "s3:prefix": "tenants/${aws:PrincipalTag/tenant}/*" },
                    Null: { "aws:PrincipalTag/tenant": "false" },
                },
            },
            {
                Sid: "DecryptDocumentsThroughS3",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: dataKey,
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            },
        ]);
    });

    it("under the IAM simulator, with the bucket policy, lets tenant acme read its own documents and nobody else's", async () => {
        const identity = { Version: "2012-10-17", Statement: statements };
        const bucketPolicy = documentsBucketPolicy({
            documentsBucketArn: bucket, organizationId: org,
            knowledgeBaseRoleArn: iamRoleArn("aws", genai, "acme-ai-prod-genai-knowledge-base"), invokeRoleArns: [searchInvokeRole, invokeRole],
        });
        const read = (key: string, tenant: string) => simulate({
            principal: invokeRole,
            action: "s3:GetObject",
            resource: `${bucket}/${key}`,
            resourceAccount: data,
            context: { "aws:PrincipalOrgID": org, "aws:PrincipalTag/tenant": tenant, "aws:ResourceAccount": data, "aws:SecureTransport": "true" },
        }, { identity: [identity], resource: bucketPolicy });
        assert.strictEqual(await read("tenants/acme/handbook.pdf", "acme"), "Allowed");
        assert.strictEqual(await read("tenants/globex/handbook.pdf", "acme"), "ImplicitlyDenied");
        assert.strictEqual(await read("other/handbook.pdf", "acme"), "ImplicitlyDenied");
    });
});

describe("knowledge-base retrieval of the invoke role", () => {
    const knowledgeBase = `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/ABCDEFGHIJ`;
    const statements = knowledgeBaseRetrieveStatements(knowledgeBase);

    it("allows Retrieve on the one knowledge base, and not RetrieveAndGenerate", async () => {
        assert.deepStrictEqual(statements, [{ Sid: "RetrieveFromKnowledgeBase", Effect: "Allow", Action: "bedrock:Retrieve", Resource: knowledgeBase }]);
        const identity = { Version: "2012-10-17", Statement: statements };
        const call = (action: string, resource: string) => simulate({ principal: invokeRole, action, resource, resourceAccount: genai }, { identity: [identity] });
        assert.strictEqual(await call("bedrock:Retrieve", knowledgeBase), "Allowed");
        assert.strictEqual(await call("bedrock:Retrieve", `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/KLMNOPQRST`), "ImplicitlyDenied");
        assert.strictEqual(await call("bedrock:RetrieveAndGenerate", "*"), "ImplicitlyDenied");
    });
});
