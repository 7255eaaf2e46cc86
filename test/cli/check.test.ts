/**
 * `lz check` end to end: the real pack (policies/bin, built by `npm test` / `npm ci`) started through
 * @pulumi/pulumi's run-policy-pack and driven over the analyzer protocol, against fixture graphs and the shipped stacks.
 */
import * as assert from "assert";
import * as path from "path";
import { checkGraph, CheckResult, hasMandatoryViolation, readGraphFile } from "../../cli/check/check";
import { main } from "../../cli/main";
import { plan, projectDir } from "../fixtures/plans";
import { picked, PickedRole, urnOf } from "../fixtures/check/violationsGraph";

const checkFixtures = path.join(projectDir, "test", "fixtures", "check");
const fixture = (file: string) => path.join(checkFixtures, file);
/** violations.json: resources of the prod plan, each broken in one way (test/fixtures/check/violationsGraph.ts). */
const violationsGraph = readGraphFile(fixture("violations.json"));
const urn = (role: PickedRole) => urnOf(violationsGraph, role);

function outcomes(result: CheckResult): string[] {
    return result.violations.map((v) => `${v.level} ${v.policy} ${v.urn ?? "(stack)"}`).sort();
}

/** The violations the fixture graph was built to have, at the pack's own (mandatory) levels. */
const expected: [string, string][] = [
    ["bedrock-guardrails-meet-baseline", urn("guardrail")],
    ["bedrock-invoke-limited-to-catalogue-models", urn("invokePolicy")],
    ["bedrock-invoke-limited-to-catalogue-models", urn("invokePolicy")],
    ["bedrock-invoke-requires-guardrail", urn("invokePolicy")],
    ["capacity-reservations-follow-environment-rules", urn("reservation")],
    ["capacity-reservations-follow-environment-rules", urn("reservation")],
    ["capacity-reservations-have-an-end-date", urn("reservation")],
    // The graph holds no AWS Config recorder: both accounts' providers are reported for it.
    ["config-records-every-member-account-and-region", urn("dataProvider")],
    ["config-records-every-member-account-and-region", urn("genaiProvider")],
    ["every-account-has-a-budget", urn("dataProvider")],
    ["iam-role-trust-stays-in-organization", urn("invokeRole")],
    ["iam-roles-have-permissions-boundary", urn("invokeRole")],
    ["kms-keys-rotate", urn("genaiKey")],
    ["prompt-log-groups-mask-pii", urn("invocationLogging")],
    ["resources-carry-required-tags", urn("dataProvider")],
    ["resources-stay-in-allowed-regions", urn("strayLogGroup")],
    ["stateful-resources-are-protected", urn("dataBucket")],
];

