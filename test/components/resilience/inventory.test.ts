import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DrInventoryEntry, S3_RTC_TARGET_MINUTES } from "../../../accounts/drInventory";
import { readDrOutputs } from "../../../cli/drill/inventory";
import { declaresRegion } from "../../../cli/drill/readiness";
import { PlanGraph } from "../../../cli/engine/graph";
import { ActiveRegionParameter } from "../../../components/resilience/activeRegionParameter";
import { drInventory, drInventoryEntry, DrInventoryEntryArgs, drInventoryEntryProblems } from "../../../components/resilience/inventory";
import { ReplicaKey } from "../../../components/resilience/replicaKey";
import { SessionTable } from "../../../components/resilience/sessionTable";
import { keyPolicy } from "../../../components/security/keyPolicies";
import { runComponent, valueOf } from "../../fixtures/componentHarness";

const app = "333333333333";

/** An application account's DR resources as the environment stack will wire them, with their inventory. */
class ApplicationDr extends pulumi.ComponentResource {
    public readonly inventory: pulumi.Output<DrInventoryEntry[]>;

    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("test:resilience:ApplicationDr", name, {}, opts);
        const key = new aws.kms.Key(`${name}-key`, { region: "us-east-1", multiRegion: true, enableKeyRotation: true }, { parent: this });
        const alias = new aws.kms.Alias(`${name}-key-alias`, { region: "us-east-1", name: "alias/acme-ai-prod-chat-sessions", targetKeyId: key.keyId }, { parent: this });
        const replicaKey = new ReplicaKey(`${name}-key-us-west-2`, {
            region: "us-west-2", primaryKeyArn: key.arn, description: "Chat sessions (replica)", aliasName: "alias/acme-ai-prod-chat-sessions",
            policy: keyPolicy("aws", app, []),
        }, { parent: this });
        const table = new SessionTable(`${name}-sessions`, {
            region: "us-east-1", drRegion: "us-west-2", tableName: "acme-ai-prod-chat-sessions", kmsKeyArn: key.arn, replicaKmsKeyArn: replicaKey.keyArn,
        }, { parent: this });
        const parameter = new ActiveRegionParameter(`${name}-active-region`, {
            regions: ["us-east-1", "us-west-2"], parameterName: "/acme-ai/prod/active-region", activeRegion: "us-east-1",
        }, { parent: this });
        this.inventory = drInventory([
            drInventoryEntry({
                kind: "kms-key", account: "app-chat", description: "chat session-state key", mechanism: "kms-multi-region",
                primary: { region: "us-east-1", urn: key.urn, physicalName: alias.name, arn: key.arn },
                replica: { region: "us-west-2", urn: replicaKey.replicaKeyUrn, physicalName: replicaKey.aliasName, arn: replicaKey.keyArn },
            }),
            drInventoryEntry({
                kind: "dynamodb-table", account: "app-chat", description: "chat session and conversation state", mechanism: "dynamodb-global-table",
                primary: { region: "us-east-1", urn: table.tableUrn, physicalName: table.tableName, arn: table.tableArn },
                replica: { region: "us-west-2", urn: table.tableUrn, physicalName: table.tableName, arn: table.replicaTableArn },
            }),
            drInventoryEntry({
                kind: "active-region-parameter", account: "app-chat", description: "chat active-region parameter", mechanism: "deployed-in-both-regions",
                primary: { region: "us-east-1", urn: parameter.parameterUrns["us-east-1"], physicalName: parameter.parameterName, arn: parameter.parameterArns["us-east-1"] },
                replica: { region: "us-west-2", urn: parameter.parameterUrns["us-west-2"], physicalName: parameter.parameterName, arn: parameter.parameterArns["us-west-2"] },
            }),
        ]);
        this.registerOutputs({ inventory: this.inventory });
    }
}

