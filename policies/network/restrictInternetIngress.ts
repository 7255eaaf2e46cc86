import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { awsTypes, isOfType, validateResourceOfTypes } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { asList, at, containsUnknown, isUnknown, propsOf } from "../lib/props";

interface Config {
    readonly allowedPorts: number[];
}

const configSchema = {
    properties: {
        allowedPorts: {
            type: "array" as const,
            items: { type: "integer" as const },
            default: [],
            description: "Ports that may be open to 0.0.0.0/0 or ::/0 (for example 443 for a public load balancer). The landing zone's workloads are private, so none by default.",
        },
    },
};

const internet = ["0.0.0.0/0", "::/0"];

interface IngressRule {
    readonly label: string;
    readonly cidrs: unknown[];
    readonly fromPort: unknown;
    readonly toPort: unknown;
    readonly protocol: unknown;
}

function describePorts(rule: IngressRule): string {
    if (String(rule.protocol) === "-1" || String(rule.protocol).toLowerCase() === "all") {
        return "all ports";
    }
    return rule.fromPort === rule.toPort ? `port ${String(rule.fromPort)}` : `ports ${String(rule.fromPort)}-${String(rule.toPort)}`;
}

function rulesOf(args: ResourceValidationArgs): IngressRule[] {
    const props = propsOf(args.props);
    if (isOfType(args, awsTypes.securityGroup)) {
        if (isUnknown(props.ingress)) {
            return [];
        }
        return asList(props.ingress).map((rule, index) => ({
            label: `ingress[${index}]`,
            cidrs: [...asList(at(rule, "cidrBlocks")), ...asList(at(rule, "ipv6CidrBlocks"))],
            fromPort: at(rule, "fromPort"),
            toPort: at(rule, "toPort"),
            protocol: at(rule, "protocol"),
        }));
    }
    if (isOfType(args, awsTypes.securityGroupRule)) {
        return props.type === "ingress"
            ? [{ label: "rule", cidrs: [...asList(props.cidrBlocks), ...asList(props.ipv6CidrBlocks)], fromPort: props.fromPort, toPort: props.toPort, protocol: props.protocol }]
            : [];
    }
    return [{ label: "rule", cidrs: [props.cidrIpv4, props.cidrIpv6].filter((c) => c !== undefined), fromPort: props.fromPort, toPort: props.toPort, protocol: props.ipProtocol }];
}

function check(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    const { allowedPorts } = configOf<Config>(configSchema, args);
    for (const rule of rulesOf(args)) {
        if (containsUnknown(rule.cidrs) || containsUnknown([rule.fromPort, rule.toPort, rule.protocol])) {
            continue;
        }
        const open = rule.cidrs.map(String).filter((cidr) => internet.includes(cidr));
        if (open.length === 0) {
            continue;
        }
        const allPorts = String(rule.protocol) === "-1" || String(rule.protocol).toLowerCase() === "all";
        const allowed = !allPorts && typeof rule.fromPort === "number" && rule.fromPort === rule.toPort && allowedPorts.includes(rule.fromPort);
        if (!allowed) {
            reportViolation(`${rule.label} opens ${describePorts(rule)} to ${open.join(" and ")}; allow traffic from the VPC, a prefix list or a security group instead${allowedPorts.length ? ` (ports open to the internet by policy: ${allowedPorts.join(", ")})` : ""}.`);
        }
    }
}

export const restrictInternetIngress: ResourceValidationPolicy = {
    name: "security-groups-deny-internet-ingress",
    description: "Security groups and their ingress rules do not open ports to 0.0.0.0/0 or ::/0, except ports the environment allows.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["network"],
    remediationSteps: "Replace the internet CIDR with the VPC's CIDR, a managed prefix list or a source security group; list a port in allowedPorts only for a deliberately public entry point.",
    configSchema,
    validateResource: validateResourceOfTypes([awsTypes.securityGroup, awsTypes.securityGroupRule, awsTypes.securityGroupIngressRule], check),
};
