import { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { asList, at, block, isKnownString, isUnknown, show } from "../lib/props";
import { accountRoleOf, notKnown, regionOf, StackResource, stackResources } from "../lib/resources";
import { awsxVpcType } from "../lib/vpcs";

interface Config {
    readonly isolatedAccountRoles: string[];
}

const configSchema = {
    properties: {
        isolatedAccountRoles: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["genai", "data"],
            description: "Values of the providers' `account-role` default tag whose accounts may have no path to the internet: models and documents are reached through VPC endpoints only.",
        },
    },
};

const internet = ["0.0.0.0/0", "::/0"];

/** Resource types that are, by themselves, a path to or from the internet. */
const internetGatewayTypes: Record<string, string> = {
    "aws:ec2/internetGateway:InternetGateway": "an internet gateway",
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": "an internet gateway attachment",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "an egress-only internet gateway",
    "aws:ec2/natGateway:NatGateway": "a NAT gateway",
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "a VPC peering connection",
};

function defaultRoutes(resource: StackResource): string[] {
    const found: string[] = [];
    if (resource.type === "aws:ec2/route:Route") {
        for (const key of ["destinationCidrBlock", "destinationIpv6CidrBlock"]) {
            const value = resource.props[key];
            if (isKnownString(value) && internet.includes(value)) {
                found.push(`${key} ${value}`);
            }
        }
    }
    if (resource.type === "aws:ec2/routeTable:RouteTable" || resource.type === "aws:ec2/defaultRouteTable:DefaultRouteTable") {
        asList(resource.props.routes ?? resource.props.route).forEach((route, index) => {
            for (const key of ["cidrBlock", "ipv6CidrBlock"]) {
                const value = at(route, key);
                if (isKnownString(value) && internet.includes(value)) {
                    found.push(`routes[${index}].${key} ${value}`);
                }
            }
        });
    }
    return found;
}

/** An awsx VPC builds its gateways itself (its children are not in an offline plan): judge its arguments. */
function awsxInternetPaths(resource: StackResource): string[] {
    if (resource.type !== awsxVpcType) {
        return [];
    }
    const found: string[] = [];
    const strategy = at(block(resource.props.natGateways), "strategy");
    if (!isUnknown(strategy) && strategy !== "None") {
        found.push(`natGateways.strategy ${show(strategy ?? "OnePerAz (the default)")}`);
    }
    const specs = resource.props.subnetSpecs;
    if (!isUnknown(specs)) {
        const types = specs === undefined ? ["Public (the default subnets)"] : asList(specs).map((spec) => at(spec, "type")).filter((type) => type === "Public").map(String);
        if (types.length > 0) {
            found.push(`subnetSpecs with ${types.join(", ")} subnets (an internet gateway)`);
        }
    }
    return found;
}

/**
 * The genAI and data accounts reach AWS through VPC endpoints only: an internet gateway, a NAT gateway or a default
 * route there is a way for prompts, completions or documents to leave, and for anything to come in.
 */
export const forbidInternetPaths: StackValidationPolicy = {
    name: "genai-and-data-vpcs-have-no-internet-path",
    description: "The generative-AI and data accounts have no path to the internet: no internet, egress-only or NAT gateway, no VPC peering, and no 0.0.0.0/0 or ::/0 route.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["network", "data-protection"],
    remediationSteps: "Remove the gateway or the default route; reach AWS services through interface or gateway VPC endpoints (the landing zone's PrivateNetwork creates them).",
    configSchema,
    validateStack: (args, reportViolation) => {
        const { isolatedAccountRoles } = configOf<Config>(configSchema, args);
        for (const resource of stackResources(args.resources)) {
            const role = accountRoleOf(resource.provider);
            if (role === notKnown || role === undefined || !isolatedAccountRoles.includes(role)) {
                continue;
            }
            const where = `in the ${role} account (provider "${resource.provider?.name ?? "?"}")${(() => {
                const region = regionOf(resource.type, resource.props, resource.provider);
                return typeof region === "string" && region !== "global" ? ` in ${region}` : "";
            })()}`;
            const gateway = internetGatewayTypes[resource.type];
            if (gateway) {
                reportViolation(`${resource.type.split(":").pop()} "${resource.name}" is ${gateway} ${where}; the ${role} account must have no path to the internet.`, resource.urn);
            }
            for (const route of defaultRoutes(resource)) {
                reportViolation(`${resource.type.split(":").pop()} "${resource.name}" has a route to the internet (${route}) ${where}; the ${role} account must have no path to the internet.`, resource.urn);
            }
            for (const path of awsxInternetPaths(resource)) {
                reportViolation(`VPC "${resource.name}" ${where} has ${path}; the ${role} account must have no path to the internet: set natGateways.strategy "None" and only Private or Isolated subnets.`, resource.urn);
            }
        }
    },
};
