import * as assert from "assert";
import { declaresRegion } from "../../../cli/drill/readiness";
import { PlanResource } from "../../../cli/engine/graph";
import { replicaTableArn, SessionTable, SessionTableArgs, sessionTableAttributes, sessionTableProblems } from "../../../components/resilience/sessionTable";
import { constructionError, RecordedResource, runComponent, valueOf } from "../../fixtures/componentHarness";

const app = "333333333333";
const keyId = "mrk-0123456789abcdef0123456789abcdef";
const kmsKeyArn = `arn:aws:kms:us-east-1:${app}:key/${keyId}`;
const replicaKmsKeyArn = `arn:aws:kms:us-west-2:${app}:key/${keyId}`;
const tableName = "acme-ai-prod-chat-sessions";
const base = "prod-app-chat-sessions-us-east-1";

function args(overrides: Partial<SessionTableArgs> = {}): SessionTableArgs {
    return { region: "us-east-1", tableName, kmsKeyArn, drRegion: "us-west-2", replicaKmsKeyArn, ...overrides };
}

const build = (overrides: Partial<SessionTableArgs> = {}) =>
    runComponent((opts) => new SessionTable(base, args(overrides), opts), { accountId: app, region: "us-east-1" });

/** The recorded table as the drill's readiness sees a plan resource. */
function asPlanResource(resource: RecordedResource, region: string): PlanResource {
    return { ...resource, id: null, provider: null, account: app, region, ignoreChanges: [] };
}

