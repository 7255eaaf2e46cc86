/**
 * The claims engine over the real plans: per claim kind, the shipped plan's claims hold, then one policy statement
 * is changed at a time and the claim breaks, naming the statement that let the request through.
 */
import * as assert from "assert";
import * as path from "path";
import { readCustomClaims } from "../../access/customClaims";
import { ConfigError } from "../../accounts/problems";
import { ClaimKind, ClaimsReport, deriveClaims, evaluateClaims, EvaluateClaimsInput } from "../../access/claims";
import { buildAccessModel } from "../../access/model";
import { CheckResult, hasMandatoryViolation, withAccessClaims } from "../../cli/check/check";
import { PlanGraph, PlanResource } from "../../cli/engine/graph";
import { loadStack } from "../../cli/engine/stackFiles";
import { fixturesDir, plan, projectDir } from "../fixtures/plans";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

async function inputFor(stack: string, graph?: PlanGraph, organizationGraph?: PlanGraph): Promise<EvaluateClaimsInput> {
    const loaded = loadStack(projectDir, stack);
    const organization = loadStack(projectDir, "organization").config;
    assert.ok(organization.kind === "organization");
    assert.ok(loaded.config.kind !== "application");
    return {
        graph: graph ?? await plan(stack),
        organizationGraph: organizationGraph ?? await plan("organization"),
        config: loaded.config,
        catalogue: loaded.catalogue,
        organizationId: organization.organization.organizationId,
    };
}

/** A copy of the graph with one resource's policy document changed. */
function withPolicy(graph: PlanGraph, resourceName: string, property: string, edit: (document: { Statement: Record<string, unknown>[] }) => void): PlanGraph {
    const copy = JSON.parse(JSON.stringify(graph)) as PlanGraph;
    const resource = copy.resources.find((r) => r.name === resourceName) as Mutable<PlanResource> | undefined;
    assert.ok(resource, `no resource ${resourceName} in the plan of ${graph.stack}`);
    const document = JSON.parse(resource.inputs[property] as string) as { Statement: Record<string, unknown>[] };
    edit(document);
    resource.inputs = { ...resource.inputs, [property]: JSON.stringify(document) };
    return copy;
}

function statement(document: { Statement: Record<string, unknown>[] }, sid: string): Record<string, unknown> {
    const found = document.Statement.find((s) => s.Sid === sid);
    assert.ok(found, `no statement ${sid}`);
    return found;
}

function broken(report: ClaimsReport): { id: string; decidedBy: string[]; failedGuard?: string }[] {
    return report.results.filter((r) => !r.holds).map((r) => ({ id: r.claim.id, decidedBy: r.decidedBy.map((d) => d.statement), ...(r.failedGuard ? { failedGuard: r.failedGuard } : {}) }));
}

async function brokenAfter(kinds: ClaimKind[], graph: PlanGraph, stack = "prod", organizationGraph?: PlanGraph) {
    return broken(await evaluateClaims({ ...await inputFor(stack, graph, organizationGraph), kinds, region: stack === "organization" ? undefined : "us-east-1" }));
}

const invokePolicy = "prod-genai-invoke-role-invoke-policy";
const attributePolicy = "prod-genai-invoke-role-attribute-access-policy";
const haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";

