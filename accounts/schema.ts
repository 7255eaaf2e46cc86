import { z } from "zod";
import { acceleratorInstanceFamilies, isAcceleratorInstanceType } from "./acceleratorFamilies";
import { isKnownRegion } from "./regions";
import { applicationSettingsSchema, budgetSchema, dataAccountSettingsSchema, retrievalSettingsSchema } from "./workloadSchema";

/** Config namespace of every landing-zone setting: `landing-zone:organization`, `landing-zone:environment`. */
export const configNamespace = "landing-zone";
export const defaultAccessRoleName = "OrganizationAccountAccessRole";

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account ID such as \"123456789012\"");
const region = z.string().refine(isKnownRegion, "must be an AWS region name such as \"us-east-1\"");
const environmentName = z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, "must be a short lower-case name such as \"prod\"");
const applicationName = z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "must be a short lower-case name such as \"chat\"");
const namePrefix = z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "must be 2-21 lower-case letters, digits or hyphens, starting with a letter, such as \"acme-ai\"");
const tagValue = z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u, "must be a tag value of 1-256 letters, digits, spaces or _.:/=+-@");
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name such as \"OrganizationAccountAccessRole\"");
const ipv4Cidr = z.string().regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(1[6-9]|2[0-8])$/,
    "must be an IPv4 CIDR block between /16 and /28 such as \"10.20.0.0/16\"",
);

// ---------------------------------------------------------------------------------------------
// Organization stack (management account)
// ---------------------------------------------------------------------------------------------

/** A member account: created by the organization stack, or adopted when `id` is given. */
export const memberAccountSchema = z.strictObject({
    /** Adopt an existing account by ID instead of creating one. */
    id: accountId.optional(),
    /** Account name. @default `<namePrefix>-<environment>-<role>` */
    name: z.string().min(1).max(50).optional(),
    /** Root e-mail of a created account. @default accountEmailTemplate with `{account}` replaced by the name */
    email: z.email("must be an e-mail address such as \"aws+acme-ai-prod-genai@example.com\"").optional(),
});

/** `arn:aws:bedrock:<region>:<account>:guardrail/<id>:<numeric version>`: a published version, never DRAFT. */
export const enforcedGuardrailPattern = /^arn:(aws|aws-us-gov|aws-cn):bedrock:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):guardrail\/([a-z0-9]{12}):([1-9]\d{0,7})$/;

/** The Bedrock controls the organization stack sets on one environment's OU. */
export const organizationBedrockSchema = z.strictObject({
    /**
     * Bedrock API keys the environment may use: `none`, or `short-term` (bearer tokens minted from an IAM session,
     * which carry its identity and expire with it). Long-term keys are denied everywhere. @default "none"
     */
    apiKeys: z.enum(["none", "short-term"]).default("none"),
    /**
     * The guardrail version the organization's Bedrock policy enforces on every inference call in the OU, per region:
     * `arn:aws:bedrock:<region>:<management account>:guardrail/<id>:<version>`. AWS Organizations requires a guardrail
     * of the management account, in the region it is enforced in, with a published version and a resource-based policy
     * that lets the organization apply it. Absent: only the IAM guardrail condition applies. @default {}
     */
    enforcedGuardrails: z.record(region, z.string()).default({}),
});

export const organizationEnvironmentSchema = z.strictObject({
    /** Absent: no API keys, no enforced guardrail (`organizationBedrock` reads it with these defaults). */
    bedrock: organizationBedrockSchema.optional(),
    genai: memberAccountSchema,
    data: memberAccountSchema,
    applications: z.record(applicationName, memberAccountSchema)
        .refine((apps) => Object.keys(apps).length > 0, "must list at least one application account"),
});