describe("SessionTable", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("creates one DynamoDB table in the primary region, under the component", () => {
        assert.deepStrictEqual(run.resources.map((r) => [r.type, r.name]), [
            ["lz:resilience:SessionTable", base],
            ["aws:dynamodb/table:Table", `${base}-table`],
        ]);
        const table = run.named(`${base}-table`);
        assert.strictEqual(table.inputs.region, "us-east-1");
        assert.strictEqual(table.parent, run.resources[0].urn);
    });

    it("is an on-demand table named explicitly, keyed by pk/sk strings, expiring items at expiresAt", () => {
        const inputs = run.named(`${base}-table`).inputs;
        assert.deepStrictEqual(
            [inputs.name, inputs.billingMode, inputs.hashKey, inputs.rangeKey, inputs.attributes, inputs.ttl],
            [tableName, "PAY_PER_REQUEST", "pk", "sk", [{ name: "pk", type: "S" }, { name: "sk", type: "S" }], { enabled: true, attributeName: "expiresAt" }],
        );
        assert.deepStrictEqual(sessionTableAttributes, { partitionKey: "pk", sortKey: "sk", timeToLive: "expiresAt" });
    });

    it("keeps 35 days of point-in-time recovery, refuses deletion, and encrypts with the customer-managed multi-region key", () => {
        const inputs = run.named(`${base}-table`).inputs;
        assert.deepStrictEqual(inputs.pointInTimeRecovery, { enabled: true, recoveryPeriodInDays: 35 });
        assert.strictEqual(inputs.deletionProtectionEnabled, true);
        assert.deepStrictEqual(inputs.serverSideEncryption, { enabled: true, kmsKeyArn });
    });

    it("streams new and old images, which global tables replicate through", () => {
        const inputs = run.named(`${base}-table`).inputs;
        assert.deepStrictEqual([inputs.streamEnabled, inputs.streamViewType], [true, "NEW_AND_OLD_IMAGES"]);
    });

    it("has one replica in the DR region, under the replica key, with recovery, deletion protection and the table's tags", () => {
        assert.deepStrictEqual(run.named(`${base}-table`).inputs.replicas, [{
            regionName: "us-west-2",
            kmsKeyArn: replicaKmsKeyArn,
            pointInTimeRecovery: true,
            deletionProtectionEnabled: true,
            propagateTags: true,
        }]);
    });

    it("declares its replica's region the way the drill's readiness looks for it", () => {
        const table = asPlanResource(run.named(`${base}-table`), "us-east-1");
        assert.strictEqual(declaresRegion(table, "us-west-2"), true);
        assert.strictEqual(declaresRegion(table, "eu-west-1"), false);
    });

    it("protects and retains the table", () => {
        const table = run.named(`${base}-table`);
        assert.deepStrictEqual([table.protect, table.retainOnDelete], [true, true]);
    });

    it("exposes its name, ARNs in both regions, stream and URN", async () => {
        const component = run.component;
        assert.deepStrictEqual(await Promise.all([
            valueOf(component.tableName), valueOf(component.tableArn), valueOf(component.replicaTableArn!),
            valueOf(component.streamArn), valueOf(component.tableUrn),
        ]), [
            tableName,
            `arn:aws:dynamodb:us-east-1:${app}:table/${tableName}`,
            `arn:aws:dynamodb:us-west-2:${app}:table/${tableName}`,
            `arn:aws:dynamodb:us-east-1:${app}:table/${tableName}/stream/2025-01-01T00:00:00.000`,
            run.named(`${base}-table`).urn,
        ]);
        assert.strictEqual(replicaTableArn(`arn:aws-cn:dynamodb:cn-north-1:${app}:table/t`, "cn-northwest-1"), `arn:aws-cn:dynamodb:cn-northwest-1:${app}:table/t`);
    });

    it("has no replica without DR, but keeps its stream so one can be added in place", async () => {
        const single = await build({ drRegion: undefined, replicaKmsKeyArn: undefined });
        const inputs = single.named(`${base}-table`).inputs;
        assert.deepStrictEqual([inputs.replicas, inputs.streamEnabled, inputs.streamViewType], [undefined, true, "NEW_AND_OLD_IMAGES"]);
        assert.strictEqual(single.component.replicaTableArn, undefined);
    });

    it("can be left unprotected (scratch environments)", async () => {
        const scratch = await build({ protect: false });
        const table = scratch.named(`${base}-table`);
        assert.deepStrictEqual([table.protect, table.retainOnDelete, table.inputs.deletionProtectionEnabled], [false, false, true]);
    });

    const singleRegionKey = `arn:aws:kms:us-east-1:${app}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const cases: [string, Partial<SessionTableArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["no DR at all", { drRegion: undefined, replicaKmsKeyArn: undefined }, []],
        ["the DR region equal to the primary", { drRegion: "us-east-1" },
            ['drRegion must differ from region (both "us-east-1"); a replica in the same region does not survive the loss of that region.']],
        ["an unknown primary region", { region: "us-east-9" }, ['region must be an AWS region name such as "us-east-1" (got "us-east-9").']],
        ["a single-region key on a global table", { kmsKeyArn: singleRegionKey },
            [`kmsKeyArn must be a multi-region key (ID "mrk-…") for a global table (got "${singleRegionKey}"); create the key with multiRegion: true.`]],
        ["a key in the DR region for the table", { kmsKeyArn: replicaKmsKeyArn },
            [`kmsKeyArn must be a key in us-east-1 (got "${replicaKmsKeyArn}", a key in us-west-2).`]],
        ["the primary key for the replica", { replicaKmsKeyArn: kmsKeyArn },
            [`replicaKmsKeyArn must be a key in us-west-2 (got "${kmsKeyArn}", a key in us-east-1).`]],
        ["a DR region without its key", { replicaKmsKeyArn: undefined },
            ['replicaKmsKeyArn must be given with drRegion (got drRegion "us-west-2" and no replica key); pass the ReplicaKey\'s keyArn in us-west-2.']],
        ["a replica key without a DR region", { drRegion: undefined },
            ["replicaKmsKeyArn must come with drRegion (got a replica key and no drRegion); set drRegion or remove replicaKmsKeyArn."]],
        ["a table name with spaces", { tableName: "chat sessions" }, ['tableName must be 3-255 letters, digits, _, . or - (got "chat sessions").']],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(sessionTableProblems(args(change)), expected));
    }

    it("refuses a single-region key before creating anything", async () => {
        assert.strictEqual(await constructionError(() => new SessionTable("bad", args({ kmsKeyArn: singleRegionKey }))),
            `kmsKeyArn must be a multi-region key (ID "mrk-…") for a global table (got "${singleRegionKey}"); create the key with multiRegion: true.`);
    });
});
