import * as assert from "assert";
import { PlanGraph } from "../../cli/engine/graph";
import { mockAccountId } from "../../cli/engine/mockIds";
import { accountOf, named, ofType, plan } from "../fixtures/plans";

const requiredTags = ["environment", "account-role", "owner", "cost-center", "managed-by"];

function providersOf(graph: PlanGraph) {
    return ofType(graph, "pulumi:providers:aws");
}

for (const stack of ["dev", "staging", "prod"]) {
    describe(`environment stack ${stack}`, () => {
        it("has exactly one AWS provider per account, each assuming the access role into that account only", async () => {
            const graph = await plan(stack);
            const providers = providersOf(graph);
            const accounts = new Set(providers.map((p) => p.account));
            assert.strictEqual(accounts.size, providers.length, "two providers share an account");
            assert.ok(providers.length >= 3, `expected genai, data and application accounts, got ${providers.length}`);
            for (const provider of providers) {
                const assumeRoles = provider.inputs.assumeRoles as { roleArn: string; sessionName: string }[];
                assert.deepStrictEqual(assumeRoles, [{
                    roleArn: `arn:aws:iam::${provider.account}:role/OrganizationAccountAccessRole`,
                    sessionName: `lz-${provider.name}`,
                }]);
                assert.deepStrictEqual(provider.inputs.allowedAccountIds, [provider.account]);
                assert.strictEqual(provider.inputs.region, "us-east-1");
            }
        });

        it("tags every resource through its provider with the landing zone's required tags", async () => {
            const graph = await plan(stack);
            for (const provider of providersOf(graph)) {
                const tags = (provider.inputs.defaultTags as { tags: Record<string, string> }).tags;
                assert.deepStrictEqual(Object.keys(tags).sort(), [...requiredTags].sort(), provider.name);
                assert.strictEqual(tags.environment, stack);
                assert.strictEqual(tags["managed-by"], "genai-landing-zone");
            }
        });

        it("uses no default provider: every AWS resource names its account's provider", async () => {
            const graph = await plan(stack);
            const awsResources = graph.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
            assert.ok(awsResources.length > 0);
            const withoutProvider = awsResources.filter((r) => r.provider === null || r.account === null).map((r) => r.urn);
            assert.deepStrictEqual(withoutProvider, []);
        });

        it("gives every account the baseline, in each region the environment uses", async () => {
            const graph = await plan(stack);
            const regions = stack === "prod" ? ["us-east-1", "us-west-2"] : ["us-east-1"];
            for (const provider of providersOf(graph)) {
                const inAccount = graph.resources.filter((r) => r.account === provider.account);
                const alias = inAccount.filter((r) => r.type === "aws:iam/accountAlias:AccountAlias");
                assert.deepStrictEqual(alias.map((r) => r.inputs.accountAlias), [`acme-ai-${provider.name}`]);
                assert.strictEqual(alias[0].region, "global");
                const policy = inAccount.filter((r) => r.type === "aws:iam/accountPasswordPolicy:AccountPasswordPolicy");
                assert.strictEqual(policy.length, 1);
                assert.strictEqual(policy[0].inputs.minimumPasswordLength, 14);
                const block = inAccount.filter((r) => r.type === "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock");
                assert.deepStrictEqual(block.map((r) => [r.inputs.blockPublicAcls, r.inputs.blockPublicPolicy, r.inputs.ignorePublicAcls, r.inputs.restrictPublicBuckets]), [[true, true, true, true]]);
                const ebs = inAccount.filter((r) => r.type === "aws:ebs/encryptionByDefault:EncryptionByDefault");
                assert.deepStrictEqual(ebs.map((r) => [r.region, r.inputs.enabled]), regions.map((region) => [region, true]));
                const analyzers = inAccount.filter((r) => r.type === "aws:accessanalyzer/analyzer:Analyzer");
                assert.deepStrictEqual(analyzers.map((r) => r.region), regions);
            }
        });
    });
}

