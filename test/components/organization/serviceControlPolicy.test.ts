import * as assert from "assert";
import { SCP_MAX_PER_TARGET, scpAttachmentProblems } from "../../../components/organization/serviceControlPolicy";

describe("SCP attachments per target", () => {
    it("counts FullAWSAccess with the landing zone's own SCPs against AWS's limit of 5 per OU", () => {
        assert.strictEqual(SCP_MAX_PER_TARGET, 5);
        assert.deepStrictEqual(scpAttachmentProblems({ Workloads: ["a", "b", "c", "d"], "Workloads/prod": ["acme-ai-catalogue-models-prod"] }), []);
    });

    it("names the OU, every SCP on it and the fix when one would carry more", () => {
        assert.deepStrictEqual(scpAttachmentProblems({
            Security: ["acme-ai-deny-leave-organization"],
            "Workloads/prod": ["acme-ai-catalogue-models-prod-amazon", "acme-ai-catalogue-models-prod-anthropic", "acme-ai-catalogue-models-prod-cohere", "acme-ai-catalogue-models-prod-meta", "acme-ai-catalogue-models-prod-mistral"],
        }), [
            "the Workloads/prod OU would carry 6 SCPs directly (FullAWSAccess, acme-ai-catalogue-models-prod-amazon, acme-ai-catalogue-models-prod-anthropic, "
            + "acme-ai-catalogue-models-prod-cohere, acme-ai-catalogue-models-prod-meta, acme-ai-catalogue-models-prod-mistral), over AWS Organizations' limit of 5 per target; "
            + "attach fewer there, or shorten model-catalogue.yaml if its SCP was split.",
        ]);
    });
});
