import * as assert from "assert";
import * as fs from "fs";
import { baselineFile, baselineStacks } from "../fixtures/protected/generate";
import { physicalIdentity } from "../fixtures/protected/identity";
import { plan } from "../fixtures/plans";

interface BaselineEntry {
    readonly urn: string;
    readonly type: string;
    readonly identity: string | null;
}

const baseline = JSON.parse(fs.readFileSync(baselineFile, "utf8")) as Record<string, BaselineEntry[]>;

/**
 * A resource that was protected in the deployed program must keep its URN (or the engine would create a new one and
 * try to delete the old, which protection refuses half-way) and the input that names it in AWS (or it would be
 * replaced). The baseline is generated from the deployed commit by test/fixtures/protected/generate.ts.
 */
describe("protected resources keep their identity across refactors", () => {
    for (const stack of baselineStacks) {
        it(`${stack}: every resource protected in the baseline keeps its URN, type and physical name`, async () => {
            const graph = await plan(stack);
            // A resource answers to its URN and to its aliases, as the engine matches the state.
            const byUrn = new Map(graph.resources.flatMap((resource) => [resource.urn, ...(resource.aliases ?? [])].map((urn) => [urn, resource] as const)));
            const moved = baseline[stack]
                .filter((entry) => {
                    const now = byUrn.get(entry.urn);
                    return now === undefined || now.type !== entry.type || physicalIdentity(now) !== entry.identity;
                })
                .map((entry) => `${entry.urn} (${entry.identity ?? "AWS-named"})`);
            assert.deepStrictEqual(moved, [], "these would be replaced: keep their names, or add aliases to the old URNs and regenerate nothing");
            assert.ok(baseline[stack].length > 0, "empty baseline");
        });
    }

    it("the baseline holds the protected resources of every environment stack, with their physical names and the engine's URNs", () => {
        assert.deepStrictEqual(Object.keys(baseline), [...baselineStacks]);
        assert.deepStrictEqual(baseline.prod.find((entry) => entry.urn.endsWith("::prod-data-documents-us-east-1-documents")),
            { urn: "urn:pulumi:prod::genai-landing-zone::lz:data:DocumentStore$aws:s3/bucket:Bucket::prod-data-documents-us-east-1-documents", type: "aws:s3/bucket:Bucket", identity: "bucket=acme-ai-prod-docs-210987654321-us-east-1" });
        // Below the first level a URN carries every ancestor's type, as the engine writes it to the state.
        assert.ok(baseline.prod.some((entry) => entry.urn === "urn:pulumi:prod::genai-landing-zone::lz:genai:Region$lz:network:PrivateNetwork$lz:network:FlowLogs$lz:security:EncryptionKey$aws:kms/key:Key::prod-genai-network-us-east-1-flow-logs-key-key"));
    });

    it("dev and staging protect nothing now (protectStatefulResources is off there), prod every baseline resource", async () => {
        for (const stack of ["dev", "staging"]) {
            const graph = await plan(stack);
            assert.deepStrictEqual(graph.resources.filter((r) => r.protect || r.retainOnDelete).map((r) => r.name), [], stack);
        }
        const prod = await plan("prod");
        const protectedNow = new Set(prod.resources.filter((r) => r.protect).flatMap((r) => [r.urn, ...(r.aliases ?? [])]));
        assert.deepStrictEqual(baseline.prod.filter((entry) => !protectedNow.has(entry.urn)).map((entry) => entry.urn), []);
    });
});
