import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { mockAccountId } from "../../cli/engine/mockIds";
import { dataPerimeterResourcePolicy } from "../../components/organization/securityPolicies";
import { dataPerimeterEndpointPolicy } from "../../components/network/endpoints";
import { simulate } from "../fixtures/iamSimulator";
import { named, ofType, plan, projectDir } from "../fixtures/plans";

const org = "o-a1b2c3d4e5";
const management = "111111111111";
const logArchive = mockAccountId("acme-ai-log-archive");
const security = mockAccountId("acme-ai-security");

describe("organization stack: security baseline", () => {
    it("creates the log-archive and security-tooling accounts in the Security OU", async () => {
        const graph = await plan("organization");
        const securityOu = named(graph, "ou-security").id;
        for (const [name, role] of [["security-log-archive-account", "acme-ai-log-archive"], ["security-security-account", "acme-ai-security"]]) {
            const account = named(graph, name);
            assert.deepStrictEqual([account.inputs.name, account.inputs.email, account.inputs.parentId, account.protect], [role, `aws+${role}@example.com`, securityOu, true]);
        }
        assert.deepStrictEqual((graph.outputs.security as { coreAccounts: unknown }).coreAccounts, { logArchive, security });
    });

    it("sends every region's management events and the documents buckets' object events to the log archive", async () => {
        const graph = await plan("organization");
        const [trail] = ofType(graph, "aws:cloudtrail/trail:Trail");
        assert.strictEqual(trail.account, management);
        const { advancedEventSelectors, ...settings } = trail.inputs;
        assert.deepStrictEqual(settings, {
            name: "acme-ai-organization-trail", region: "us-east-1", isOrganizationTrail: true, isMultiRegionTrail: true,
            includeGlobalServiceEvents: true, enableLogFileValidation: true, enableLogging: true,
            s3BucketName: "acme-ai-trail-o-a1b2c3d4e5", s3KeyPrefix: "cloudtrail",
            kmsKeyId: named(graph, "log-archive-key-key").outputs.arn,
        });
        assert.deepStrictEqual((advancedEventSelectors as { fieldSelectors: unknown[] }[])[1].fieldSelectors[2], {
            field: "resources.ARN",
            startsWiths: [
                `arn:aws:s3:::acme-ai-dev-docs-${mockAccountId("acme-ai-dev-data")}-`,
                "arn:aws:s3:::acme-ai-prod-docs-210987654321-",
                `arn:aws:s3:::acme-ai-staging-docs-${mockAccountId("acme-ai-staging-data")}-`,
            ],
        });
        assert.strictEqual(trail.protect, true);
    });

    it("keeps the trail's logs in the log-archive account under compliance-mode Object Lock, archived at 90 days", async () => {
        const graph = await plan("organization");
        const bucket = named(graph, "log-archive-trail-bucket");
        assert.deepStrictEqual([bucket.account, bucket.inputs.bucket, bucket.inputs.objectLockEnabled, bucket.protect], [logArchive, "acme-ai-trail-o-a1b2c3d4e5", true, true]);
        assert.deepStrictEqual(named(graph, "log-archive-trail-bucket-object-lock").inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 365 } });
        const lifecycle = named(graph, "log-archive-trail-bucket-lifecycle").inputs.rules as { transitions: unknown; expiration: unknown }[];
        assert.deepStrictEqual([lifecycle[0].transitions, lifecycle[0].expiration], [[{ days: 90, storageClass: "GLACIER_IR" }], { days: 2557 }]);
        const policy = JSON.parse(String(named(graph, "log-archive-trail-bucket-policy").inputs.policy));
        assert.deepStrictEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ["DenyInsecureTransport", "DenyLogDeletion", "DenyBucketChangesExceptPlatformRole", "AllowCloudTrailAclCheck", "AllowCloudTrailWrite"]);
        assert.deepStrictEqual(policy.Statement[4].Condition.StringEquals["aws:SourceArn"], `arn:aws:cloudtrail:us-east-1:${management}:trail/acme-ai-organization-trail`);
    });

    it("turns GuardDuty on for every member in each region, with AI Protection and agent-managed Runtime Monitoring", async () => {
        const graph = await plan("organization");
        for (const region of ["us-east-1", "us-west-2"]) {
            const admin = named(graph, `guardduty-${region}-admin`);
            assert.deepStrictEqual([admin.account, admin.region, admin.inputs.adminAccountId], [management, region, security]);
            const configuration = named(graph, `guardduty-${region}-organization`);
            assert.deepStrictEqual([configuration.account, configuration.inputs.autoEnableOrganizationMembers], [security, "ALL"]);
            const features = ofType(graph, "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature").filter((f) => f.region === region);
            assert.deepStrictEqual(features.map((f) => [f.inputs.name, f.inputs.autoEnable]).sort(), [
                ["AI_PROTECTION", "ALL"], ["EBS_MALWARE_PROTECTION", "ALL"], ["LAMBDA_NETWORK_LOGS", "ALL"], ["RUNTIME_MONITORING", "ALL"], ["S3_DATA_EVENTS", "ALL"],
            ]);
            assert.deepStrictEqual(features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!.inputs.additionalConfigurations, [
                { name: "EC2_AGENT_MANAGEMENT", autoEnable: "ALL" }, { name: "ECS_FARGATE_AGENT_MANAGEMENT", autoEnable: "ALL" },
            ]);
        }
    });

    it("configures Security Hub centrally from the security account with the Foundational Security Best Practices standard", async () => {
        const graph = await plan("organization");
        assert.deepStrictEqual(named(graph, "security-hub-organization").inputs.organizationConfiguration, { configurationType: "CENTRAL" });
        const policy = named(graph, "security-hub-policy");
        assert.strictEqual(policy.account, security);
        assert.deepStrictEqual((policy.inputs.configurationPolicy as { enabledStandardArns: string[] }).enabledStandardArns,
            ["arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"]);
        assert.deepStrictEqual(named(graph, "security-hub-aggregator").inputs.specifiedRegions, ["us-west-2"]);
        const associations = ofType(graph, "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation").map((a) => a.inputs.targetId).sort();
        assert.deepStrictEqual(associations, [named(graph, "ou-security").id, named(graph, "ou-workloads").id].sort());
    });

    it("delegates Config and Access Analyzer to the security account and enables trusted access for the services that need it", async () => {
        const graph = await plan("organization");
        assert.deepStrictEqual(ofType(graph, "aws:organizations/delegatedAdministrator:DelegatedAdministrator").map((d) => [d.inputs.servicePrincipal, d.inputs.accountId]), [
            ["config.amazonaws.com", security], ["access-analyzer.amazonaws.com", security],
        ]);
        assert.deepStrictEqual(ofType(graph, "aws:organizations/awsServiceAccess:AwsServiceAccess").map((a) => [a.inputs.servicePrincipal, a.protect, a.retainOnDelete]), [
            ["cloudtrail.amazonaws.com", true, true], ["config.amazonaws.com", true, true],
            ["config-multiaccountsetup.amazonaws.com", true, true], ["access-analyzer.amazonaws.com", true, true],
        ]);
        assert.deepStrictEqual(named(graph, "config-aggregator-aggregator").inputs.organizationAggregationSource, {
            roleArn: named(graph, "config-aggregator-role").outputs.arn, regions: ["us-east-1", "us-west-2"],
        });
        const analyzers = ofType(graph, "aws:accessanalyzer/analyzer:Analyzer").filter((a) => a.account === security && String(a.inputs.type).startsWith("ORGANIZATION"));
        assert.deepStrictEqual(analyzers.map((a) => [a.inputs.type, a.region]), [["ORGANIZATION", "us-east-1"], ["ORGANIZATION", "us-west-2"], ["ORGANIZATION_UNUSED_ACCESS", "us-east-1"]]);
    });

    it("attaches the data-perimeter RCP to the Security and Workloads OUs", async () => {
        const graph = await plan("organization");
        const rcp = ofType(graph, "aws:organizations/policy:Policy").filter((p) => p.inputs.type === "RESOURCE_CONTROL_POLICY");
        assert.deepStrictEqual(rcp.map((p) => [p.inputs.name, JSON.parse(String(p.inputs.content))]), [["acme-ai-data-perimeter", dataPerimeterResourcePolicy(org)]]);
        const targets = ofType(graph, "aws:organizations/policyAttachment:PolicyAttachment").filter((a) => a.inputs.policyId === rcp[0].id).map((a) => a.inputs.targetId).sort();
        assert.deepStrictEqual(targets, [named(graph, "ou-security").id, named(graph, "ou-workloads").id].sort());
    });

    it("records AWS Config in every region of both core accounts, delivering to the log archive", async () => {
        const graph = await plan("organization");
        const channels = ofType(graph, "aws:cfg/deliveryChannel:DeliveryChannel");
        assert.deepStrictEqual(channels.map((c) => [c.account, c.region, c.inputs.s3BucketName]).sort(), [
            [security, "us-east-1", "acme-ai-config-o-a1b2c3d4e5"], [security, "us-west-2", "acme-ai-config-o-a1b2c3d4e5"],
            [logArchive, "us-east-1", "acme-ai-config-o-a1b2c3d4e5"], [logArchive, "us-west-2", "acme-ai-config-o-a1b2c3d4e5"],
        ].sort());
    });
});

