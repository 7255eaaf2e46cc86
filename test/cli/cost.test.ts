import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkGraph } from "../../cli/check/check";
import { PlanGraph, PlanResource } from "../../cli/engine/graph";
import { formatCostMarkdown, formatCostText, formatDifferenceMarkdown, formatDifferenceText } from "../../cli/cost/format";
import { costDifference, costReport } from "../../cli/cost/report";
import { main } from "../../cli/main";
import { plan, projectDir } from "../fixtures/plans";

const genai = "377502616059";
const data = "370036454351";

function resource(type: string, name: string, inputs: Record<string, unknown>, account = genai, region = "us-east-1"): PlanResource {
    return {
        urn: `urn:pulumi:staging::genai-landing-zone::${type}::${name}`, type, name, id: name, parent: null,
        provider: `urn:pulumi:staging::genai-landing-zone::pulumi:providers:aws::${account === genai ? "staging-genai" : "staging-data"}`,
        custom: true, remote: false, account, region, inputs, outputs: {}, protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [],
    };
}

function graphOf(resources: PlanResource[]): PlanGraph {
    return {
        schemaVersion: 1, project: "genai-landing-zone", stack: "staging", kind: "environment",
        accounts: [{ id: genai, label: "staging-genai" }, { id: data, label: "staging-data" }],
        regions: ["us-east-1"], resources, outputs: {},
    };
}

const budget = (account: string, limitAmount: string) => resource("aws:budgets/budget:Budget", `${account}-budget`, { accountId: account, name: `budget-${account}`, budgetType: "COST", timeUnit: "MONTHLY", limitAmount, limitUnit: "USD" }, account, "global");
const training = (instanceType: string, endDateType = "limited") => resource("aws:ec2/capacityReservation:CapacityReservation", "finetune", { instanceType, instanceCount: 1, endDateType, ...(endDateType === "limited" ? { endDate: "2027-03-31T00:00:00Z" } : {}) });
const endpoint = (name: string, zones: number, account = genai) => resource("aws:ec2/vpcEndpoint:VpcEndpoint", name, { vpcEndpointType: "Interface", subnetIds: Array.from({ length: zones }, (_, i) => `subnet-${i}`) }, account);

const base = graphOf([training("trn1.32xlarge"), endpoint("sts", 2), endpoint("ssm", 2), endpoint("kms", 2, data), budget(genai, "8000"), budget(data, "800")]);
const head = graphOf([training("trn1.2xlarge", "unlimited"), endpoint("sts", 3), endpoint("kms", 2, data), resource("aws:kms/key:Key", "key", {}), resource("aws:sagemaker/endpoint:Endpoint", "sm", {}), budget(genai, "8000"), budget(data, "800")]);

