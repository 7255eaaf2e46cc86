/**
 * The genAI invoke roles' policies that carry the end user's identity, as plain data: who may assume an application's
 * invoke role and with which session tags, which models a session may invoke given its data classification, and which
 * documents it may read given its tenant. The roles are built with the genAI account (one per application); the
 * permission documents are built once and shared by every invoke role.
 */
import { modelInvokeActions } from "../../accounts/bedrockActions";
import { Classification, classifications } from "../../accounts/catalogue";
import { dnsSuffixOf, Partition } from "../../accounts/regions";
import { tenantNamePattern } from "../../accounts/workloadSchema";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import {
    callerTenantPrefix,
    classificationsUpTo,
    classificationTagKey,
    sessionTagKeys,
    tenantTagKey,
} from "./sessionTags";

export type PolicyCondition = NonNullable<PolicyStatement["Condition"]>;

/** The application whose workload role may assume its invoke role, and the tenants it may act for. */
export interface WorkloadPrincipal {
    /** Application name from config (`chat`); names the trust statements. */
    readonly application: string;
    /** Exact ARN of the workload role in the application account; wildcards are refused. */
    readonly workloadRoleArn: string;
    /** Tenants this application serves; the only values it may put in the `tenant` session tag. */
    readonly tenants: readonly string[];
}

export interface InvokeRoleTrustArgs {
    /** `aws:PrincipalOrgID` every caller must carry. */
    readonly organizationId: string;
    /** The one application the invoke role serves: each application has an invoke role of its own. */
    readonly workload: WorkloadPrincipal;
}

const roleArnPattern = /^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/;

/**
 * IAM's default quota on a role's trust policy, in characters without whitespace ("Role trust policy length"; it can
 * be raised to 4,096 through Service Quotas). An invoke role trusts one application, so only that application's
 * tenants make its trust grow: about eighty-five tenants fit.
 */
export const ROLE_TRUST_POLICY_MAX = 2048;

/** Validates trust arguments; every problem names the field, the value and the fix. */
export function invokeRoleTrustProblems(args: InvokeRoleTrustArgs): string[] {
    const problems: string[] = [];
    if (!/^o-[a-z0-9]{10,32}$/.test(args.organizationId)) {
        problems.push(`organizationId must be an AWS Organizations ID such as "o-a1b2c3d4e5" (got "${args.organizationId}").`);
    }
    return [...problems, ...invokeRoleWorkloadProblems([args.workload])];
}

/**
 * The workloads' part of the trust arguments. A role ARN that is not a string yet (an output of a role still to be
 * created) is checked when the trust policy is built.
 */
export function invokeRoleWorkloadProblems(workloads: readonly { application: string; workloadRoleArn: unknown; tenants: readonly string[] }[]): string[] {
    const problems: string[] = [];
    if (workloads.length === 0) {
        problems.push("workloads must list at least one application workload role (got none); no invoke role would be created.");
    }
    const seen = new Set<string>();
    for (const workload of workloads) {
        if (seen.has(workload.application)) {
            problems.push(`workloads lists application "${workload.application}" twice; list each application once.`);
        }
        seen.add(workload.application);
        if (typeof workload.workloadRoleArn === "string" && !roleArnPattern.test(workload.workloadRoleArn)) {
            problems.push(`workloads.${workload.application}.workloadRoleArn must be the exact ARN of an IAM role, without wildcards (got "${workload.workloadRoleArn}").`);
        }
        if (workload.tenants.length === 0) {
            problems.push(`workloads.${workload.application}.tenants must list at least one tenant (got none).`);
        }
        for (const tenant of workload.tenants) {
            if (!tenantNamePattern.test(tenant)) {
                problems.push(`workloads.${workload.application}.tenants has "${tenant}"; a tenant must be lower-case letters, digits and hyphens such as "acme".`);
            }
        }
    }
    return problems;
}

