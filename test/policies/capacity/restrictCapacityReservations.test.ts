import * as assert from "assert";
import { restrictCapacityReservations as policy } from "../../../policies/capacity/restrictCapacityReservations";
import { awsProvider, genaiAccount, runResourcePolicy, unknown, violationsOf } from "../harness";

function reservation(overrides: Record<string, unknown> = {}) {
    return {
        type: "aws:ec2/capacityReservation:CapacityReservation",
        props: { availabilityZone: "us-east-1a", instanceCount: 2, instancePlatform: "Linux/UNIX", instanceType: "trn1.32xlarge", instanceMatchCriteria: "targeted", ...overrides },
    };
}

const untagged = awsProvider("prod-genai", genaiAccount, "genai", "us-east-1", { environment: "prod" });

describe("capacity-reservations-follow-environment-rules", () => {
    it("passes a targeted reservation of an approved family with an owner tag", async () => {
        assert.deepStrictEqual(await violationsOf(policy, reservation()), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ec2/capacityBlockReservation:CapacityBlockReservation", props: { capacityBlockOfferingId: "cb-1", instancePlatform: "Linux/UNIX" } }), []);
    });

    const failing: [string, Record<string, unknown>, string][] = [
        ["an unapproved family", { instanceType: "m5.large" },
            "instanceType \"m5.large\" is of family \"m5\", which is not approved for reservations (approved: inf2, trn1, trn1n, trn2)."],
        ["open matching", { instanceMatchCriteria: "open" },
            "instanceMatchCriteria must be \"targeted\" (got \"open\"); an open reservation is consumed by any matching instance in the account."],
        ["matching left to AWS's default", { instanceMatchCriteria: undefined },
            "instanceMatchCriteria must be \"targeted\" (got nothing, which AWS treats as \"open\"); an open reservation is consumed by any matching instance in the account."],
    ];
    for (const [what, change, message] of failing) {
        it(`reports ${what}`, async () => {
            assert.deepStrictEqual(await violationsOf(policy, reservation(change)), [message]);
        });
    }

    it("reports a reservation without an owner tag, neither its own nor its provider's", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { ...reservation(), provider: untagged }), [
            "The reservation must carry an \"owner\" tag naming who pays for it and releases it (got nothing).",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, { ...reservation({ tags: { owner: "ml-team" } }), provider: untagged }), []);
    });

    it("honours allowed, approvedInstanceFamilies and ownerTagKey", async () => {
        assert.deepStrictEqual(await violationsOf(policy, reservation(), { allowed: false }), [
            "Capacity reservations are not allowed in this environment (allowed: false); reserve capacity in an environment that permits it.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, reservation({ instanceType: "m5.large" }), { approvedInstanceFamilies: ["m5"] }), []);
        assert.deepStrictEqual(await violationsOf(policy, reservation(), { ownerTagKey: "budget-owner" }), [
            "The reservation must carry an \"budget-owner\" tag naming who pays for it and releases it (got nothing).",
        ]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:ec2/instance:Instance", props: { instanceType: "m5.large" } })).notApplicable, true);
    });

    it("treats values not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { ...reservation({ instanceType: unknown, instanceMatchCriteria: unknown, tags: unknown }), provider: untagged }), []);
    });
});
