import * as assert from "assert";
import { requireEcrScanOnPush as policy } from "../../../policies/compute/requireEcrScanOnPush";
import { runResourcePolicy, unknown, violationsOf } from "../harness";

describe("ecr-repositories-scan-on-push", () => {
    it("passes a repository that scans on push", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ecr/repository:Repository", props: { name: "serving", imageScanningConfiguration: { scanOnPush: true } } }), []);
    });

    it("reports a repository that does not", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ecr/repository:Repository", props: { name: "serving" } }), [
            "imageScanningConfiguration.scanOnPush must be true (got nothing); images with known vulnerabilities would reach the model-serving containers unscanned.",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ecr/repository:Repository", props: { name: "serving", imageScanningConfiguration: { scanOnPush: false } } }), [
            "imageScanningConfiguration.scanOnPush must be true (got false); images with known vulnerabilities would reach the model-serving containers unscanned.",
        ]);
    });

    it("is not applicable to other resource types", async () => {
        assert.deepStrictEqual((await runResourcePolicy(policy, { type: "aws:ecr/repositoryPolicy:RepositoryPolicy", props: {} })).notApplicable, true);
    });

    it("treats the setting not known yet as not known", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ecr/repository:Repository", props: { imageScanningConfiguration: unknown } }), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: "aws:ecr/repository:Repository", props: { imageScanningConfiguration: { scanOnPush: unknown } } }), []);
    });
});
