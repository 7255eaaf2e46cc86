import * as assert from "assert";
import { invokeRoleName } from "../../../accounts/genaiNames";
import {
    documentsAccessLogsBucketName,
    documentsBucketName,
    iamRoleArn,
    knowledgeBaseRoleName,
    s3BucketArn,
} from "../../../accounts/naming";
import { DocumentStore, DocumentStoreArgs, documentStoreProblems } from "../../../components/data/documentStore";
import { constructionError, runComponent } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const org = "o-a1b2c3d4e5";
const genai = "111111111111";
const data = "222222222222";
const outsider = "999999999999";
const documentsName = documentsBucketName("acme-ai", "prod", data, "us-east-1");
const logsName = documentsAccessLogsBucketName("acme-ai", "prod", data, "us-east-1");
const documentsArn = s3BucketArn("aws", documentsName);
const logsArn = s3BucketArn("aws", logsName);
const knowledgeBaseRole = iamRoleArn("aws", genai, knowledgeBaseRoleName("acme-ai", "prod"));
const invokeRole = iamRoleArn("aws", genai, invokeRoleName("acme-ai", "prod", "chat"));
const searchInvokeRole = iamRoleArn("aws", genai, invokeRoleName("acme-ai", "prod", "search"));

function args(overrides: Partial<DocumentStoreArgs> = {}): DocumentStoreArgs {
    return {
        region: "us-east-1",
        dataAccountId: data,
        organizationId: org,
        documentsBucketName: documentsName,
        accessLogsBucketName: logsName,
        keyAliasName: "alias/acme-ai-prod-data-documents",
        knowledgeBaseRoleArn: knowledgeBaseRole,
        invokeRoleArns: [searchInvokeRole, invokeRole],
        ...overrides,
    };
}

const build = (overrides: Partial<DocumentStoreArgs> = {}) =>
    runComponent((opts) => new DocumentStore("prod-data-documents", args(overrides), opts), { accountId: data });

