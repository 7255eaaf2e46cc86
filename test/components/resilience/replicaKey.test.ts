import * as assert from "assert";
import { keyPolicy } from "../../../components/security/keyPolicies";
import { ReplicaKey, ReplicaKeyArgs, replicaKeyProblems } from "../../../components/resilience/replicaKey";
import { constructionError, runComponent, valueOf } from "../../fixtures/componentHarness";

const data = "222222222222";
const keyId = "mrk-0123456789abcdef0123456789abcdef";
const primaryKeyArn = `arn:aws:kms:us-east-1:${data}:key/${keyId}`;
const policy = keyPolicy("aws", data, []);

function args(overrides: Partial<ReplicaKeyArgs> = {}): ReplicaKeyArgs {
    return {
        region: "us-west-2",
        primaryKeyArn,
        description: "Knowledge-base documents in the data account (replica)",
        aliasName: "alias/acme-ai-prod-data-documents",
        policy,
        ...overrides,
    };
}

const build = (overrides: Partial<ReplicaKeyArgs> = {}) =>
    runComponent((opts) => new ReplicaKey("prod-data-documents-key-us-west-2", args(overrides), opts), { accountId: data, region: "us-east-1" });

describe("ReplicaKey", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("creates the replica key and its alias in the DR region, under the component", () => {
        assert.deepStrictEqual(run.resources.map((r) => [r.type, r.name]), [
            ["lz:resilience:ReplicaKey", "prod-data-documents-key-us-west-2"],
            ["aws:kms/replicaKey:ReplicaKey", "prod-data-documents-key-us-west-2-key"],
            ["aws:kms/alias:Alias", "prod-data-documents-key-us-west-2-alias"],
        ]);
        for (const resource of run.resources.filter((r) => r.custom)) {
            assert.strictEqual(resource.inputs.region, "us-west-2", resource.name);
            assert.strictEqual(resource.parent, run.resources[0].urn, resource.name);
        }
    });

    it("replicates the primary key with a 30-day deletion window and the given policy", () => {
        const key = run.named("prod-data-documents-key-us-west-2-key");
        assert.strictEqual(key.inputs.primaryKeyArn, primaryKeyArn);
        assert.strictEqual(key.inputs.deletionWindowInDays, 30);
        assert.strictEqual(key.inputs.enabled, true);
        assert.strictEqual(key.inputs.description, "Knowledge-base documents in the data account (replica)");
        assert.deepStrictEqual(run.policyOf("prod-data-documents-key-us-west-2-key"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "EnableAccountAdministrationThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${data}:root` }, Action: "kms:*", Resource: "*" }],
        });
    });

    it("gives the replica the primary's alias name, pointing at the replica, so drills find it by alias", () => {
        const alias = run.named("prod-data-documents-key-us-west-2-alias");
        assert.strictEqual(alias.inputs.name, "alias/acme-ai-prod-data-documents");
        assert.strictEqual(alias.inputs.targetKeyId, keyId);
    });

    it("has the primary's multi-region key ID, in the DR region of the same account", async () => {
        const component = run.component;
        assert.strictEqual(await valueOf(component.keyId), keyId);
        assert.strictEqual(await valueOf(component.keyArn), `arn:aws:kms:us-west-2:${data}:key/${keyId}`);
        assert.strictEqual(await valueOf(component.aliasName), "alias/acme-ai-prod-data-documents");
        assert.strictEqual(await valueOf(component.replicaKeyUrn), run.named("prod-data-documents-key-us-west-2-key").urn);
    });

    it("protects and retains the replica, and retains its alias", () => {
        const key = run.named("prod-data-documents-key-us-west-2-key");
        const alias = run.named("prod-data-documents-key-us-west-2-alias");
        assert.deepStrictEqual([key.protect, key.retainOnDelete, alias.protect, alias.retainOnDelete], [true, true, false, true]);
    });

    it("can be left unprotected (scratch environments)", async () => {
        const scratch = await build({ protect: false });
        assert.deepStrictEqual(scratch.resources.filter((r) => r.custom).map((r) => [r.protect, r.retainOnDelete]), [[false, false], [false, false]]);
    });

    const cases: [string, Partial<ReplicaKeyArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["an alias AWS reserves", { aliasName: "alias/aws/s3" },
            ['aliasName must be "alias/" followed by letters, digits, /, _ or - and not start with "alias/aws/" (got "alias/aws/s3").']],
        ["a single-region primary", { primaryKeyArn: `arn:aws:kms:us-east-1:${data}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
            [`primaryKeyArn must be a multi-region key (ID "mrk-…") to be replicated (got "arn:aws:kms:us-east-1:${data}:key/1234abcd-12ab-34cd-56ef-1234567890ab"); create the key with multiRegion: true.`]],
        ["a primary in the replica's own region", { primaryKeyArn: `arn:aws:kms:us-west-2:${data}:key/${keyId}` },
            [`primaryKeyArn must be a key in another region than the replica's region us-west-2 (got "arn:aws:kms:us-west-2:${data}:key/${keyId}"); KMS allows one copy of a key per region.`]],
        ["an alias ARN instead of a key ARN", { primaryKeyArn: `arn:aws:kms:us-east-1:${data}:alias/acme` },
            [`primaryKeyArn must be the ARN of a key in the primary region such as "arn:aws:kms:us-east-1:123456789012:key/mrk-…" (got "arn:aws:kms:us-east-1:${data}:alias/acme").`]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(replicaKeyProblems(args(change)), expected));
    }

    it("refuses bad arguments before creating anything", async () => {
        assert.strictEqual(await constructionError(() => new ReplicaKey("bad", args({ aliasName: "documents" }))),
            'aliasName must be "alias/" followed by letters, digits, /, _ or - and not start with "alias/aws/" (got "documents").');
    });
});