/** Storage classes the organization's logs may move to once they are rarely read. */
export const logArchiveStorageClasses = ["STANDARD_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;

/**
 * The Security OU's two core accounts and how long their logs are kept. Every field has a default, so an organization
 * config written before these accounts existed creates them under derived names.
 */
export const organizationSecuritySchema = z.strictObject({
    /** The log-archive account: the organization trail's and AWS Config's buckets. @default created as `<namePrefix>-log-archive` */
    logArchive: memberAccountSchema.prefault({}),
    /** The security-tooling account: delegated administrator of GuardDuty, Security Hub, Config and IAM Access Analyzer. @default created as `<namePrefix>-security` */
    securityTooling: memberAccountSchema.prefault({}),
    /** Monthly cost limit of each core account in USD, alerting the management account's budget subscribers. @default 500 */
    monthlyLimitUsd: z.number().positive("must be a positive amount of USD such as 500").default(500),
    logs: z.strictObject({
        /** Object Lock mode of the trail bucket; compliance mode cannot be shortened or lifted by anyone, root included. @default "compliance" */
        objectLockMode: z.enum(["governance", "compliance"]).default("compliance"),
        /** Days each log file is locked against deletion and overwrite. @default 365 */
        objectLockRetentionDays: z.number().int().min(1, "must be 1-3650 days").max(3650, "must be 1-3650 days").default(365),
        /** Days before logs move to `archiveStorageClass`. @default 90 */
        archiveAfterDays: z.number().int().min(30, "must be at least 30 days, S3's minimum before a transition out of STANDARD").default(90),
        /** Storage class logs move to after `archiveAfterDays`. @default "GLACIER_IR" */
        archiveStorageClass: z.enum(logArchiveStorageClasses).default("GLACIER_IR"),
        /** Days before logs are deleted; at least objectLockRetentionDays. @default 2557 (seven years) */
        expireAfterDays: z.number().int().min(1).max(36500).default(2557),
    }).prefault({}),
});

export type OrganizationSecurityConfig = z.infer<typeof organizationSecuritySchema>;

export const organizationSchema = z.strictObject({
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, "must be an AWS Organizations ID such as \"o-a1b2c3d4e5\""),
    managementAccountId: accountId,
    /** Region of the management account's provider. */
    homeRegion: region,
    namePrefix,
    owner: tagValue,
    costCenter: tagValue,
    /** Root e-mail of created accounts; `{account}` is replaced by the account name. */
    accountEmailTemplate: z.string().regex(/^[^@\s]*\{account\}[^@\s]*@[^@\s]+\.[^@\s]+$/, "must be an e-mail address containing {account}, such as \"aws+{account}@example.com\""),
    /** Role that Organizations creates in new accounts and that environment stacks assume. @default "OrganizationAccountAccessRole" */
    accessRoleName: roleName.default(defaultAccessRoleName),
    /** Regions workloads may use; the SCP adds the catalogue's inference-profile regions for Bedrock only. */
    allowedRegions: z.array(region).min(1, "must list at least one region"),
    environments: z.record(environmentName, organizationEnvironmentSchema)
        .refine((envs) => Object.keys(envs).length > 0, "must list at least one environment"),
    /** The management account's monthly budget: every account has one, the one that pays for the others too. */
    budget: budgetSchema,
    /** The Security OU's log-archive and security-tooling accounts and the retention of their logs. @default both created, logs kept seven years */
    security: organizationSecuritySchema.prefault({}),
});

export type OrganizationConfig = z.infer<typeof organizationSchema>;
export type OrganizationBedrockConfig = z.infer<typeof organizationBedrockSchema>;

/** An environment's Bedrock controls with their defaults. */
export function organizationBedrock(environment: { readonly bedrock?: OrganizationBedrockConfig }): OrganizationBedrockConfig {
    return environment.bedrock ?? { apiKeys: "none", enforcedGuardrails: {} };
}
export type MemberAccountConfig = z.infer<typeof memberAccountSchema>;

// ---------------------------------------------------------------------------------------------
// Environment stacks (dev, staging, prod)
// ---------------------------------------------------------------------------------------------

const environmentAccountSchema = z.strictObject({
    /** Set for adopted accounts; otherwise the ID comes from the organization stack's outputs. */
    id: accountId.optional(),
    /** The account's VPC range; ranges of one environment must not overlap. */
    vpcCidr: ipv4Cidr,
});

export const computeTypes = ["ecs", "lambda"] as const;

/** An application account: its range, its compute, the tenants it serves, its WAF limits and budget. */
/**
 * Where an application account is deployed: `inline` in the environment stack, or `own`, a stack of its own
 * (`<environment>-app-<name>`, README "Application stacks").
 */
export const applicationStackModes = ["inline", "own"] as const;
export type ApplicationStackMode = (typeof applicationStackModes)[number];

/**
 * Applications an environment stack may deploy inline: with the genAI and data accounts, 2 + 3 AWS providers in one
 * `pulumi up`, about 2.2 GB of plugin processes (README "Application stacks").
 */
export const defaultMaxInlineApplications = 3;

const applicationAccountSchema = environmentAccountSchema.extend({
    /** The compute service whose role calls the genAI account. */
    compute: z.enum(computeTypes),
    /** `inline` (in the environment stack) or `own` (the stack `<environment>-app-<name>`). @default "inline" */
    stack: z.enum(applicationStackModes).default("inline"),
    ...applicationSettingsSchema.shape,
});