describe("DocumentStore (data account)", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("creates the key, both buckets and their settings, every one in the data account's region", () => {
        assert.deepStrictEqual(run.resources.map((r) => r.name).sort(), [
            "prod-data-documents",
            "prod-data-documents-key",
            "prod-data-documents-access-logs",
            "prod-data-documents-documents",
            "prod-data-documents-key-alias",
            "prod-data-documents-access-logs-ownership",
            "prod-data-documents-access-logs-public-access-block",
            "prod-data-documents-access-logs-encryption",
            "prod-data-documents-access-logs-versioning",
            "prod-data-documents-access-logs-lifecycle",
            "prod-data-documents-documents-ownership",
            "prod-data-documents-documents-public-access-block",
            "prod-data-documents-documents-versioning",
            "prod-data-documents-documents-encryption",
            "prod-data-documents-documents-lifecycle",
            "prod-data-documents-access-logs-policy",
            "prod-data-documents-documents-policy",
            "prod-data-documents-documents-logging",
        ].sort());
        assert.strictEqual(run.resources.length, 18);
        assert.strictEqual(run.resources[0].type, "lz:data:DocumentStore");
        for (const resource of run.resources.filter((r) => r.custom)) {
            assert.strictEqual(resource.inputs.region, "us-east-1", resource.name);
            assert.strictEqual(resource.parent, run.resources[0].urn, resource.name);
        }
    });

    it("protects and retains the key and both buckets, and retains every setting with them", () => {
        const protectedNames = run.resources.filter((r) => r.protect).map((r) => r.name).sort();
        assert.deepStrictEqual(protectedNames, ["prod-data-documents-access-logs", "prod-data-documents-documents", "prod-data-documents-key"]);
        assert.ok(run.resources.filter((r) => r.custom).every((r) => r.retainOnDelete), "every resource is retained on delete");
    });

    it("can be told not to retain, while the key and buckets stay protected", async () => {
        const disposable = await build({ retainOnDelete: false });
        assert.ok(disposable.resources.every((r) => !r.retainOnDelete));
        assert.deepStrictEqual(disposable.resources.filter((r) => r.protect).length, 3);
    });

    it("rotates the key yearly and keeps a deleted key recoverable for 30 days", () => {
        const key = run.named("prod-data-documents-key");
        assert.strictEqual(key.type, "aws:kms/key:Key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.inputs.deletionWindowInDays, 30);
        assert.strictEqual(run.named("prod-data-documents-key-alias").inputs.name, "alias/acme-ai-prod-data-documents");
    });

    it("lets the genAI readers decrypt only through S3, from the organization, for the documents bucket", () => {
        assert.deepStrictEqual(run.policyOf("prod-data-documents-key"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EnableAccountAdministrationThroughIam",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${data}:root` },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "DecryptDocumentsForGenAiReaders",
                    Effect: "Allow",
                    Principal: { AWS: [knowledgeBaseRole, invokeRole, searchInvokeRole].sort() },
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:PrincipalOrgID": org, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                        StringLike: { "kms:EncryptionContext:aws:s3:arn": [documentsArn, `${documentsArn}/*`] },
                    },
                },
            ],
        });
    });

    it("versions the documents bucket and encrypts it with the key and a bucket key, refusing SSE-C", () => {
        assert.deepStrictEqual(run.named("prod-data-documents-documents").inputs.bucket, documentsName);
        assert.deepStrictEqual(run.named("prod-data-documents-documents-versioning").inputs.versioningConfiguration, { status: "Enabled" });
        const keyArn = run.named("prod-data-documents-key").outputs.arn;
        assert.match(keyArn, new RegExp(`^arn:aws:kms:us-east-1:${data}:key/`));
        assert.deepStrictEqual(run.named("prod-data-documents-documents-encryption").inputs.rules, [{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        }]);
    });

    it("blocks public access and enforces bucket-owner object ownership on both buckets", () => {
        for (const bucket of ["documents", "access-logs"]) {
            const block = run.named(`prod-data-documents-${bucket}-public-access-block`).inputs;
            assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true], bucket);
            assert.deepStrictEqual(run.named(`prod-data-documents-${bucket}-ownership`).inputs.rule, { objectOwnership: "BucketOwnerEnforced" }, bucket);
        }
    });

    it("expires old document versions and logs every request to the log bucket, partitioned by date", () => {
        assert.deepStrictEqual(run.named("prod-data-documents-documents-lifecycle").inputs.rules, [{
            id: "expire-old-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: 90 },
            expiration: { expiredObjectDeleteMarker: true },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }]);
        const logging = run.named("prod-data-documents-documents-logging");
        assert.strictEqual(logging.inputs.bucket, documentsName);
        assert.strictEqual(logging.inputs.targetBucket, logsName);
        assert.strictEqual(logging.inputs.targetPrefix, "documents/");
        assert.deepStrictEqual(logging.inputs.targetObjectKeyFormat, { partitionedPrefix: { partitionDateSource: "EventTime" } });
        assert.ok(logging.dependsOn.includes(run.named("prod-data-documents-access-logs-policy").urn), "logging waits for the log bucket's policy");
    });

    it("encrypts the log bucket with S3-managed keys (the documented log-delivery target), versions it and expires logs", () => {
        assert.deepStrictEqual(run.named("prod-data-documents-access-logs-encryption").inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        assert.deepStrictEqual(run.named("prod-data-documents-access-logs-versioning").inputs.versioningConfiguration, { status: "Enabled" });
        assert.deepStrictEqual(run.named("prod-data-documents-access-logs-lifecycle").inputs.rules, [{
            id: "expire-access-logs",
            status: "Enabled",
            filter: { prefix: "" },
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }]);
    });

    it("has a documents bucket policy: TLS and organization only, the knowledge base on tenants/, the invoke role on the caller's tenant", () => {
        const both = [documentsArn, `${documentsArn}/*`];
        assert.deepStrictEqual(run.policyOf("prod-data-documents-documents-policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both, Condition: { Bool: { "aws:SecureTransport": false } } },
                {
                    Sid: "DenyPrincipalsOutsideOrganization",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: both,
                    Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": org }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
                },
                { Sid: "KnowledgeBaseListsDocuments", Effect: "Allow", Principal: { AWS: knowledgeBaseRole }, Action: "s3:ListBucket", Resource: documentsArn, Condition: { StringEquals: { "aws:PrincipalOrgID": org } } },
                { Sid: "KnowledgeBaseReadsTenantDocuments", Effect: "Allow", Principal: { AWS: knowledgeBaseRole }, Action: "s3:GetObject", Resource: `${documentsArn}/tenants/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": org } } },
                {
                    Sid: "InvokeRoleListsCallerTenant",
                    Effect: "Allow",
                    Principal: { AWS: [invokeRole, searchInvokeRole] },
                    Action: "s3:ListBucket",
                    Resource: documentsArn,
                    Condition: { StringEquals: { "aws:PrincipalOrgID": org }, StringLike: { "s3:prefix": "tenants/${aws:PrincipalTag/tenant}/*" } },
                },
                {
                    Sid: "InvokeRoleReadsCallerTenant",
                    Effect: "Allow",
                    Principal: { AWS: [invokeRole, searchInvokeRole] },
                    Action: "s3:GetObject",
                    Resource: `${documentsArn}/tenants/\${aws:PrincipalTag/tenant}/*`,
                    Condition: { StringEquals: { "aws:PrincipalOrgID": org } },
                },
            ],
        });
        assert.ok(run.named("prod-data-documents-documents-policy").dependsOn.includes(run.named("prod-data-documents-documents-public-access-block").urn));
    });

    it("has a log bucket policy that admits S3 log delivery for the documents bucket only, over TLS", () => {
        assert.deepStrictEqual(run.policyOf("prod-data-documents-access-logs-policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [logsArn, `${logsArn}/*`], Condition: { Bool: { "aws:SecureTransport": false } } },
                {
                    Sid: "AllowServerAccessLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${logsArn}/documents/*`,
                    Condition: { ArnLike: { "aws:SourceArn": documentsArn }, StringEquals: { "aws:SourceAccount": data } },
                },
            ],
        });
    });

    describe("under the IAM simulator", () => {
        const cross = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket", "kms:Decrypt"], Resource: "*" }] };
        const s3 = (principal: string, action: string, key: string | null, context: Record<string, string | string[]>) => simulate({
            principal,
            action,
            resource: key === null ? documentsArn : `${documentsArn}/${key}`,
            resourceAccount: data,
            context: { "aws:SecureTransport": "true", ...context },
        }, { identity: [cross], resource: run.policyOf("prod-data-documents-documents-policy") });

        it("lets the invoke role tagged tenant=acme read tenants/acme/ but not tenants/globex/", async () => {
            const acme = { "aws:PrincipalOrgID": org, "aws:PrincipalTag/tenant": "acme" };
            assert.strictEqual(await s3(invokeRole, "s3:GetObject", "tenants/acme/x.pdf", acme), "Allowed");
            assert.strictEqual(await s3(invokeRole, "s3:GetObject", "tenants/acme/x.pdf.metadata.json", acme), "Allowed");
            assert.strictEqual(await s3(invokeRole, "s3:GetObject", "tenants/globex/x.pdf", acme), "ImplicitlyDenied");
            assert.strictEqual(await s3(invokeRole, "s3:ListBucket", null, { ...acme, "s3:prefix": "tenants/acme/" }), "Allowed");
            assert.strictEqual(await s3(invokeRole, "s3:ListBucket", null, { ...acme, "s3:prefix": "tenants/" }), "ImplicitlyDenied");
            assert.strictEqual(await s3(invokeRole, "s3:GetObject", "tenants/acme/x.pdf", { "aws:PrincipalOrgID": org }), "ImplicitlyDenied");
            // Every application's invoke role is named, each limited to its own session's tenant.
            assert.strictEqual(await s3(searchInvokeRole, "s3:GetObject", "tenants/globex/x.pdf", { "aws:PrincipalOrgID": org, "aws:PrincipalTag/tenant": "globex" }), "Allowed");
            assert.strictEqual(await s3(searchInvokeRole, "s3:GetObject", "tenants/acme/x.pdf", { "aws:PrincipalOrgID": org, "aws:PrincipalTag/tenant": "globex" }), "ImplicitlyDenied");
        });

        it("lets the knowledge-base role read every tenant, and nothing outside tenants/", async () => {
            assert.strictEqual(await s3(knowledgeBaseRole, "s3:GetObject", "tenants/globex/x.pdf", { "aws:PrincipalOrgID": org }), "Allowed");
            assert.strictEqual(await s3(knowledgeBaseRole, "s3:GetObject", "staging/x.pdf", { "aws:PrincipalOrgID": org }), "ImplicitlyDenied");
            assert.strictEqual(await s3(knowledgeBaseRole, "s3:ListBucket", null, { "aws:PrincipalOrgID": org, "s3:prefix": "tenants/" }), "Allowed");
        });

        it("refuses plain HTTP and principals outside the organization, whatever they are granted", async () => {
            assert.strictEqual(await s3(knowledgeBaseRole, "s3:GetObject", "tenants/acme/x.pdf", { "aws:PrincipalOrgID": org, "aws:SecureTransport": "false" }), "ExplicitlyDenied");
            const stranger = iamRoleArn("aws", outsider, "reader");
            assert.strictEqual(await s3(stranger, "s3:GetObject", "tenants/acme/x.pdf", { "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ExplicitlyDenied");
        });

        it("lets the knowledge-base and invoke roles decrypt through S3 only, from the organization", async () => {
            // iam-simulate matches `kms:EncryptionContext:${key}` only for keys without a colon, so it cannot evaluate
            // `kms:EncryptionContext:aws:s3:arn` (it drops the key from the request); that condition is asserted exactly
            // in the key-policy test above and removed here so the simulator judges the rest.
            const keyPolicy = run.policyOf("prod-data-documents-key");
            delete keyPolicy.Statement[1].Condition.StringLike;
            const decrypt = (principal: string, context: Record<string, string>) => simulate({
                principal, action: "kms:Decrypt", resource: `arn:aws:kms:us-east-1:${data}:key/11111111-2222-4333-a444-555555555555`, resourceAccount: data, context,
            }, { identity: [cross], resource: keyPolicy });
            const viaS3 = { "aws:PrincipalOrgID": org, "kms:ViaService": "s3.us-east-1.amazonaws.com" };
            assert.strictEqual(await decrypt(knowledgeBaseRole, viaS3), "Allowed");
            assert.strictEqual(await decrypt(invokeRole, viaS3), "Allowed");
            assert.strictEqual(await decrypt(searchInvokeRole, viaS3), "Allowed");
            assert.strictEqual(await decrypt(knowledgeBaseRole, { ...viaS3, "kms:ViaService": "ec2.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
            assert.strictEqual(await decrypt(knowledgeBaseRole, { ...viaS3, "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ImplicitlyDenied");
            assert.strictEqual(await decrypt(iamRoleArn("aws", genai, "some-other-role"), viaS3), "ImplicitlyDenied");
        });

        it("lets S3 log delivery write the documents bucket's logs only", async () => {
            const deliver = (sourceArn: string) => simulate({
                principal: "logging.s3.amazonaws.com",
                action: "s3:PutObject",
                resource: `${logsArn}/documents/2026/11/25/log`,
                resourceAccount: data,
                context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": data, "aws:SecureTransport": "true" },
            }, { resource: run.policyOf("prod-data-documents-access-logs-policy") });
            assert.strictEqual(await deliver(documentsArn), "Allowed");
            assert.strictEqual(await deliver(s3BucketArn("aws", "someone-elses-bucket")), "ImplicitlyDenied");
        });
    });

    it("refuses bad arguments before creating anything, naming each", async () => {
        assert.deepStrictEqual(documentStoreProblems(args({
            keyAliasName: "alias/aws/s3", noncurrentVersionExpirationDays: 0, accessLogRetentionDays: 1.5, documentsBucketName: "Docs_Bucket",
        })), [
            'keyAliasName must be "alias/" followed by letters, digits, /, _ or - and not start with "alias/aws/" (got "alias/aws/s3").',
            "noncurrentVersionExpirationDays must be a whole number of days, at least 1 (got 0).",
            "accessLogRetentionDays must be a whole number of days, at least 1 (got 1.5).",
            'documentsBucketName must be a bucket name of 3-63 lower-case letters, digits, dots or hyphens (got "Docs_Bucket").',
        ]);
        assert.strictEqual(await constructionError(() => new DocumentStore("bad", args({ noncurrentVersionExpirationDays: 0 }))),
            "noncurrentVersionExpirationDays must be a whole number of days, at least 1 (got 0).");
        assert.deepStrictEqual(documentStoreProblems(args({ invokeRoleArns: [] })), [
            "invokeRoleArns must list every application's invoke role (got none); without one, no application can cite a document.",
        ]);
    });
});