describe("lz check through the real policy pack", () => {
    const graph = violationsGraph;
    let result: CheckResult;

    before(async () => {
        result = await checkGraph(graph, { projectDir, policyConfigFile: fixture("policy-config.json") });
    });

    it("finds exactly the fixture's violations, at mandatory level", () => {
        assert.deepStrictEqual(outcomes(result), expected.map(([policy, at]) => `mandatory ${policy} ${at}`).sort());
        assert.strictEqual(hasMandatoryViolation(result), true);
    });

    it("reports the policies' messages without the description the SDK puts in front, with the resource", () => {
        const trust = result.violations.find((v) => v.policy === "iam-role-trust-stays-in-organization")!;
        assert.deepStrictEqual(trust, {
            policy: "iam-role-trust-stays-in-organization",
            level: "mandatory",
            severity: "critical",
            description: "IAM role trust policies trust no \"*\" principal and no account outside the organization (an aws:PrincipalOrgID condition or an explicit account list), and service trusts carry aws:SourceAccount.",
            message: "assumeRolePolicy statement 1 trusts every AWS principal (\"*\"); name the roles or accounts that may assume it.",
            urn: urn("invokeRole"),
            resourceType: "aws:iam/role:Role",
            resourceName: picked.invokeRole,
        });
    });

    it("judges a value not known yet as not known: the pending policy yields nothing", () => {
        assert.deepStrictEqual(result.violations.filter((v) => v.urn === urn("pendingPolicy")), []);
    });

    it("describes the pack and the config it ran with", () => {
        assert.deepStrictEqual(result.pack.name, "genai-landing-zone");
        assert.strictEqual(result.policyConfigFile, path.join("test", "fixtures", "check", "policy-config.json"));
        assert.strictEqual(result.policies.length, 42);
        assert.strictEqual(result.resourcesAnalyzed, graph.resources.length + 1);
        // The end-of-life warning is advisory by design: a model nearing retirement is a notice, not a failure.
        assert.deepStrictEqual(result.policies.filter((p) => p.configuredLevel !== "mandatory").map((p) => `${p.name}=${p.configuredLevel}`), ["bedrock-models-not-near-end-of-life=advisory"]);
    });

    it("does not run disabled policies and reports advisory ones without failing on them, as the CLI", async () => {
        const levels = await checkGraph(graph, { projectDir, policyConfigFile: fixture("levels.json") });
        const disabled = ["bedrock-invoke-requires-guardrail", "iam-role-trust-stays-in-organization"];
        const advisory = ["kms-keys-rotate", "every-account-has-a-budget"];
        assert.deepStrictEqual(outcomes(levels), expected
            .filter(([policy]) => !disabled.includes(policy))
            .map(([policy, at]) => `${advisory.includes(policy) ? "advisory" : "mandatory"} ${policy} ${at}`)
            .sort());
        assert.deepStrictEqual(levels.policies.filter((p) => p.configuredLevel !== "mandatory").map((p) => `${p.name}=${p.configuredLevel}`), [
            "bedrock-invoke-requires-guardrail=disabled",
            "bedrock-models-not-near-end-of-life=advisory",
            "every-account-has-a-budget=advisory",
            "iam-role-trust-stays-in-organization=disabled",
            "kms-keys-rotate=advisory",
        ]);
    });

    it("passes a stack whose violations are all advisory (`all`)", async () => {
        const advisory = await checkGraph(graph, { projectDir, policyConfigFile: fixture("all-advisory.json") });
        assert.strictEqual(advisory.violations.length, expected.length);
        assert.ok(advisory.violations.every((v) => v.level === "advisory"));
        assert.strictEqual(hasMandatoryViolation(advisory), false);
    });
});

describe("lz check starts and configures a pack as the Pulumi CLI does", () => {
    let environment: Record<string, unknown>;
    let result: CheckResult;

    before(async () => {
        result = await checkGraph(await plan("dev"), { projectDir, packDir: fixture("probe-pack"), policyConfigFile: fixture(path.join("probe-pack", "config.json")) });
        environment = JSON.parse(result.violations.find((v) => v.policy === "probe-environment")!.message);
    });

    it("runs run-policy-pack in the pack's folder with the program \".\", and the stack's identity and config in the environment", () => {
        assert.deepStrictEqual(environment, {
            cwd: fixture("probe-pack"),
            argv: [],
            stack: "dev",
            project: "genai-landing-zone",
            organization: "organization",
            dryRun: "true",
            nodejsStack: "dev",
            configKeys: ["landing-zone:environment", "pulumi:disable-default-providers"],
            environmentName: "dev",
            stackTags: { "pulumi:project": "genai-landing-zone", "pulumi:runtime": "nodejs" },
            config: { level: "schema-default", extra: 7 },
        });
    });

    it("reconciles levels as the CLI: `all` over the pack's levels, a policy's own entry over `all`, disabled never runs", () => {
        assert.deepStrictEqual(result.policies.map((p) => `${p.name}=${p.configuredLevel}`), [
            "probe-disabled=disabled", "probe-environment=mandatory", "probe-resource=advisory", "probe-stack=advisory",
        ]);
        assert.deepStrictEqual(result.violations.map((v) => `${v.level} ${v.policy}`).sort(), ["advisory probe-stack", "mandatory probe-environment"]);
        assert.strictEqual(result.pack.version, "1.2.3");
    });

    it("sends AnalyzeStack the root stack and every resource of the plan", async () => {
        const stack = JSON.parse(result.violations.find((v) => v.policy === "probe-stack")!.message);
        assert.deepStrictEqual(stack, { resources: (await plan("dev")).resources.length + 1 });
    });
});