/** The data account: its range, how long old document versions and access logs are kept, its budget. */
const dataAccountSchema = environmentAccountSchema.extend({
    ...dataAccountSettingsSchema.shape,
});

export const drSchema = z.strictObject({
    /** Provision replicas in drRegion. @default true in prod, false elsewhere */
    enabled: z.boolean().optional(),
    /** Declared recovery-point objective. */
    rpoMinutes: z.number().int().positive().optional(),
    /** Declared recovery-time objective. */
    rtoMinutes: z.number().int().positive().optional(),
});

// ---------------------------------------------------------------------------------------------
// The generative-AI account (landing-zone:environment.genai)
// ---------------------------------------------------------------------------------------------

/** Guardrail filter strengths Bedrock accepts, weakest first. */
export const guardrailFilterStrengths = ["NONE", "LOW", "MEDIUM", "HIGH"] as const;
export type GuardrailFilterStrength = (typeof guardrailFilterStrengths)[number];

/** Content-filter categories of a guardrail (PROMPT_ATTACK is configured on its own: it applies to input only). */
export const guardrailContentFilterTypes = ["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT"] as const;
export type GuardrailContentFilterType = (typeof guardrailContentFilterTypes)[number];

/** What a guardrail does with sensitive information it finds; NONE (detect only) is deliberately not offered. */
export const guardrailSensitiveInformationActions = ["BLOCK", "ANONYMIZE"] as const;

/**
 * PII entity types Bedrock Guardrails accept (GuardrailPiiEntityConfig.type in the Bedrock API reference). A type
 * outside this list is refused by the CreateGuardrail call, so it is refused here first, with the field's path.
 */
export const guardrailPiiEntityTypes = [
    "ADDRESS", "AGE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "CA_HEALTH_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER",
    "CREDIT_DEBIT_CARD_CVV", "CREDIT_DEBIT_CARD_EXPIRY", "CREDIT_DEBIT_CARD_NUMBER", "DRIVER_ID", "EMAIL",
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "IP_ADDRESS", "LICENSE_PLATE", "MAC_ADDRESS", "NAME", "PASSWORD", "PHONE", "PIN",
    "SWIFT_CODE", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER", "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    "URL", "USERNAME", "US_BANK_ACCOUNT_NUMBER", "US_BANK_ROUTING_NUMBER", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    "US_PASSPORT_NUMBER", "US_SOCIAL_SECURITY_NUMBER", "VEHICLE_IDENTIFICATION_NUMBER",
] as const;
export type GuardrailPiiEntityType = (typeof guardrailPiiEntityTypes)[number];

/** The PII a guardrail handles when the config names none: credentials and identifiers are blocked, contact details masked. */
export const defaultGuardrailPiiEntities: readonly { readonly type: GuardrailPiiEntityType; readonly action: "BLOCK" | "ANONYMIZE" }[] = [
    { type: "AWS_ACCESS_KEY", action: "BLOCK" },
    { type: "AWS_SECRET_KEY", action: "BLOCK" },
    { type: "PASSWORD", action: "BLOCK" },
    { type: "CREDIT_DEBIT_CARD_NUMBER", action: "BLOCK" },
    { type: "CREDIT_DEBIT_CARD_CVV", action: "BLOCK" },
    { type: "US_SOCIAL_SECURITY_NUMBER", action: "BLOCK" },
    { type: "US_BANK_ACCOUNT_NUMBER", action: "BLOCK" },
    { type: "INTERNATIONAL_BANK_ACCOUNT_NUMBER", action: "BLOCK" },
    { type: "EMAIL", action: "ANONYMIZE" },
    { type: "PHONE", action: "ANONYMIZE" },
    { type: "NAME", action: "ANONYMIZE" },
    { type: "ADDRESS", action: "ANONYMIZE" },
];

/** Interface endpoints of the genAI account's VPC; with no internet gateway or NAT they are its only way out. */
export const genaiInterfaceEndpointServices = [
    "bedrock", "bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime", "sagemaker.api", "sagemaker.runtime",
    "sts", "logs", "monitoring", "kms", "ecr.api", "ecr.dkr", "ssm",
] as const;
/** Gateway endpoints: free, and the only way S3 and DynamoDB are reached from the VPC. */
export const gatewayEndpointServices = ["s3", "dynamodb"] as const;

