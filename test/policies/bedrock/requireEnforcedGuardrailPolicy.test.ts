import * as assert from "assert";
import * as path from "path";
import { checkGraph } from "../../../cli/check/check";
import { PlanGraph } from "../../../cli/engine/graph";
import { readStackConfigValues } from "../../../cli/engine/stackFiles";
import { organizationConfigKey, requireEnforcedGuardrailPolicy as policy } from "../../../policies/bedrock/requireEnforcedGuardrailPolicy";
import { fixturesDir, plan, projectDir } from "../../fixtures/plans";
import { stackViolationsOf, unknown } from "../harness";
import { planResources, PlanResources } from "../planResources";

const policyType = "aws:organizations/policy:Policy";
const stackFile = path.join(__dirname, "Pulumi.organization-enforced-guardrails.yaml");
const enforced = () => plan("organization", path.relative(fixturesDir, stackFile));
const setting = "landing-zone:organization environments.prod.bedrock.enforcedGuardrails";
const east = "arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefghij12:3";
const west = "arn:aws:bedrock:us-west-2:111111111111:guardrail/klmnopqrst34:3";
const fix = "attach the environment's Bedrock policy to its OU.";

/** The stack config as the CLI hands it to the pack: PULUMI_CONFIG, structured values as JSON text. */
function withStackConfig(file: string | undefined, run: () => Promise<void>): () => Promise<void> {
    return async () => {
        const saved = process.env.PULUMI_CONFIG;
        if (file) {
            const values = readStackConfigValues(file);
            process.env.PULUMI_CONFIG = JSON.stringify(Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])));
        } else {
            delete process.env.PULUMI_CONFIG;
        }
        try {
            await run();
        } finally {
            if (saved === undefined) {
                delete process.env.PULUMI_CONFIG;
            } else {
                process.env.PULUMI_CONFIG = saved;
            }
        }
    };
}

async function enforcedPlan(): Promise<PlanResources> {
    return planResources(await enforced());
}

describe("enforced-guardrails-have-an-attached-bedrock-policy", () => {
    it("passes the shipped organization plan, which enforces no guardrail, with or without its stack config", withStackConfig(path.join(projectDir, "Pulumi.organization.yaml"), async () => {
        const org = planResources(await plan("organization"));
        assert.deepStrictEqual(org.resources.filter((r) => r.type === policyType && r.props.type === "BEDROCK_POLICY"), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), []);
    }));

    it("passes an organization that enforces prod's guardrails through the Bedrock policy on Workloads/prod", withStackConfig(stackFile, async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, (await enforcedPlan()).resources), []);
    }));

    it("reports guardrails the config enforces when the plan has no Bedrock policy for them", withStackConfig(stackFile, async () => {
        const org = planResources(await plan("organization"));
        assert.deepStrictEqual(await stackViolationsOf(policy, org.resources), [east, west].map((arn, index) => ({
            resource: "ou-workloads-prod",
            message: `${setting}.${["us-east-1", "us-west-2"][index]} enforces guardrail "${arn}", but no BEDROCK_POLICY in effect on Workloads/prod applies it in ${["us-east-1", "us-west-2"][index]}: none is attached to it; ${fix}`,
        })));
    }));

    it("reports a Bedrock policy detached, or naming another guardrail version", withStackConfig(stackFile, async () => {
        const detached = await enforcedPlan();
        assert.deepStrictEqual((await stackViolationsOf(policy, detached.without((r) => r.name === "bedrock-guardrail-prod-attach-workloads-prod"))).map((v) => v.message), [
            `${setting}.us-east-1 enforces guardrail "${east}", but no BEDROCK_POLICY in effect on Workloads/prod applies it in us-east-1: none is attached to it; ${fix}`,
            `${setting}.us-west-2 enforces guardrail "${west}", but no BEDROCK_POLICY in effect on Workloads/prod applies it in us-west-2: none is attached to it; ${fix}`,
        ]);
        const stale = await enforcedPlan();
        const bedrockPolicy = stale.one(policyType, "bedrock-guardrail-prod-policy");
        bedrockPolicy.props.content = (bedrockPolicy.props.content as string).replace(`${west}"`, `${west.replace(/:3$/, ":2")}"`);
        assert.deepStrictEqual((await stackViolationsOf(policy, stale.resources)).map((v) => v.message), [
            `${setting}.us-west-2 enforces guardrail "${west}", but no BEDROCK_POLICY in effect on Workloads/prod applies it in us-west-2: ` +
                `the attached ones ("acme-ai-bedrock-guardrail-prod") assign ["${west.replace(/:3$/, ":2")}"] there; ${fix}`,
        ]);
    }));

    it("has nothing to compare without the stack's config, and treats a policy not known yet as not known", async () => {
        await withStackConfig(undefined, async () => {
            assert.deepStrictEqual(await stackViolationsOf(policy, planResources(await plan("organization")).resources), []);
        })();
        await withStackConfig(stackFile, async () => {
            const pending = await enforcedPlan();
            pending.one(policyType, "bedrock-guardrail-prod-policy").props.content = unknown;
            assert.deepStrictEqual(await stackViolationsOf(policy, pending.resources), []);
        })();
    });

    it("reads the stack config lz check hands the pack, as the Pulumi CLI does", async () => {
        const graph = await enforced();
        const detached: PlanGraph = { ...graph, resources: graph.resources.filter((r) => r.name !== "bedrock-guardrail-prod-attach-workloads-prod") };
        const result = await checkGraph(detached, { projectDir, configFile: stackFile, accessClaims: false });
        assert.deepStrictEqual(result.violations.filter((v) => v.policy === policy.name).map((v) => v.message), [
            `${setting}.us-east-1 enforces guardrail "${east}", but no BEDROCK_POLICY in effect on Workloads/prod applies it in us-east-1: none is attached to it; ${fix}`,
            `${setting}.us-west-2 enforces guardrail "${west}", but no BEDROCK_POLICY in effect on Workloads/prod applies it in us-west-2: none is attached to it; ${fix}`,
        ]);
        assert.strictEqual(organizationConfigKey, "landing-zone:organization");
    });
});