describe("environment stack prod", () => {
    it("lands in the genai, data and both application accounts, in two regions", async () => {
        const graph = await plan("prod");
        assert.deepStrictEqual(graph.accounts.map((a) => [a.label, a.role]).sort(), [
            ["prod-app-chat", "application"],
            ["prod-app-search", "application"],
            ["prod-data", "data"],
            ["prod-genai", "genai"],
        ]);
        assert.deepStrictEqual(graph.regions, ["us-east-1", "us-west-2"]);
        const accountsUsed = new Set(graph.resources.filter((r) => r.custom && r.account).map((r) => r.account));
        assert.strictEqual(accountsUsed.size, 4);
    });

    it("takes adopted account IDs from its own config and the others from the organization stack", async () => {
        const graph = await plan("prod");
        assert.strictEqual(accountOf(graph, "prod-data"), "210987654321");
        assert.strictEqual(accountOf(graph, "prod-genai"), mockAccountId("acme-ai-prod-genai"));
        const reference = named(graph, "organization");
        assert.strictEqual(reference.type, "pulumi:pulumi:StackReference");
        assert.strictEqual(reference.inputs.name, "organization");
        assert.deepStrictEqual((graph.outputs.accounts as Record<string, string>)["data"], "210987654321");
    });
});

describe("environment stack dev", () => {
    it("stays in its primary region when DR is off", async () => {
        const graph = await plan("dev");
        assert.deepStrictEqual(graph.regions, ["us-east-1"]);
        assert.strictEqual(graph.outputs.drRegion, undefined);
    });
});