/** Retention periods CloudWatch Logs accepts, up to the year that prompts may be kept. */
export const logRetentionDaysAllowed = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365] as const;
/** Every retention period CloudWatch Logs accepts; flow logs may use any of them. */
export const cloudWatchRetentionDays = [...logRetentionDaysAllowed, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export { acceleratorInstanceFamilies, isAcceleratorInstanceType };
export const capacityPurposes = ["inference", "training"] as const;
export const alarmSubscriberProtocols = ["email", "https", "sqs", "lambda"] as const;
export const objectLockModes = ["none", "governance", "compliance"] as const;

const filterStrength = z.enum(guardrailFilterStrengths);
const groundingThreshold = z.number()
    .min(0, "must be a threshold from 0 to 0.99 such as 0.75")
    .max(0.99, "must be a threshold from 0 to 0.99 such as 0.75");
const guardrailItemName = z.string().regex(/^[0-9a-zA-Z_ !?.-]{1,100}$/, "must be 1-100 letters, digits, spaces or _-!?. such as \"investment-advice\"");
const resourceKey = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "must be a short lower-case key such as \"chat-inference\"");

export const genaiNetworkSchema = z.strictObject({
    /** Interface endpoints (service names such as "bedrock-runtime"). @default genaiInterfaceEndpointServices */
    interfaceEndpoints: z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, "must be an endpoint service name such as \"bedrock-runtime\" or \"ecr.dkr\""))
        .default([...genaiInterfaceEndpointServices]),
    /** Gateway endpoints. @default ["s3", "dynamodb"] */
    gatewayEndpoints: z.array(z.enum(gatewayEndpointServices)).default([...gatewayEndpointServices]),
    /** Days VPC flow logs are kept. @default 90 */
    flowLogRetentionDays: z.number().int().default(90),
});

export const genaiGuardrailSchema = z.strictObject({
    /** Strength of each content filter on input and output. @default HIGH for every category */
    contentFilters: z.strictObject({
        hate: filterStrength.default("HIGH"),
        insults: filterStrength.default("HIGH"),
        sexual: filterStrength.default("HIGH"),
        violence: filterStrength.default("HIGH"),
        misconduct: filterStrength.default("HIGH"),
    }).prefault({}),
    /** Strength of the prompt-attack (jailbreak, injection) filter on input. @default "HIGH" */
    promptAttack: filterStrength.default("HIGH"),
    /** Topics the guardrail refuses. @default none */
    deniedTopics: z.array(z.strictObject({
        name: guardrailItemName,
        /** What the topic is, in at most 200 characters. */
        definition: z.string().min(1).max(200, "must be at most 200 characters, Bedrock's limit for a topic definition"),
        /** Sample prompts that belong to the topic. @default none */
        examples: z.array(z.string().min(1).max(100, "must be at most 100 characters, Bedrock's limit for a topic example"))
            .max(5, "must list at most 5 examples").default([]),
    })).default([]),
    /** PII entity types and what to do with them. @default defaultGuardrailPiiEntities */
    piiEntities: z.array(z.strictObject({
        type: z.string().refine((t) => (guardrailPiiEntityTypes as readonly string[]).includes(t),
            "must be a PII entity type Bedrock accepts, such as \"EMAIL\" or \"US_SOCIAL_SECURITY_NUMBER\" (docs/genai-account.md lists them all)"),
        action: z.enum(guardrailSensitiveInformationActions),
    })).default(defaultGuardrailPiiEntities.map((e) => ({ ...e }))),
    /** Custom sensitive-information patterns. @default none */
    regexes: z.array(z.strictObject({
        name: guardrailItemName,
        pattern: z.string().min(1).max(500, "must be at most 500 characters, Bedrock's limit for a pattern"),
        action: z.enum(guardrailSensitiveInformationActions),
        description: z.string().max(1000).optional(),
    })).default([]),
    /** Custom words and phrases the guardrail blocks. @default none */
    words: z.array(z.string().min(1).max(100, "must be at most 100 characters")).default([]),
    /** Block AWS's managed profanity word list. @default true */
    profanityFilter: z.boolean().default(true),
    /** Contextual grounding: responses scoring below a threshold are blocked (0 disables, 0.99 is strictest). */
    grounding: z.strictObject({
        /** @default 0.75 */
        groundingThreshold: groundingThreshold.default(0.75),
        /** @default 0.75 */
        relevanceThreshold: groundingThreshold.default(0.75),
    }).prefault({}),
    /** What callers see when a prompt is blocked. @default "This request was blocked by the acceptable-use guardrail." */
    blockedInputMessage: z.string().min(1).max(500).default("This request was blocked by the acceptable-use guardrail."),
    /** What callers see when a response is blocked. @default "The response was blocked by the acceptable-use guardrail." */
    blockedOutputMessage: z.string().min(1).max(500).default("The response was blocked by the acceptable-use guardrail."),
});