describe("access claims", function () {
    this.timeout(240_000);

    it("derives prod's claims for the DR region's counterparts as well as the primary's", async () => {
        const input = await inputFor("prod");
        const claims = deriveClaims(input, buildAccessModel(input.graph, input.organizationGraph));
        const dr = claims.filter((c) => c.kind === "dr-parity");
        const ids = dr.map((c) => c.id);
        for (const id of [
            "dr-parity/chat/acme/us-west-2/read-own-documents",
            "dr-parity/chat/acme/us-west-2/decrypt-through-s3",
            "dr-parity/chat/acme/us-west-2/retrieve",
            `dr-parity/chat/us-west-2/${haiku}/invoke-at-clearance`,
            "dr-parity/accelerator/us-west-2/read-model-artifacts",
            "dr-parity/accelerator/us-west-2/pull-inference-image",
        ]) {
            assert.ok(ids.includes(id), `${id} is not among prod's DR claims: ${ids.join(", ")}`);
        }
        assert.ok(dr.every((c) => c.region === "us-west-2"));
        const read = dr.find((c) => c.id === "dr-parity/chat/acme/us-west-2/read-own-documents")!;
        assert.strictEqual(read.request.resource, "arn:aws:s3:::acme-ai-prod-docs-210987654321-us-west-2/tenants/acme/report.pdf");
        const decrypt = dr.find((c) => c.id === "dr-parity/chat/acme/us-west-2/decrypt-through-s3")!;
        assert.strictEqual(decrypt.request.resource, "arn:aws:kms:us-west-2:210987654321:key/mrk-8c65a77b52af088f9140d461d9b8f3c2");
        const invoke = dr.find((c) => c.id === `dr-parity/chat/us-west-2/${haiku}/invoke-at-clearance`)!;
        assert.match(String(invoke.request.context?.["bedrock:GuardrailIdentifier"]), /^arn:aws:bedrock:us-west-2:906602663697:guardrail\/[a-z0-9]+:1$/);
        const onlyDr = deriveClaims({ ...input, region: "us-west-2" }, buildAccessModel(input.graph, input.organizationGraph));
        assert.ok(onlyDr.every((c) => c.region === "us-west-2" || c.region === "global"), "a region's claims are that region's and the global ones");
        assert.ok(onlyDr.some((c) => c.kind === "dr-parity") && !onlyDr.some((c) => c.region === "us-east-1"));
    });

    it("derives no DR claims for an environment without DR", async () => {
        const input = await inputFor("dev");
        const claims = deriveClaims(input, buildAccessModel(input.graph));
        assert.deepStrictEqual(claims.filter((c) => c.kind === "dr-parity"), []);
        // dev does not log invocations in us-west-2, so the only us-west-2 claims say a direct call there is refused.
        assert.deepStrictEqual([...new Set(claims.filter((c) => c.region === "us-west-2").map((c) => `${c.expect} ${c.id.split("/").pop()}`))], ["denied direct-where-unlogged"]);
    });

    describe("on the shipped prod plan, the primary region's claims hold", () => {
        for (const kind of ["identity-chain", "invoke", "data", "service-role"] as ClaimKind[]) {
            it(kind, async () => {
                const report = await evaluateClaims({ ...await inputFor("prod"), kinds: [kind], region: "us-east-1" });
                assert.ok(report.results.length > 0);
                assert.deepStrictEqual(broken(report), []);
            });
        }
    });

    it("identity chain: a trust that lets a workload tag any tenant breaks, naming the trust statement", async () => {
        const graph = withPolicy(await plan("prod"), "prod-genai-invoke-role-chat-role", "assumeRolePolicy", (document) => {
            const conditions = statement(document, "TagSessionForChat").Condition as Record<string, Record<string, unknown>>;
            delete conditions.StringEquals["aws:RequestTag/tenant"];
        });
        assert.deepStrictEqual(await brokenAfter(["identity-chain"], graph), [{
            id: "identity-chain/chat/foreign-tenant/tenant-not-in-config",
            decidedBy: ["prod-genai/global/iam/role/prod-genai-invoke-role-chat-role#TagSessionForChat"],
            failedGuard: "resource",
        }]);
    });

    it("invoke: widening the classification gate breaks the clearance claim, naming the widened statement", async () => {
        const graph = withPolicy(await plan("prod"), invokePolicy, "policy", (document) => {
            const conditions = statement(document, "InvokeModelsClearedForInternal").Condition as Record<string, Record<string, unknown>>;
            conditions.StringEquals["aws:PrincipalTag/data-classification"] = ["public", "internal", "confidential"];
        });
        const found = await brokenAfter(["invoke"], graph);
        assert.deepStrictEqual(found.filter((f) => f.id.endsWith("/above-clearance")), ["chat", "search"].map((app) => ({
            id: `invoke/${app}/us-east-1/${haiku}/above-clearance`,
            decidedBy: [`prod-genai/global/iam/policy/${invokePolicy}#InvokeModelsClearedForInternal`],
            failedGuard: "identity-allow",
        })));
    });

    it("invoke: a clearance deny that no longer denies breaks the claim although the grant still refuses", async () => {
        // The primary region's attribute policy and the DR region's each carry the clearance deny: widen both.
        const widen = (document: { Statement: Record<string, unknown>[] }) => {
            const conditions = statement(document, "DenyModelsClearedForInternalAboveTheirClearance").Condition as Record<string, Record<string, unknown>>;
            conditions.StringNotEquals["aws:PrincipalTag/data-classification"] = ["public", "internal", "confidential"];
        };
        const graph = withPolicy(withPolicy(await plan("prod"), attributePolicy, "policy", widen), attributePolicy.replace(/-policy$/, "-us-west-2-policy"), "policy", widen);
        const found = await brokenAfter(["invoke"], graph);
        assert.deepStrictEqual(found.map((f) => `${f.id} ${f.failedGuard}`), ["chat", "search"].map((app) => `invoke/${app}/us-east-1/${haiku}/above-clearance identity-deny`));
    });

    it("invoke: a guardrail condition that matches any guardrail breaks, naming the statement", async () => {
        const graph = withPolicy(await plan("prod"), invokePolicy, "policy", (document) => {
            for (const sid of ["InvokeModelsClearedForInternal", "InvokeModelsClearedForConfidential"]) {
                const conditions = statement(document, sid).Condition as Record<string, Record<string, unknown>>;
                delete conditions.StringEquals["bedrock:GuardrailIdentifier"];
                conditions.StringLike = { "bedrock:GuardrailIdentifier": "*" };
            }
        });
        const found = await brokenAfter(["invoke"], graph);
        const foreign = found.filter((f) => f.id === `invoke/chat/us-east-1/${haiku}/foreign-guardrail`);
        assert.deepStrictEqual(foreign, [{ id: `invoke/chat/us-east-1/${haiku}/foreign-guardrail`, decidedBy: [`prod-genai/global/iam/policy/${invokePolicy}#InvokeModelsClearedForInternal`], failedGuard: "identity-allow" }]);
    });

    it("invoke: a bedrock-runtime endpoint policy without aws:PrincipalOrgID breaks, naming the endpoint statement", async () => {
        const graph = withPolicy(await plan("prod"), "prod-genai-network-us-east-1-endpoint-bedrock-runtime", "policy", (document) => {
            const conditions = statement(document, "InvokeCatalogueModelsFromOrganization").Condition as Record<string, Record<string, unknown>>;
            delete conditions.StringEquals["aws:PrincipalOrgID"];
        });
        assert.deepStrictEqual(await brokenAfter(["invoke"], graph), [{
            id: "invoke/outsider/us-east-1/bedrock-runtime-endpoint",
            decidedBy: ["prod-genai/us-east-1/ec2/vpcEndpoint/prod-genai-network-us-east-1-endpoint-bedrock-runtime#InvokeCatalogueModelsFromOrganization"],
            failedGuard: "endpoint",
        }]);
    });

    it("invoke: a model the catalogue approves for an environment that its stack file does not list is refused by the invoke role alone", async () => {
        // The catalogue keeps Claude Sonnet 4.5 (Legacy) for dev, whose stack file lists its successor only: the SCPs let
        // dev call it, so the invoke role's grants are what refuse it.
        const sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        const unlisted = (report: ClaimsReport) => report.results.filter((r) => r.claim.id === `invoke/chat/us-east-1/${sonnet45}/not-approved`);
        const shipped = unlisted(await evaluateClaims({ ...await inputFor("dev"), kinds: ["invoke"], region: "us-east-1" }));
        assert.deepStrictEqual(shipped.map((r) => ({ guards: r.claim.guards, holds: r.holds, description: r.claim.description })), [{
            guards: ["identity-allow"],
            holds: true,
            description: `chat invoke role may not invoke inference profile us.${sonnet45}: the catalogue approves it for dev, but dev's stack file does not list it (models)`,
        }]);
        const graph = withPolicy(await plan("dev"), "dev-genai-invoke-role-invoke-policy", "policy", (document) => {
            document.Statement.push({ Sid: "InvokeEveryProfile", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*:*:inference-profile/*" });
        });
        const widened = unlisted(await evaluateClaims({ ...await inputFor("dev", graph), kinds: ["invoke"], region: "us-east-1" }));
        assert.deepStrictEqual(widened.map((r) => ({ holds: r.holds, failedGuard: r.failedGuard, decidedBy: r.decidedBy.map((d) => d.statement) })), [{
            holds: false,
            failedGuard: "identity-allow",
            decidedBy: ["dev-genai/global/iam/policy/dev-genai-invoke-role-invoke-policy#InvokeEveryProfile"],
        }]);
    });

    it("invoke: a grant of a foundation model in a region without invocation logging breaks the logging claim", async () => {
        const graph = withPolicy(await plan("prod"), invokePolicy, "policy", (document) => {
            document.Statement.push({
                Sid: "InvokeHaikuAnywhere", Effect: "Allow", Action: "bedrock:InvokeModel",
                Resource: `arn:aws:bedrock:us-east-2::foundation-model/${haiku}`,
            });
        });
        const report = await evaluateClaims({ ...await inputFor("prod", graph), kinds: ["invoke"] });
        const unlogged = report.results.filter((r) => r.claim.id === `invoke/chat/us-east-2/${haiku}/direct-where-unlogged`);
        assert.strictEqual(unlogged.length, 1);
        assert.strictEqual(unlogged[0].holds, false);
        assert.ok(unlogged[0].decidedBy.some((d) => d.statement === `prod-genai/global/iam/policy/${invokePolicy}#InvokeHaikuAnywhere`), JSON.stringify(unlogged[0].decidedBy));
    });

    it("data: widening the invoke role's reads to every tenant breaks, naming the identity statement, although the bucket policy still refuses", async () => {
        const graph = withPolicy(await plan("prod"), attributePolicy, "policy", (document) => {
            statement(document, "ReadCallerTenantDocuments").Resource = "arn:aws:s3:::acme-ai-prod-docs-210987654321-us-east-1/tenants/*";
        });
        assert.deepStrictEqual(await brokenAfter(["data"], graph), ["chat", "search"].map((app) => ({
            id: `data/${app}/acme/us-east-1/read-other-tenant`,
            decidedBy: [`prod-genai/global/iam/policy/${attributePolicy}#ReadCallerTenantDocuments`],
            failedGuard: "identity",
        })));
    });

    it("data: a key policy that lets every principal decrypt breaks, naming the key policy statement", async () => {
        const graph = withPolicy(await plan("prod"), "prod-data-documents-us-east-1-key", "policy", (document) => {
            statement(document, "DecryptDocumentsForGenAiReaders").Principal = "*";
        });
        assert.deepStrictEqual(await brokenAfter(["data"], graph), ["chat", "search"].map((app) => ({
            id: `data/${app}-account/us-east-1/decrypt-documents`,
            decidedBy: ["prod-data/us-east-1/kms/key/prod-data-documents-us-east-1-key#DecryptDocumentsForGenAiReaders"],
            failedGuard: "resource",
        })));
    });

    it("data: the key policy's encryption-context condition is evaluated (the simulator's blind spot is covered)", async () => {
        const graph = withPolicy(await plan("prod"), "prod-data-documents-us-east-1-key", "policy", (document) => {
            const conditions = statement(document, "DecryptDocumentsForGenAiReaders").Condition as Record<string, Record<string, unknown>>;
            conditions.StringLike["kms:EncryptionContext:aws:s3:arn"] = ["arn:aws:s3:::another-bucket", "arn:aws:s3:::another-bucket/*"];
        });
        const found = await brokenAfter(["data"], graph);
        assert.deepStrictEqual(found.map((f) => f.id), ["acme", "globex", "initech"].map((t) => `data/chat/${t}/us-east-1/decrypt-through-s3`).concat(["acme", "globex"].map((t) => `data/search/${t}/us-east-1/decrypt-through-s3`)));
        assert.deepStrictEqual(found[0].decidedBy, ["no statement of the resource policy allows it"]);
    });

    it("service roles: a trust without aws:SourceAccount and aws:SourceArn breaks, naming the trust statement", async () => {
        const graph = withPolicy(await plan("prod"), "prod-genai-knowledge-base-role-role", "assumeRolePolicy", (document) => {
            delete statement(document, "AllowServiceForThisAccountOnly").Condition;
        });
        const found = await brokenAfter(["service-role"], graph);
        assert.deepStrictEqual(found, ["for-another-account", "from-another-resource"].map((what) => ({
            id: `service-role/prod-genai/acme-ai-prod-genai-knowledge-base/bedrock.amazonaws.com/${what}`,
            decidedBy: ["prod-genai/global/iam/role/prod-genai-knowledge-base-role-role#AllowServiceForThisAccountOnly"],
            failedGuard: "resource",
        })));
    });

    it("organization: the shipped SCPs hold, and removing an environment's catalogue SCP breaks its claims", async () => {
        const organization = await plan("organization");
        assert.deepStrictEqual(await brokenAfter(["organization"], organization, "organization", organization), []);
        const copy = JSON.parse(JSON.stringify(organization)) as PlanGraph;
        const detached = { ...copy, resources: copy.resources.filter((r) => r.name !== "scp-catalogue-models-prod-attach-workloads-prod") };
        const found = await brokenAfter(["organization"], detached, "organization", detached);
        assert.deepStrictEqual(found.map((f) => f.id), ["anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0", "meta.llama3-1-70b-instruct-v1:0"].map((m) => `organization/prod/${m}/not-approved`));
        assert.deepStrictEqual(found[0].decidedBy, ["organization/FullAWSAccess#FullAWSAccess"]);
    });
});

describe("evaluating the claims of a stack", function () {
    this.timeout(240_000);

    it("lets other work run every few claims (lz check feeds the policy pack meanwhile)", async () => {
        const input = await inputFor("prod");
        await evaluateClaims(input);
        let turns = 0;
        let evaluating = true;
        const turn = () => {
            if (evaluating) {
                turns++;
                setImmediate(turn);
            }
        };
        setImmediate(turn);
        const report = await evaluateClaims(input);
        evaluating = false;
        // One turn of the event loop at least every 8 claims.
        assert.ok(turns >= Math.floor(report.results.length / 8), `${turns} turns of the event loop for ${report.results.length} claims`);
    });
});

describe("an organization's own claims file", function () {
    this.timeout(240_000);

    it("reports every mistake at once, with the file, the field, the value and the fix", () => {
        assert.throws(() => readCustomClaims(path.join(fixturesDir, "access", "bad-claims.yaml")), (error: Error) => {
            assert.ok(error instanceof ConfigError);
            assert.deepStrictEqual(error.problems.map((p) => p.path), ["claims[0].id", "claims[0].description", "claims[0].action", "claims[0].expect"]);
            assert.match(error.message, /^bad-claims\.yaml has 4 problems:/);
            assert.match(error.message, /claims\[0\]\.id must be lower-case letters, digits and dashes/);
            return true;
        });
    });

    it("expands {region} and {account:…} for every region the stack deploys and evaluates each", async () => {
        const customClaims = readCustomClaims(path.join(fixturesDir, "access", "claims.yaml"));
        const report = await evaluateClaims({ ...await inputFor("prod"), customClaims, kinds: ["custom"] });
        assert.deepStrictEqual(report.results.map((r) => [r.claim.id, r.claim.request.principal, r.claim.request.resource, r.holds]), ["us-east-1", "us-west-2"].map((region) => [
            `custom/data-account-never-reads-prompts/${region}`,
            "arn:aws:iam::210987654321:root",
            `arn:aws:s3:::acme-ai-prod-model-artifacts-906602663697-${region}/models/model.tar.gz`,
            true,
        ]));
    });
});

describe("lz check enforces the access claims", function () {
    this.timeout(240_000);

    it("fails a check whose plan lets an outside principal through the bedrock-runtime endpoint, naming the endpoint statement", async () => {
        const graph = withPolicy(await plan("prod"), "prod-genai-network-us-east-1-endpoint-bedrock-runtime", "policy", (document) => {
            const conditions = statement(document, "InvokeCatalogueModelsFromOrganization").Condition as Record<string, Record<string, unknown>>;
            delete conditions.StringEquals["aws:PrincipalOrgID"];
        });
        const passingPack: CheckResult = {
            project: "genai-landing-zone", stack: "prod", pack: { name: "genai-landing-zone", version: "0.1.0", dir: "policies" },
            policies: [], violations: [], resourcesAnalyzed: graph.resources.length, logs: [],
        };
        const shipped = withAccessClaims(passingPack, await evaluateClaims(await inputFor("prod")));
        assert.strictEqual(hasMandatoryViolation(shipped), false);
        const result = withAccessClaims(passingPack, await evaluateClaims(await inputFor("prod", graph)));
        assert.strictEqual(hasMandatoryViolation(result), true);
        assert.ok(result.violations.length > 0 && result.violations.every((v) => v.policy === "access-claims-hold" && v.level === "mandatory"));
        assert.ok(result.violations.every((v) => v.message.includes("prod-genai-network-us-east-1-endpoint-bedrock-runtime#InvokeCatalogueModelsFromOrganization")),
            result.violations.map((v) => v.message).join("\n"));
        assert.deepStrictEqual(result.policies.map((p) => p.name), ["access-claims-hold"]);
    });
});
