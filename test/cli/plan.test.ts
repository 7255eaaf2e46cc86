import * as assert from "assert";
import * as path from "path";
import { main } from "../../cli/main";
import { planStack } from "../../cli/engine/plan";
import { LandingZoneMocks, ProviderTarget } from "../../cli/engine/mocks";
import { fixturesDir, plan, projectDir } from "../fixtures/plans";

async function lz(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "lz", ...args], { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
    return { code, out, err };
}

describe("lz plan", () => {
    it("exits 2 for an unknown stack, naming the stacks that exist", async () => {
        const result = await lz("plan", "nope");
        assert.strictEqual(result.code, 2);
        assert.strictEqual(result.out, "");
        assert.strictEqual(result.err, 'No stack "nope": there is no Pulumi.nope.yaml. Stacks in this project: dev, organization, prod, staging.\n');
    });

    it("reports all five mistakes of a config file at once and exits 2, with no stack trace", async () => {
        const result = await lz("plan", "prod", "--config-file", path.join(fixturesDir, "foundation", "Pulumi.prod-five-mistakes.yaml"));
        assert.strictEqual(result.code, 2);
        assert.strictEqual(result.err, [
            "Pulumi.prod-five-mistakes.yaml has 5 problems:",
            '  - Pulumi.prod-five-mistakes.yaml: landing-zone:environment.accounts.data.id must be a 12-digit AWS account ID such as "123456789012" (got "21098765432").',
            '  - Pulumi.prod-five-mistakes.yaml: landing-zone:environment.modles is not a known setting; did you mean "models"?',
            '  - Pulumi.prod-five-mistakes.yaml: landing-zone:environment.drRegion must differ from primaryRegion (both "us-east-1").',
            '  - Pulumi.prod-five-mistakes.yaml: landing-zone:environment.availabilityZones.us-east-1[2] must be a zone of us-east-1 such as "us-east-1a" (got "eu-west-1c").',
            '  - Pulumi.prod-five-mistakes.yaml: landing-zone:environment.accounts.applications.chat.vpcCidr "10.30.64.0/18" overlaps accounts.genai.vpcCidr "10.30.0.0/16"; give each account a range of its own.',
            "",
        ].join("\n"));
        assert.doesNotMatch(result.err, /\bat .*\.ts:\d+/);
    });

    it("reports a YAML syntax error as one problem with its line and column, and exits 2", async () => {
        const result = await lz("plan", "dev", "--config-file", path.join(fixturesDir, "foundation", "Pulumi.dev-bad-yaml.yaml"));
        assert.deepStrictEqual(result, {
            code: 2,
            out: "",
            err: "Pulumi.dev-bad-yaml.yaml has 1 problem:\n  - Pulumi.dev-bad-yaml.yaml: line 5, column 1 is not valid YAML: a list or mapping is not indented under its key, or a [ or { is not closed.\n",
        });
    });

    it("names the fix when an application account is missing from the organization stack, and exits 2", async () => {
        const result = await lz("plan", "dev", "--config-file", path.join(fixturesDir, "foundation", "Pulumi.dev-unknown-application.yaml"));
        assert.strictEqual(result.code, 2);
        assert.strictEqual(result.err, 'The organization stack "organization" has no account dev/app-ghost. Add it to landing-zone:organization.environments.dev and run `pulumi up -s organization`, or set its id in this environment\'s landing-zone:environment.accounts.\n');
    });

    it("exits 2 on a usage mistake", async () => {
        assert.strictEqual((await lz("plan", "dev", "--format", "svg")).code, 2);
        assert.strictEqual((await lz("plan")).code, 2);
    });

    it("prints the JSON graph with its documented schema", async () => {
        const result = await lz("plan", "prod", "--json");
        assert.strictEqual(result.code, 0);
        const graph = JSON.parse(result.out);
        assert.deepStrictEqual(Object.keys(graph), ["schemaVersion", "project", "stack", "kind", "accounts", "regions", "resources", "outputs"]);
        assert.strictEqual(graph.schemaVersion, 1);
        assert.strictEqual(graph.project, "genai-landing-zone");
        assert.strictEqual(graph.stack, "prod");
        assert.strictEqual(graph.kind, "environment");
        assert.deepStrictEqual(graph.regions, ["us-east-1", "us-west-2"]);
        assert.ok(new Set(graph.resources.filter((r: { custom: boolean }) => r.custom).map((r: { account: string }) => r.account)).size >= 3);
        const alias = graph.resources.find((r: { type: string; name: string }) => r.type === "aws:iam/accountAlias:AccountAlias" && r.name === "prod-genai-baseline-alias");
        assert.deepStrictEqual(Object.keys(alias), ["urn", "type", "name", "id", "parent", "provider", "custom", "remote", "account", "region", "inputs", "outputs", "protect", "retainOnDelete", "dependsOn", "ignoreChanges"]);
        assert.strictEqual(alias.urn, "urn:pulumi:prod::genai-landing-zone::lz:account:Baseline$aws:iam/accountAlias:AccountAlias::prod-genai-baseline-alias");
        assert.strictEqual(alias.parent, "urn:pulumi:prod::genai-landing-zone::lz:account:Baseline::prod-genai-baseline");
        assert.strictEqual(alias.provider, "urn:pulumi:prod::genai-landing-zone::pulumi:providers:aws::prod-genai");
        assert.strictEqual(alias.region, "global");
    });

    it("prints the tree by account, region and component", async () => {
        const result = await lz("plan", "dev");
        assert.strictEqual(result.code, 0);
        const lines = result.out.split("\n");
        assert.match(lines[0], /^genai-landing-zone\/dev · environment stack · \d+ resources in 3 accounts, 1 region \(us-east-1\)$/);
        const genai = lines.findIndex((l) => /^account \d{12} {2}dev-genai {2}\(genai; assumes arn:aws:iam::\d{12}:role\/OrganizationAccountAccessRole\)$/.test(l));
        assert.ok(genai > 0, result.out);
        assert.deepStrictEqual(lines.slice(genai + 1, genai + 3), ["  global", "    lz:account:Baseline  dev-genai-baseline"]);
    });

    it("draws accounts, regions and the deployer's access in mermaid", async () => {
        const result = await lz("plan", "prod", "--format", "mermaid");
        assert.strictEqual(result.code, 0);
        const graph = await plan("prod");
        const lines = result.out.trim().split("\n");
        assert.strictEqual(lines[0], "flowchart LR");
        assert.deepStrictEqual(graph.accounts.map((a) => a.role).sort(), ["application", "application", "data", "genai"]);
        for (const account of graph.accounts) {
            assert.ok(lines.includes(`  subgraph n_${account.id}["${account.label} · ${account.id} · ${account.role}"]`), account.label);
            assert.ok(lines.includes(`  deployer -->|"assume OrganizationAccountAccessRole"| n_${account.id}`), account.label);
            // Every account of prod has resources in the primary region, the DR region and IAM (global).
            const start = lines.indexOf(`  subgraph n_${account.id}["${account.label} · ${account.id} · ${account.role}"]`);
            const regionLines = lines.slice(start + 1, lines.indexOf("  end", start));
            const placed = graph.resources.filter((r) => (r.custom || r.remote) && r.account === account.id);
            assert.deepStrictEqual(regionLines, ["global", "us-east-1", "us-west-2"].map((region) =>
                `    n_${account.id}_${region.replace(/-/g, "_")}["${region} · ${placed.filter((r) => r.region === region).length} resources"]`), account.label);
            assert.ok(placed.filter((r) => r.region === "us-west-2").length > 0, `${account.label} has nothing in the DR region`);
        }
    });

    it("leaks no state from one stack into the next: a fresh plan of dev equals the one made after the other stacks", async () => {
        await Promise.all([plan("prod"), plan("organization")]);
        const again = await planStack("dev", { projectDir, fresh: true });
        assert.deepStrictEqual(again, await plan("dev"));
    });
});