export const capacityReservationSchema = z.strictObject({
    /** Stable key: resource names derive from it, so renaming replaces the reservation. */
    name: resourceKey,
    /** An Inferentia2 or Trainium type such as "inf2.xlarge" (checked against acceleratorInstanceFamilies). */
    instanceType: z.string(),
    /** Instances reserved; billed at the on-demand rate whether used or not. */
    count: z.number().int(),
    /** A zone of the primary region listed in availabilityZones. */
    availabilityZone: z.string(),
    purpose: z.enum(capacityPurposes),
    /** RFC 3339 time the reservation ends, such as "2027-03-31T00:00:00Z"; open-ended when absent. */
    endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "must be an RFC 3339 UTC time such as \"2027-03-31T00:00:00Z\"").optional(),
    /** Team that owns (and pays for) the reservation; becomes its `owner` tag. */
    owner: tagValue,
    /**
     * Hold the same reservation in the DR region too (static stability: accelerator capacity is hard to get during a
     * regional incident). Needs `dr.enabled` and `drAvailabilityZone`. @default false
     */
    dr: z.boolean().default(false),
    /** The DR region's zone of the DR copy: one of availabilityZones[drRegion]. Required when `dr` is true. */
    drAvailabilityZone: z.string().optional(),
});

export const capacityBlockSchema = z.strictObject({
    /** Stable key: resource names derive from it. */
    name: resourceKey,
    /** The Capacity Block offering to purchase (from `aws ec2 describe-capacity-block-offerings`). */
    offeringId: z.string().regex(/^cb-[0-9a-z]{8,}$/, "must be a Capacity Block offering ID such as \"cb-0123456789abcdef0\""),
    /** The offering's instance type, for its launch template. */
    instanceType: z.string(),
    /** The offering's zone, for its launch template's subnet. */
    availabilityZone: z.string(),
    owner: tagValue,
});

export const genaiCapacitySchema = z.strictObject({
    /** Whether training capacity (reservations with purpose training, Capacity Blocks) may be held here. @default false */
    allowTrainingReservations: z.boolean().default(false),
    /** Hours reserved capacity may sit unused before its alarm fires. @default 4 */
    idleAlarmHours: z.number().int().min(1, "must be 1-24 hours").max(24, "must be 1-24 hours").default(4),
    /** On-demand capacity reservations. @default none */
    reservations: z.array(capacityReservationSchema).default([]),
    /** Capacity Blocks for ML, bought from an offering for a fixed window. @default none */
    capacityBlocks: z.array(capacityBlockSchema).default([]),
});

export const genaiSchema = z.strictObject({
    network: genaiNetworkSchema.prefault({}),
    guardrail: genaiGuardrailSchema.prefault({}),
    logging: z.strictObject({
        /** Days prompts and responses are kept in CloudWatch Logs (at most 365). @default 30 */
        retentionDays: z.number().int().default(30),
        /** Days large payloads (images, long prompts) are kept in S3. @default 30 */
        largePayloadExpirationDays: z.number().int().min(1, "must be at least 1 day").max(365, "must be at most 365 days: prompts must not be kept forever").default(30),
    }).prefault({}),
    capacity: genaiCapacitySchema.prefault({}),
    artifacts: z.strictObject({
        /** S3 Object Lock on the model-artifacts bucket; only settable when the bucket is created. @default "governance" */
        objectLock: z.enum(objectLockModes).default("governance"),
        /** Days each artifact version is locked. @default 30 */
        objectLockRetentionDays: z.number().int().min(1).max(3650).default(30),
        /** Days a replaced artifact version is kept for rollback. @default 90 */
        noncurrentVersionExpirationDays: z.number().int().min(1).max(3650).default(90),
    }).prefault({}),
    alarms: z.strictObject({
        /** Who is told when an alarm fires or the budget is crossed. @default none */
        subscribers: z.array(z.strictObject({ protocol: z.enum(alarmSubscriberProtocols), endpoint: z.string().min(1) })).default([]),
        /** Throttled invocations per model in 5 minutes that raise the alarm. @default 10 */
        throttlesPerFiveMinutes: z.number().int().min(1).default(10),
        /** Failed invocations (client and server errors) per model in 5 minutes that raise the alarm. @default 5 */
        errorsPerFiveMinutes: z.number().int().min(1).default(5),
    }).prefault({}),
    dr: z.strictObject({
        /**
         * ECR repository-name prefixes replicated to the DR region (registry replication, PREFIX_MATCH).
         * @default ["<namePrefix>-<environment>/"], the inference images' namespace
         */
        repositoryPrefixes: z.array(z.string()).min(1, "must list at least one repository prefix").optional(),
    }).prefault({}),
    budget: z.strictObject({
        /** The genAI account's monthly cost limit in USD; alerts at 80 % and 100 %. @default 1000 */
        monthlyLimitUsd: z.number().positive("must be a positive amount of USD such as 5000").default(1000),
    }).prefault({}),
});

