import { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { isUnknown, show } from "../lib/props";
import { stackResources } from "../lib/resources";
import { inVpc, vpcsOf } from "../lib/vpcs";

interface Config {
    readonly requireAllTraffic: boolean;
}

const configSchema = {
    properties: {
        requireAllTraffic: {
            type: "boolean" as const,
            default: true,
            description: "Require trafficType ALL: logs of rejected traffic alone miss the accepted connections an exfiltration uses.",
        },
    },
};

const flowLogType = "aws:ec2/flowLog:FlowLog";

export const requireFlowLogs: StackValidationPolicy = {
    name: "vpcs-have-flow-logs",
    description: "Every VPC has a flow log capturing all traffic.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["network", "logging", "audit"],
    remediationSteps: "Add aws.ec2.FlowLog with vpcId of the VPC, trafficType \"ALL\" and a CloudWatch Logs or S3 destination with bounded retention.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { requireAllTraffic } = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        const flowLogs = resources.filter((r) => r.type === flowLogType);
        for (const vpc of vpcsOf(resources)) {
            const logs = flowLogs.filter((log) => inVpc(log, vpc));
            if (logs.length === 0) {
                reportViolation(`${vpc.label} has no flow log; add aws.ec2.FlowLog with its vpcId and trafficType "ALL".`, vpc.resource.urn);
                continue;
            }
            const traffic = logs.map((log) => log.props.trafficType);
            if (requireAllTraffic && !traffic.some((t) => t === "ALL" || isUnknown(t))) {
                reportViolation(`${vpc.label} logs only ${traffic.map((t) => show(t)).join(", ")} traffic; set trafficType "ALL".`, vpc.resource.urn);
            }
        }
    },
};
