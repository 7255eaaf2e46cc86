import * as assert from "assert";
import { CatalogueModel, loadCatalogue, ModelCatalogue } from "../../../accounts/catalogue";
import { endOfLifeWarnings, warnBeforeModelEndOfLife as policy } from "../../../policies/bedrock/warnBeforeModelEndOfLife";
import { projectDir } from "../../fixtures/plans";
import { runResourcePolicy, unknown, violationsOf } from "../harness";

const shipped = loadCatalogue(projectDir);
const haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";
const sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const legacy: ModelCatalogue = {
    ...shipped,
    models: shipped.models.map((model): CatalogueModel => model.id === haiku
        ? { ...model, lifecycle: { status: "legacy", endOfLife: "2027-03-01", successor: sonnet45, source: "notice" } }
        : model),
};
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

function parameter(value: unknown) {
    return { type: "aws:ssm/parameter:Parameter", props: { name: "/acme-ai/prod/genai/catalogue", type: "String", value } };
}
const published = JSON.stringify({ schemaVersion: 2, environment: "prod", models: [{ id: sonnet45 }, { id: haiku }] });

describe("bedrock-models-not-near-end-of-life", () => {
    it("warns within the notice period, naming the date, the days left and the successor", () => {
        assert.deepStrictEqual(endOfLifeWarnings(legacy, [sonnet45, haiku], day("2026-12-03"), 90), [
            `model "${haiku}" reaches its end of life on Bedrock on 2027-03-01 (in 88 days, within the 90-day notice); move to its successor "${sonnet45}" before then.`,
        ]);
    });

    it("stays quiet before the notice period and for models without a date", () => {
        assert.deepStrictEqual(endOfLifeWarnings(legacy, [sonnet45, haiku], day("2026-12-03"), 60), []);
        const active = shipped.models.filter((m) => m.lifecycle?.status === "active").map((m) => m.id);
        assert.deepStrictEqual(endOfLifeWarnings(shipped, active, day("2026-12-03"), 3650), []);
    });

    it("warns about the shipped catalogue's Legacy Claude Sonnet 4.5 from 90 days before its end of life, 2027-04-08", () => {
        assert.deepStrictEqual(endOfLifeWarnings(shipped, [sonnet45], day("2027-01-07"), 90), []);
        assert.deepStrictEqual(endOfLifeWarnings(shipped, [sonnet45], day("2027-01-08"), 90), [
            `model "${sonnet45}" reaches its end of life on Bedrock on 2027-04-08 (in 90 days, within the 90-day notice); move to its successor "anthropic.claude-sonnet-4-6" before then.`,
        ]);
    });

    it("passes the shipped catalogue's models in a published catalogue parameter", async () => {
        assert.deepStrictEqual(await violationsOf(policy, parameter(published), { asOf: "2026-12-03" }), []);
    });

    it("is advisory: lz check warns, it does not fail", () => {
        assert.strictEqual(policy.enforcementLevel, "advisory");
    });

    it("ignores other parameters, values not known yet, and other resource types", async () => {
        assert.deepStrictEqual(await violationsOf(policy, parameter("plain text")), []);
        assert.deepStrictEqual(await violationsOf(policy, parameter(unknown)), []);
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:s3/bucket:Bucket", props: {} })).notApplicable, true);
    });
});