export type GenaiConfig = z.infer<typeof genaiSchema>;
export type CapacityReservationConfig = z.infer<typeof capacityReservationSchema>;
export type CapacityBlockConfig = z.infer<typeof capacityBlockSchema>;

export const environmentSchema = z.strictObject({
    /** The environment's name; tags and resource names use it (never the stack name). */
    name: environmentName,
    namePrefix,
    owner: tagValue,
    costCenter: tagValue,
    /** StackReference name of the organization stack. @default "organization" */
    organizationStack: z.string().min(1).default("organization"),
    /** Role assumed in each account. @default "OrganizationAccountAccessRole" */
    accessRoleName: roleName.default(defaultAccessRoleName),
    primaryRegion: region,
    drRegion: region,
    /**
     * The region applications use now: the primary region, or the DR region when dr.enabled. Written to the
     * active-region and catalogue SSM parameters; changing it and running `pulumi up` is the failover switch.
     * @default primaryRegion
     */
    activeRegion: region.optional(),
    /** Availability zones by region; the primary region needs at least two (three in prod). */
    availabilityZones: z.record(z.string(), z.array(z.string()).min(2, "must list at least two availability zones")),
    dr: drSchema.default({}),
    /**
     * Protect stateful resources (keys, buckets, tables, log groups, guardrails, capacity) and retain them when they
     * leave the program. Off, `pulumi destroy` removes them, and the next `pulumi up` can reuse every name.
     * @default true in prod, false elsewhere
     */
    protectStatefulResources: z.boolean().optional(),
    accounts: z.strictObject({
        genai: environmentAccountSchema,
        data: dataAccountSchema,
        applications: z.record(applicationName, applicationAccountSchema)
            .refine((apps) => Object.keys(apps).length > 0, "must list at least one application account"),
        /**
         * The most applications the environment stack deploys itself; the others need `stack: own`. Each inline
         * application adds an AWS provider process (300-430 MB) to the environment's `pulumi up`.
         * @default 3
         */
        maxInlineApplications: z.number().int().min(0).max(50).default(defaultMaxInlineApplications),
    }),
    /** Catalogue model IDs this environment may invoke. */
    models: z.array(z.string()).min(1, "must list at least one model from model-catalogue.yaml"),
    /** The generative-AI account's baseline: network, guardrail, logging, capacity, artifacts, alarms, budget. @default every setting's own default */
    genai: genaiSchema.prefault({}),
    /** The knowledge base in the genAI account: its embedding model and vector store. */
    retrieval: retrievalSettingsSchema,
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type EnvironmentAccountConfig = z.infer<typeof environmentAccountSchema>;
export type ApplicationAccountConfig = z.infer<typeof applicationAccountSchema>;
export type DataAccountConfig = z.infer<typeof dataAccountSchema>;

// ---------------------------------------------------------------------------------------------
// Application stacks (<environment>-app-<name>)
// ---------------------------------------------------------------------------------------------

/**
 * An application stack: one application account of an environment, deployed on its own. Its settings stay in the
 * environment's stack file (one reviewed file, validated as a whole: ranges, names and tenants across applications);
 * this only says which environment and application the stack is.
 */
export const applicationStackSchema = z.strictObject({
    /** StackReference name of the environment stack (`prod`, or `acme/landing-zone/prod`); its file is `Pulumi.<last part>.yaml`. */
    environmentStack: z.string().min(1, "must name the environment stack, such as \"prod\""),
    /** The application's name under the environment's accounts.applications. */
    name: z.string().min(1, "must name an application of the environment, such as \"chat\""),
});

export type ApplicationStackConfig = z.infer<typeof applicationStackSchema>;
