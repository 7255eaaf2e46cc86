import * as assert from "assert";
import { SCP_MAX_CHARACTERS } from "../../../components/organization/policyDocuments";
import { SCP_MAX_PER_TARGET, scpAttachmentProblems } from "../../../components/organization/serviceControlPolicy";

const catalogueParts = (count: number) => Array.from({ length: count }, (_, i) => `acme-ai-catalogue-models-prod-part${i}`);

describe("SCP quotas of AWS Organizations (doubled on 2026-05-15)", () => {
    it("allows 10,240 characters per SCP and 10 SCPs per target", () => {
        assert.strictEqual(SCP_MAX_CHARACTERS, 10240);
        assert.strictEqual(SCP_MAX_PER_TARGET, 10);
    });
});

describe("SCP attachments per target", () => {
    it("counts FullAWSAccess with the landing zone's own SCPs: 9 of its own fit on one OU", () => {
        assert.deepStrictEqual(scpAttachmentProblems({ Workloads: ["a", "b", "c", "d"], "Workloads/prod": catalogueParts(9) }), []);
    });

    it("names the OU, every SCP on it and the fix when one would carry more", () => {
        assert.deepStrictEqual(scpAttachmentProblems({
            Security: ["acme-ai-deny-leave-organization"],
            "Workloads/prod": catalogueParts(10),
        }), [
            "the Workloads/prod OU would carry 11 SCPs directly (FullAWSAccess, " + catalogueParts(10).join(", ")
            + "), over AWS Organizations' limit of 10 per target; attach fewer there, or shorten model-catalogue.yaml if its SCP was split.",
        ]);
    });
});
