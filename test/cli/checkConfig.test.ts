import * as assert from "assert";
import { ConfigError } from "../../accounts/problems";
import { parsePolicyConfig, PolicyInfo, reconcilePolicyConfig } from "../../cli/check/policyConfig";

const policies: PolicyInfo[] = [
    {
        name: "capacity-cap",
        description: "d",
        enforcementLevel: "mandatory",
        tags: [],
        type: "stack",
        configSchema: { properties: { maxInstanceCount: { type: "integer", minimum: 0, default: 8 }, note: { type: "string" } } },
    },
    { name: "tags", description: "d", enforcementLevel: "advisory", tags: [], type: "resource", configSchema: { properties: { requiredTags: { type: "array", items: { type: "string" }, default: ["owner"] } } } },
    { name: "plain", description: "d", enforcementLevel: "mandatory", tags: [], type: "resource" },
];

function problemsOf(action: () => unknown): string[] {
    try {
        action();
    } catch (error) {
        if (error instanceof ConfigError) {
            return error.problems.map((p) => `${p.path} ${p.message}`);
        }
        throw error;
    }
    throw new Error("expected a ConfigError");
}

describe("policy config as the Pulumi CLI reads it", () => {
    it("parses levels given as strings or inside an object, and settings beside them", () => {
        assert.deepStrictEqual(parsePolicyConfig(JSON.stringify({
            all: "advisory",
            "capacity-cap": { enforcementLevel: "mandatory", maxInstanceCount: 2 },
            tags: { requiredTags: ["owner", "cost-center"] },
            plain: "disabled",
            empty: {},
        }), "f.json"), {
            all: { enforcementLevel: "advisory" },
            "capacity-cap": { enforcementLevel: "mandatory", properties: { maxInstanceCount: 2 } },
            tags: { enforcementLevel: undefined, properties: { requiredTags: ["owner", "cost-center"] } },
            plain: { enforcementLevel: "disabled" },
        });
        assert.deepStrictEqual(parsePolicyConfig("{}", "f.json"), {});
    });

    const invalid: [string, string, string[]][] = [
        ["not an object", "[]", ["(file) must be a JSON object of policy names (got [])."]],
        ["an unknown level", JSON.stringify({ tags: "warn" }), ["tags must be an enforcement level: advisory, mandatory, remediate, disabled (got \"warn\")."]],
        ["a level inside an object", JSON.stringify({ tags: { enforcementLevel: true } }), ["tags.enforcementLevel must be one of advisory, mandatory, remediate, disabled (got true)."]],
        ["a number", JSON.stringify({ tags: 3 }), ["tags must be an enforcement level or an object of settings (got 3)."]],
    ];
    const syntaxErrors: [string, string, string][] = [
        ["an empty file", "  \n", "(file) is empty; write a JSON object of policy names to levels or settings, such as {\"kms-keys-rotate\": \"mandatory\"}, or {} for the policies' own levels."],
        ["a trailing comma", '{\n  "kms-keys-rotate": "advisory",\n}', "(file) is not valid JSON: line 3, column 1: expected double-quoted property name."],
        ["a missing comma", '{\n  "a": "advisory"\n  "b": "mandatory"\n}', "(file) is not valid JSON: line 3, column 3: expected ',' or '}' after property value."],
        ["a bad first character", "kms-keys-rotate: advisory", "(file) is not valid JSON: line 1, column 1: unexpected \"k\"."],
        ["a file that stops early", '{"a": "advisory"', "(file) is not valid JSON: line 1, column 17: expected ',' or '}' after property value."],
    ];
    for (const [what, text, problem] of syntaxErrors) {
        it(`refuses ${what} as one problem with its line and column`, () => {
            assert.deepStrictEqual(problemsOf(() => parsePolicyConfig(text, "f.json")), [problem]);
        });
    }

    for (const [what, text, problems] of invalid) {
        it(`refuses ${what}`, () => {
            assert.deepStrictEqual(problemsOf(() => parsePolicyConfig(text, "f.json")), problems);
        });
    }

    it("reconciles: each policy's own level and schema defaults, then `all`, then each policy's entry", () => {
        assert.deepStrictEqual(reconcilePolicyConfig(policies, {}, {}, "f.json"), {
            "capacity-cap": { enforcementLevel: "mandatory", properties: { maxInstanceCount: 8 } },
            tags: { enforcementLevel: "advisory", properties: { requiredTags: ["owner"] } },
            plain: { enforcementLevel: "mandatory", properties: undefined },
        });
        const given = parsePolicyConfig(JSON.stringify({ all: "advisory", "capacity-cap": { enforcementLevel: "mandatory", note: "x" }, plain: "disabled" }), "f.json");
        assert.deepStrictEqual(reconcilePolicyConfig(policies, {}, given, "f.json"), {
            all: { enforcementLevel: "advisory", properties: undefined },
            "capacity-cap": { enforcementLevel: "mandatory", properties: { maxInstanceCount: 8, note: "x" } },
            tags: { enforcementLevel: "advisory", properties: { requiredTags: ["owner"] } },
            plain: { enforcementLevel: "disabled", properties: undefined },
        });
    });

    it("applies the pack's initial config before the file", () => {
        const result = reconcilePolicyConfig(policies, { tags: { enforcementLevel: "mandatory", properties: { requiredTags: ["team"] } } }, parsePolicyConfig(JSON.stringify({ tags: { requiredTags: ["owner"] } }), "f.json"), "f.json");
        assert.deepStrictEqual(result.tags, { enforcementLevel: "mandatory", properties: { requiredTags: ["owner"] } });
    });

    it("refuses, all at once, settings that break a schema, names that match no policy, and settings no schema declares", () => {
        const given = parsePolicyConfig(JSON.stringify({ "capacity-cap": { maxInstanceCount: -1, maxInstances: 2 }, "tag-policy": "advisory", plain: { x: 1 }, tags: { requiredTags: "owner" }, all: { enforcementLevel: "advisory", note: "y" } }), "f.json");
        assert.deepStrictEqual(problemsOf(() => reconcilePolicyConfig(policies, {}, given, "f.json")), [
            "capacity-cap.maxInstances is not a setting of capacity-cap; its settings are maxInstanceCount, note.",
            "tag-policy is not a policy of this pack; known policies: capacity-cap, plain, tags.",
            "plain.x is not a setting of plain; it takes none.",
            "all takes only an enforcement level; settings belong to a policy's own entry.",
            "capacity-cap.maxInstanceCount must be at least 0 (got -1).",
            "tags.requiredTags must be an array (got \"owner\").",
        ]);
    });

    const schemaCases: [string, Record<string, Record<string, unknown>>, Record<string, unknown>, string[]][] = [
        ["a pattern, described", { region: { type: "string", pattern: "^[a-z]{2}-[a-z]+-\\d$", description: "a region such as \"us-east-1\"" } }, { region: "US East" },
            ["p.region must have the form a region such as \"us-east-1\" (got \"US East\")."]],
        ["an enum", { mode: { type: "string", enum: ["strict", "lenient"] } }, { mode: "loose" }, ["p.mode must be one of \"strict\", \"lenient\" (got \"loose\")."]],
        ["a maximum and a type inside a list", { limit: { type: "integer", maximum: 10 }, names: { type: "array", items: { type: "string" } } }, { limit: 11, names: ["a", 2] },
            ["p.limit must be at most 10 (got 11).", "p.names.1 must be a string (got 2)."]],
        ["a required setting", { owner: { type: "string" } }, {}, ["p.owner must be set: p has no default for it."]],
    ];
    for (const [what, properties, settings, expected] of schemaCases) {
        it(`words a schema violation itself: ${what}`, () => {
            const withSchema: PolicyInfo[] = [{ name: "p", description: "d", enforcementLevel: "mandatory", tags: [], type: "resource", configSchema: { properties, required: what === "a required setting" ? ["owner"] : undefined } }];
            assert.deepStrictEqual(problemsOf(() => reconcilePolicyConfig(withSchema, {}, { p: { properties: settings } }, "f.json")), expected);
        });
    }
});
