import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { at, block, isUnknown, propsOf, show } from "../lib/props";

export const requireEcrScanOnPush: ResourceValidationPolicy = {
    name: "ecr-repositories-scan-on-push",
    description: "ECR repositories scan every image for vulnerabilities when it is pushed.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["containers", "vulnerability-management"],
    remediationSteps: "Set imageScanningConfiguration { scanOnPush: true } on the repository (or enable enhanced scanning with aws.ecr.RegistryScanningConfiguration and scan-on-push rules).",
    validateResource: validateResourceOfType(awsTypes.ecrRepository, (_repository, args, reportViolation) => {
        const props = propsOf(args.props);
        const scanOnPush = at(block(props.imageScanningConfiguration), "scanOnPush");
        if (!isUnknown(props.imageScanningConfiguration) && !isUnknown(scanOnPush) && scanOnPush !== true) {
            reportViolation(`imageScanningConfiguration.scanOnPush must be true (got ${show(scanOnPush)}); images with known vulnerabilities would reach the model-serving containers unscanned.`);
        }
    }),
};
