import * as assert from "assert";
import { CatalogueModel, catalogueProblems, daysToEndOfLife, isPastEndOfLife, loadCatalogue, ModelCatalogue, parseCatalogue } from "../../accounts/catalogue";
import { ConfigError } from "../../accounts/problems";
import { validateStackConfig } from "../../accounts/validate";
import { prodEnvironmentConfig } from "../fixtures/environmentConfig";
import { projectDir } from "../fixtures/plans";

const shipped = loadCatalogue(projectDir);
const sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const retired: CatalogueModel = {
    id: "anthropic.claude-3-5-sonnet-20240620-v1:0",
    provider: "anthropic",
    modality: "text",
    maxClassification: "confidential",
    environments: ["dev", "staging", "prod"],
    regions: ["us-east-1", "us-west-2"],
    lifecycle: { status: "legacy", endOfLife: "2026-03-01", successor: sonnet45, source: "Bedrock release notes" },
};
const withRetired: ModelCatalogue = { ...shipped, models: [retired, ...shipped.models] };
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

function problemsOf(catalogue: ModelCatalogue, models: string[], now: number): string[] {
    const environment = prodEnvironmentConfig();
    environment.models = models;
    try {
        validateStackConfig({ "landing-zone:environment": environment }, catalogue, "Pulumi.prod.yaml", { now });
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        return error.problems.map((p) => `${p.file}: ${p.path} ${p.message}`);
    }
    return [];
}

describe("model lifecycle in the catalogue", () => {
    it("ships no model past its end of life today", () => {
        const today = Date.now();
        assert.deepStrictEqual(shipped.models.filter((model) => isPastEndOfLife(model, today)).map((m) => m.id), []);
        assert.deepStrictEqual(shipped.models.filter((model) => model.lifecycle === undefined).map((m) => m.id), []);
        assert.ok(!shipped.models.some((model) => model.id === retired.id));
    });

    it("refuses a stack that uses a model past its end of life, naming the date and the successor", () => {
        assert.deepStrictEqual(problemsOf(withRetired, [retired.id, "amazon.titan-embed-text-v2:0"], day("2026-03-01")), [
            'Pulumi.prod.yaml: landing-zone:environment.models[0] names "anthropic.claude-3-5-sonnet-20240620-v1:0", which reached its end of life on Bedrock on 2026-03-01 (model-catalogue.yaml), so requests to it fail; use its successor "anthropic.claude-sonnet-4-5-20250929-v1:0" instead.',
        ]);
    });

    it("accepts the same model the day before its end of life", () => {
        assert.deepStrictEqual(problemsOf(withRetired, [retired.id, "amazon.titan-embed-text-v2:0"], day("2026-02-28")), []);
    });

    it("refuses an eol model without a successor, pointing at another catalogue model", () => {
        const eol: ModelCatalogue = { ...shipped, models: [{ ...retired, lifecycle: { status: "eol", endOfLife: "2026-03-01", source: "s" } }, ...shipped.models] };
        assert.deepStrictEqual(problemsOf(eol, [retired.id, "amazon.titan-embed-text-v2:0"], day("2025-01-01")), [
            'Pulumi.prod.yaml: landing-zone:environment.models[0] names "anthropic.claude-3-5-sonnet-20240620-v1:0", which reached its end of life on Bedrock on 2026-03-01 (model-catalogue.yaml), so requests to it fail; pick another catalogue model.',
        ]);
    });

    it("counts the days left before an end of life", () => {
        assert.deepStrictEqual([daysToEndOfLife(retired, day("2026-01-30")), daysToEndOfLife(retired, day("2026-03-02")), daysToEndOfLife(shipped.models[0], day("2026-01-30"))], [30, -1, undefined]);
    });

    it("refuses the shipped Legacy Claude Sonnet 4.5 from its end of life, 2027-04-08, naming Claude Sonnet 4.6", () => {
        // Approved for dev only in the shipped catalogue: approved for prod here, to use the prod fixture.
        const forProd: ModelCatalogue = { ...shipped, models: shipped.models.map((m) => (m.id === sonnet45 ? { ...m, environments: [...m.environments, "prod"] } : m)) };
        assert.deepStrictEqual(problemsOf(forProd, [sonnet45, "amazon.titan-embed-text-v2:0"], day("2027-04-07")), []);
        assert.deepStrictEqual(problemsOf(forProd, [sonnet45, "amazon.titan-embed-text-v2:0"], day("2027-04-08")), [
            'Pulumi.prod.yaml: landing-zone:environment.models[0] names "anthropic.claude-sonnet-4-5-20250929-v1:0", which reached its end of life on Bedrock on 2027-04-08 (model-catalogue.yaml), so requests to it fail; use its successor "anthropic.claude-sonnet-4-6" instead.',
        ]);
    });

    it("refuses a date that is not on the calendar, a legacy model without a date and an unknown successor", () => {
        const raw = {
            environments: ["prod"],
            models: [
                { ...retired, environments: ["prod"], lifecycle: { status: "legacy", successor: "anthropic.claude-9-v1:0", source: "s" } },
                { ...retired, id: "anthropic.claude-x-v1:0", environments: ["prod"], lifecycle: { status: "legacy", endOfLife: "2026-02-30", source: "s" } },
            ],
        };
        assert.deepStrictEqual(parseCatalogue(raw).problems.map((p) => `${p.path} ${p.message}`), [
            'models[1].lifecycle.endOfLife must be a real calendar date such as "2026-03-01" (got "2026-02-30").',
        ]);
        const parsed = { ...raw, models: [raw.models[0], { ...raw.models[1], lifecycle: { status: "legacy" as const, endOfLife: "2026-03-01", source: "s" } }] } as ModelCatalogue;
        assert.deepStrictEqual(catalogueProblems(parsed).map((p) => `${p.path} ${p.message}`), [
            'models[0].lifecycle.endOfLife is required for a legacy model such as "anthropic.claude-3-5-sonnet-20240620-v1:0": set the end-of-life date Bedrock announced, e.g. "2026-03-01".',
            'models[0].lifecycle.successor names "anthropic.claude-9-v1:0", which the catalogue does not list; add the successor as a model of its own.',
        ]);
    });
});
