import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { packName, policies } from "../../policies/policies";
import { unknownSentinels } from "../../policies/lib/props";
import { parsePolicyConfig } from "../../cli/check/policyConfig";
import { modelInvokeActions } from "../../accounts/bedrockActions";
import { modelInvokeActions as programInvokeActions } from "../../components/identity/invokeRolePolicies";
import { invokeGrants } from "../../policies/lib/bedrockInvoke";

const policiesDir = path.resolve(__dirname, "..", "..", "policies");

describe("the policy pack", () => {
    it("serves 42 policies with unique kebab-case names, each described, with a severity, remediation steps and a level", () => {
        assert.strictEqual(packName, "genai-landing-zone");
        assert.strictEqual(policies.length, 42);
        assert.strictEqual(new Set(policies.map((p) => p.name)).size, 42);
        for (const policy of policies) {
            assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, policy.name);
            assert.ok(policy.description.length > 40, `${policy.name} description`);
            assert.ok(policy.severity, `${policy.name} severity`);
            assert.ok((policy.remediationSteps ?? "").length > 40, `${policy.name} remediationSteps`);
            // The end-of-life notice warns ahead of a date; lz plan refuses the model once it is past.
            assert.strictEqual(policy.enforcementLevel, policy.name === "bedrock-models-not-near-end-of-life" ? "advisory" : "mandatory", `${policy.name} level`);
        }
    });

    it("keeps one policy per file under policies/<domain>/, each registered once", () => {
        const files = fs.readdirSync(policiesDir, { withFileTypes: true })
            .filter((entry) => entry.isDirectory() && !["bin", "lib", "config", "node_modules"].includes(entry.name))
            .flatMap((dir) => fs.readdirSync(path.join(policiesDir, dir.name)).map((file) => `${dir.name}/${file}`));
        assert.strictEqual(files.length, policies.length, files.join(", "));
        assert.ok(files.every((file) => /^[a-z0-9]+\/[a-z][A-Za-z0-9]+\.ts$/.test(file)), files.join(", "));
    });

    it("judges Bedrock invocation by the program's own action list, accounts/bedrockActions.ts, not a copy", () => {
        assert.strictEqual(programInvokeActions, modelInvokeActions);
        assert.deepStrictEqual([...modelInvokeActions], ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
        const model = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
        for (const action of modelInvokeActions) {
            assert.deepStrictEqual(invokeGrants([{ Effect: "Allow", Action: action, Resource: model }]).map((grant) => grant.actions), [[action]]);
        }
        assert.deepStrictEqual(invokeGrants([{ Effect: "Allow", Action: "bedrock:GetFoundationModel", Resource: model }]), []);
    });

    it("knows the same unknown-value sentinels as @pulumi/policy's proxy", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
        const sdkSentinels = Object.entries(proxy).filter(([key]) => /^unknown[A-Z]\w*Value$/.test(key)).map(([, value]) => value);
        assert.deepStrictEqual([...unknownSentinels].sort(), (sdkSentinels as string[]).sort());
    });

    it("ships config files for the organization and every environment, naming only the pack's policies and settings", () => {
        const configDir = path.join(policiesDir, "config");
        assert.deepStrictEqual(fs.readdirSync(configDir).sort(), ["dev.json", "organization.json", "prod.json", "staging.json"]);
        const byName = new Map(policies.map((p) => [p.name, p]));
        for (const file of fs.readdirSync(configDir)) {
            const config = parsePolicyConfig(fs.readFileSync(path.join(configDir, file), "utf8"), file);
            for (const [name, entry] of Object.entries(config)) {
                if (name === "all") {
                    continue;
                }
                const policy = byName.get(name);
                assert.ok(policy, `${file}: ${name} is not a policy`);
                for (const key of Object.keys(entry.properties ?? {})) {
                    assert.ok(policy!.configSchema?.properties[key], `${file}: ${name}.${key} is not a setting`);
                }
            }
        }
    });

    it("is documented, every policy in docs/policy-pack.md", () => {
        const docs = fs.readFileSync(path.resolve(policiesDir, "..", "docs", "policy-pack.md"), "utf8");
        for (const policy of policies) {
            assert.ok(docs.includes(`\`${policy.name}\``), `${policy.name} is not in docs/policy-pack.md`);
        }
    });
});
