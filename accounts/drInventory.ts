import { z } from "zod";

/**
 * The disaster-recovery inventory: every critical resource of an environment paired with its replica in the DR
 * region. Environment stacks export it as the `drInventory` output; `lz drill` and the policy pack read it from the
 * plan graph (offline) and use its physical names to find each resource in AWS (live).
 *
 * The schemas below are the contract's single definition: the TypeScript types are inferred from them, the program
 * builds entries that satisfy them (components/resilience/inventory.ts) and the drill parses plan outputs with them
 * (cli/drill/inventory.ts). Objects are not strict: the plan schema only ever adds fields within a version.
 */
export const drResourceKinds = [
    /** A multi-region KMS key and its replica key. */
    "kms-key",
    /** An S3 bucket replicated with Replication Time Control (documents, model artifacts). */
    "s3-bucket",
    /** A Bedrock guardrail and its published version, redeployed in the DR region. */
    "guardrail",
    /** The SSM parameter applications read to discover approved models, guardrail and region. */
    "catalogue-parameter",
    /** The SSM parameter `active-region` applications read (the failover switch). */
    "active-region-parameter",
    /** Bedrock model invocation logging. */
    "invocation-logging",
    /** The private network of an account, with its endpoints. */
    "network",
    /** The bedrock-runtime interface endpoint. */
    "bedrock-runtime-endpoint",
    /** The vector store (S3 Vectors bucket or OpenSearch Serverless collection); rebuilt from replicated documents. */
    "vector-store",
    /** A Bedrock knowledge base; its DR copy reads the DR documents bucket. */
    "knowledge-base",
    /** An accelerator capacity reservation held in the DR region for static stability. */
    "capacity-reservation",
    /** An ECR repository replicated by the registry's replication configuration. */
    "ecr-repository",
    /** A DynamoDB global table (session and conversation state) with a replica in the DR region. */
    "dynamodb-table",
    /** The invoke role's permissions on the DR region's model ARNs. */
    "invoke-permissions",
] as const;

export type DrResourceKind = (typeof drResourceKinds)[number];

/** How a replica is kept current; drills compare its target with the declared RPO. */
export const replicationMechanisms = [
    "s3-replication-time-control",
    "dynamodb-global-table",
    "kms-multi-region",
    "ecr-registry-replication",
    "rebuilt-from-replicated-documents",
    "deployed-in-both-regions",
] as const;

export type ReplicationMechanism = (typeof replicationMechanisms)[number];

export const drLocationSchema = z.object({
    region: z.string().min(1),
    /** URN of the resource in the plan, to find it in the graph. */
    urn: z.string().min(1),
    /** Physical name or ID (bucket name, key alias, table name, parameter name, guardrail name, …), to find it in AWS. */
    physicalName: z.string().min(1),
    arn: z.string().optional(),
});

export type DrLocation = z.infer<typeof drLocationSchema>;

export const drInventoryEntrySchema = z.object({
    kind: z.enum(drResourceKinds),
    /** Account key within the environment: `genai`, `data`, `app-chat`. */
    account: z.string().min(1),
    /** What it is, for reports: "knowledge-base documents bucket". */
    description: z.string(),
    primary: drLocationSchema,
    /** Null when the resource has no replica yet: a drill reports it as not ready. */
    replica: drLocationSchema.nullable(),
    replication: z.object({
        mechanism: z.enum(replicationMechanisms),
        /** The replication's own objective, e.g. 15 for S3 Replication Time Control. */
        targetMinutes: z.number().positive().optional(),
    }),
});

export type DrInventoryEntry = z.infer<typeof drInventoryEntrySchema>;

/** The `dr` stack output: what the environment declares about recovery. */
export const drDeclarationSchema = z.object({
    enabled: z.boolean(),
    primaryRegion: z.string().min(1),
    drRegion: z.string().min(1),
    /** The region applications use now (`landing-zone:environment.activeRegion`). */
    activeRegion: z.string().min(1),
    rpoMinutes: z.number().positive().optional(),
    rtoMinutes: z.number().positive().optional(),
});

export type DrDeclaration = z.infer<typeof drDeclarationSchema>;

/**
 * The `dr` output as a drill reads it from a plan: `activeRegion` may be absent, because programs written before the
 * setting existed do not export it.
 */
export const plannedDrDeclarationSchema = drDeclarationSchema.partial({ activeRegion: true });

export type PlannedDrDeclaration = z.infer<typeof plannedDrDeclarationSchema>;

/** S3 Replication Time Control replicates 99.99 % of objects within this many minutes (AWS's SLA). */
export const S3_RTC_TARGET_MINUTES = 15;
