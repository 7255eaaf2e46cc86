import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { documentsBucketName, iamRoleArn, s3BucketArn } from "../../../accounts/naming";
import { permissionBoundaryDocument } from "../../../components/identity/permissionBoundary";
import { PolicyDocument } from "../../../components/organization/policyDocuments";
import { keyPolicy } from "../../../components/security/keyPolicies";
import {
    BucketReplication,
    BucketReplicationArgs,
    bucketReplicationProblems,
    replicaBucketPolicy,
} from "../../../components/resilience/bucketReplication";
import { replicationRolePolicy, replicationTrustPolicy } from "../../../components/resilience/policyDocuments";
import { constructionError, runComponent, valueOf } from "../../fixtures/componentHarness";
import { simulate } from "../../fixtures/iamSimulator";

const data = "222222222222";
const outsider = "999999999999";
const keyId = "mrk-0123456789abcdef0123456789abcdef";
const sourceKeyArn = `arn:aws:kms:us-east-1:${data}:key/${keyId}`;
const replicaKeyArn = `arn:aws:kms:us-west-2:${data}:key/${keyId}`;
const otherKeyArn = `arn:aws:kms:us-east-1:${data}:key/mrk-ffffffffffffffffffffffffffffffff`;
const sourceName = documentsBucketName("acme-ai", "prod", data, "us-east-1");
const replicaName = documentsBucketName("acme-ai", "prod", data, "us-west-2");
const sourceArn = s3BucketArn("aws", sourceName);
const replicaArn = s3BucketArn("aws", replicaName);
const otherArn = s3BucketArn("aws", "acme-ai-prod-model-artifacts-222222222222-us-east-1");
const roleName = "acme-ai-prod-data-documents-replication";
const roleArn = iamRoleArn("aws", data, roleName);
const boundaryName = "acme-ai-lz-permission-boundary";
const boundaryArn = `arn:aws:iam::${data}:policy/${boundaryName}`;
const base = "prod-data-documents-replication-us-west-2";

function args(overrides: Partial<BucketReplicationArgs> = {}): BucketReplicationArgs {
    return {
        region: "us-east-1",
        drRegion: "us-west-2",
        accountId: data,
        sourceBucketName: sourceName,
        sourceKeyArn,
        replicaBucketName: replicaName,
        replicaKeyArn,
        roleName,
        permissionsBoundaryArn: boundaryArn,
        dependsOn: [],
        ...overrides,
    };
}

async function build(overrides: Partial<BucketReplicationArgs> = {}) {
    let sourceVersioning: aws.s3.BucketVersioning | undefined;
    const run = await runComponent((opts) => {
        // Stands for the source bucket's versioning, which the documents store creates outside this component.
        sourceVersioning = new aws.s3.BucketVersioning("source-versioning", {
            region: "us-east-1", bucket: sourceName, versioningConfiguration: { status: "Enabled" },
        }, opts);
        return new BucketReplication(base, args({ dependsOn: [sourceVersioning], ...overrides }), opts);
    }, { accountId: data, region: "us-east-1" });
    return { run, sourceVersioningUrn: await valueOf(sourceVersioning!.urn) };
}

