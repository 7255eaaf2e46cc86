import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { evaluateStackClaims } from "../../cli/access/run";
import { DrillUsageError, runDrill } from "../../cli/drill/command";
import { PlanGraph, PlanResource } from "../../cli/engine/graph";
import { splitEnvironmentFiles } from "../../cli/engine/generatedEnvironments";
import { PlanError, planStack } from "../../cli/engine/plan";
import { scratchProject } from "../../cli/engine/scratchProject";
import { applicationContractProblems } from "../../stacks/applicationContract";
import { stackOrder, stateMoveCommand } from "../../cli/stacks/order";
import { affectedStacks } from "../../cli/stacks/affected";
import { loadStack } from "../../cli/engine/stackFiles";
import { plan, projectDir } from "../fixtures/plans";

/** What a resource is, whichever stack declares it: URNs, parents and providers aside. */
function identity(resource: PlanResource): string {
    const inputs = JSON.stringify(resource.inputs).replace(/urn:pulumi:[^:]+::/g, "urn:pulumi:STACK::");
    return [resource.type, resource.name, resource.account, resource.region, inputs].join(" | ");
}

const stackTypes = new Set(["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"]);

function identities(graph: PlanGraph): string[] {
    return graph.resources.filter((resource) => !stackTypes.has(resource.type)).map(identity).sort();
}

function yamlOf(text: string): { config: Record<string, any> } {
    return parseDocument(text).toJS() as { config: Record<string, any> };
}

function yamlText(document: unknown): string {
    return parseDocument(JSON.stringify(document)).toString({ lineWidth: 0 });
}

