import * as assert from "assert";
import { requireReservationEndDate as policy } from "../../../policies/capacity/requireReservationEndDate";
import { runResourcePolicy, unknown, violationsOf } from "../harness";

const type = "aws:ec2/capacityReservation:CapacityReservation";
const limited = { instanceType: "inf2.xlarge", instanceCount: 2, availabilityZone: "us-east-1a", instanceMatchCriteria: "targeted", endDateType: "limited", endDate: "2027-06-30T00:00:00Z" };

describe("capacity-reservations-have-an-end-date", () => {
    it("passes a reservation that ends on a date", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type, props: limited }), []);
    });

    it("states the yearly cost of a reservation without an end date", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type, props: { ...limited, endDateType: "unlimited", endDate: undefined } }), [
            `The reservation of 2 × "inf2.xlarge" has no end date (endDateType "unlimited"): it bills $13,283.66 a year (2 × inf2.xlarge × 730 h × $0.7582 a month) at the on-demand rate, used or not, until cancelled. Set endDate, or accept the yearly cost knowingly.`,
        ]);
    });

    it("says so when the price table cannot tell the cost", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type, props: { ...limited, instanceType: "trn2.48xlarge", endDateType: undefined, endDate: undefined } }), [
            `The reservation of 2 × "trn2.48xlarge" has no end date (no endDateType, which AWS treats as "unlimited"): it bills an amount the price table cannot tell (see \`lz cost\`) at the on-demand rate, used or not, until cancelled. Set endDate, or accept the yearly cost knowingly.`,
        ]);
    });

    it("treats an end date not known yet as not known, and ignores other types", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type, props: { ...limited, endDateType: unknown } }), []);
        assert.strictEqual((await runResourcePolicy(policy, { type: "aws:ec2/capacityBlockReservation:CapacityBlockReservation", props: {} })).notApplicable, true);
    });
});
