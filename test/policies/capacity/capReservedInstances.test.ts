import * as assert from "assert";
import { capReservedInstances as policy } from "../../../policies/capacity/capReservedInstances";
import { FakeResource, stackViolationsOf, unknown } from "../harness";

function reservation(name: string, instanceCount: unknown): FakeResource {
    return { type: "aws:ec2/capacityReservation:CapacityReservation", name, props: { instanceType: "p5.48xlarge", instanceCount, instanceMatchCriteria: "targeted" } };
}

describe("capacity-reservations-within-environment-maximum", () => {
    it("passes reservations that add up to the maximum", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation("a", 4), reservation("b", 4)]), []);
    });

    it("reports reservations that add up to more", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation("a", 4), reservation("b", 6)]), [{
            resource: undefined,
            message: "Capacity reservations reserve 10 instances in total (a: 4, b: 6); the environment allows at most 8 (maxInstanceCount).",
        }]);
    });

    it("honours maxInstanceCount", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation("a", 1)], { maxInstanceCount: 0 }), [{
            resource: undefined,
            message: "Capacity reservations reserve 1 instance in total (a: 1); the environment allows at most 0 (maxInstanceCount).",
        }]);
    });

    it("ignores other resources", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [{ type: "aws:ec2/instance:Instance", props: { instanceType: "p5.48xlarge" } }], { maxInstanceCount: 0 }), []);
    });

    it("counts only known counts: an unknown count cannot hide a known excess, nor create one", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, [reservation("a", 4), reservation("b", unknown)]), []);
        assert.deepStrictEqual((await stackViolationsOf(policy, [reservation("a", 9), reservation("b", unknown)])).length, 1);
    });
});