describe("offline mocks", () => {
    const genai: ProviderTarget = {
        urn: "urn:pulumi:prod::p::pulumi:providers:aws::prod-genai",
        name: "prod-genai",
        account: "123456789012",
        region: "us-east-1",
        assumedRoleArn: "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole",
        tags: { environment: "prod" },
    };
    const mocks = new LandingZoneMocks({
        organization: { id: "o-a1b2c3d4e5", managementAccountId: "111111111111" },
        availabilityZones: { "us-east-1": ["us-east-1a", "us-east-1b"] },
        stackOutputs: () => ({}),
        provider: (reference) => (reference === "genai-ref" ? genai : undefined),
    });

    it("fails loudly, naming the token, on an invoke it does not expect", () => {
        assert.throws(
            () => mocks.call({ token: "aws:ec2/getAmi:getAmi", inputs: {}, provider: "genai-ref" }),
            { message: "lz plan: the program made an invoke the offline engine does not answer: aws:ec2/getAmi:getAmi. Answer it in cli/engine/mocks.ts or remove the call." },
        );
    });

    it("answers caller identity, partition and zones from config and the provider", () => {
        assert.deepStrictEqual(mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {}, provider: "genai-ref" }).arn,
            "arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/lz-plan");
        assert.strictEqual(mocks.call({ token: "aws:index/getPartition:getPartition", inputs: {}, provider: "genai-ref" }).partition, "aws");
        assert.deepStrictEqual(mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {}, provider: "genai-ref" }).names, ["us-east-1a", "us-east-1b"]);
        assert.throws(() => mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: { region: "eu-west-1" }, provider: "genai-ref" }), /availability zones of eu-west-1/);
    });

    it("gives resources ARNs in their account, region and partition", () => {
        const role = mocks.newResource({ type: "aws:iam/role:Role", name: "invoke", inputs: { name: "acme-ai-prod-invoke" }, provider: "genai-ref", custom: true });
        assert.strictEqual(role.state.arn, "arn:aws:iam::123456789012:role/acme-ai-prod-invoke");
        const vpc = mocks.newResource({ type: "aws:ec2/vpc:Vpc", name: "vpc", inputs: { region: "us-west-2" }, provider: "genai-ref", custom: true });
        assert.match(String(vpc.id), /^vpc-[0-9a-f]{17}$/);
        assert.strictEqual(vpc.state.arn, `arn:aws:ec2:us-west-2:123456789012:vpc/${vpc.id}`);
        const gov = mocks.newResource({ type: "aws:sns/topic:Topic", name: "alarms", inputs: { name: "alarms", region: "us-gov-west-1" }, provider: "genai-ref", custom: true });
        assert.strictEqual(gov.state.arn, "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms");
        const parameter = mocks.newResource({ type: "aws:ssm/parameter:Parameter", name: "p", inputs: { name: "/acme-ai/prod/genai/catalogue" }, provider: "genai-ref", custom: true });
        assert.strictEqual(parameter.state.arn, "arn:aws:ssm:us-east-1:123456789012:parameter/acme-ai/prod/genai/catalogue");
    });

    it("answers a remote awsx VPC with its subnet IDs", () => {
        const vpc = mocks.newResource({ type: "awsx:ec2:Vpc", name: "app", inputs: { numberOfAvailabilityZones: 3, subnetSpecs: [{ type: "Private" }] }, custom: false });
        assert.match(vpc.state.vpcId, /^vpc-/);
        assert.strictEqual(vpc.state.privateSubnetIds.length, 3);
        assert.deepStrictEqual(vpc.state.publicSubnetIds, []);
    });
});