/** `chat-bot` → `ChatBot`: statement IDs allow letters and digits only. */
function sidPart(name: string): string {
    return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0].toUpperCase() + part.slice(1)).join("");
}

/**
 * Trust of one application's genAI invoke role: exactly that application's workload role, from inside the
 * organization, and only in a session tagged with a tenant the application serves and a known data classification.
 * Requiring the tags on `sts:AssumeRole` as well means an untagged session cannot exist, so no later policy ever sees a
 * missing tag. Another application's workload role is not named, so it cannot assume this role whatever it is granted. *
 * The principal is the application's account, narrowed to the workload role by `aws:PrincipalArn`, rather than the
 * role's ARN: IAM refuses a trust naming a role that does not exist yet, and an application deployed from a stack of
 * its own creates its workload role after the environment stack has created this role. It also keeps the trust
 * valid when the workload role is replaced (a trust naming a role holds its unique ID, which a new role does not share).
 */
export function invokeRoleTrustPolicy(args: InvokeRoleTrustArgs): PolicyDocument {
    const problems = invokeRoleTrustProblems(args);
    if (problems.length > 0) {
        throw new Error(problems.join(" "));
    }
    const sizeProblems = invokeRoleTrustSizeProblems(args);
    if (sizeProblems.length > 0) {
        throw new Error(sizeProblems.join(" "));
    }
    return trustDocument(args);
}

/**
 * Whether one invoke role's trust policy fits IAM's quota. It lists its application's tenants, so it grows with them
 * only; the number of applications in the environment does not matter.
 */
export function invokeRoleTrustSizeProblems(args: InvokeRoleTrustArgs): string[] {
    const size = JSON.stringify(trustDocument(args)).length;
    const { application, tenants } = args.workload;
    return size > ROLE_TRUST_POLICY_MAX
        ? [`the invoke role of application "${application}" has a trust policy of ${size} characters for ${tenants.length} tenants, over IAM's default limit of ${ROLE_TRUST_POLICY_MAX}; serve fewer tenants with this application, or raise the "Role trust policy length" quota (at most 4096) and ROLE_TRUST_POLICY_MAX with it.`]
        : [];
}

/** `arn:aws:iam::123456789012:role/x` → `arn:aws:iam::123456789012:root`: the account a role belongs to, as a principal. */
export function roleAccountPrincipal(roleArn: string): string {
    const match = /^arn:([^:]+):iam::(\d{12}):role\//.exec(roleArn);
    if (!match) {
        throw new Error(`"${roleArn}" is not the ARN of an IAM role.`);
    }
    return `arn:${match[1]}:iam::${match[2]}:root`;
}

function trustDocument(args: InvokeRoleTrustArgs): PolicyDocument {
    const { workload } = args;
    const principal = { AWS: roleAccountPrincipal(workload.workloadRoleArn) };
    const fromWorkloadRole = { "aws:PrincipalArn": workload.workloadRoleArn };
    const requireBothTags = { [`aws:RequestTag/${tenantTagKey}`]: "false", [`aws:RequestTag/${classificationTagKey}`]: "false" };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: `AssumeFrom${sidPart(workload.application)}Workload`,
                Effect: "Allow",
                Principal: principal,
                Action: "sts:AssumeRole",
                Condition: {
                    ArnEquals: fromWorkloadRole,
                    StringEquals: { "aws:PrincipalOrgID": args.organizationId },
                    Null: requireBothTags,
                },
            },
            {
                Sid: `TagSessionFor${sidPart(workload.application)}`,
                Effect: "Allow",
                Principal: principal,
                Action: "sts:TagSession",
                Condition: {
                    ArnEquals: fromWorkloadRole,
                    // Single-valued request tags: StringEquals against a list means "one of these", and fails when absent.
                    StringEquals: {
                        "aws:PrincipalOrgID": args.organizationId,
                        [`aws:RequestTag/${tenantTagKey}`]: [...new Set(workload.tenants)].sort(),
                        [`aws:RequestTag/${classificationTagKey}`]: [...classifications],
                    },
                    Null: { [`aws:RequestTag/${tenantTagKey}`]: "false" },
                    // aws:TagKeys is multivalued: every key the caller sets must be one of ours.
                    "ForAllValues:StringEquals": { "aws:TagKeys": [...sessionTagKeys] },
                },
            },
        ],
    };
}

