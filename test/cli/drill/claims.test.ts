import * as assert from "assert";
import { AccessClaimResult, accessClaimChecks, AccessRequest, TargetAccessClaims, targetAccessRequests } from "../../../cli/drill/claims";
import { PlanGraph } from "../../../cli/engine/graph";
import { environmentOf, inventoryOf, readyProd, readyProdConfigFile, shippedProd, withoutResource } from "../../fixtures/drill/graphs";
import { simulatedTargetAccessClaims } from "../../../cli/drill/simulatedClaims";

/**
 * A test double for the access-claims engine: it decides every request from a table the test gives, and records
 * what it was asked. The real engine (an IAM simulation over the planned policies) plugs in through the same type.
 */
function stubEngine(deny: Record<string, string> = {}): { engine: TargetAccessClaims; asked: AccessRequest[] } {
    const asked: AccessRequest[] = [];
    const engine: TargetAccessClaims = async (_graph: PlanGraph, requests) => {
        asked.push(...requests);
        return requests.map((request): AccessClaimResult => deny[request.name] !== undefined
            ? { request, decision: "denied", decidingStatement: deny[request.name] }
            : { request, decision: "allowed", decidingStatement: "acme-ai-prod-genai-invoke-models#InvokeModelsClearedForConfidential" });
    };
    return { engine, asked };
}

describe("lz drill access claims of the target region", function () {
    this.timeout(180_000);
    let graph: PlanGraph;
    const environment = () => environmentOf("prod", readyProdConfigFile()).environment;
    before(async () => {
        graph = await readyProd();
    });

    it("builds the requests from the plan's own ARNs: invoke with the DR guardrail, retrieve, read the replica, read artifacts", () => {
        const { requests, problems } = targetAccessRequests({ graph, inventory: inventoryOf(graph), environment: environment(), target: "us-west-2" });
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(requests.map((request) => [request.name, request.principalArn, request.action, request.resourceArn, request.context]), [
            ["invoke anthropic.claude-sonnet-4-6 with the us-west-2 guardrail (chat)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-chat", "bedrock:InvokeModel",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6", { "aws:PrincipalTag/tenant": "acme", "aws:PrincipalTag/data-classification": "public", "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-west-2:906602663697:guardrail/ejq6zzi2a8c3:1" }],
            ["retrieve from the us-west-2 knowledge base (chat)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-chat", "bedrock:Retrieve",
                "arn:aws:bedrock:us-west-2:906602663697:knowledge-base/B0HKH59O9N", { "aws:PrincipalTag/tenant": "acme", "aws:PrincipalTag/data-classification": "public" }],
            ["invoke anthropic.claude-sonnet-4-6 with the us-west-2 guardrail (search)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-search", "bedrock:InvokeModel",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6", { "aws:PrincipalTag/tenant": "acme", "aws:PrincipalTag/data-classification": "public", "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-west-2:906602663697:guardrail/ejq6zzi2a8c3:1" }],
            ["retrieve from the us-west-2 knowledge base (search)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-search", "bedrock:Retrieve",
                "arn:aws:bedrock:us-west-2:906602663697:knowledge-base/B0HKH59O9N", { "aws:PrincipalTag/tenant": "acme", "aws:PrincipalTag/data-classification": "public" }],
            ["read the us-west-2 replica of acme-ai-prod-chat-sessions (chat)", "arn:aws:iam::021718575882:role/acme-ai-prod-app-chat-workload", "dynamodb:GetItem",
                "arn:aws:dynamodb:us-west-2:021718575882:table/acme-ai-prod-chat-sessions", {}],
            ["read the us-west-2 replica of acme-ai-prod-search-sessions (search)", "arn:aws:iam::912170813074:role/acme-ai-prod-app-search-workload", "dynamodb:GetItem",
                "arn:aws:dynamodb:us-west-2:912170813074:table/acme-ai-prod-search-sessions", {}],
            ["accelerator role reads model artifacts in us-west-2", "arn:aws:iam::906602663697:role/acme-ai-prod-accelerator-workload", "s3:GetObject",
                "arn:aws:s3:::acme-ai-prod-model-artifacts-906602663697-us-west-2/models/model.tar.gz", {}],
        ]);
    });

    it("passes each allowed claim and fails a denied one with the statement that decided", async () => {
        const { engine, asked } = stubEngine({ "accelerator role reads model artifacts in us-west-2": "acme-ai-prod-accelerator-workload#ReadArtifactsInThePrimaryRegion" });
        const rows = await accessClaimChecks({ graph, inventory: inventoryOf(graph), environment: environment(), target: "us-west-2" }, engine);
        assert.strictEqual(asked.length, 7);
        assert.deepStrictEqual(rows.filter((row) => row.verdict === "fail").map((row) => [row.name, row.message]), [[
            "access accelerator role reads model artifacts in us-west-2",
            "arn:aws:iam::906602663697:role/acme-ai-prod-accelerator-workload is denied s3:GetObject on arn:aws:s3:::acme-ai-prod-model-artifacts-906602663697-us-west-2/models/model.tar.gz "
            + "by acme-ai-prod-accelerator-workload#ReadArtifactsInThePrimaryRegion; it must be allowed once us-west-2 is active",
        ]]);
        assert.strictEqual(rows.filter((row) => row.verdict === "pass").length, 6);
    });

    it("says the claims were not evaluated when no engine is provided, rather than passing them", async () => {
        assert.deepStrictEqual(await accessClaimChecks({ graph, inventory: inventoryOf(graph), environment: environment(), target: "us-west-2" }, undefined), [
            { name: "access claims in us-west-2", verdict: "skip", message: "7 requests not evaluated: this build has no access-claims engine" },
        ]);
    });
});

describe("lz drill access claims evaluated by the access model's simulator", function () {
    this.timeout(180_000);
    const environment = () => environmentOf("prod").environment;

    it("allows every target-region request on the shipped prod plan, each naming the statements that granted it", async () => {
        const graph = await shippedProd();
        const { requests, problems } = targetAccessRequests({ graph, inventory: inventoryOf(graph), environment: environment(), target: "us-west-2" });
        assert.deepStrictEqual(problems, []);
        assert.ok(requests.length >= 5, `expected the invoke, retrieve, replica and artifacts requests, got ${requests.map((r) => r.name).join(", ")}`);
        const results = await simulatedTargetAccessClaims(graph, requests);
        assert.deepStrictEqual(results.filter((result) => result.decision !== "allowed").map((result) => `${result.request.name}: ${result.decidingStatement}`), []);
        assert.ok(results.every((result) => result.decidingStatement && /#/.test(result.decidingStatement)), JSON.stringify(results.map((r) => r.decidingStatement)));
    });

    it("denies the DR reads once the invoke roles' DR-region grants are removed from the plan", async () => {
        const shipped = await shippedProd();
        const drGrants = shipped.resources.filter((resource) => resource.name.includes("invoke-role-attribute-access-us-west-2"));
        assert.ok(drGrants.length > 0, "the shipped prod plan grants the invoke roles their DR-region reads in policies of their own");
        const graph = drGrants.reduce((current, grant) => withoutResource(current, grant.urn), shipped);
        const { requests } = targetAccessRequests({ graph, inventory: inventoryOf(graph), environment: environment(), target: "us-west-2" });
        const results = await simulatedTargetAccessClaims(graph, requests);
        const denied = results.filter((result) => result.decision === "denied").map((result) => result.request.name);
        assert.deepStrictEqual(denied.filter((name) => /retrieve/.test(name)), ["retrieve from the us-west-2 knowledge base (chat)", "retrieve from the us-west-2 knowledge base (search)"]);
    });
});
