import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, genaiAccountRolesProperty } from "../lib/config";
import { at, block, isKnownString, isUnknown, show } from "../lib/props";
import { accountKey, accountRoleOf, awsProviderType, notKnown, regionOf, StackResource, stackResources } from "../lib/resources";

interface Config {
    readonly genaiAccountRoles: string[];
    readonly maxInvocationLogRetentionDays: number;
}

const configSchema = {
    properties: {
        genaiAccountRoles: genaiAccountRolesProperty,
        maxInvocationLogRetentionDays: {
            type: "integer" as const,
            minimum: 1,
            default: 365,
            description: "Longest retention allowed for the CloudWatch log group that receives model invocation logs: prompts and completions are personal data, kept no longer than needed.",
        },
    },
};

const loggingType = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration";
const logGroupType = "aws:cloudwatch/logGroup:LogGroup";

/**
 * Invocation logging is a per-account, per-region setting: a region without it is a region where prompts and
 * completions leave no audit trail.
 */
export const requireInvocationLogging: StackValidationPolicy = {
    name: "bedrock-invocation-logging-in-every-genai-region",
    description: "Every region a generative-AI account deploys into has Bedrock model invocation logging, delivering text to a destination; its CloudWatch log group is KMS-encrypted and retained no longer than the configured maximum.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "logging", "audit"],
    remediationSteps: "Add aws.bedrockmodel.InvocationLoggingConfiguration in each region of the genAI account (the resource-level `region` argument), with loggingConfig.cloudwatchConfig or s3Config and textDataDeliveryEnabled true; give its log group kmsKeyId and retentionInDays no longer than maxInvocationLogRetentionDays.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const config = configOf<Config>(configSchema, args);
        const resources = stackResources(args.resources);
        const isGenai = (r: StackResource) => {
            const role = accountRoleOf(r.provider);
            return role !== notKnown && role !== undefined && config.genaiAccountRoles.includes(role);
        };
        // Regions the genAI accounts deploy into, from their resources (providers only name a default region).
        const needed = new Map<string, { account: string; region: string; provider: StackResource["provider"] }>();
        for (const resource of resources) {
            if (resource.type === awsProviderType || !resource.type.startsWith("aws:") || !isGenai(resource)) {
                continue;
            }
            const region = regionOf(resource.type, resource.props, resource.provider);
            const account = accountKey(resource);
            if (typeof region === "string" && region !== "global" && account) {
                needed.set(`${account}|${region}`, { account, region, provider: resource.provider });
            }
        }
        const loggers = resources.filter((r) => r.type === loggingType);
        for (const { account, region, provider } of needed.values()) {
            const here = loggers.filter((logger) => accountKey(logger) === account && regionOf(logger.type, logger.props, logger.provider) === region);
            if (here.length === 0 && !loggers.some((logger) => regionOf(logger.type, logger.props, logger.provider) === notKnown)) {
                reportViolation(`The genAI account of provider "${provider?.name ?? account}" deploys into ${region} but has no Bedrock model invocation logging there; add aws.bedrockmodel.InvocationLoggingConfiguration with region "${region}".`, provider?.urn);
            }
        }
        const logGroups = resources.filter((r) => r.type === logGroupType);
        for (const logger of loggers) {
            const loggingConfig = block(logger.props.loggingConfig);
            if (isUnknown(loggingConfig)) {
                continue;
            }
            const cloudwatch = block(at(loggingConfig, "cloudwatchConfig"));
            const s3 = block(at(loggingConfig, "s3Config"));
            if (cloudwatch === undefined && s3 === undefined) {
                reportViolation("loggingConfig has neither cloudwatchConfig nor s3Config; invocation logs would go nowhere.", logger.urn);
            }
            if (at(loggingConfig, "textDataDeliveryEnabled") === false) {
                reportViolation("loggingConfig has textDataDeliveryEnabled false; prompts and completions would not be logged.", logger.urn);
            }
            const logGroupName = at(cloudwatch, "logGroupName");
            if (!isKnownString(logGroupName)) {
                continue;
            }
            const logGroup = logGroups.find((group) => group.props.name === logGroupName && accountKey(group) === accountKey(logger));
            if (!logGroup) {
                continue;
            }
            const retention = logGroup.props.retentionInDays;
            if (!isUnknown(retention) && (typeof retention !== "number" || retention === 0 || retention > config.maxInvocationLogRetentionDays)) {
                reportViolation(`Invocation log group "${logGroupName}" keeps logs ${typeof retention === "number" && retention > 0 ? `${retention} days` : "forever"} (retentionInDays ${show(retention)}); it must keep them at most ${config.maxInvocationLogRetentionDays} days.`, logGroup.urn);
            }
            if (!isUnknown(logGroup.props.kmsKeyId) && !isKnownString(logGroup.props.kmsKeyId)) {
                reportViolation(`Invocation log group "${logGroupName}" has no kmsKeyId; prompts and completions must be encrypted with a customer-managed key.`, logGroup.urn);
            }
        }
    },
};
