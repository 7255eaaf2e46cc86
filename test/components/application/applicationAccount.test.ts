import * as assert from "assert";
import { invokeRoleName } from "../../../accounts/genaiNames";
import { accountBudgetName, iamRoleArn, webAclName, workloadRoleName } from "../../../accounts/naming";
import { ApplicationAccount, ApplicationAccountArgs, applicationAccountProblems } from "../../../components/application/applicationAccount";
import { constructionError, runComponent } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const org = "o-a1b2c3d4e5";
const genai = "111111111111";
const chatAccount = "333333333333";
const invokeRole = iamRoleArn("aws", genai, invokeRoleName("acme-ai", "prod", "chat"));
const boundary = `arn:aws:iam::${chatAccount}:policy/acme-ai-lz-permission-boundary`;
const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
const haiku = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
const haikuProfile = `arn:aws:bedrock:us-east-1:${genai}:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0`;
const guardrail = `arn:aws:bedrock:us-east-1:${genai}:guardrail/abcdefghij12:1`;

function args(application: string, overrides: Partial<ApplicationAccountArgs> = {}): ApplicationAccountArgs {
    return {
        region: "us-east-1",
        accountId: chatAccount,
        organizationId: org,
        vpcCidr: "10.32.0.0/16",
        availabilityZoneNames: zones,
        compute: "ecs",
        workloadRoleName: workloadRoleName("acme-ai", "prod", application),
        permissionsBoundaryArn: boundary,
        invokeRoleArn: invokeRole,
        genAiAccountId: genai,
        approvedModelArns: [haikuProfile, haiku],
        guardrailIdentifier: guardrail,
        flowLogGroupName: `/acme-ai/prod/app-${application}/vpc-flow-logs`,
        flowLogRoleName: "acme-ai-prod-flow-logs-us-east-1",
        flowLogKeyAlias: `alias/acme-ai-prod-app-${application}-flow-logs`,
        webAclName: webAclName("acme-ai", "prod", application),
        wafRateLimit: 2000,
        budgetName: accountBudgetName("acme-ai", "prod", `app-${application}`),
        monthlyBudgetUsd: 500,
        budgetSubscriberEmails: ["platform-team@example.com", "chat-team@example.com"],
        ...overrides,
    };
}

const build = (application: string, overrides: Partial<ApplicationAccountArgs> = {}) =>
    runComponent((opts) => new ApplicationAccount(`prod-app-${application}`, args(application, overrides), opts), { accountId: chatAccount });