describe("lz cost", () => {
    it("prints each account's fixed cost against its budget, per category and resource, with unpriced and usage items", () => {
        assert.strictEqual(formatCostText(costReport(head)), [
            "staging: fixed monthly cost before any usage (list prices of 2026-12-03, 730 h a month)",
            "",
            "account                       fixed / month     budget  share",
            "staging-data (370036454351)          $14.60    $800.00     2%",
            "staging-genai (377502616059)      $1,003.84  $8,000.00    13%  1 unpriced",
            "total                             $1,018.44  $8,800.00    12%",
            "",
            "staging-data (370036454351)",
            "  network  $14.60",
            "    kms  us-east-1  $14.60  2 zones × 730 h × $0.01",
            "",
            "staging-genai (377502616059)",
            "  accelerator capacity  $980.94",
            "    finetune  us-east-1  $980.94  1 × trn1.2xlarge × 730 h × $1.34375; no end date: $11,771.25 a year",
            "  network  $21.90",
            "    sts  us-east-1  $21.90  3 zones × 730 h × $0.01",
            "  encryption  $1.00",
            "    key  us-east-1  $1.00  1 key × $1",
            "",
            "Unpriced (not in the totals, which are therefore a lower bound): 1",
            "  sm  aws:sagemaker/endpoint:Endpoint  aws:sagemaker/endpoint:Endpoint is not in the price table; add its fixed price, its usage rate or its type as free to accounts/cost/priceTable.ts",
            "",
            "Prices not yet checked against AWS's own pricing page (accounts/cost/priceTable.ts): $1.34375 per instance-hour, $0.01 per endpoint zone-hour",
            "",
            "Usage-priced (no fixed fee; billed as used, not in the totals):",
            "  aws:ec2/vpcEndpoint:VpcEndpoint ×2: $0.01 per GB processed (interface endpoints) — assumes traffic to AWS APIs from the VPC; prompts and responses are small, model artifacts are not",
            "  aws:kms/key:Key ×1: $0.03 per 10,000 requests; automatic rotation adds $1 per key-month for each of the first two rotations — assumes S3 Bucket Keys keep request volume low",
        ].join("\n"));
    });

    it("prints an account with nothing priced as $0.00 against its budget, without an empty usage list", () => {
        assert.strictEqual(formatCostText(costReport(graphOf([budget(data, "800")]))), [
            "staging: fixed monthly cost before any usage (list prices of 2026-12-03, 730 h a month)",
            "",
            "account                      fixed / month   budget  share",
            "staging-data (370036454351)          $0.00  $800.00     0%",
            "total                                $0.00  $800.00     0%",
        ].join("\n"));
    });

    it("marks an account whose fixed cost is over its budget", () => {
        const lines = formatCostText(costReport(base)).split("\n");
        assert.strictEqual(lines[4], "staging-genai (377502616059)     $15,724.20  $8,000.00   197%  OVER BUDGET");
        assert.match(formatCostMarkdown(costReport(base)), /^### Fixed monthly cost of `staging`\n\n\| account \| fixed \/ month \| budget \| share \|  \|\n\|---\|---:\|---:\|---:\|---:\|\n\| staging-data \(370036454351\) \| \$14\.60 \| \$800\.00 \| 2% \|  \|\n\| staging-genai \(377502616059\) \| \$15,724\.20 \| \$8,000\.00 \| 197% \| OVER BUDGET \|/);
    });

    it("differs from a base plan resource by resource and account by account", () => {
        const diff = costDifference(costReport(base), costReport(head));
        assert.deepStrictEqual(diff.resources.map((r) => [r.name, r.change, r.baseMonthlyUsd, r.headMonthlyUsd, r.deltaUsd]), [
            ["finetune", "changed", 15695, 980.94, -14714.06],
            ["ssm", "removed", 14.6, 0, -14.6],
            ["sts", "changed", 14.6, 21.9, 7.3],
            ["key", "added", 0, 1, 1],
        ]);
        assert.deepStrictEqual(diff.accounts.map((a) => [a.account, a.baseMonthlyUsd, a.headMonthlyUsd, a.deltaUsd, a.budgetUsd]), [
            [data, 14.6, 14.6, 0, 800],
            [genai, 15724.2, 1003.84, -14720.36, 8000],
        ]);
        assert.strictEqual(diff.deltaUsd, -14720.36);
        assert.deepStrictEqual(diff.newlyUnpriced, ["urn:pulumi:staging::genai-landing-zone::aws:sagemaker/endpoint:Endpoint::sm"]);
        assert.strictEqual(formatDifferenceText(diff).split("\n")[0], "staging: fixed monthly cost $15,738.80 → $1,018.44 (-$14,720.36)");
        const markdown = formatDifferenceMarkdown(diff);
        assert.ok(markdown.includes("| `finetune` | changed | $15,695.00 | $980.94 | -$14,714.06 | 1 × trn1.2xlarge × 730 h × $1.34375 |"), markdown);
        assert.ok(markdown.includes("| staging-genai | $15,724.20 | $1,003.84 | -$14,720.36 | $8,000.00 | 13% |"), markdown);
        assert.ok(markdown.includes("**Newly unpriced** (the difference may be larger): `sm`"), markdown);
    });

    describe("on the command line", () => {
        let dir: string;
        async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
            let out = "";
            let err = "";
            const code = await main(["node", "lz", "cost", ...args], { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
            return { code, out, err };
        }

        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-cost-"));
            fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(base));
            fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(head));
            fs.writeFileSync(path.join(dir, "prod.json"), JSON.stringify({ ...base, stack: "prod" }));
        });

        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("compares saved graphs as JSON, and exits 2 on usage mistakes", async () => {
            const { code, out } = await run("--graph", path.join(dir, "head.json"), "--base", path.join(dir, "base.json"), "--format", "json");
            assert.strictEqual(code, 0);
            const json = JSON.parse(out);
            assert.deepStrictEqual([json.stack, json.baseTotalMonthlyUsd, json.headTotalMonthlyUsd, json.deltaUsd, json.resources.length], ["staging", 15738.8, 1018.44, -14720.36, 4]);
            assert.deepStrictEqual(await run(), { code: 2, out: "", err: "lz cost takes a stack or --graph <file>, not both and not neither.\n" });
            const mismatch = await run("--graph", path.join(dir, "head.json"), "--base", path.join(dir, "prod.json"));
            assert.strictEqual(mismatch.code, 2);
            assert.match(mismatch.err, /prod\.json: stack must be a plan of the same stack as the one compared, "staging" \(got "prod"\)/);
        });

        it("derives each account's budget from its fixed cost plus a usage allowance, rounded up to $100", async () => {
            const { code, out } = await run("--graph", path.join(dir, "base.json"), "--usage-allowance", "2000");
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(out.split("\n").slice(2, 6), [
                "account                       fixed / month     budget  share  derived budget",
                "staging-data (370036454351)          $14.60    $800.00     2%       $2,100.00",
                "staging-genai (377502616059)     $15,724.20  $8,000.00   197%      $17,800.00  OVER BUDGET",
                "total                            $15,738.80  $8,800.00   179%      $19,900.00",
            ]);
            assert.deepStrictEqual(JSON.parse((await run("--graph", path.join(dir, "base.json"), "--usage-allowance", "0", "--format", "json")).out).derivedBudgets, { [data]: 100, [genai]: 15800 });
            assert.deepStrictEqual(await run("--graph", path.join(dir, "base.json"), "--usage-allowance", "lots"), { code: 2, out: "", err: "lz cost: --usage-allowance must be an amount in USD such as 2000 (got \"lots\").\n" });
        });

        it("plans a shipped stack: staging's genAI account holds its training reservation within the budget that states it", async () => {
            const { code, out } = await run("staging", "--format", "json");
            assert.strictEqual(code, 0);
            const report = JSON.parse(out) as ReturnType<typeof costReport>;
            assert.deepStrictEqual(report.estimate.unpriced, []);
            assert.deepStrictEqual(report.estimate.accounts.map((a) => [report.labels[a.account], a.fixedMonthlyUsd, a.budget?.limitUsd]), [
                ["staging-app-chat", 111.2, 1500], ["staging-data", 45.8, 800], ["staging-genai", 15896, 18000],
            ]);
            assert.strictEqual(report.estimate.priced.find((item) => item.name === "staging-genai-capacity-us-east-1-finetune-q1")!.monthlyUsd, 15695);
        });
    });
});

