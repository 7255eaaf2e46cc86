import { z } from "zod";
import { isKnownRegion } from "./regions";

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

export const organizationEnvironmentSchema = z.strictObject({
    genai: memberAccountSchema,
    data: memberAccountSchema,
    applications: z.record(applicationName, memberAccountSchema)
        .refine((apps) => Object.keys(apps).length > 0, "must list at least one application account"),
});

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
});

export type OrganizationConfig = z.infer<typeof organizationSchema>;
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

const applicationAccountSchema = environmentAccountSchema.extend({
    /** The compute service whose role calls the genAI account. */
    compute: z.enum(computeTypes),
});

export const drSchema = z.strictObject({
    /** Provision replicas in drRegion. @default true in prod, false elsewhere */
    enabled: z.boolean().optional(),
    /** Declared recovery-point objective. */
    rpoMinutes: z.number().int().positive().optional(),
    /** Declared recovery-time objective. */
    rtoMinutes: z.number().int().positive().optional(),
});

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
    /** Availability zones by region; the primary region needs at least two (three in prod). */
    availabilityZones: z.record(z.string(), z.array(z.string()).min(2, "must list at least two availability zones")),
    dr: drSchema.default({}),
    accounts: z.strictObject({
        genai: environmentAccountSchema,
        data: environmentAccountSchema,
        applications: z.record(applicationName, applicationAccountSchema)
            .refine((apps) => Object.keys(apps).length > 0, "must list at least one application account"),
    }),
    /** Catalogue model IDs this environment may invoke. */
    models: z.array(z.string()).min(1, "must list at least one model from model-catalogue.yaml"),
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type EnvironmentAccountConfig = z.infer<typeof environmentAccountSchema>;
export type ApplicationAccountConfig = z.infer<typeof applicationAccountSchema>;