/**
 * Joins two condition blocks into one (all of them must hold). A key that both blocks constrain under the same
 * operator is refused: merging the two value lists would widen the condition to either value.
 */
export function mergeConditions(first: PolicyCondition, second: PolicyCondition): PolicyCondition {
    const merged: Record<string, Record<string, string | string[] | boolean>> = {};
    for (const block of [first, second]) {
        for (const [operator, keys] of Object.entries(block)) {
            merged[operator] ??= {};
            for (const [key, value] of Object.entries(keys)) {
                if (key in merged[operator]) {
                    throw new Error(`both conditions constrain ${operator} "${key}"; merge them by hand so that the result does not widen either.`);
                }
                merged[operator][key] = value;
            }
        }
    }
    return merged;
}

/** The IAM actions of model inference, kept in accounts/ so that the policy pack judges by the same list. */
export { modelInvokeActions };

/** A catalogue model with the ARNs it is invoked through (foundation-model and inference-profile ARNs). */
export interface ClassifiedModel {
    readonly modelId: string;
    readonly maxClassification: Classification;
    /** Every ARN a call may be authorized against: profiles, and the model in each region it may run in. */
    readonly resourceArns: readonly string[];
    /**
     * The model's ARNs in regions it may run in only as a cross-region profile's destination (no invocation logging
     * there), and the profiles that may route to them: granted only with `bedrock:InferenceProfileArn` naming one of
     * those profiles, so a direct call there is refused.
     */
    readonly throughProfileOnly?: { readonly foundationModelArns: readonly string[]; readonly inferenceProfileArns: readonly string[] };
}

/**
 * Attribute-based invoke permissions: one statement per clearance level, each allowing its models only to a session
 * whose `data-classification` tag is at or below that level, and only with the guardrail condition given (the
 * genAI account's `bedrock:GuardrailIdentifier` condition), so that the two rules hold together in one statement.
 */
export function classificationInvokeStatements(models: readonly ClassifiedModel[], guardrailCondition: PolicyCondition): PolicyStatement[] {
    if (models.length === 0) {
        throw new Error("models must list at least one catalogue model (got none).");
    }
    if (Object.keys(guardrailCondition).length === 0) {
        throw new Error("guardrailCondition must constrain bedrock:GuardrailIdentifier (got an empty condition); every invoke must go through the guardrail.");
    }
    return classifications.flatMap((level) => {
        const cleared = models.filter((model) => model.maxClassification === level);
        const profileOnly = new Set(cleared.flatMap((model) => model.throughProfileOnly?.foundationModelArns ?? []));
        const direct = [...new Set(cleared.flatMap((model) => model.resourceArns))].filter((arn) => !profileOnly.has(arn)).sort();
        const profiles = [...new Set(cleared.flatMap((model) => model.throughProfileOnly?.inferenceProfileArns ?? []))].sort();
        const condition = mergeConditions(
            { StringEquals: { [`aws:PrincipalTag/${classificationTagKey}`]: classificationsUpTo(level) } },
            guardrailCondition,
        );
        const statements: PolicyStatement[] = [];
        if (direct.length > 0) {
            statements.push({ Sid: `InvokeModelsClearedFor${sidPart(level)}`, Effect: "Allow", Action: [...modelInvokeActions], Resource: direct, Condition: condition });
        }
        if (profileOnly.size > 0) {
            statements.push({
                Sid: `InvokeModelsClearedFor${sidPart(level)}ThroughProfiles`,
                Effect: "Allow",
                Action: [...modelInvokeActions],
                Resource: [...profileOnly].sort(),
                // AWS's cross-region inference guidance: the destination regions' model ARNs only for requests that
                // came through one of the approved profiles.
                // StringLike: the account's application profiles are named by pattern.
                Condition: mergeConditions(condition, { StringLike: { "bedrock:InferenceProfileArn": profiles.length === 1 ? profiles[0] : profiles } }),
            });
        }
        return statements;
    });
}