describe("environment stack prod: member-side security", () => {
    it("records AWS Config in each account and region, global resources in the primary region only", async () => {
        const graph = await plan("prod");
        const recorders = ofType(graph, "aws:cfg/recorder:Recorder");
        assert.strictEqual(recorders.length, 4 * 2);
        for (const recorder of recorders) {
            assert.deepStrictEqual(recorder.inputs.recordingGroup, { allSupported: true, includeGlobalResourceTypes: recorder.region === "us-east-1" });
            assert.strictEqual(recorder.inputs.roleArn, `arn:aws:iam::${recorder.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
        }
        assert.deepStrictEqual([...new Set(ofType(graph, "aws:cfg/deliveryChannel:DeliveryChannel").map((c) => c.inputs.s3BucketName))], ["acme-ai-config-o-a1b2c3d4e5"]);
        assert.strictEqual(ofType(graph, "aws:cfg/recorderStatus:RecorderStatus").every((s) => s.inputs.isEnabled === true), true);
    });

    it("refuses an outside principal through every endpoint, and an outside resource through every resource endpoint", async () => {
        const graph = await plan("prod");
        const endpoints = ofType(graph, "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.ok(endpoints.length >= 15, `${endpoints.length} endpoints`);
        const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
        const requests: Record<string, { action: string; resource: string }> = {
            s3: { action: "s3:GetObject", resource: "arn:aws:s3:::outside-bucket/object" },
            dynamodb: { action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:us-east-1:999999999999:table/outside" },
            kms: { action: "kms:Encrypt", resource: "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            sts: { action: "sts:AssumeRole", resource: "arn:aws:iam::999999999999:role/outside" },
        };
        for (const endpoint of endpoints) {
            const service = String(endpoint.inputs.serviceName).split(".").slice(3).join(".");
            const policy = JSON.parse(String(endpoint.inputs.policy));
            const request = requests[service] ?? { action: "bedrock:InvokeModel", resource: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0" };
            const inside = { "aws:PrincipalOrgID": org, "aws:ResourceOrgID": org };
            const ours = `arn:aws:iam::${endpoint.account}:role/acme-ai-prod-workload`;
            const outsider = await simulate({ principal: "arn:aws:iam::999999999999:role/outside", ...request, resourceAccount: endpoint.account!, context: { ...inside, "aws:PrincipalOrgID": "o-zzzzzzzzzz" } }, { identity: [allowAll], vpcEndpoint: policy });
            assert.strictEqual(outsider, "ImplicitlyDenied", `${endpoint.name}: outside principal`);
            if (requests[service]) {
                // Application accounts narrow their STS endpoint further (the invoke roles only); the others carry the
                // perimeter policy itself.
                if (!(service === "sts" && String(endpoint.name).includes("-app-"))) {
                    assert.deepStrictEqual(policy.Statement[0], dataPerimeterEndpointPolicy(org, service).Statement[0], endpoint.name);
                }
                const outsideResource = await simulate({ principal: ours, ...request, resourceAccount: "999999999999", context: { ...inside, "aws:ResourceOrgID": "o-zzzzzzzzzz" } }, { identity: [allowAll], vpcEndpoint: policy });
                assert.strictEqual(outsideResource, "ImplicitlyDenied", `${endpoint.name}: outside resource`);
                // KMS keys and role trusts need their own resource policy to allow anything, so only S3 and DynamoDB
                // show the endpoint letting our principals reach our resources.
                if (service === "s3" || service === "dynamodb") {
                    const insideResource = await simulate({ principal: ours, ...request, resourceAccount: endpoint.account!, context: inside }, { identity: [allowAll], vpcEndpoint: policy });
                    assert.strictEqual(insideResource, "Allowed", `${endpoint.name}: our resource`);
                }
            }
        }
    });
});

describe("organization stack: adopting the core accounts instead of creating them", () => {
    const adoptedLogArchive = "222233334444";
    const adoptedSecurity = "555566667777";
    let file: string;
    before(() => {
        const document = parseDocument(fs.readFileSync(path.join(projectDir, "Pulumi.organization.yaml"), "utf8")).toJS() as { config: Record<string, any> };
        document.config["landing-zone:organization"].security = { logArchive: { id: adoptedLogArchive }, securityTooling: { id: adoptedSecurity } };
        file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-adopt-")), "Pulumi.organization.yaml");
        fs.writeFileSync(file, parseDocument(JSON.stringify(document)).toString());
    });
    after(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

    it("imports both accounts into the Security OU, deploys into them by their IDs, and delegates to the adopted security account", async () => {
        const graph = await plan("organization", file);
        const securityOu = named(graph, "ou-security").id;
        for (const [name, id] of [["security-log-archive-account", adoptedLogArchive], ["security-security-account", adoptedSecurity]]) {
            const account = named(graph, name);
            // Imported, then moved into the Security OU; its name, e-mail and billing access stay as they are.
            assert.deepStrictEqual([account.id, account.inputs.parentId, account.protect, account.retainOnDelete], [id, securityOu, true, true]);
            assert.deepStrictEqual(account.ignoreChanges, ["roleName", "name", "email", "iamUserAccessToBilling"]);
        }
        assert.deepStrictEqual((graph.outputs.security as { coreAccounts: unknown }).coreAccounts, { logArchive: adoptedLogArchive, security: adoptedSecurity });
        // Each adopted account's provider assumes the access role in it, and its resources land there.
        for (const [label, id] of [["security-log-archive", adoptedLogArchive], ["security-security", adoptedSecurity]]) {
            const provider = ofType(graph, "pulumi:providers:aws").find((r) => r.name === label)!;
            assert.deepStrictEqual(provider.inputs.allowedAccountIds, [id]);
            assert.strictEqual((provider.inputs.assumeRoles as { roleArn: string }[])[0].roleArn, `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`);
        }
        assert.ok(ofType(graph, "aws:s3/bucket:Bucket").filter((bucket) => String(bucket.inputs.bucket).startsWith("acme-ai-trail-")).every((bucket) => bucket.account === adoptedLogArchive));
        const delegations = ofType(graph, "aws:organizations/delegatedAdministrator:DelegatedAdministrator");
        assert.ok(delegations.length > 0);
        assert.deepStrictEqual([...new Set(delegations.map((delegation) => delegation.inputs.accountId))], [adoptedSecurity]);
        assert.ok(ofType(graph, "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount").every((admin) => admin.inputs.adminAccountId === adoptedSecurity));
    });
});