describe("lz check holds the fixed cost under the budget", () => {
    it("fails staging when its genAI budget does not cover the training reservation", async () => {
        // Staging's own plan with the genAI budget it had before it stated the reservation's cost (monthlyLimitUsd 8000).
        const graph = structuredClone(await plan("staging"));
        const budget = graph.resources.find((r) => r.type === "aws:budgets/budget:Budget" && r.inputs.name === "acme-ai-staging-genai-monthly")!;
        budget.inputs.limitAmount = budget.outputs.limitAmount = "8000.00";
        const result = await checkGraph(graph, { projectDir });
        assert.deepStrictEqual(result.violations.filter((v) => v.policy === "fixed-monthly-cost-within-budget").map((v) => [v.level, v.message]), [[
            "mandatory",
            "Account 377502616059 has a fixed monthly cost of $15,896.00 (prices of 2026-12-03), over 90% of its budget \"acme-ai-staging-genai-monthly\" of $8,000.00 ($7,200.00) by $8,696.00: accelerator capacity $15,695.00, network $189.80, encryption $6.00, monitoring $5.20. Largest: staging-genai-capacity-us-east-1-finetune-q1 $15,695.00 (1 × trn1.32xlarge × 730 h × $21.5); staging-genai-network-us-east-1-endpoint-bedrock $14.60 (2 zones × 730 h × $0.01); staging-genai-network-us-east-1-endpoint-bedrock-agent $14.60 (2 zones × 730 h × $0.01). It must be at most $7,200.00.",
        ]]);
    });
});
