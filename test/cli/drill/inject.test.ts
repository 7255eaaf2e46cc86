import * as assert from "assert";
import { FisClient, GetExperimentCommand, ListExperimentTemplatesCommand, StartExperimentCommand } from "@aws-sdk/client-fis";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DrillClientFactory, DrillClients } from "../../../cli/drill/live/clients";
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

    it("prints, with --print-commands, the commands that start the experiment by its template's Name tag and follow it, and exits 0", async () => {
        const result = await lz("drill", "prod", "--inject", "pause-s3-replication", "--print-commands", "--graph", prodFile);
        assert.strictEqual(result.code, 0, result.err);
        const lines = result.out.trimEnd().split("\n");
        assert.deepStrictEqual(lines.slice(0, 4), [
            "prod: inject pause-s3-replication in us-east-1, the genai account (prod-genai)",
            `  template ${template("pause-s3-replication")}: Pause S3 replication to us-west-2 for PT10M`,
            "  actions aws:s3:bucket-pause-replication on 1 aws:s3:bucket",
            "  stops when acme-ai-prod-genai-drill-stop fires",
        ]);
        assert.strictEqual(lines[5], "With credentials of that account, run:");
        assert.strictEqual(lines[7], `  TEMPLATE_ID=$(aws fis list-experiment-templates --region us-east-1 --query "experimentTemplates[?tags.Name=='${template("pause-s3-replication")}'].id | [0]" --output text)`);
        assert.match(lines[8], /^ {2}aws fis start-experiment --region us-east-1 --experiment-template-id "\$TEMPLATE_ID" --tags lz-drill-run=prod-\d{4}-\d\d-\d\dT[\d-]+Z --query experiment\.id --output text$/);
        assert.strictEqual(lines.at(-1), "  aws fis get-experiment --region us-east-1 --id <the experiment ID printed above> --query experiment.state");
        assert.strictEqual(result.err, "");
    });

    it("accepts the template's name as well as the experiment's, and names the run after the stack and the time", async () => {
        const out: string[] = [];
        const code = await runInject("prod", { inject: template("disrupt-bedrock-runtime-subnets"), graph: prodFile, printCommands: true }, {
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
            [["prod", "--inject", "pause-s3-replication", "--print-commands", "--timeout", "5", "--graph", prodFile],
                "--print-commands calls nothing in AWS, so it takes no --account-ids or --timeout."],
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

    describe("starting and following the experiment in AWS (aws-sdk-client-mock)", () => {
        const genaiId = "123456789012";
        let fis: ReturnType<typeof mockClient>;
        let asked: string[];
        let accountIds: string;
        const factory: DrillClientFactory = {
            clients(accountId, region) {
                asked.push(`${accountId}/${region}`);
                return { fis: new FisClient({ region, credentials: { accessKeyId: "test", secretAccessKey: "test" } }) } as unknown as DrillClients;
            },
        };
        const inject = async (experiment: string) => {
            const out: string[] = [];
            const code = await runInject("prod", { inject: experiment, graph: prodFile, accountIds }, {
                projectDir, out: (text) => out.push(text), now: () => new Date("2026-03-01T10:00:00.000Z"),
                clientFactory: () => factory, sleep: async () => undefined,
            });
            return { code, out };
        };

        beforeEach(() => {
            asked = [];
            accountIds = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-inject-")), "accounts.json");
            fs.writeFileSync(accountIds, JSON.stringify({ genai: genaiId }));
            fis = mockClient(FisClient as never);
            fis.onAnyCommand().rejects(new Error("test mock: unexpected FIS call"));
            // The template is on the second page, beside one of another name.
            fis.on(ListExperimentTemplatesCommand as never, { nextToken: undefined } as never).resolves({
                experimentTemplates: [{ id: "EXT-other", tags: { Name: template("disrupt-bedrock-runtime-subnets") } }], nextToken: "page-2",
            } as never);
            fis.on(ListExperimentTemplatesCommand as never, { nextToken: "page-2" } as never).resolves({
                experimentTemplates: [{ id: "EXT-pause", tags: { Name: template("pause-s3-replication") } }],
            } as never);
            fis.on(StartExperimentCommand as never).resolves({ experiment: { id: "EXP-1", state: { status: "initiating" } } } as never);
        });
        afterEach(() => fis.restore());

        it("starts it from the template its Name tag finds, in the template's account and region, once per run, and exits 0 when it completes", async () => {
            fis.on(GetExperimentCommand as never).resolvesOnce({ experiment: { id: "EXP-1", state: { status: "running" } } } as never)
                .resolvesOnce({ experiment: { id: "EXP-1", state: { status: "running" } } } as never)
                .resolves({ experiment: { id: "EXP-1", state: { status: "completed", reason: "Experiment completed." } } } as never);
            const { code, out } = await inject("pause-s3-replication");
            assert.strictEqual(code, 0, out.join("\n"));
            assert.deepStrictEqual(asked, [`${genaiId}/us-east-1`]);
            const started = fis.commandCalls(StartExperimentCommand as never).map((call) => call.args[0].input);
            assert.deepStrictEqual(started, [{ experimentTemplateId: "EXT-pause", clientToken: "prod-2026-03-01T10-00-00-000Z", tags: { "lz-drill-run": "prod-2026-03-01T10-00-00-000Z" } }]);
            assert.deepStrictEqual(out.slice(4), [
                "  started EXP-1 from template EXT-pause (tag lz-drill-run=prod-2026-03-01T10-00-00-000Z)",
                "  initiating",
                "  running",
                "  completed: Experiment completed.",
                "completed: pause-s3-replication ran to its end in us-east-1; run `lz drill prod --to us-west-2 --live` to see how the environment took it.",
            ]);
        });

        it("exits 1 with FIS's reason when a stop condition stops it", async () => {
            fis.on(GetExperimentCommand as never).resolves({ experiment: { id: "EXP-1", state: { status: "stopped", reason: "Experiment stopped by stop condition arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-ai-prod-genai-drill-stop." } } } as never);
            const { code, out } = await inject("pause-s3-replication");
            assert.strictEqual(code, 1);
            assert.strictEqual(out.at(-1), "stopped: pause-s3-replication in us-east-1: Experiment stopped by stop condition arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-ai-prod-genai-drill-stop..");
        });

        it("starts nothing and exits 1 when the account holds no template of that name (the stack is not deployed)", async () => {
            fis.on(ListExperimentTemplatesCommand as never, { nextToken: "page-2" } as never).resolves({ experimentTemplates: [] } as never);
            const { code, out } = await inject("pause-s3-replication");
            assert.strictEqual(code, 1);
            assert.deepStrictEqual(fis.commandCalls(StartExperimentCommand as never), []);
            assert.strictEqual(out.at(-1), `not started: pause-s3-replication in us-east-1: no experiment template is named ${template("pause-s3-replication")} in us-east-1; deploy the stack (\`pulumi up\`) before injecting its faults.`);
        });

        it("reports an AWS error as the outcome, never a stack trace: no credentials before the start, a lost read after it", async () => {
            fis.on(ListExperimentTemplatesCommand as never).rejects(Object.assign(new Error("could not assume arn:aws:iam::123456789012:role/OrganizationAccountAccessRole: Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
            const refused = await inject("pause-s3-replication");
            assert.strictEqual(refused.code, 1);
            assert.strictEqual(refused.out.at(-1), "not started: pause-s3-replication in us-east-1: could not list the experiment templates in us-east-1 (CredentialsProviderError: could not assume arn:aws:iam::123456789012:role/OrganizationAccountAccessRole: Could not load credentials from any providers).");
            fis.reset();
            fis.on(ListExperimentTemplatesCommand as never).resolves({ experimentTemplates: [{ id: "EXT-pause", tags: { Name: template("pause-s3-replication") } }] } as never);
            fis.on(StartExperimentCommand as never).resolves({ experiment: { id: "EXP-1", state: { status: "running" } } } as never);
            fis.on(GetExperimentCommand as never).rejects(Object.assign(new Error("connect ETIMEDOUT"), { name: "TimeoutError" }));
            const lost = await inject("pause-s3-replication");
            assert.strictEqual(lost.code, 1);
            assert.strictEqual(lost.out.at(-1), "not followed: pause-s3-replication in us-east-1: could not read experiment EXP-1 (TimeoutError: connect ETIMEDOUT); it may still be running: aws fis get-experiment --region us-east-1 --id EXP-1.");
        });
    });
});