describe("lz check on the fixture with the probe pack's resource view", () => {
    it("sends Analyze a resource's inputs, options and provider, and AnalyzeStack its outputs, options, provider and parent", async () => {
        const result = await checkGraph(violationsGraph, { projectDir, packDir: fixture("probe-pack"), policyConfigFile: fixture(path.join("probe-pack", "config.json")) });
        assert.deepStrictEqual(JSON.parse(result.violations.find((v) => v.policy === "probe-resource")!.message), {
            type: "aws:iam/role:Role",
            props: ["assumeRolePolicy", "description", "maxSessionDuration", "name"],
            opts: { protect: false, parent: "urn:pulumi:prod::genai-landing-zone::lz:bedrock:ModelInvokeRole::prod-genai-invoke-role" },
            provider: { name: "prod-genai", type: "pulumi:providers:aws", region: "us-east-1" },
        });
        assert.deepStrictEqual(JSON.parse(result.violations.find((v) => v.policy === "probe-stack")!.message), {
            resources: violationsGraph.resources.length + 1,
            keyArn: "arn:aws:kms:us-east-1:906602663697:key/f9c7f1bc-b3ca-453b-aa0f-927b77164376",
            keyProtected: true,
            keyProvider: "prod-genai",
            keyParent: "lz:security:EncryptionKey",
        });
    });
});

describe("lz check when the pack cannot run", () => {
    const graph = violationsGraph;

    it("reports a pack that fails while loading, with what it printed", async () => {
        await assert.rejects(checkGraph(graph, { projectDir, packDir: fixture("broken-pack"), policyConfigFile: fixture("all-advisory.json") }), (error: Error) => {
            assert.strictEqual(error.name, "PolicyPackError");
            assert.match(error.message, /^the policy pack in .*broken-pack stopped \(exit \d+\) before it started serving\.\n/);
            assert.match(error.message, /model-catalogue\.yaml has 1 problem: models\[0\]\.id must be a Bedrock model ID/);
            return true;
        });
    });

    it("refuses, before starting the pack, an environment without its policy config file", async () => {
        await assert.rejects(checkGraph(await plan("dev"), { projectDir, packDir: fixture("unbuilt-pack") }), {
            name: "ConfigError",
            message: [
                "test/fixtures/check/unbuilt-pack/config/dev.json has 1 problem:",
                "  - test/fixtures/check/unbuilt-pack/config/dev.json: (file) is missing: lz check reads the dev environment's policy settings from it. Create it, or name another file with --policy-config.",
            ].join("\n"),
        });
    });

    it("says to build a pack whose entry point is missing", async () => {
        await assert.rejects(checkGraph(graph, { projectDir, packDir: fixture("unbuilt-pack"), policyConfigFile: fixture("all-advisory.json") }), {
            name: "PolicyPackError",
            message: `the policy pack is not built (${path.join(fixture("unbuilt-pack"), "bin", "index.js")} is missing); run \`npm ci\` or \`npm run build\` in ${projectDir}.`,
        });
    });
});

