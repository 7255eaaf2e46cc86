import * as assert from "assert";
import { protectStatefulResources as policy } from "../../../policies/governance/protectStatefulResources";
import { FakeResource, stackViolationsOf } from "../harness";

const stateful: FakeResource[] = [
    { type: "aws:organizations/account:Account", name: "prod-genai-account", props: {}, protect: true },
    { type: "aws:kms/key:Key", name: "data-key", props: {}, protect: true },
    { type: "aws:s3/bucket:Bucket", name: "docs", props: {}, protect: true },
    { type: "aws:opensearch/serverlessCollection:ServerlessCollection", name: "kb", props: {}, protect: true },
    { type: "aws:dynamodb/table:Table", name: "sessions", props: {}, protect: true },
];

describe("stateful-resources-are-protected", () => {
    it("passes when every stateful resource is protected, whatever else is not", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [...stateful, { type: "aws:iam/role:Role", name: "r", props: {} }]), []);
    });

    it("reports each unprotected stateful resource", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, stateful.map((r) => (r.name === "docs" || r.name === "sessions" ? { ...r, protect: false } : r))), [
            { resource: "docs", message: "aws:s3/bucket:Bucket \"docs\" holds state that cannot be recreated but is not protected; set the resource option protect: true." },
            { resource: "sessions", message: "aws:dynamodb/table:Table \"sessions\" holds state that cannot be recreated but is not protected; set the resource option protect: true." },
        ]);
    });

    it("honours additionalTypes and exemptResources", async () => {
        const logGroup: FakeResource = { type: "aws:cloudwatch/logGroup:LogGroup", name: "audit", props: {} };
        assert.deepStrictEqual(await stackViolationsOf(policy, [logGroup]), []);
        assert.deepStrictEqual((await stackViolationsOf(policy, [logGroup], { additionalTypes: ["aws:cloudwatch/logGroup:LogGroup"] })).length, 1);
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ ...stateful[2], protect: false }], { exemptResources: ["docs"] }), []);
    });
});
