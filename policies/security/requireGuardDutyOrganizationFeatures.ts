import { StackValidationPolicy } from "@pulumi/policy";
import { deployedRegions, isOrganizationPlan } from "../lib/organization";
import { asList, at, containsUnknown, isUnknown, show } from "../lib/props";
import { regionOf, StackResource, stackResources } from "../lib/resources";

const organizationConfigurationType = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const organizationFeatureType = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature";
const detectorFeatureType = "aws:guardduty/detectorFeature:DetectorFeature";

/**
 * The protection plans the landing zone cannot do without, and what each watches: AI Protection watches Bedrock use
 * (prompt injection, credential misuse, anomalous invocation), S3 data events the documents buckets, Runtime
 * Monitoring the accelerator hosts and containers.
 */
export const requiredGuardDutyFeatures = ["AI_PROTECTION", "S3_DATA_EVENTS", "RUNTIME_MONITORING"] as const;

/** Runtime Monitoring sees nothing on a host without its agent; GuardDuty deploys it on EC2 and ECS Fargate itself. */
export const requiredRuntimeMonitoringAgents = ["EC2_AGENT_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT"] as const;

function inRegion(resources: readonly StackResource[], type: string, region: string): StackResource[] {
    return resources.filter((r) => r.type === type && regionOf(r.type, r.props, r.provider) === region);
}

/** Problems with the agent settings of a Runtime Monitoring feature: each agent must be on (`field` = `value`). */
function agentProblems(feature: StackResource, field: string, value: string): string[] {
    const configurations = feature.props.additionalConfigurations;
    if (containsUnknown(configurations)) {
        return [];
    }
    return requiredRuntimeMonitoringAgents.flatMap((agent) => {
        const setting = asList(configurations).find((c) => at(c, "name") === agent);
        const actual = setting === undefined ? undefined : at(setting, field);
        return actual === value ? [] : [`RUNTIME_MONITORING's additional configuration ${agent} must have ${field} "${value}" (got ${setting === undefined ? "none" : show(actual)})`];
    });
}

/** Problems with one feature on one side: the organization's auto-enable or the administrator's own detector. */
function featureProblems(features: readonly StackResource[], name: string, field: string, value: string, side: string): string[] {
    const matching = features.filter((feature) => feature.props.name === name);
    if (matching.length === 0) {
        // A feature whose name is not known yet may be this one.
        return features.some((feature) => isUnknown(feature.props.name)) ? [] : [`${side} has no ${name} feature; add it with ${field} "${value}"`];
    }
    return matching.flatMap((feature) => {
        const actual = feature.props[field];
        const problems = isUnknown(actual) || actual === value ? [] : [`${side}'s ${name} feature must have ${field} "${value}" (got ${show(actual)})`];
        return name === "RUNTIME_MONITORING" ? [...problems, ...agentProblems(feature, field, value)] : problems;
    });
}

/**
 * GuardDuty is regional and per account: in every region the organization plan uses, the organization configuration
 * must turn GuardDuty and each required protection plan on for every member, present and future.
 */
export const requireGuardDutyOrganizationFeatures: StackValidationPolicy = {
    name: "guardduty-protects-every-member-with-ai-protection",
    description: "In every region an organization plan deploys into, the GuardDuty organization configuration auto-enables ALL members, and AI_PROTECTION, S3_DATA_EVENTS and RUNTIME_MONITORING (with EC2 and ECS Fargate agent management) are auto-enabled for ALL members and enabled on the administrator's detector.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["threat-detection", "security-baseline"],
    remediationSteps: "Create GuardDuty with the OrganizationGuardDuty component (components/security/guardDuty.ts), one per region: aws.guardduty.OrganizationConfiguration with autoEnableOrganizationMembers \"ALL\", and for each required feature an aws.guardduty.OrganizationConfigurationFeature with autoEnable \"ALL\" and an aws.guardduty.DetectorFeature with status \"ENABLED\" (Runtime Monitoring with its EC2_AGENT_MANAGEMENT and ECS_FARGATE_AGENT_MANAGEMENT additional configurations).",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        if (!isOrganizationPlan(resources)) {
            return;
        }
        for (const region of deployedRegions(resources)) {
            const configurations = inRegion(resources, organizationConfigurationType, region);
            if (configurations.length === 0) {
                reportViolation(`GuardDuty has no organization configuration in ${region}, a region this plan deploys into; add aws.guardduty.OrganizationConfiguration there with autoEnableOrganizationMembers "ALL" so every member account is watched.`);
                continue;
            }
            for (const configuration of configurations) {
                const members = configuration.props.autoEnableOrganizationMembers;
                if (!isUnknown(members) && members !== "ALL") {
                    reportViolation(`GuardDuty's organization configuration in ${region} must have autoEnableOrganizationMembers "ALL" (got ${show(members)}); otherwise existing or new member accounts are not watched.`, configuration.urn);
                }
            }
            const organizationFeatures = inRegion(resources, organizationFeatureType, region);
            const detectorFeatures = inRegion(resources, detectorFeatureType, region);
            const problems = requiredGuardDutyFeatures.flatMap((name) => [
                ...featureProblems(organizationFeatures, name, "autoEnable", "ALL", "the organization configuration"),
                ...featureProblems(detectorFeatures, name, "status", "ENABLED", "the administrator's detector"),
            ]);
            for (const problem of problems) {
                reportViolation(`GuardDuty in ${region}: ${problem}.`, configurations[0].urn);
            }
        }
    },
};