describe("the shipped stacks pass their own pack at their configured levels", () => {
    const stacks = ["organization", "dev", "staging", "prod"];
    // Checked side by side: each check's pack is a process of its own, as under the CLI.
    let checks: Record<string, Promise<CheckResult>>;
    before(() => {
        checks = Object.fromEntries(stacks.map((stack) => [stack, plan(stack).then((graph) => checkGraph(graph, { projectDir }))]));
        Object.values(checks).forEach((check) => check.catch(() => undefined));
    });

    for (const stack of stacks) {
        it(`${stack} has no mandatory violation under policies/config/${stack}.json`, async () => {
            const result = await checks[stack];
            assert.strictEqual(result.policyConfigFile, path.join("policies", "config", `${stack}.json`));
            assert.deepStrictEqual(result.violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.urn ?? ""}: ${v.message}`), []);
        });
    }
});

describe("lz check on the command line", () => {
    async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
        let out = "";
        let err = "";
        const code = await main(["node", "lz", "check", ...args], { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
        return { code, out, err };
    }

    it("exits 1 on mandatory violations and 0 when all are advisory", async () => {
        const failing = await run("--graph", fixture("violations.json"), "--policy-config", fixture("policy-config.json"), "--format", "json");
        assert.strictEqual(failing.code, 1);
        assert.strictEqual(JSON.parse(failing.out).passed, false);
        assert.strictEqual(failing.err, "lz check: mandatory policy violations (see above).\n");
        const passing = await run("--graph", fixture("violations.json"), "--policy-config", fixture("all-advisory.json"), "--format", "markdown");
        assert.strictEqual(passing.code, 0);
        assert.match(passing.out, /^### `lz check prod`: ✅ passed with 17 advisory findings/);
    });

    it("plans and checks a stack, picking its environment's policy config, and exits 0 when it passes", async () => {
        const { code, out, err } = await run("dev", "--format", "json");
        const report = JSON.parse(out);
        assert.strictEqual(report.stack, "dev");
        assert.strictEqual(report.environment, "dev");
        assert.strictEqual(report.policyConfigFile, path.join("policies", "config", "dev.json"));
        assert.strictEqual(report.resourcesAnalyzed, (await plan("dev")).resources.length + 1);
        assert.deepStrictEqual({ code, passed: report.passed, err }, { code: 0, passed: true, err: "" });
    });

    it("exits 2 on usage and config mistakes, naming them", async () => {
        assert.deepStrictEqual(await run(), { code: 2, out: "", err: "lz check takes a stack or --graph <file>, not both and not neither.\n" });
        assert.strictEqual((await run("prod", "--graph", fixture("violations.json"))).code, 2);
        const unknownStack = await run("qa");
        assert.strictEqual(unknownStack.code, 2);
        assert.match(unknownStack.err, /^No stack "qa": there is no Pulumi\.qa\.yaml\./);
        const missing = await run("prod", "--policy-config", "missing.json");
        assert.deepStrictEqual(missing, {
            code: 2,
            out: "",
            err: `missing.json has 1 problem:\n  - missing.json: (file) cannot be read: there is no file ${path.resolve("missing.json")}; check the --policy-config path.\n`,
        });
        const badConfig = await run("--graph", fixture("violations.json"), "--policy-config", fixture("bad-policy-config.json"));
        assert.deepStrictEqual({ code: badConfig.code, err: badConfig.err }, {
            code: 2,
            err: [
                "test/fixtures/check/bad-policy-config.json has 3 problems:",
                "  - test/fixtures/check/bad-policy-config.json: bedrock-invoke-limited-to-catalog-models is not a policy of this pack; known policies: " +
                    "bedrock-agents-use-catalogue-model-guardrail-and-kms, bedrock-guardrails-meet-baseline, bedrock-invocation-logging-in-every-genai-region, bedrock-invoke-limited-to-catalogue-models, bedrock-invoke-requires-guardrail, " +
                    "bedrock-knowledge-bases-use-catalogue-embedding-model, bedrock-models-not-near-end-of-life, capacity-reservations-follow-environment-rules, capacity-reservations-have-an-end-date, capacity-reservations-within-environment-maximum, " +
                    "config-records-every-member-account-and-region, critical-data-replicated-to-dr-region, ecr-repositories-scan-on-push, enforced-guardrails-have-an-attached-bedrock-policy, every-account-has-a-budget, " +
                    "fixed-monthly-cost-within-budget, genai-and-data-vpcs-have-no-internet-path, genai-vpcs-have-private-bedrock-runtime-endpoint, guardduty-protects-every-member-with-ai-protection, iam-policies-grant-no-star-on-star, " +
                    "iam-role-trust-stays-in-organization, iam-roles-have-permissions-boundary, kms-keys-of-replicated-data-are-multi-region, kms-keys-rotate, log-groups-have-retention-and-kms, " +
                    "organization-trail-logs-every-region-to-a-locked-archive, prompt-log-groups-mask-pii, replicated-keys-have-dr-replicas, resource-control-policies-guard-every-workload-ou, resources-carry-required-tags, " +
                    "resources-stay-in-allowed-regions, s3-buckets-block-public-access, s3-buckets-encrypted-with-kms, s3-buckets-require-tls, s3-data-buckets-are-versioned, " +
                    "sagemaker-endpoints-run-in-vpc-with-kms, scps-deny-bedrock-api-keys-and-govern-mantle, security-groups-deny-internet-ingress, stateful-resources-are-protected, vector-stores-use-cmk-and-stay-private, " +
                    "vpc-endpoint-policies-are-not-full-access, vpcs-have-flow-logs.",
                "  - test/fixtures/check/bad-policy-config.json: capacity-reservations-within-environment-maximum.maxInstances is not a setting of capacity-reservations-within-environment-maximum; its settings are maxInstanceCount.",
                "  - test/fixtures/check/bad-policy-config.json: capacity-reservations-within-environment-maximum.maxInstanceCount must be at least 0 (got -1).",
                "",
            ].join("\n"),
        });
    });
});
