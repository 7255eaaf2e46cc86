import * as assert from "assert";
import { runInject } from "../../../cli/drill/command";
import { plannedExperiments, resolveExperiment } from "../../../cli/drill/inject";
import { PlanGraph } from "../../../cli/engine/graph";
import { main } from "../../../cli/main";
import { devPlan, shippedProd, writeTempGraph } from "../../fixtures/drill/graphs";
import { named, projectDir } from "../../fixtures/plans";

async function lz(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "lz", ...args], { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
    return { code, out, err };
}

const template = (experiment: string) => `prod-genai-fault-injection-us-east-1-${experiment}`;

describe("lz drill --inject", function () {
    this.timeout(120_000);
    let prod: PlanGraph;
    let prodFile: string;
    before(async () => {
        prod = await shippedProd();
        prodFile = writeTempGraph(prod);
    });

    describe("the experiments prod's plan creates", () => {
        it("pauses the model artifacts' replication and cuts the genAI endpoint subnets, in the primary region of the genAI account", () => {
            assert.deepStrictEqual(plannedExperiments(prod).map((e) => [e.experiment, e.templateName, e.region, e.accountLabel, e.actionIds, e.targets, e.stopAlarms]), [
                ["pause-s3-replication", template("pause-s3-replication"), "us-east-1", "prod-genai", ["aws:s3:bucket-pause-replication"], ["1 aws:s3:bucket"], ["acme-ai-prod-genai-drill-stop"]],
                ["disrupt-bedrock-runtime-subnets", template("disrupt-bedrock-runtime-subnets"), "us-east-1", "prod-genai", ["aws:network:disrupt-connectivity"], ["3 aws:ec2:subnet"], ["acme-ai-prod-genai-drill-stop"]],
            ]);
        });

        it("targets the artifacts bucket and the subnets that hold the bedrock-runtime endpoint, and stops on every throttle and error alarm of us-east-1", () => {
            const s3 = named(prod, template("pause-s3-replication"));
            const bucket = named(prod, "prod-genai-model-artifacts-us-east-1-bucket");
            assert.deepStrictEqual(s3.inputs.targets, [{ name: "replicated-buckets", resourceType: "aws:s3:bucket", selectionMode: "ALL", resourceArns: [bucket.outputs.arn] }]);
            const network = named(prod, template("disrupt-bedrock-runtime-subnets"));
            const endpoint = named(prod, "prod-genai-network-us-east-1-endpoint-bedrock-runtime");
            const subnetArns = (endpoint.inputs.subnetIds as string[]).map((id) => prod.resources.find((r) => r.type === "aws:ec2/subnet:Subnet" && r.outputs.id === id)!.outputs.arn);
            assert.deepStrictEqual((network.inputs.targets as { resourceArns: string[] }[])[0].resourceArns, subnetArns);
            const alarms = prod.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.startsWith("prod-genai-monitoring-us-east-1-"));
            assert.strictEqual(alarms.length, 6);
            const stop = named(prod, "prod-genai-fault-injection-us-east-1-stop");
            assert.deepStrictEqual((stop.inputs.alarmRule as string).split(" OR ").sort(), alarms.map((alarm) => `ALARM("${alarm.outputs.arn}")`).sort());
            assert.deepStrictEqual([s3.account, network.account, stop.region], [bucket.account, bucket.account, "us-east-1"]);
        });

        it("exports them as faultInjection, and the FIS role carries the genAI account's boundary", () => {
            const output = prod.outputs.faultInjection as { region: string; templateIds: Record<string, string> };
            assert.deepStrictEqual([output.region, Object.keys(output.templateIds).sort()], ["us-east-1", ["disrupt-bedrock-runtime-subnets", "pause-s3-replication"]]);
            const role = named(prod, "prod-genai-fault-injection-us-east-1-role");
            assert.strictEqual(role.inputs.permissionsBoundary, named(prod, "prod-genai-permission-boundary-policy").outputs.arn);
        });
    });

    it("prints the commands that start the experiment by its template's Name tag and follow it, and exits 0", async () => {
        const result = await lz("drill", "prod", "--inject", "pause-s3-replication", "--graph", prodFile);
        assert.strictEqual(result.code, 0, result.err);
        const lines = result.out.trimEnd().split("\n");
        assert.deepStrictEqual(lines.slice(0, 4), [
            "prod: inject pause-s3-replication in us-east-1, the genai account (prod-genai)",
            `  template ${template("pause-s3-replication")}: Pause S3 replication to us-west-2 for PT10M`,
            "  actions aws:s3:bucket-pause-replication on 1 aws:s3:bucket",
            "  stops when acme-ai-prod-genai-drill-stop fires",
        ]);
        assert.strictEqual(lines[5], "lz cannot start it: this build has no AWS FIS client (@aws-sdk/client-fis). With credentials of that account, run:");
        assert.strictEqual(lines[7], `  TEMPLATE_ID=$(aws fis list-experiment-templates --region us-east-1 --query "experimentTemplates[?tags.Name=='${template("pause-s3-replication")}'].id | [0]" --output text)`);
        assert.match(lines[8], /^ {2}aws fis start-experiment --region us-east-1 --experiment-template-id "\$TEMPLATE_ID" --tags lz-drill-run=prod-\d{4}-\d\d-\d\dT[\d-]+Z --query experiment\.id --output text$/);
        assert.strictEqual(lines.at(-1), "  aws fis get-experiment --region us-east-1 --id <the experiment ID printed above> --query experiment.state");
        assert.strictEqual(result.err, "");
    });

    it("accepts the template's name as well as the experiment's, and names the run after the stack and the time", async () => {
        const out: string[] = [];
        const code = await runInject("prod", { inject: template("disrupt-bedrock-runtime-subnets"), graph: prodFile }, {
            projectDir, out: (text) => out.push(text), now: () => new Date("2026-03-01T10:00:00.000Z"),
        });
        assert.strictEqual(code, 0);
        assert.strictEqual(out[0], "prod: inject disrupt-bedrock-runtime-subnets in us-east-1, the genai account (prod-genai)");
        assert.match(out.find((line) => line.includes("start-experiment"))!, / --tags lz-drill-run=prod-2026-03-01T10-00-00-000Z /);
    });

    it("exits 2 with one line for an unknown experiment, other drill flags, and a stack without DR", async () => {
        const cases: [string[], string][] = [
            [["prod", "--inject", "deny-bedrock", "--graph", prodFile],
                "--inject deny-bedrock: prod has pause-s3-replication, disrupt-bedrock-runtime-subnets; name one of them."],
            [["prod", "--inject", "pause-s3-replication", "--to", "us-west-2", "--execute", "--graph", prodFile],
                "--inject starts one fault-injection experiment and takes no --to, --execute: run the experiment first, then `lz drill prod --to <DR region> --live` to see how the environment takes it."],
            [["dev", "--inject", "pause-s3-replication", "--graph", writeTempGraph(await devPlan())],
                "the plan of dev holds no fault-injection experiment templates: they are created only when dr.enabled is true (the experiments drill a failover)."],
        ];
        for (const [args, message] of cases) {
            const result = await lz("drill", ...args);
            assert.deepStrictEqual([result.code, result.err.trim(), result.out], [2, message, ""], args.join(" "));
        }
    });

    it("refuses a name that matches two templates rather than pick one", () => {
        const graph = structuredClone(prod);
        const copy = structuredClone(named(graph, template("pause-s3-replication")));
        graph.resources.push({ ...copy, urn: `${copy.urn}-copy`, inputs: { ...copy.inputs, tags: { ...(copy.inputs.tags as Record<string, string>), Name: `${template("pause-s3-replication")}-copy` } } });
        assert.throws(() => resolveExperiment(graph, "pause-s3-replication"),
            { message: `--inject pause-s3-replication matches 2 templates (${template("pause-s3-replication")}, ${template("pause-s3-replication")}-copy); name one by its template name.` });
    });
});
