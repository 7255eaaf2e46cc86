import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The GuardDuty protection plans the landing zone turns on for every account, and why: the documents live in S3, the
 * accelerator hosts run on EC2 and ECS, applications may run on Lambda, and AI Protection watches Bedrock use (prompt
 * injection, credential misuse, anomalous invocation) from the management events the service already reads.
 */
export const guardDutyFeatures = [
    "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "AI_PROTECTION",
] as const;
export type GuardDutyFeature = (typeof guardDutyFeatures)[number];

/** Runtime Monitoring deploys its agent itself on EC2 (the accelerator hosts) and on ECS Fargate tasks. */
export const runtimeMonitoringAgents = ["EC2_AGENT_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT"] as const;

export interface OrganizationGuardDutyArgs {
    /** GuardDuty is regional: one instance of this component per region the organization uses. */
    readonly region: string;
    /** The security-tooling account, made GuardDuty's delegated administrator. */
    readonly adminAccountId: pulumi.Input<string>;
    /** The management account's provider, which designates the administrator. */
    readonly managementProvider: aws.Provider;
    /** @default guardDutyFeatures */
    readonly features?: readonly GuardDutyFeature[];
}

export function organizationGuardDutyProblems(args: OrganizationGuardDutyArgs): string[] {
    const unknown = (args.features ?? []).filter((feature) => !(guardDutyFeatures as readonly string[]).includes(feature));
    return unknown.length > 0 ? [`features must be among ${guardDutyFeatures.join(", ")} (got ${unknown.join(", ")}).`] : [];
}

/**
 * GuardDuty for the whole organization in one region: the security account's detector, its designation as delegated
 * administrator by the management account, and an organization configuration that enables GuardDuty and each
 * protection plan in every member account, present and future. Children run in the security account (the
 * component's provider) except the designation.
 */
export class OrganizationGuardDuty extends pulumi.ComponentResource {
    public readonly detectorId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationGuardDutyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:OrganizationGuardDuty", name, {}, opts);
        const problems = organizationGuardDutyProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const features = args.features ?? guardDutyFeatures;
        // The administrator's own detector first: designating an account that has none makes GuardDuty create one the
        // program does not own, and creating it afterwards fails.
        const detector = new aws.guardduty.Detector(`${name}-detector`, {
            region,
            enable: true,
            findingPublishingFrequency: "FIFTEEN_MINUTES",
        }, { parent: this });
        const admin = new aws.guardduty.OrganizationAdminAccount(`${name}-admin`, {
            region,
            adminAccountId: args.adminAccountId,
        }, { parent: this, provider: args.managementProvider, dependsOn: [detector] });
        new aws.guardduty.OrganizationConfiguration(`${name}-organization`, {
            region,
            detectorId: detector.id,
            autoEnableOrganizationMembers: "ALL",
        }, { parent: this, dependsOn: [admin] });
        for (const feature of features) {
            const agents = feature === "RUNTIME_MONITORING" ? runtimeMonitoringAgents : [];
            new aws.guardduty.OrganizationConfigurationFeature(`${name}-organization-${feature.toLowerCase().replace(/_/g, "-")}`, {
                region,
                detectorId: detector.id,
                name: feature,
                autoEnable: "ALL",
                additionalConfigurations: agents.map((agent) => ({ name: agent, autoEnable: "ALL" })),
            }, { parent: this, dependsOn: [admin] });
            new aws.guardduty.DetectorFeature(`${name}-detector-${feature.toLowerCase().replace(/_/g, "-")}`, {
                region,
                detectorId: detector.id,
                name: feature,
                status: "ENABLED",
                additionalConfigurations: agents.map((agent) => ({ name: agent, status: "ENABLED" })),
            }, { parent: this });
        }
        this.detectorId = detector.id;
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