describe("BucketReplication", () => {
    let run: Awaited<ReturnType<typeof build>>["run"];
    let sourceVersioningUrn: string;
    before(async () => {
        ({ run, sourceVersioningUrn } = await build());
    });

    it("creates the replica bucket and its settings in the DR region, the role, and the replication in the primary region", () => {
        const placed = run.resources.filter((r) => r.custom).map((r) => [r.type, r.name, r.inputs.region ?? "global"]);
        const byName = (a: string[], b: string[]) => a[1].localeCompare(b[1]);
        assert.deepStrictEqual(placed.sort(byName), [
            ["aws:s3/bucket:Bucket", `${base}-replica`, "us-west-2"],
            ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${base}-replica-ownership`, "us-west-2"],
            ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${base}-replica-public-access-block`, "us-west-2"],
            ["aws:s3/bucketVersioning:BucketVersioning", `${base}-replica-versioning`, "us-west-2"],
            ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${base}-replica-encryption`, "us-west-2"],
            ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${base}-replica-lifecycle`, "us-west-2"],
            ["aws:s3/bucketPolicy:BucketPolicy", `${base}-replica-policy`, "us-west-2"],
            ["aws:iam/role:Role", `${base}-role`, "global"],
            ["aws:iam/rolePolicy:RolePolicy", `${base}-role-policy`, "global"],
            ["aws:s3/bucketReplicationConfig:BucketReplicationConfig", `${base}-configuration`, "us-east-1"],
        ].sort(byName));
        assert.strictEqual(run.resources[0].type, "lz:resilience:BucketReplication");
        assert.ok(run.resources.slice(1).every((r) => r.parent === run.resources[0].urn));
    });

    it("protects and retains the replica bucket, retains its settings, and neither the role nor the replication", () => {
        assert.deepStrictEqual(run.resources.filter((r) => r.protect).map((r) => r.name), [`${base}-replica`]);
        assert.deepStrictEqual(run.resources.filter((r) => r.custom && !r.retainOnDelete).map((r) => r.name).sort(),
            [`${base}-configuration`, `${base}-role`, `${base}-role-policy`]);
    });

    it("names the replica bucket explicitly, versions it, and encrypts it with the replica key and a bucket key", () => {
        const bucket = run.named(`${base}-replica`);
        assert.deepStrictEqual([bucket.inputs.bucket, bucket.inputs.objectLockEnabled], [replicaName, false]);
        assert.deepStrictEqual(run.named(`${base}-replica-versioning`).inputs.versioningConfiguration, { status: "Enabled" });
        assert.deepStrictEqual(run.named(`${base}-replica-encryption`).inputs.rules, [{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: replicaKeyArn },
            bucketKeyEnabled: true,
        }]);
    });

    it("blocks public access, enforces bucket-owner ownership and expires old replica versions", () => {
        const block = run.named(`${base}-replica-public-access-block`).inputs;
        assert.deepStrictEqual([block.bucket, block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
            [replicaName, true, true, true, true]);
        assert.deepStrictEqual(run.named(`${base}-replica-ownership`).inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        assert.deepStrictEqual(run.named(`${base}-replica-lifecycle`).inputs.rules, [{
            id: "expire-old-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: 90 },
            expiration: { expiredObjectDeleteMarker: true },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }]);
    });

    it("has a TLS-only replica bucket policy, applied after the public-access block", () => {
        assert.deepStrictEqual(run.policyOf(`${base}-replica-policy`), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
                Resource: [replicaArn, `${replicaArn}/*`], Condition: { Bool: { "aws:SecureTransport": false } },
            }],
        });
        assert.ok(run.named(`${base}-replica-policy`).dependsOn.includes(run.named(`${base}-replica-public-access-block`).urn));
    });

    it("replicates every object, delete markers and SSE-KMS objects, with RTC and metrics at 15 minutes, into the replica key", () => {
        const configuration = run.named(`${base}-configuration`);
        assert.strictEqual(configuration.inputs.bucket, sourceName);
        assert.strictEqual(configuration.inputs.role, roleArn);
        assert.deepStrictEqual(configuration.inputs.rules, [{
            id: "replicate-to-us-west-2",
            status: "Enabled",
            filter: { prefix: "" },
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
                bucket: replicaArn,
                encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            },
        }]);
    });

    it("waits for the source bucket's versioning, the replica's versioning and the role's permissions", () => {
        const dependsOn = run.named(`${base}-configuration`).dependsOn;
        for (const urn of [sourceVersioningUrn, run.named(`${base}-replica-versioning`).urn, run.named(`${base}-role-policy`).urn]) {
            assert.ok(dependsOn.includes(urn), urn);
        }
    });

    it("exposes the replica, the role, the rule and RTC's target for the DR inventory", async () => {
        const component = run.component;
        assert.deepStrictEqual(await Promise.all([
            valueOf(component.replicaBucketName), valueOf(component.replicaBucketArn), valueOf(component.replicaBucketUrn),
            valueOf(component.roleArn), valueOf(component.ruleId), valueOf(component.targetMinutes),
        ]), [replicaName, replicaArn, run.named(`${base}-replica`).urn, roleArn, "replicate-to-us-west-2", 15]);
    });

    it("gives the role the account's permissions boundary and a trust for S3 replicating this bucket of this account only", () => {
        const role = run.named(`${base}-role`);
        assert.deepStrictEqual([role.inputs.name, role.inputs.permissionsBoundary], [roleName, boundaryArn]);
        assert.deepStrictEqual(run.policyOf(`${base}-role`, "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "AllowServiceForThisAccountOnly",
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": data }, ArnLike: { "aws:SourceArn": sourceArn } },
            }],
        });
    });

    it("grants the role exactly the replication permissions, with the KMS conditions of each region", () => {
        assert.strictEqual(run.named(`${base}-role-policy`).inputs.role, roleName);
        assert.deepStrictEqual(run.policyOf(`${base}-role-policy`), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadSourceReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: sourceArn },
                {
                    Sid: "ReadSourceObjectVersions",
                    Effect: "Allow",
                    Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                    Resource: `${sourceArn}/*`,
                },
                { Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${replicaArn}/*` },
                {
                    Sid: "DecryptSourceObjects",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: sourceKeyArn,
                    Condition: {
                        StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                        StringLike: { "kms:EncryptionContext:aws:s3:arn": [sourceArn, `${sourceArn}/*`] },
                    },
                },
                {
                    Sid: "EncryptReplicas",
                    Effect: "Allow",
                    Action: "kms:Encrypt",
                    Resource: replicaKeyArn,
                    Condition: {
                        StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
                        StringLike: { "kms:EncryptionContext:aws:s3:arn": [replicaArn, `${replicaArn}/*`] },
                    },
                },
            ],
        });
    });

    it("locks the replica and lets the role read retention and legal holds when the source uses Object Lock", async () => {
        const { run: locked } = await build({ objectLock: true });
        assert.strictEqual(locked.named(`${base}-replica`).inputs.objectLockEnabled, true);
        assert.deepStrictEqual(locked.policyOf(`${base}-role-policy`).Statement[1].Action, [
            "s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold",
        ]);
    });

    it("adds the caller's replica bucket statements after its own TLS deny, and takes a custom rule ID, retention and protection", async () => {
        const reader = iamRoleArn("aws", "111111111111", "acme-ai-prod-genai-knowledge-base");
        const { run: custom } = await build({
            ruleId: "documents-to-dr",
            noncurrentVersionExpirationDays: 30,
            protect: false,
            replicaBucketPolicyStatements: [
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": false } } },
                { Sid: "KnowledgeBaseListsDocuments", Effect: "Allow", Principal: { AWS: reader }, Action: "s3:ListBucket", Resource: replicaArn },
            ],
        });
        assert.deepStrictEqual(custom.policyOf(`${base}-replica-policy`).Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource]), [
            ["DenyInsecureTransport", [replicaArn, `${replicaArn}/*`]],
            ["KnowledgeBaseListsDocuments", replicaArn],
        ]);
        assert.strictEqual(custom.named(`${base}-configuration`).inputs.rules[0].id, "documents-to-dr");
        assert.strictEqual(custom.named(`${base}-replica-lifecycle`).inputs.rules[0].noncurrentVersionExpiration.noncurrentDays, 30);
        assert.deepStrictEqual(custom.resources.filter((r) => r.protect || r.retainOnDelete).map((r) => r.name), []);
    });

    describe("under the IAM simulator", () => {
        const identity = replicationRolePolicy({
            partition: "aws", sourceRegion: "us-east-1", replicaRegion: "us-west-2",
            sourceBucketArn: sourceArn, replicaBucketArn: replicaArn, sourceKeyArn, replicaKeyArn, objectLock: false,
        });
        // iam-simulate matches `kms:EncryptionContext:${key}` only for keys without a colon, so it cannot evaluate
        // `kms:EncryptionContext:aws:s3:arn`; that condition is asserted exactly above and removed here so the
        // simulator judges the rest.
        const simulated = JSON.parse(JSON.stringify(identity)) as { Statement: { Condition?: Record<string, unknown> }[] } & PolicyDocument;
        simulated.Statement.forEach((statement) => delete statement.Condition?.StringLike);
        const boundary = permissionBoundaryDocument("aws", data, boundaryName);
        // KMS honours IAM policies only where the key policy delegates to the account, as the landing zone's keys do.
        const accountKeyPolicy = keyPolicy("aws", data, []);
        const asRole = (action: string, resource: string, context: Record<string, string> = {}, resourcePolicy?: unknown) => simulate({
            principal: roleArn, action, resource, resourceAccount: data, context: { "aws:SecureTransport": "true", ...context },
        }, { identity: [simulated], permissionBoundary: boundary, resource: resourcePolicy ?? (action.startsWith("kms:") ? accountKeyPolicy : undefined) });

        it("replicates into the replica bucket, and writes nowhere else", async () => {
            for (const action of ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]) {
                assert.strictEqual(await asRole(action, `${replicaArn}/tenants/acme/handbook.pdf`), "Allowed", action);
                assert.strictEqual(await asRole(action, `${sourceArn}/tenants/acme/handbook.pdf`), "ImplicitlyDenied", action);
                assert.strictEqual(await asRole(action, `${otherArn}/weights.bin`), "ImplicitlyDenied", action);
            }
            assert.strictEqual(await asRole("s3:PutObject", `${replicaArn}/tenants/acme/handbook.pdf`), "ImplicitlyDenied");
        });

        it("reads the source's versions for replication only, and no other bucket", async () => {
            assert.strictEqual(await asRole("s3:GetObjectVersionForReplication", `${sourceArn}/tenants/acme/handbook.pdf`), "Allowed");
            assert.strictEqual(await asRole("s3:GetReplicationConfiguration", sourceArn), "Allowed");
            assert.strictEqual(await asRole("s3:GetObject", `${sourceArn}/tenants/acme/handbook.pdf`), "ImplicitlyDenied");
            assert.strictEqual(await asRole("s3:GetObjectVersionForReplication", `${otherArn}/weights.bin`), "ImplicitlyDenied");
            assert.strictEqual(await asRole("s3:ListBucket", otherArn), "ImplicitlyDenied");
            assert.strictEqual(await asRole("s3:GetObject", `${replicaArn}/tenants/acme/handbook.pdf`), "ImplicitlyDenied");
        });

        it("decrypts with the source key through S3 in the primary region only, and with no other key", async () => {
            const viaPrimary = { "kms:ViaService": "s3.us-east-1.amazonaws.com" };
            assert.strictEqual(await asRole("kms:Decrypt", sourceKeyArn, viaPrimary), "Allowed");
            assert.strictEqual(await asRole("kms:Decrypt", otherKeyArn, viaPrimary), "ImplicitlyDenied");
            assert.strictEqual(await asRole("kms:Decrypt", replicaKeyArn, { "kms:ViaService": "s3.us-west-2.amazonaws.com" }), "ImplicitlyDenied");
            assert.strictEqual(await asRole("kms:Decrypt", sourceKeyArn, { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
            assert.strictEqual(await asRole("kms:Decrypt", sourceKeyArn), "ImplicitlyDenied");
        });

        it("encrypts with the replica key through S3 in the DR region only", async () => {
            assert.strictEqual(await asRole("kms:Encrypt", replicaKeyArn, { "kms:ViaService": "s3.us-west-2.amazonaws.com" }), "Allowed");
            assert.strictEqual(await asRole("kms:Encrypt", replicaKeyArn, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
            assert.strictEqual(await asRole("kms:Encrypt", sourceKeyArn, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
            assert.strictEqual(await asRole("kms:Encrypt", otherKeyArn, { "kms:ViaService": "s3.us-west-2.amazonaws.com" }), "ImplicitlyDenied");
        });

        it("is admitted by the replica bucket's policy over TLS only", async () => {
            const bucketPolicy = replicaBucketPolicy(replicaArn, []);
            assert.strictEqual(await asRole("s3:ReplicateObject", `${replicaArn}/x`, {}, bucketPolicy), "Allowed");
            assert.strictEqual(await asRole("s3:ReplicateObject", `${replicaArn}/x`, { "aws:SecureTransport": "false" }, bucketPolicy), "ExplicitlyDenied");
        });

        it("can be assumed by S3 for the source bucket of this account only", async () => {
            const assume = (sourceAccount: string, sourceBucketArn: string, principal = "s3.amazonaws.com") => simulate({
                principal,
                action: "sts:AssumeRole",
                resource: roleArn,
                resourceAccount: data,
                context: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": sourceBucketArn },
            }, { resource: replicationTrustPolicy(data, sourceArn) });
            assert.strictEqual(await assume(data, sourceArn), "Allowed");
            assert.strictEqual(await assume(data, otherArn), "ImplicitlyDenied");
            assert.strictEqual(await assume(outsider, sourceArn), "ImplicitlyDenied");
            assert.strictEqual(await assume(data, sourceArn, "batchoperations.s3.amazonaws.com"), "ImplicitlyDenied");
        });
    });

    const cases: [string, Partial<BucketReplicationArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["the DR region equal to the primary", { drRegion: "us-east-1" },
            ['drRegion must differ from region (both "us-east-1"); a replica in the same region does not survive the loss of that region.']],
        ["an unknown DR region", { drRegion: "us-mars-1" }, ['drRegion must be an AWS region name such as "us-west-2" (got "us-mars-1").']],
        ["a DR region in another partition", { drRegion: "cn-north-1" },
            ['drRegion must be in the same partition as region (got "cn-north-1" in aws-cn and "us-east-1" in aws); keys, buckets and tables do not replicate across partitions.']],
        ["a single-region source key", { sourceKeyArn: `arn:aws:kms:us-east-1:${data}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
            [`sourceKeyArn must be a multi-region key (ID "mrk-…") for a replicated bucket (got "arn:aws:kms:us-east-1:${data}:key/1234abcd-12ab-34cd-56ef-1234567890ab"); create the key with multiRegion: true.`]],
        ["a replica key in the primary region", { replicaKeyArn: sourceKeyArn },
            [`replicaKeyArn must be a key in us-west-2 (got "${sourceKeyArn}", a key in us-east-1).`]],
        ["a replica key of another key", { replicaKeyArn: `arn:aws:kms:us-west-2:${data}:key/mrk-ffffffffffffffffffffffffffffffff` },
            [`replicaKeyArn must be the replica of sourceKeyArn (key ${keyId} in account ${data}) (got "arn:aws:kms:us-west-2:${data}:key/mrk-ffffffffffffffffffffffffffffffff"); pass the ReplicaKey's keyArn.`]],
        ["a replica bucket named like the source", { replicaBucketName: sourceName },
            [`replicaBucketName must differ from sourceBucketName (both "${sourceName}"); bucket names are global.`]],
        ["a malformed replica bucket name", { replicaBucketName: "Docs_DR" },
            ['replicaBucketName must be a bucket name of 3-63 lower-case letters, digits, dots or hyphens (got "Docs_DR").']],
        ["a rule ID with spaces", { ruleId: "to dr" }, ['ruleId must be 1-255 letters, digits, _, . or - (got "to dr").']],
        ["no retention", { noncurrentVersionExpirationDays: 0 }, ["noncurrentVersionExpirationDays must be a whole number of days, at least 1 (got 0)."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(bucketReplicationProblems(args({ dependsOn: [{} as never], ...change })), expected));
    }

    it("requires something to wait for, and refuses bad arguments before creating anything", async () => {
        assert.deepStrictEqual(bucketReplicationProblems(args()), [
            "dependsOn must name the source bucket's versioning (or the component that creates it) (got none); S3 refuses replication from an unversioned bucket.",
        ]);
        assert.strictEqual(await constructionError(() => new BucketReplication("bad", args({ dependsOn: [{} as never], drRegion: "us-east-1" }))),
            'drRegion must differ from region (both "us-east-1"); a replica in the same region does not survive the loss of that region.');
    });
});