describe("organization stack", () => {
    it("builds Security and Workloads OUs with one OU per environment, all protected", async () => {
        const graph = await plan("organization");
        const ous = ofType(graph, "aws:organizations/organizationalUnit:OrganizationalUnit");
        assert.deepStrictEqual(ous.map((ou) => [ou.name, ou.inputs.name, ou.protect]), [
            ["ou-security", "Security", true],
            ["ou-workloads", "Workloads", true],
            ["ou-workloads-dev", "dev", true],
            ["ou-workloads-prod", "prod", true],
            ["ou-workloads-staging", "staging", true],
        ]);
        const workloads = named(graph, "ou-workloads");
        for (const env of ["dev", "prod", "staging"]) {
            assert.strictEqual(named(graph, `ou-workloads-${env}`).inputs.parentId, workloads.id);
        }
        assert.match(String(named(graph, "ou-security").inputs.parentId), /^r-[a-z0-9]{4}$/);
    });

    it("creates each member account protected, retained and never closed, in its environment's OU", async () => {
        const graph = await plan("organization");
        const accounts = ofType(graph, "aws:organizations/account:Account").filter((a) => a.inputs.name !== "acme-ai-prod-data");
        assert.deepStrictEqual(accounts.map((a) => a.inputs.name).sort(), [
            "acme-ai-dev-app-chat", "acme-ai-dev-data", "acme-ai-dev-genai",
            "acme-ai-log-archive",
            "acme-ai-prod-app-chat", "acme-ai-prod-app-search", "acme-ai-prod-genai",
            "acme-ai-security",
            "acme-ai-staging-app-chat", "acme-ai-staging-data", "acme-ai-staging-genai",
        ]);
        for (const account of accounts.filter((a) => !["acme-ai-log-archive", "acme-ai-security"].includes(String(a.inputs.name)))) {
            const env = String(account.inputs.name).split("-")[2];
            assert.strictEqual(account.protect, true, `${account.name} protect`);
            assert.strictEqual(account.retainOnDelete, true, `${account.name} retainOnDelete`);
            assert.strictEqual(account.inputs.closeOnDeletion, false);
            assert.strictEqual(account.inputs.email, `aws+${account.inputs.name}@example.com`);
            assert.strictEqual(account.inputs.roleName, "OrganizationAccountAccessRole");
            assert.strictEqual(account.inputs.iamUserAccessToBilling, "DENY");
            assert.deepStrictEqual(account.ignoreChanges, ["roleName"]);
            assert.strictEqual(account.inputs.parentId, named(graph, `ou-workloads-${env}`).id);
        }
    });

    it("adopts the account configured by ID, importing it and moving it into its environment's OU", async () => {
        const graph = await plan("organization");
        const outputs = graph.outputs.accounts as Record<string, Record<string, string>>;
        assert.strictEqual(outputs.prod.data, "210987654321");
        assert.strictEqual(outputs.prod.genai, mockAccountId("acme-ai-prod-genai"));
        const adopted = named(graph, "prod-data-account");
        assert.strictEqual(adopted.id, "210987654321");
        assert.strictEqual(adopted.inputs.parentId, named(graph, "ou-workloads-prod").id);
        assert.deepStrictEqual([adopted.protect, adopted.retainOnDelete, adopted.inputs.closeOnDeletion], [true, true, false]);
        // Its name, root e-mail and billing access stay as they are: an e-mail change would replace the account.
        assert.deepStrictEqual(adopted.ignoreChanges, ["roleName", "name", "email", "iamUserAccessToBilling"]);
    });

    it("attaches the baseline SCPs to the Security and Workloads OUs", async () => {
        const graph = await plan("organization");
        const policies = new Map(ofType(graph, "aws:organizations/policy:Policy").map((p) => [String(p.inputs.name), p]));
        const baseline = ["acme-ai-deny-leave-organization", "acme-ai-region-allow-list", "acme-ai-protect-security-services"];
        for (const name of baseline) {
            const policy = policies.get(name);
            assert.ok(policy, `missing SCP ${name}`);
            assert.strictEqual(policy.inputs.type, "SERVICE_CONTROL_POLICY");
            const attachments = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment").filter((a) => a.inputs.policyId === policy.id);
            assert.deepStrictEqual(attachments.map((a) => a.inputs.targetId).sort(), [named(graph, "ou-security").id, named(graph, "ou-workloads").id].sort());
        }
        const regions = JSON.parse(String(policies.get("acme-ai-region-allow-list")!.inputs.content));
        assert.deepStrictEqual(regions.Statement[0].Condition, { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } });
        assert.ok(regions.Statement[0].NotAction.includes("bedrock:*"), "Bedrock is governed by its own statement");
        assert.deepStrictEqual(regions.Statement[1], {
            Sid: "DenyBedrockOutsideCatalogueRegions",
            Effect: "Deny",
            Action: "bedrock:*",
            Resource: "*",
            // us-east-2 is a destination of the catalogue's cross-region inference profiles.
            Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-east-2", "us-west-2"] } },
        });
        const leave = JSON.parse(String(policies.get("acme-ai-deny-leave-organization")!.inputs.content));
        assert.deepStrictEqual(leave.Statement, [{ Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }]);
        const security = JSON.parse(String(policies.get("acme-ai-protect-security-services")!.inputs.content));
        assert.deepStrictEqual(security.Statement.map((s: { Sid: string }) => s.Sid), [
            "DenyCloudTrailChanges", "DenyGuardDutyChanges", "DenyConfigChanges", "DenySecurityHubChanges", "DenyAccessAnalyzerChanges", "DenyBedrockGovernanceChanges",
        ]);
        assert.ok(security.Statement[0].Action.includes("cloudtrail:StopLogging"));
        for (const statement of security.Statement) {
            assert.deepStrictEqual(statement.Condition, { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/OrganizationAccountAccessRole" } });
        }
    });

    it("budgets the management account's own costs, alerting its owners by e-mail", async () => {
        const graph = await plan("organization");
        const budgets = ofType(graph, "aws:budgets/budget:Budget").filter((b) => b.account === "111111111111");
        const emails = { subscriberEmailAddresses: ["platform-team@example.com"] };
        const alert = (notificationType: string, threshold: number) => ({ notificationType, comparisonOperator: "GREATER_THAN", threshold, thresholdType: "PERCENTAGE", ...emails });
        assert.deepStrictEqual(budgets.map((b) => [b.name, b.account, b.inputs]), [["management-budget-budget", "111111111111", {
            accountId: "111111111111",
            name: "acme-ai-management-monthly",
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: "200.00",
            limitUnit: "USD",
            // A budget in the management account would otherwise count every member account's costs too.
            costFilters: [{ name: "LinkedAccount", values: ["111111111111"] }],
            notifications: [alert("ACTUAL", 80), alert("ACTUAL", 100), alert("FORECASTED", 100)],
        }]]);
    });

    it("runs in the management account with its own credentials, and in the two core accounts through the access role", async () => {
        const graph = await plan("organization");
        const logArchive = mockAccountId("acme-ai-log-archive");
        const security = mockAccountId("acme-ai-security");
        assert.deepStrictEqual(graph.accounts.map((a) => [a.label, a.id, a.assumedRoleArn]), [
            ["management", "111111111111", undefined],
            ["security-log-archive", logArchive, `arn:aws:iam::${logArchive}:role/OrganizationAccountAccessRole`],
            ["security-security", security, `arn:aws:iam::${security}:role/OrganizationAccountAccessRole`],
        ]);
        const providers = ofType(graph, "pulumi:providers:aws");
        assert.deepStrictEqual(providers.map((p) => p.inputs.allowedAccountIds), [["111111111111"], [logArchive], [security]]);
        const stray = graph.resources.filter((r) => r.custom && r.type.startsWith("aws:") && ![...graph.accounts.map((a) => a.id)].includes(String(r.account)));
        assert.deepStrictEqual(stray.map((r) => r.urn), []);
    });
});