describe("ApplicationAccount", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build("chat");
    });

    it("creates the network and its flow logs, the workload role, the web ACL and the budget, and nothing else", () => {
        // The region's network and web ACL are the children of one lz:application:Region, aliased to their former parent.
        assert.deepStrictEqual([...run.ofType("lz:application:Network"), ...run.ofType("lz:application:WebAcl")].map((r) => r.parent), [run.named("prod-app-chat-us-east-1").urn, run.named("prod-app-chat-us-east-1").urn]);
        assert.deepStrictEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:budgets/budget:Budget prod-app-chat-budget-budget",
            "aws:cloudwatch/logGroup:LogGroup prod-app-chat-network-flow-logs",
            "aws:ec2/flowLog:FlowLog prod-app-chat-network-flow-log",
            "aws:ec2/securityGroup:SecurityGroup prod-app-chat-network-endpoints",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-bedrock-agent-runtime",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-bedrock-runtime",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-ecr-api",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-ecr-dkr",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-logs",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-s3",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-ssm",
            "aws:ec2/vpcEndpoint:VpcEndpoint prod-app-chat-network-endpoint-sts",
            "aws:iam/role:Role prod-app-chat-network-flow-logs-role",
            "aws:iam/role:Role prod-app-chat-workload-role",
            "aws:iam/rolePolicy:RolePolicy prod-app-chat-network-flow-logs-policy",
            "aws:iam/rolePolicy:RolePolicy prod-app-chat-workload-assume-invoke-role",
            "aws:kms/alias:Alias prod-app-chat-network-flow-logs-key-alias",
            "aws:kms/key:Key prod-app-chat-network-flow-logs-key-key",
            "aws:wafv2/webAcl:WebAcl prod-app-chat-waf-web-acl",
            "awsx:ec2:Vpc prod-app-chat-network-vpc",
            "lz:application:ApplicationAccount prod-app-chat",
            "lz:application:Network prod-app-chat-network",
            "lz:application:Region prod-app-chat-us-east-1",
            "lz:application:WebAcl prod-app-chat-waf",
            "lz:application:WorkloadRole prod-app-chat-workload",
            "lz:network:FlowLogs prod-app-chat-network",
            "lz:observability:AccountBudget prod-app-chat-budget",
            "lz:security:EncryptionKey prod-app-chat-network-flow-logs-key",
        ]);
    });

    it("gives a VPC without egress the endpoints its compute needs to start: ECS pulls from ECR and S3 and logs; Lambda only reads SSM", async () => {
        const services = (r: typeof run) => r.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => `${e.inputs.serviceName} ${e.inputs.vpcEndpointType}`).sort();
        const base = ["bedrock-agent-runtime", "bedrock-runtime", "sts"].map((service) => `com.amazonaws.us-east-1.${service} Interface`);
        assert.deepStrictEqual(services(run), [
            ...base.slice(0, 2),
            "com.amazonaws.us-east-1.ecr.api Interface",
            "com.amazonaws.us-east-1.ecr.dkr Interface",
            "com.amazonaws.us-east-1.logs Interface",
            "com.amazonaws.us-east-1.s3 Gateway",
            "com.amazonaws.us-east-1.ssm Interface",
            base[2],
        ]);
        assert.deepStrictEqual(services(await build("chat", { compute: "lambda" })), [...base.slice(0, 2), "com.amazonaws.us-east-1.ssm Interface", base[2]]);
        // With egress the task reaches ECR, Logs and SSM through the NAT gateway.
        assert.deepStrictEqual(services(await build("chat", { egress: true })), base);
        const s3 = run.policyOf("prod-app-chat-network-endpoint-s3");
        assert.deepStrictEqual(s3.Statement[1], {
            Sid: "AllowEcrImageLayers", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
        });
        assert.deepStrictEqual(run.policyOf("prod-app-chat-network-endpoint-ecr-dkr").Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": org } });
    });

    it("builds the DR region's network, endpoints and web ACL by the same code, under that region's guardrail and flow-log role", async () => {
        const drGuardrail = `arn:aws:bedrock:us-west-2:${genai}:guardrail/zyxwvutsrq98:1`;
        const withDr = await build("chat", {
            drRegion: { region: "us-west-2", availabilityZoneNames: ["us-west-2a", "us-west-2b", "us-west-2c"], guardrailIdentifier: drGuardrail, flowLogRoleName: "acme-ai-prod-flow-logs-us-west-2" },
        });
        // Each region is one lz:application:Region; the primary's children keep their names from before DR existed.
        assert.deepStrictEqual(withDr.ofType("lz:application:Region").map((r) => r.name), ["prod-app-chat-us-east-1", "prod-app-chat-us-west-2"]);
        const primary = withDr.resources.filter((r) => (/-(network|waf)(-|$)/.test(r.name) || r.type === "lz:application:Region") && !r.name.includes("us-west-2"));
        const dr = withDr.resources.filter((r) => r.name.includes("-us-west-2"));
        const unregioned = (r: { type: string; name: string }) => `${r.type} ${r.name.replace(/-us-(east-1|west-2)/, "")}`;
        assert.deepStrictEqual(dr.map(unregioned).sort(), primary.map(unregioned).sort());
        assert.deepStrictEqual([...new Set(dr.filter((r) => r.custom && r.inputs.region !== undefined).map((r) => r.inputs.region))], ["us-west-2"]);
        assert.ok(JSON.stringify(withDr.policyOf("prod-app-chat-network-us-west-2-endpoint-bedrock-runtime")).includes(drGuardrail));
        assert.ok(!JSON.stringify(withDr.policyOf("prod-app-chat-network-us-west-2-endpoint-bedrock-runtime")).includes(guardrail));
        assert.strictEqual(withDr.named("prod-app-chat-network-us-west-2-flow-logs-role").inputs.name, "acme-ai-prod-flow-logs-us-west-2");
    });

    it("logs all of the VPC's traffic to an encrypted log group kept 90 days, written by a role with the account's boundary", () => {
        const flowLog = run.named("prod-app-chat-network-flow-log");
        const group = run.named("prod-app-chat-network-flow-logs");
        const role = run.named("prod-app-chat-network-flow-logs-role");
        assert.deepStrictEqual([flowLog.inputs.vpcId, flowLog.inputs.trafficType, flowLog.inputs.logDestination, flowLog.inputs.iamRoleArn, flowLog.inputs.region],
            [run.named("prod-app-chat-network-vpc").outputs.vpcId, "ALL", group.outputs.arn, role.outputs.arn, "us-east-1"]);
        assert.deepStrictEqual([group.inputs.name, group.inputs.retentionInDays, group.inputs.kmsKeyId, group.protect],
            ["/acme-ai/prod/app-chat/vpc-flow-logs", 90, run.named("prod-app-chat-network-flow-logs-key-key").outputs.arn, true]);
        assert.deepStrictEqual([role.inputs.name, role.inputs.permissionsBoundary], ["acme-ai-prod-flow-logs-us-east-1", boundary]);
        assert.deepStrictEqual(run.policyOf("prod-app-chat-network-flow-logs-role", "assumeRolePolicy").Statement[0].Condition, {
            StringEquals: { "aws:SourceAccount": chatAccount }, ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${chatAccount}:vpc-flow-log/*` },
        });
    });

    it("gives every application account listed in config the same baseline", async () => {
        // The same compute and egress: those decide the endpoints (tested above).
        const search = await build("search", { vpcCidr: "10.33.0.0/16" });
        const shape = (r: { type: string; name: string }[], app: string) => r.map((x) => `${x.type} ${x.name.replace(`prod-app-${app}`, "<app>")}`).sort();
        assert.deepStrictEqual(shape(search.resources, "search"), shape(run.resources, "chat"));
    });

    describe("network", () => {
        it("builds a private-only awsx VPC with no NAT when egress is not asked for", () => {
            const vpc = run.named("prod-app-chat-network-vpc");
            assert.strictEqual(vpc.remote, true);
            assert.deepStrictEqual(vpc.inputs, {
                region: "us-east-1",
                cidrBlock: "10.32.0.0/16",
                availabilityZoneNames: zones,
                subnetSpecs: [{ type: "Private" }],
                natGateways: { strategy: "None" },
                enableDnsHostnames: true,
                enableDnsSupport: true,
            });
        });

        it("adds public subnets and one NAT per zone with egress in prod, a single NAT elsewhere", async () => {
            const prod = await build("chat", { egress: true, natGatewaysPerAz: true });
            assert.deepStrictEqual(prod.named("prod-app-chat-network-vpc").inputs.subnetSpecs, [{ type: "Private" }, { type: "Public" }]);
            assert.deepStrictEqual(prod.named("prod-app-chat-network-vpc").inputs.natGateways, { strategy: "OnePerAz" });
            const dev = await build("chat", { egress: true });
            assert.deepStrictEqual(dev.named("prod-app-chat-network-vpc").inputs.natGateways, { strategy: "Single" });
            const off = await build("chat", { egress: false, natGatewaysPerAz: true });
            assert.deepStrictEqual(off.named("prod-app-chat-network-vpc").inputs.natGateways, { strategy: "None" });
        });

        it("admits HTTPS from the VPC's own range only, and nothing out", () => {
            const group = run.named("prod-app-chat-network-endpoints");
            assert.deepStrictEqual(group.inputs.ingress, [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.32.0.0/16"], description: "HTTPS from the VPC" }]);
            assert.deepStrictEqual(group.inputs.egress, []);
            assert.strictEqual(group.inputs.vpcId, run.named("prod-app-chat-network-vpc").outputs.vpcId);
        });

        it("puts STS, Bedrock runtime and Bedrock agent runtime endpoints with private DNS in the VPC's private subnets", () => {
            const vpc = run.named("prod-app-chat-network-vpc").outputs;
            for (const service of ["sts", "bedrock-runtime", "bedrock-agent-runtime"]) {
                const endpoint = run.named(`prod-app-chat-network-endpoint-${service}`).inputs;
                assert.strictEqual(endpoint.serviceName, `com.amazonaws.us-east-1.${service}`);
                assert.strictEqual(endpoint.vpcEndpointType, "Interface");
                assert.strictEqual(endpoint.privateDnsEnabled, true);
                assert.strictEqual(endpoint.region, "us-east-1");
                assert.deepStrictEqual(endpoint.subnetIds, vpc.privateSubnetIds);
                assert.strictEqual(endpoint.subnetIds.length, 3);
                assert.deepStrictEqual(endpoint.securityGroupIds, [run.named("prod-app-chat-network-endpoints").outputs.id]);
            }
        });

        it("lets the STS endpoint reach only the invoke role, for organization principals", () => {
            assert.deepStrictEqual(run.policyOf("prod-app-chat-network-endpoint-sts"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AssumeInvokeRoleFromOrganization",
                        Effect: "Allow",
                        Principal: "*",
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                        Resource: invokeRole,
                        Condition: { StringEquals: { "aws:PrincipalOrgID": org } },
                    },
                    { Sid: "GetCallerIdentityFromOrganization", Effect: "Allow", Principal: "*", Action: "sts:GetCallerIdentity", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": org } } },
                ],
            });
        });

        it("lets the Bedrock runtime endpoint carry only genAI-account sessions to catalogue models, through the guardrail", () => {
            assert.deepStrictEqual(run.policyOf("prod-app-chat-network-endpoint-bedrock-runtime"), {
                Version: "2012-10-17",
                Statement: [{
                    Sid: "InvokeCatalogueModelsAsGenAiAccount",
                    Effect: "Allow",
                    Principal: "*",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: [haikuProfile, haiku],
                    Condition: { StringEquals: { "aws:PrincipalOrgID": org, "aws:PrincipalAccount": genai, "bedrock:GuardrailIdentifier": guardrail } },
                }],
            });
        });

        it("lets the Bedrock agent runtime endpoint carry only genAI-account sessions retrieving from its knowledge bases", () => {
            assert.deepStrictEqual(run.policyOf("prod-app-chat-network-endpoint-bedrock-agent-runtime"), {
                Version: "2012-10-17",
                Statement: [{
                    Sid: "RetrieveFromKnowledgeBasesAsGenAiAccount",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "bedrock:Retrieve",
                    Resource: `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/*`,
                    Condition: { StringEquals: { "aws:PrincipalOrgID": org, "aws:PrincipalAccount": genai } },
                }],
            });
        });

        it("under the IAM simulator, lets the invoke role retrieve through the agent runtime endpoint and nothing else", async () => {
            const endpoint = run.policyOf("prod-app-chat-network-endpoint-bedrock-agent-runtime");
            const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] };
            const knowledgeBase = `arn:aws:bedrock:us-east-1:${genai}:knowledge-base/ABCDEFGHIJ`;
            const call = (principal: string, action: string, resource = knowledgeBase, orgId = org) => simulate({
                principal, action, resource, resourceAccount: genai, context: { "aws:PrincipalOrgID": orgId },
            }, { identity: [allowAll], vpcEndpoint: endpoint });
            assert.strictEqual(await call(invokeRole, "bedrock:Retrieve"), "Allowed");
            assert.strictEqual(await call(invokeRole, "bedrock:RetrieveAndGenerate", "*"), "ImplicitlyDenied");
            assert.strictEqual(await call(invokeRole, "bedrock:Retrieve", knowledgeBase, "o-zzzzzzzzzz"), "ImplicitlyDenied");
            assert.strictEqual(await call(iamRoleArn("aws", chatAccount, "app-developer"), "bedrock:Retrieve"), "ImplicitlyDenied");
        });

        it("under the IAM simulator, passes the invoke role's guarded calls and refuses the application's own roles", async () => {
            const endpoint = run.policyOf("prod-app-chat-network-endpoint-bedrock-runtime");
            const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] };
            const invoke = (principal: string, resource: string, context: Record<string, string> = {}) => simulate({
                principal, action: "bedrock:InvokeModel", resource, resourceAccount: genai,
                context: { "aws:PrincipalOrgID": org, "bedrock:GuardrailIdentifier": guardrail, ...context },
            }, { identity: [allowAll], vpcEndpoint: endpoint });
            assert.strictEqual(await invoke(invokeRole, haiku), "Allowed");
            assert.strictEqual(await invoke(invokeRole, haikuProfile), "Allowed");
            assert.strictEqual(await invoke(invokeRole, "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-70b-instruct-v1:0"), "ImplicitlyDenied");
            assert.strictEqual(await invoke(invokeRole, haiku, { "bedrock:GuardrailIdentifier": `${guardrail.slice(0, -2)}:2` }), "ImplicitlyDenied");
            assert.strictEqual(await invoke(iamRoleArn("aws", chatAccount, "app-developer"), haiku), "ImplicitlyDenied");
            assert.strictEqual(await invoke(invokeRole, haiku, { "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ImplicitlyDenied");
        });
    });

    describe("workload role", () => {
        it("is trusted by ECS tasks of this account only, with the account's boundary", () => {
            const role = run.named("prod-app-chat-workload-role");
            assert.strictEqual(role.inputs.name, "acme-ai-prod-app-chat-workload");
            assert.strictEqual(role.inputs.permissionsBoundary, boundary);
            assert.deepStrictEqual(run.policyOf("prod-app-chat-workload-role", "assumeRolePolicy"), {
                Version: "2012-10-17",
                Statement: [{
                    Sid: "AllowEcsTasksOfThisAccountOnly",
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": chatAccount },
                        ArnLike: { "aws:SourceArn": `arn:aws:ecs:us-east-1:${chatAccount}:*` },
                    },
                }],
            });
        });

        it("is trusted by Lambda when the application runs on Lambda, without the source-account condition Lambda never sends", async () => {
            const lambda = await build("chat", { compute: "lambda" });
            assert.deepStrictEqual(lambda.policyOf("prod-app-chat-workload-role", "assumeRolePolicy").Statement, [{
                Sid: "AllowLambdaFunctions",
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
            }]);
        });

        it("has exactly one permission: assume the invoke role with session tags", () => {
            const workloadRole = run.named("prod-app-chat-workload-role").outputs.name;
            assert.deepStrictEqual(run.ofType("aws:iam/rolePolicy:RolePolicy").filter((r) => r.inputs.role === workloadRole).map((r) => r.name),
                ["prod-app-chat-workload-assume-invoke-role"]);
            assert.deepStrictEqual(run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), []);
            assert.strictEqual(run.named("prod-app-chat-workload-role").inputs.managedPolicyArns, undefined);
            assert.deepStrictEqual(run.policyOf("prod-app-chat-workload-assume-invoke-role"), {
                Version: "2012-10-17",
                Statement: [{ Sid: "AssumeInvokeRoleWithSessionTags", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: invokeRole }],
            });
        });

        it("under the IAM simulator, may assume the invoke role and do nothing else", async () => {
            const role = iamRoleArn("aws", chatAccount, "acme-ai-prod-app-chat-workload");
            const policy = run.policyOf("prod-app-chat-workload-assume-invoke-role");
            // The invoke role's trust is the other half of a cross-account assume; here it trusts the workload role.
            const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: role }, Action: "sts:AssumeRole" }] };
            const call = (action: string, resource: string, resourceAccount = chatAccount, resourcePolicy?: unknown) =>
                simulate({ principal: role, action, resource, resourceAccount }, { identity: [policy], resource: resourcePolicy });
            assert.strictEqual(await call("sts:AssumeRole", invokeRole, genai, trust), "Allowed");
            assert.strictEqual(await call("sts:AssumeRole", iamRoleArn("aws", genai, "acme-ai-prod-genai-admin"), genai), "ImplicitlyDenied");
            assert.strictEqual(await call("s3:GetObject", "arn:aws:s3:::any-bucket/any-key"), "ImplicitlyDenied");
            assert.strictEqual(await call("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"), "ImplicitlyDenied");
            assert.strictEqual(await call("iam:PassRole", role), "ImplicitlyDenied");
        });
    });

    describe("web ACL", () => {
        it("is REGIONAL, allows by default, rate-limits per IP and applies the AWS managed common rule set, with metrics", () => {
            const acl = run.named("prod-app-chat-waf-web-acl").inputs;
            const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
            assert.strictEqual(acl.scope, "REGIONAL");
            assert.strictEqual(acl.region, "us-east-1");
            assert.strictEqual(acl.name, "acme-ai-prod-app-chat");
            assert.deepStrictEqual(acl.defaultAction, { allow: {} });
            assert.deepStrictEqual(acl.visibilityConfig, visibility("acme-ai-prod-app-chat"));
            assert.deepStrictEqual(acl.rules, [
                {
                    name: "rate-limit-per-ip",
                    priority: 0,
                    action: { block: {} },
                    statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
                    visibilityConfig: visibility("acme-ai-prod-app-chat-rate-limit"),
                },
                {
                    name: "aws-managed-common-rule-set",
                    priority: 1,
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
                    visibilityConfig: visibility("acme-ai-prod-app-chat-common-rule-set"),
                },
            ]);
            assert.match(run.named("prod-app-chat-waf-web-acl").outputs.arn, new RegExp(`^arn:aws:wafv2:us-east-1:${chatAccount}:regional/webacl/acme-ai-prod-app-chat/`));
        });

        it("takes the rate limit and window from its arguments", async () => {
            const tight = await build("chat", { wafRateLimit: 10, wafEvaluationWindowSeconds: 60 });
            assert.deepStrictEqual(tight.named("prod-app-chat-waf-web-acl").inputs.rules[0].statement.rateBasedStatement,
                { limit: 10, aggregateKeyType: "IP", evaluationWindowSec: 60 });
        });
    });

    describe("budget", () => {
        it("alerts the subscribers at 80 % and 100 % of actual monthly spend and when the month is forecast over the limit", () => {
            const budget = run.named("prod-app-chat-budget-budget").inputs;
            const alert = (threshold: number) => ({
                comparisonOperator: "GREATER_THAN",
                threshold,
                thresholdType: "PERCENTAGE",
                notificationType: "ACTUAL",
                subscriberEmailAddresses: ["platform-team@example.com", "chat-team@example.com"],
            });
            const forecast = { ...alert(100), notificationType: "FORECASTED" };
            assert.deepStrictEqual(budget, {
                name: "acme-ai-prod-app-chat-monthly",
                accountId: chatAccount,
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: "500.00",
                limitUnit: "USD",
                notifications: [alert(80), alert(100), forecast],
            });
        });
    });

    it("refuses every bad argument at once, before creating anything", async () => {
        const bad = args("chat", {
            availabilityZoneNames: ["us-west-2a"],
            vpcCidr: "10.32.0.0/8",
            compute: "ec2" as never,
            permissionsBoundaryArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            wafRateLimit: 5,
            wafEvaluationWindowSeconds: 30,
            monthlyBudgetUsd: 0,
            budgetSubscriberEmails: [],
            approvedModelArns: ["arn:aws:bedrock:*::foundation-model/*"],
        });
        const expected = [
            "availabilityZoneNames must list at least two zones (got 1).",
            'availabilityZoneNames has "us-west-2a", which is not a zone of us-east-1.',
            'approvedModelArns must list the catalogue\'s model ARNs, without wildcards (got ["arn:aws:bedrock:*::foundation-model/*"]).',
            'vpcCidr must be an IPv4 CIDR block between /16 and /28 such as "10.32.0.0/16" (got "10.32.0.0/8").',
            // Region by region (network, then web ACL), then the workload role and the budget.
            "rateLimit must be a whole number from 10 to 2000000000, the range AWS WAF accepts (got 5).",
            "evaluationWindowSeconds must be one of 60, 120, 300, 600 (got 30).",
            'compute must be one of "ecs", "lambda" (got "ec2").',
            'permissionsBoundaryArn must be the ARN of an IAM managed policy (got "arn:aws:iam::aws:policy/AdministratorAccess").',
            "monthlyLimitUsd must be a positive amount (got 0).",
            "alarmTopicArn or subscriberEmails must be set (got neither); a budget that alerts nobody goes unnoticed.",
        ];
        assert.deepStrictEqual(applicationAccountProblems(bad), expected);
        assert.strictEqual(await constructionError(() => new ApplicationAccount("bad", bad)), expected.join(" "));
        assert.deepStrictEqual(applicationAccountProblems(args("chat", { wafRateLimit: 2_000_000_001 })),
            ["rateLimit must be a whole number from 10 to 2000000000, the range AWS WAF accepts (got 2000000001)."]);
        assert.deepStrictEqual(applicationAccountProblems(args("chat", { wafRateLimit: 10 })), []);
    });
});
