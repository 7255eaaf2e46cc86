import * as assert from "assert";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import { DrInventoryEntry } from "../../../accounts/drInventory";
import { awsCall } from "../../../cli/drill/live/call";
import { acquireLock, DrillLock, DrillLockedError, releaseLock, SwitchContext, switchRegion, switchWrites } from "../../../cli/drill/switch";
import { AwsWorld, healthyAws, liveAccountIds } from "../../fixtures/drill/aws";
import { inventoryOf } from "../../fixtures/drill/graphs";
import { plan } from "../../fixtures/plans";
import { PlanGraph } from "../../../cli/engine/graph";

const lock: DrillLock = { parameter: "/acme-ai/prod/drill-lock", region: "us-west-2", holder: "lz-drill-prod since 2026-03-01T10:00:00.000Z (failover to us-west-2)" };

describe("lz drill switch (target region only)", () => {
    let prod: PlanGraph;
    /** The two kinds of entries the switch writes, as the prod plan's inventory has them. */
    let inventory: DrInventoryEntry[];
    let world: AwsWorld;
    let context: SwitchContext;
    before(async () => {
        prod = await plan("prod");
        inventory = inventoryOf(prod).filter((entry) => entry.kind === "catalogue-parameter" || entry.kind === "active-region-parameter");
    });
    beforeEach(() => {
        world = healthyAws(prod);
        const ids = liveAccountIds as Record<string, string>;
        context = {
            now: () => new Date("2026-03-01T10:00:00.000Z"),
            clients: (key, region) => world.factory.clients(ids[key], region),
            call: (operation, send) => awsCall(operation, send, { timeoutMs: 1000 }),
        };
    });
    afterEach(() => world.restore());

    it("writes the parameters of the target region, and of the primary when failing back", () => {
        assert.deepStrictEqual(switchWrites(inventory, "us-west-2").map((write) => [write.account, write.region, write.parameter]), [
            ["genai", "us-west-2", "/acme-ai/prod/genai/catalogue"],
            ["app-chat", "us-west-2", "/acme-ai/prod/active-region"],
            ["app-search", "us-west-2", "/acme-ai/prod/active-region"],
        ]);
        assert.deepStrictEqual(switchWrites(inventory, "us-east-1").map((write) => write.region), ["us-east-1", "us-east-1", "us-east-1"]);
    });

    it("changes only the catalogue's activeRegion and sets each active-region parameter", async () => {
        const before = JSON.parse(world.parameters.get("444455556666/us-west-2//acme-ai/prod/genai/catalogue")!);
        const result = await switchRegion(context, switchWrites(inventory, "us-west-2"), "us-west-2");
        assert.strictEqual(result.ok, true);
        assert.deepStrictEqual(JSON.parse(world.parameters.get("444455556666/us-west-2//acme-ai/prod/genai/catalogue")!), { ...before, activeRegion: "us-west-2" });
        assert.deepStrictEqual(result.steps.map((step) => step.detail), [
            "/acme-ai/prod/genai/catalogue activeRegion \"us-east-1\" → \"us-west-2\" in us-west-2",
            "/acme-ai/prod/active-region = \"us-west-2\" in us-west-2",
            "/acme-ai/prod/active-region = \"us-west-2\" in us-west-2",
        ]);
    });

    it("goes on past a failed write and names it", async () => {
        world.ssm.on(PutParameterCommand, { Name: "/acme-ai/prod/active-region", Value: "us-west-2" })
            .rejectsOnce(Object.assign(new Error("User is not authorized to perform: ssm:PutParameter"), { name: "AccessDeniedException" }));
        const result = await switchRegion(context, switchWrites(inventory, "us-west-2"), "us-west-2");
        assert.strictEqual(result.ok, false);
        assert.deepStrictEqual(result.steps.map((step) => [step.name, step.outcome]), [["switch genai", "ok"], ["switch app-chat", "failed"], ["switch app-search", "ok"]]);
        assert.strictEqual(result.steps[1].detail, "AccessDeniedException: User is not authorized to perform: ssm:PutParameter");
        assert.strictEqual(world.parameters.get("777788889999/us-west-2//acme-ai/prod/active-region"), "us-east-1");
    });

    it("switches nothing when the inventory names no parameter in the target", async () => {
        assert.strictEqual((await switchRegion(context, [], "us-west-2")).ok, false);
    });

    it("takes the lock once: a second drill is refused with the holder's name, and can take it after release", async () => {
        await acquireLock(context, lock);
        await assert.rejects(acquireLock(context, { ...lock, holder: "someone else" }),
            (error: Error) => error instanceof DrillLockedError && error.holder === lock.holder);
        await releaseLock(context, lock);
        await acquireLock(context, { ...lock, holder: "someone else" });
        assert.strictEqual(world.parameters.get("444455556666/us-west-2//acme-ai/prod/drill-lock"), "someone else");
    });
});