function entryArgs(overrides: Partial<DrInventoryEntryArgs> = {}): DrInventoryEntryArgs {
    return {
        kind: "s3-bucket",
        account: "data",
        description: "knowledge-base documents bucket",
        primary: { region: "us-east-1", urn: "urn:pulumi:prod::lz::aws:s3/bucket:Bucket::docs", physicalName: "docs-us-east-1" },
        replica: { region: "us-west-2", urn: "urn:pulumi:prod::lz::aws:s3/bucket:Bucket::docs-dr", physicalName: "docs-us-west-2", arn: "arn:aws:s3:::docs-us-west-2" },
        mechanism: "s3-replication-time-control",
        targetMinutes: S3_RTC_TARGET_MINUTES,
        ...overrides,
    };
}

describe("drInventoryEntry", () => {
    it("builds an entry of the DR contract from outputs, leaving out an ARN that is not given", async () => {
        const entry = await valueOf(drInventoryEntry(entryArgs({
            primary: { region: "us-east-1", urn: pulumi.output("urn:pulumi:prod::lz::aws:s3/bucket:Bucket::docs"), physicalName: pulumi.output("docs-us-east-1") },
        })));
        assert.deepStrictEqual(entry, {
            kind: "s3-bucket",
            account: "data",
            description: "knowledge-base documents bucket",
            primary: { region: "us-east-1", urn: "urn:pulumi:prod::lz::aws:s3/bucket:Bucket::docs", physicalName: "docs-us-east-1" },
            replica: { region: "us-west-2", urn: "urn:pulumi:prod::lz::aws:s3/bucket:Bucket::docs-dr", physicalName: "docs-us-west-2", arn: "arn:aws:s3:::docs-us-west-2" },
            replication: { mechanism: "s3-replication-time-control", targetMinutes: 15 },
        });
    });

    it("records a resource without a replica as null, and no target when none is given", async () => {
        const entry = await valueOf(drInventoryEntry(entryArgs({ replica: null, targetMinutes: undefined })));
        assert.strictEqual(entry.replica, null);
        assert.deepStrictEqual(entry.replication, { mechanism: "s3-replication-time-control" });
    });

    const cases: [string, Partial<DrInventoryEntryArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["a replica in the primary's region", { replica: { ...entryArgs().replica!, region: "us-east-1" } },
            ['DR inventory entry data/s3-bucket: replica.region must differ from primary.region (both "us-east-1"); a replica in the same region does not survive its loss.']],
        ["an unknown region", { primary: { ...entryArgs().primary, region: "us-east" } },
            ['DR inventory entry data/s3-bucket: primary.region must be an AWS region name such as "us-west-2" (got "us-east").']],
        ["a kind outside the contract", { kind: "efs-file-system" as never },
            [`DR inventory entry data/efs-file-system: kind must be one of kms-key, s3-bucket, guardrail, catalogue-parameter, active-region-parameter, invocation-logging, network, bedrock-runtime-endpoint, vector-store, knowledge-base, capacity-reservation, ecr-repository, dynamodb-table, invoke-permissions (got "efs-file-system").`]],
        ["a mechanism outside the contract", { mechanism: "rsync" as never },
            ['DR inventory entry data/s3-bucket: mechanism must be one of s3-replication-time-control, dynamodb-global-table, kms-multi-region, ecr-registry-replication, rebuilt-from-replicated-documents, deployed-in-both-regions (got "rsync").']],
        ["an empty account key", { account: "" }, ['DR inventory entry /s3-bucket: account must be an account key such as "genai" or "app-chat" (got "").']],
        ["a zero target", { targetMinutes: 0 }, ["DR inventory entry data/s3-bucket: targetMinutes must be a positive number of minutes (got 0)."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(drInventoryEntryProblems(entryArgs(change)), expected));
    }

    it("refuses a bad entry when it is built, before any output resolves", () => {
        assert.throws(() => drInventoryEntry(entryArgs({ targetMinutes: -5 })),
            { message: "DR inventory entry data/s3-bucket: targetMinutes must be a positive number of minutes (got -5)." });
    });

    describe("from the resilience components (an application account)", () => {
        let run: Awaited<ReturnType<typeof runComponent<ApplicationDr>>>;
        let inventory: DrInventoryEntry[];
        before(async () => {
            run = await runComponent((opts) => new ApplicationDr("prod-app-chat", opts), { accountId: app, region: "us-east-1" });
            inventory = await valueOf(run.component.inventory);
        });

        it("names each pair by the URNs, physical names and ARNs the components registered", () => {
            const urn = (name: string) => run.named(name).urn;
            const keyId = run.named("prod-app-chat-key").outputs.id;
            assert.match(keyId, /^mrk-[0-9a-f]{32}$/);
            assert.deepStrictEqual(inventory, [
                {
                    kind: "kms-key", account: "app-chat", description: "chat session-state key",
                    primary: { region: "us-east-1", urn: urn("prod-app-chat-key"), physicalName: "alias/acme-ai-prod-chat-sessions", arn: `arn:aws:kms:us-east-1:${app}:key/${keyId}` },
                    replica: { region: "us-west-2", urn: urn("prod-app-chat-key-us-west-2-key"), physicalName: "alias/acme-ai-prod-chat-sessions", arn: `arn:aws:kms:us-west-2:${app}:key/${keyId}` },
                    replication: { mechanism: "kms-multi-region" },
                },
                {
                    kind: "dynamodb-table", account: "app-chat", description: "chat session and conversation state",
                    primary: { region: "us-east-1", urn: urn("prod-app-chat-sessions-table"), physicalName: "acme-ai-prod-chat-sessions", arn: `arn:aws:dynamodb:us-east-1:${app}:table/acme-ai-prod-chat-sessions` },
                    replica: { region: "us-west-2", urn: urn("prod-app-chat-sessions-table"), physicalName: "acme-ai-prod-chat-sessions", arn: `arn:aws:dynamodb:us-west-2:${app}:table/acme-ai-prod-chat-sessions` },
                    replication: { mechanism: "dynamodb-global-table" },
                },
                {
                    kind: "active-region-parameter", account: "app-chat", description: "chat active-region parameter",
                    primary: { region: "us-east-1", urn: urn("prod-app-chat-active-region-us-east-1"), physicalName: "/acme-ai/prod/active-region", arn: `arn:aws:ssm:us-east-1:${app}:parameter/acme-ai/prod/active-region` },
                    replica: { region: "us-west-2", urn: urn("prod-app-chat-active-region-us-west-2"), physicalName: "/acme-ai/prod/active-region", arn: `arn:aws:ssm:us-west-2:${app}:parameter/acme-ai/prod/active-region` },
                    replication: { mechanism: "deployed-in-both-regions" },
                },
            ]);
        });

        it("points every replica at a resource that lands in, or declares, the DR region", () => {
            const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
            for (const entry of inventory) {
                const resource = byUrn.get(entry.replica!.urn)!;
                const planned = { ...resource, id: null, provider: null, account: app, region: resource.inputs.region as string, ignoreChanges: [] };
                assert.ok(planned.region === "us-west-2" || declaresRegion(planned, "us-west-2"), `${entry.kind} ${resource.name}`);
            }
        });

        it("is read back by the drill as a well-formed inventory", () => {
            const graph = {
                stack: "prod",
                outputs: { drInventory: inventory, dr: { enabled: true, primaryRegion: "us-east-1", drRegion: "us-west-2", activeRegion: "us-east-1", rpoMinutes: 15, rtoMinutes: 60 } },
            } as unknown as PlanGraph;
            const read = readDrOutputs(graph);
            assert.ok(read.ok, JSON.stringify(read));
            assert.deepStrictEqual(read.inventory, inventory);
        });
    });
});
