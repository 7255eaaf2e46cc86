import * as assert from "assert";
import { ActiveRegionParameter, ActiveRegionParameterArgs, activeRegionParameterProblems } from "../../../components/resilience/activeRegionParameter";
import { constructionError, runComponent, valueOf } from "../../fixtures/componentHarness";

const app = "333333333333";
const parameterName = "/acme-ai/prod/active-region";
const base = "prod-app-chat-active-region";

function args(overrides: Partial<ActiveRegionParameterArgs> = {}): ActiveRegionParameterArgs {
    return { regions: ["us-east-1", "us-west-2"], parameterName, activeRegion: "us-east-1", ...overrides };
}

const build = (overrides: Partial<ActiveRegionParameterArgs> = {}) =>
    runComponent((opts) => new ActiveRegionParameter(base, args(overrides), opts), { accountId: app, region: "us-east-1" });

describe("ActiveRegionParameter", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("writes one parameter of the same name in each region, keyed by region", () => {
        assert.deepStrictEqual(run.resources.map((r) => [r.type, r.name, r.inputs.region ?? null, r.inputs.name ?? null]), [
            ["lz:resilience:ActiveRegionParameter", base, null, null],
            ["aws:ssm/parameter:Parameter", `${base}-us-east-1`, "us-east-1", parameterName],
            ["aws:ssm/parameter:Parameter", `${base}-us-west-2`, "us-west-2", parameterName],
        ]);
    });

    it("holds the active region in plain text in both regions, with what applications must do with it", () => {
        for (const region of ["us-east-1", "us-west-2"]) {
            const inputs = run.named(`${base}-${region}`).inputs;
            assert.deepStrictEqual([inputs.type, inputs.dataType, inputs.tier, inputs.insecureValue, inputs.value], ["String", "text", "Standard", "us-east-1", undefined], region);
            assert.strictEqual(inputs.description, "Region applications use now (lz failover switch); read it on start and every few minutes, and follow it");
        }
    });

    it("says the DR region in both regions after a failover", async () => {
        const failedOver = await build({ activeRegion: "us-west-2" });
        assert.deepStrictEqual(failedOver.ofType("aws:ssm/parameter:Parameter").map((r) => r.inputs.insecureValue), ["us-west-2", "us-west-2"]);
    });

    it("is not protected: it holds routing, not data", () => {
        assert.deepStrictEqual(run.resources.filter((r) => r.protect || r.retainOnDelete), []);
    });

    it("exposes the name, each region's ARN and URN", async () => {
        const component = run.component;
        assert.strictEqual(await valueOf(component.parameterName), parameterName);
        assert.deepStrictEqual(Object.keys(component.parameterArns), ["us-east-1", "us-west-2"]);
        assert.strictEqual(await valueOf(component.parameterArns["us-west-2"]), `arn:aws:ssm:us-west-2:${app}:parameter${parameterName}`);
        assert.strictEqual(await valueOf(component.parameterUrns["us-west-2"]), run.named(`${base}-us-west-2`).urn);
    });

    it("writes the primary region's only when DR is off", async () => {
        const single = await build({ regions: ["us-east-1"] });
        assert.deepStrictEqual(single.ofType("aws:ssm/parameter:Parameter").map((r) => r.name), [`${base}-us-east-1`]);
    });

    const cases: [string, Partial<ActiveRegionParameterArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["an active region the environment does not deploy", { activeRegion: "eu-west-1" },
            ['activeRegion must be one of the parameter\'s regions us-east-1, us-west-2 (got "eu-west-1"); applications cannot be sent to a region the environment does not deploy.']],
        ["no regions", { regions: [] }, ["regions must list at least one region (got none); applications read the parameter in the region they run in."]],
        ["a region twice", { regions: ["us-east-1", "us-east-1"] }, ['regions[1] repeats "us-east-1"; list each region once.']],
        ["an unknown region", { regions: ["us-east-1", "us-west-9"] }, ['regions[1] must be an AWS region name such as "us-east-1" (got "us-west-9").']],
        ["a name that is not a path", { parameterName: "active-region" }, ['parameterName must be a path such as "/acme-ai/prod/active-region" (got "active-region").']],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(activeRegionParameterProblems(args(change)), expected));
    }

    it("refuses an active region outside its regions before creating anything", async () => {
        assert.strictEqual(await constructionError(() => new ActiveRegionParameter("bad", args({ activeRegion: "us-west-1" }))),
            'activeRegion must be one of the parameter\'s regions us-east-1, us-west-2 (got "us-west-1"); applications cannot be sent to a region the environment does not deploy.');
    });
});