describe("application stacks: an environment split into stacks of its own", function () {
    const dirs: string[] = [];
    let split: string;
    after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
    before(() => {
        split = scratchProject(projectDir, splitEnvironmentFiles(projectDir, "prod", ["chat", "search"]));
        dirs.push(split);
    });

    it("plans the same resources, with the same inputs in the same accounts and regions, as the environment inline", async () => {
        const [inline, whole] = await Promise.all([plan("prod"), planStack("prod", { projectDir: split })]);
        assert.deepStrictEqual(whole.stacks, ["prod", "prod-app-chat", "prod-app-search"]);
        assert.deepStrictEqual(identities(whole), identities(inline));
        assert.deepStrictEqual(whole.accounts.map((a) => a.label).sort(), inline.accounts.map((a) => a.label).sort());
        // The merged outputs read as the inline environment's: every application with its invoke role and account.
        assert.deepStrictEqual(Object.keys(whole.outputs.applications as object).sort(), ["chat", "search"]);
        assert.deepStrictEqual(whole.outputs.accounts, inline.outputs.accounts);
        assert.strictEqual((whole.outputs.drInventory as unknown[]).length, (inline.outputs.drInventory as unknown[]).length);
    });

    it("keeps each application stack to one AWS provider and the environment stack to the shared accounts", async () => {
        const environmentOnly = await planStack("prod", { projectDir: split, environmentOnly: true });
        const providers = (graph: PlanGraph) => graph.resources.filter((r) => r.type === "pulumi:providers:aws").map((r) => r.name).sort();
        assert.deepStrictEqual(providers(environmentOnly), ["prod-data", "prod-genai"]);
        const chat = await planStack("prod-app-chat", { projectDir: split });
        assert.strictEqual(chat.kind, "application");
        assert.deepStrictEqual(providers(chat), ["prod-app-chat"]);
        // The invoke role stays with the environment (the data account's policies name it); the workload role moves.
        assert.ok(environmentOnly.resources.some((r) => r.name === "prod-genai-invoke-role-chat-role"));
        assert.ok(!environmentOnly.resources.some((r) => r.name.startsWith("prod-app-chat")));
        assert.ok(chat.resources.some((r) => r.name === "prod-app-chat-workload-role" || r.name.startsWith("prod-app-chat-")));
        assert.deepStrictEqual((environmentOnly.outputs.applications as Record<string, unknown>).chat, {
            stack: "prod-app-chat",
            invokeRoleArn: (chat.outputs.applications as Record<string, { workloadRoleArn: string }>).chat.workloadRoleArn.replace(/:\d{12}:role\/.*$/, "") + `:${(environmentOnly.outputs.applicationContract as { genaiAccountId: string }).genaiAccountId}:role/acme-ai-prod-genai-invoke-chat`,
        });
        // The application stack reads the guardrails it admits from the environment stack's contract.
        const contract = environmentOnly.outputs.applicationContract as { schemaVersion: number; guardrailIdentifiers: Record<string, string> };
        assert.strictEqual(contract.schemaVersion, 1);
        assert.deepStrictEqual(Object.keys(contract.guardrailIdentifiers).sort(), ["us-east-1", "us-west-2"]);
        const endpointPolicies = chat.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && String(r.inputs.serviceName).endsWith("bedrock-runtime"));
        assert.strictEqual(endpointPolicies.length, 2);
        for (const endpoint of endpointPolicies) {
            assert.ok(String(endpoint.inputs.policy).includes(contract.guardrailIdentifiers[String(endpoint.region)]), `${endpoint.name} admits its region's guardrail`);
        }
    });

    it("proves the same access claims across stacks as inline", async () => {
        const [inline, whole] = await Promise.all([
            evaluateStackClaims("prod", { projectDir }),
            evaluateStackClaims("prod", { projectDir: split }),
        ]);
        const ids = (report: typeof inline) => report.results.map((result) => `${result.claim.id} ${result.holds}`).sort();
        assert.deepStrictEqual(ids(whole), ids(inline));
        assert.ok(whole.results.length > 200);
        assert.ok(whole.results.every((result) => result.holds), whole.results.filter((r) => !r.holds).map((r) => r.claim.id).join(", "));
    });

    it("lists the stacks in deploy order, and writes a missing application stack file", async () => {
        const { order } = stackOrder(split, { environment: "prod" });
        const own = scratchProject(projectDir, splitEnvironmentFiles(projectDir, "prod", ["chat", "search"]));
        dirs.push(own);
        assert.deepStrictEqual(order.waves, [["organization"], ["prod"], ["prod-app-chat", "prod-app-search"]]);
        for (const entry of order.stacks) {
            const wave = order.waves.findIndex((stacks) => stacks.includes(entry.stack));
            for (const dependency of entry.dependsOn) {
                assert.ok(order.waves.findIndex((stacks) => stacks.includes(dependency)) < wave, `${entry.stack} after ${dependency}`);
            }
        }
        fs.unlinkSync(path.join(own, "Pulumi.prod-app-search.yaml"));
        assert.throws(() => stackOrder(own, { environment: "prod" }), (error: Error) => error.message.includes(
            "landing-zone:environment.accounts.applications.search.stack is \"own\", but there is no Pulumi.prod-app-search.yaml; create it with `lz stacks prod --write`, or set stack: inline."));
        // A plan of the environment refuses to start without it, with the same fix.
        await assert.rejects(planStack("prod", { projectDir: own }), (error: Error) => error instanceof PlanError && error.kind === "config" && error.message.includes(
            "landing-zone:environment.accounts.applications.search.stack is \"own\", but there is no Pulumi.prod-app-search.yaml; create it with `lz stacks prod --write`, or set stack: inline."));
        const { written } = stackOrder(own, { environment: "prod", write: true });
        assert.deepStrictEqual(written, ["Pulumi.prod-app-search.yaml"]);
        assert.deepStrictEqual(yamlOf(fs.readFileSync(path.join(own, "Pulumi.prod-app-search.yaml"), "utf8")).config["landing-zone:application"], { environmentStack: "prod", name: "search" });
    });

    it("feeds the deploy workflow: wave 1 is the environment stack, wave 2 its application stacks", () => {
        const workflow = fs.readFileSync(path.join(projectDir, ".github", "workflows", "deploy.yml"), "utf8");
        const { order } = stackOrder(split, { environment: "prod" });
        // The workflow reads these two paths of `lz stacks <env> --json`; they must name what it deploys.
        assert.ok(workflow.includes("jq -r '.waves[1][0]' order.json") && workflow.includes("jq -c '.waves[2] // []' order.json"));
        assert.strictEqual(order.waves[1][0], "prod");
        assert.deepStrictEqual(order.waves[2], order.stacks.filter((entry) => entry.kind === "application").map((entry) => entry.stack));
        assert.ok(/max-parallel: \d+/.test(workflow) && workflow.includes("fromJSON(needs.order.outputs.applications)"));
    });

    it("checks in a pull request only the stacks a change affects", () => {
        const { order } = stackOrder(split, { environment: "prod" });
        const file = fs.readFileSync(path.join(split, "Pulumi.prod.yaml"), "utf8");
        const changed = (edit: (config: any) => void) => {
            const document = yamlOf(file);
            edit(document.config["landing-zone:environment"]);
            return yamlText(document);
        };
        const affected = (text: string, files = ["Pulumi.prod.yaml"]) => affectedStacks(order, files, () => file, () => text).waves;
        assert.deepStrictEqual(affected(changed((env) => { env.accounts.applications.chat.wafRateLimit = 500; })), [["prod-app-chat"]]);
        assert.deepStrictEqual(affected(changed((env) => { env.accounts.applications.chat.tenants.push("umbrella"); })), [["prod"], ["prod-app-chat"]]);
        assert.deepStrictEqual(affected(changed((env) => { env.genai.logging.retentionDays = 30; })), [["prod"], ["prod-app-chat", "prod-app-search"]]);
        assert.deepStrictEqual(affected(file, ["Pulumi.prod-app-search.yaml"]), [["prod-app-search"]]);
        assert.deepStrictEqual(affected(file, ["README.md", "test/stacks/applicationStacks.test.ts"]), []);
        assert.deepStrictEqual(affected(file, ["components/application/network.ts"]), order.waves);
    });

    it("adds an application by config alone, and removing it takes it out of every policy that named it", async () => {
        const files = splitEnvironmentFiles(projectDir, "prod", ["chat", "search"]);
        const environment = yamlOf(files["Pulumi.prod.yaml"]);
        environment.config["landing-zone:environment"].accounts.applications.assist = {
            vpcCidr: "10.34.0.0/16", compute: "lambda", tenants: ["acme"], stack: "own",
            budget: { monthlyLimitUsd: 1000, subscribers: ["assist-team@example.com"] },
        };
        const organization = yamlOf(files["Pulumi.organization.yaml"]);
        organization.config["landing-zone:organization"].environments.prod.applications.assist = {};
        const grown = scratchProject(projectDir, {
            ...files,
            "Pulumi.prod.yaml": yamlText(environment),
            "Pulumi.organization.yaml": yamlText(organization),
        });
        dirs.push(grown);
        stackOrder(grown, { environment: "prod", write: true });
        const [before, after] = await Promise.all([
            planStack("prod", { projectDir: split }),
            planStack("prod", { projectDir: grown }),
        ]);
        const byUrn = (graph: PlanGraph) => new Map(graph.resources.filter((r) => !stackTypes.has(r.type)).map((r) => [r.urn, r]));
        const [was, is] = [byUrn(before), byUrn(after)];
        const added = [...is.keys()].filter((urn) => !was.has(urn));
        const changed = [...was.keys()].filter((urn) => is.has(urn) && JSON.stringify(was.get(urn)!.inputs) !== JSON.stringify(is.get(urn)!.inputs));
        assert.deepStrictEqual([...was.keys()].filter((urn) => !is.has(urn)), [], "nothing is removed");
        // New: the assist account's stack, and its invoke role, profiles and grants in the genAI account.
        assert.ok(added.every((urn) => /assist/.test(urn)), added.filter((urn) => !/assist/.test(urn)).join("\n"));
        assert.ok(added.some((urn) => urn.startsWith("urn:pulumi:prod-app-assist::")));
        // Changed: only the policies and the parameter that name every invoke role, the genAI endpoints that let every
        // application's profiles through, and nothing of chat's or search's stacks.
        const changedNames = changed.map((urn) => is.get(urn)!.name).sort();
        assert.ok(changed.every((urn) => urn.startsWith("urn:pulumi:prod::")), changed.join("\n"));
        assert.ok(changedNames.length > 0 && changedNames.every((name) => /catalogue-parameter|documents|data-key|policy|key|genai-network-.*-endpoint-bedrock-runtime/.test(name)), changedNames.join(", "));
        const namesAssist = (graph: PlanGraph) => graph.resources.filter((r) => r.urn.startsWith("urn:pulumi:prod::") && JSON.stringify(r.inputs).includes("acme-ai-prod-genai-invoke-assist")).map((r) => r.name).sort();
        assert.deepStrictEqual(namesAssist(before), [], "removing assist (planning without it) leaves no policy naming its invoke role");
        assert.ok(namesAssist(after).length >= 3, namesAssist(after).join(", "));
    });

    it("moves an inline application to its own stack with one `pulumi state move` of URNs the inline environment has", async () => {
        const [inline, application] = await Promise.all([plan("prod"), planStack("prod-app-chat", { projectDir: split })]);
        const command = stateMoveCommand(application, "prod");
        const urns = [...command.matchAll(/'(urn:[^']+)'/g)].map((match) => match[1]);
        assert.ok(command.startsWith("pulumi state move --source prod --dest prod-app-chat \\\n"));
        // Every URN moved exists in the inline environment, and everything of the application stack moves with one of them.
        const inlineUrns = new Set(inline.resources.map((r) => r.urn));
        assert.deepStrictEqual(urns.filter((urn) => !inlineUrns.has(urn)), []);
        assert.ok(urns.includes("urn:pulumi:prod::genai-landing-zone::pulumi:providers:aws::prod-app-chat"));
        const byUrn = new Map(application.resources.map((r) => [r.urn, r]));
        const moved = new Set(urns.map((urn) => urn.replace("urn:pulumi:prod::", "urn:pulumi:prod-app-chat::")));
        const topOf = (urn: string): string => { const parent = byUrn.get(urn)!.parent; return parent && byUrn.get(parent)?.type !== "pulumi:pulumi:Stack" ? topOf(parent) : urn; };
        const stranded = application.resources.filter((r) => !stackTypes.has(r.type) && !moved.has(topOf(r.urn)));
        assert.deepStrictEqual(stranded.map((r) => r.urn), []);
    });

    it("refuses an application stack whose application is inline, unknown, or whose environment file is missing", () => {
        const dir = scratchProject(projectDir, {
            ...splitEnvironmentFiles(projectDir, "prod", ["search"]),
            "Pulumi.prod-app-chat.yaml": "config:\n  pulumi:disable-default-providers: [\"*\"]\n  landing-zone:application:\n    environmentStack: prod\n    name: chat\n",
            "Pulumi.prod-app-nope.yaml": "config:\n  pulumi:disable-default-providers: [\"*\"]\n  landing-zone:application:\n    environmentStack: prod\n    name: nope\n",
            "Pulumi.qa-app-chat.yaml": "config:\n  pulumi:disable-default-providers: [\"*\"]\n  landing-zone:application:\n    environmentStack: qa\n    name: chat\n",
        });
        dirs.push(dir);
        assert.throws(() => loadStack(dir, "prod-app-chat"), (error: Error) => error.message.includes(
            "landing-zone:application.name names \"chat\", which Pulumi.prod.yaml deploys inline (accounts.applications.chat.stack is \"inline\"); set `stack: own` there to deploy it from this stack"));
        assert.throws(() => loadStack(dir, "prod-app-nope"), (error: Error) => error.message.includes(
            "names \"nope\", which Pulumi.prod.yaml does not declare under accounts.applications (it declares chat, search)"));
        assert.throws(() => loadStack(dir, "qa-app-chat"), (error: Error) => error.message.includes(
            "landing-zone:application.environmentStack names the environment stack \"qa\", but there is no Pulumi.qa.yaml in the project"));
    });

    it("refuses more inline applications than maxInlineApplications, naming them and the fix", () => {
        const files = splitEnvironmentFiles(projectDir, "prod", []);
        const environment = yamlOf(files["Pulumi.prod.yaml"]);
        environment.config["landing-zone:environment"].accounts.maxInlineApplications = 1;
        const dir = scratchProject(projectDir, { ...files, "Pulumi.prod.yaml": yamlText(environment) });
        dirs.push(dir);
        assert.throws(() => loadStack(dir, "prod"), (error: Error) => error.message.includes(
            "landing-zone:environment.accounts.applications deploys 2 applications inline (chat, search), over maxInlineApplications 1: each inline application adds an AWS provider process of 300-430 MB to the environment's `pulumi up`. Give 1 of them `stack: own`"));
    });

    it("says what is wrong with an environment stack's contract, and how to fix it", () => {
        const env = loadStack(projectDir, "prod").config;
        assert.ok(env.kind === "environment");
        const good = { schemaVersion: 1, environment: "prod", organizationId: "o-a1b2c3d4e5", genaiAccountId: "123456789012", guardrailIdentifiers: { "us-east-1": "arn:g:1", "us-west-2": "arn:g:1" }, applicationProfileArns: { chat: ["arn:p"] } };
        assert.deepStrictEqual(applicationContractProblems(good, "prod", env.environment), []);
        assert.deepStrictEqual(applicationContractProblems(undefined, "prod", env.environment), [
            "The environment stack \"prod\" exports no applicationContract: run `pulumi up -s prod` with this version of the program first (README \"Application stacks\").",
        ]);
        assert.deepStrictEqual(applicationContractProblems({ ...good, schemaVersion: 2 }, "prod", env.environment), [
            "The environment stack \"prod\" exports applicationContract version 2, and this program reads version 1: run `pulumi up -s prod` with this version of the program first (README \"Application stacks\").",
        ]);
        assert.deepStrictEqual(applicationContractProblems({ ...good, guardrailIdentifiers: { "us-east-1": "arn:g:1" } }, "prod", env.environment), [
            "The environment stack \"prod\" exports no guardrail for us-west-2, a region its config deploys: run `pulumi up -s prod` with this version of the program first (README \"Application stacks\").",
        ]);
        assert.deepStrictEqual(applicationContractProblems(good, "prod", env.environment, "search"), [
            "The environment stack \"prod\" exports no inference profiles for the application \"search\": it has not been deployed since the application was added to its config; run `pulumi up -s prod` with this version of the program first (README \"Application stacks\").",
        ]);
        assert.deepStrictEqual(applicationContractProblems({ ...good, environment: "staging" }, "prod", env.environment), [
            "The stack \"prod\" is the environment \"staging\", not \"prod\" as its stack file says: point landing-zone:application.environmentStack at the stack of prod.",
        ]);
    });

    it("sends a drill of an application stack to its environment, which a failover switches whole", async () => {
        await assert.rejects(runDrill("prod-app-chat", { to: "us-west-2" }, { projectDir: split, out: () => undefined, err: () => undefined }), (error: Error) =>
            error instanceof DrillUsageError && error.message === "Stack \"prod-app-chat\" is an application stack of prod; a failover switches a whole environment: run `lz drill prod`, which plans its application stacks with it.");
    });

    it("refuses to plan an environment with application stacks from another config file", async () => {
        await assert.rejects(planStack("prod", { projectDir, configFile: path.join(split, "Pulumi.prod.yaml") }), (error: Error) =>
            error instanceof PlanError && error.kind === "config" && error.message.includes("deploys chat, search in stacks of their own"));
    });
});