/** Models grouped by the highest classification they are cleared for, lowest level first; levels without models are skipped. */
function modelsByClearance(models: readonly ClassifiedModel[]): { level: Classification; arns: string[] }[] {
    return classifications
        .map((level) => ({ level, arns: [...new Set(models.filter((m) => m.maxClassification === level).flatMap((m) => m.resourceArns))].sort() }))
        .filter(({ arns }) => arns.length > 0);
}

/**
 * The same rule as an explicit deny: a model may not be invoked by a session whose classification tag is above its
 * clearance, or that has no classification tag (a negated condition matches a missing key). Added beside any allow,
 * it holds whatever else the role is granted, so the genAI account's catalogue-wide allow can stay as it is.
 */
export function classificationDenyStatements(models: readonly ClassifiedModel[]): PolicyStatement[] {
    return modelsByClearance(models).map(({ level, arns }) => ({
        Sid: `DenyModelsClearedFor${sidPart(level)}AboveTheirClearance`,
        Effect: "Deny" as const,
        Action: [...modelInvokeActions],
        Resource: arns,
        Condition: { StringNotEquals: { [`aws:PrincipalTag/${classificationTagKey}`]: classificationsUpTo(level) } },
    }));
}

export interface TenantDocumentAccessArgs {
    readonly partition: Partition;
    /** Region of the documents bucket and the data key. */
    readonly region: string;
    readonly dataAccountId: string;
    readonly documentsBucketArn: string;
    readonly dataKeyArn: string;
}

/**
 * What the invoke role needs to fetch the source documents the knowledge base cites: objects under the caller's own
 * tenant prefix only, in the data account only (bucket names are global; `aws:ResourceAccount` stops a look-alike
 * bucket elsewhere), decrypted through S3 only. The documents bucket policy grants the same, from its side.
 */
export function tenantDocumentReadStatements(args: TenantDocumentAccessArgs): PolicyStatement[] {
    const inDataAccount = { "aws:ResourceAccount": args.dataAccountId };
    return [
        {
            Sid: "ReadCallerTenantDocuments",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `${args.documentsBucketArn}/${callerTenantPrefix}*`,
            Condition: { StringEquals: inDataAccount, Null: { [`aws:PrincipalTag/${tenantTagKey}`]: "false" } },
        },
        {
            Sid: "ListCallerTenantDocuments",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: args.documentsBucketArn,
            Condition: {
                StringEquals: inDataAccount,
                StringLike: { "s3:prefix": `${callerTenantPrefix}*` },
                Null: { [`aws:PrincipalTag/${tenantTagKey}`]: "false" },
            },
        },
        {
            Sid: "DecryptDocumentsThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.dataKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.${dnsSuffixOf(args.partition)}` } },
        },
    ];
}

/**
 * Retrieval from the knowledge base for the invoke role. IAM cannot narrow what a Retrieve call returns: the caller's
 * tenant is enforced by the metadata filter the application sends (and by the document prefix on citations), so the
 * application must build that filter from the same tenant it tagged the session with. RetrieveAndGenerate is not
 * granted: generation goes through InvokeModel, where the guardrail and classification conditions apply.
 */
export function knowledgeBaseRetrieveStatements(knowledgeBaseArn: string): PolicyStatement[] {
    return [{ Sid: "RetrieveFromKnowledgeBase", Effect: "Allow", Action: "bedrock:Retrieve", Resource: knowledgeBaseArn }];
}
