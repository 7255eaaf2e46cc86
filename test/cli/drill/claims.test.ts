import * as assert from "assert";
import { AccessClaimResult, accessClaimChecks, AccessRequest, TargetAccessClaims, targetAccessRequests } from "../../../cli/drill/claims";
import { PlanGraph } from "../../../cli/engine/graph";
import { environmentOf, inventoryOf, readyProd, readyProdConfigFile } from "../../fixtures/drill/graphs";

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
            ["invoke anthropic.claude-sonnet-4-5-20250929-v1:0 with the us-west-2 guardrail (chat)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-chat", "bedrock:InvokeModel",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-west-2:906602663697:guardrail/ejq6zzi2a8c3:1" }],
            ["retrieve from the us-west-2 knowledge base (chat)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-chat", "bedrock:Retrieve",
                "arn:aws:bedrock:us-west-2:906602663697:knowledge-base/B0HKH59O9N", {}],
            ["invoke anthropic.claude-sonnet-4-5-20250929-v1:0 with the us-west-2 guardrail (search)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-search", "bedrock:InvokeModel",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-west-2:906602663697:guardrail/ejq6zzi2a8c3:1" }],
            ["retrieve from the us-west-2 knowledge base (search)", "arn:aws:iam::906602663697:role/acme-ai-prod-genai-invoke-search", "bedrock:Retrieve",
                "arn:aws:bedrock:us-west-2:906602663697:knowledge-base/B0HKH59O9N", {}],
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
