import { StackValidationPolicy } from "@pulumi/policy";
import { conditionEntries, parsePolicyDocument, principalsOf, statementLabel, wildcardMatches } from "../lib/policyDocument";
import { asList, at, containsUnknown, isKnownString, isUnknown, show } from "../lib/props";
import { pointsAt, StackResource, stackResources } from "../lib/resources";

const types = {
    vectorBucket: "aws:s3/vectorsVectorBucket:VectorsVectorBucket",
    vectorBucketPolicy: "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy",
    vectorIndex: "aws:s3/vectorsIndex:VectorsIndex",
    collection: "aws:opensearch/serverlessCollection:ServerlessCollection",
    securityPolicy: "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy",
};

/** Condition keys that tie an Allow-to-everyone statement to the organization, an account or a network path. */
const scopingConditionKeys = ["aws:principalorgid", "aws:principalaccount", "aws:sourcevpce", "aws:sourcevpc", "aws:principalarn", "aws:sourceaccount", "aws:sourceorgid"];

function kmsEncryptionProblem(configurations: unknown, what: string, defaultIsKms: boolean): string | undefined {
    if (containsUnknown(configurations)) {
        return undefined;
    }
    const first = asList(configurations)[0];
    if (first === undefined) {
        return defaultIsKms ? undefined : `${what} has no encryptionConfigurations, so S3 Vectors encrypts it with an AWS-managed key (SSE-S3); set sseType "aws:kms" with a customer-managed kmsKeyArn.`;
    }
    const sseType = at(first, "sseType");
    if (isKnownString(sseType) && sseType !== "aws:kms") {
        return `${what} has sseType ${show(sseType)}; it must be "aws:kms" with a customer-managed kmsKeyArn.`;
    }
    const key = at(first, "kmsKeyArn");
    if (!isUnknown(key) && !isKnownString(key)) {
        return `${what} has sseType "aws:kms" but no kmsKeyArn; name a customer-managed key.`;
    }
    return undefined;
}

interface OpenSearchRule {
    readonly resourceType: string;
    readonly patterns: string[];
}

function rulesOf(entry: unknown): OpenSearchRule[] {
    return asList(at(entry, "Rules")).map((rule) => ({
        resourceType: String(at(rule, "ResourceType") ?? ""),
        patterns: asList(at(rule, "Resource")).map(String),
    }));
}

function ruleCovers(rules: readonly OpenSearchRule[], resourceTypes: readonly string[], collectionName: string): boolean {
    return rules.some((rule) => resourceTypes.includes(rule.resourceType) && rule.patterns.some((pattern) => wildcardMatches(pattern, `collection/${collectionName}`)));
}

/** The JSON document of an OpenSearch Serverless security policy; undefined when not known yet or not JSON. */
function securityPolicyDocument(policy: StackResource): unknown {
    const text = policy.props.policy;
    if (!isKnownString(text)) {
        return typeof text === "object" ? text : undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

function collectionProblems(collection: StackResource, securityPolicies: readonly StackResource[]): string[] {
    const name = collection.props.name;
    if (!isKnownString(name)) {
        return [];
    }
    const problems: string[] = [];
    const inline = asList(collection.props.encryptionConfigs)[0];
    const policiesOfType = (kind: string) => securityPolicies.filter((p) => p.props.type === kind);
    if (containsUnknown(collection.props.encryptionConfigs)) {
        // Not known yet.
    } else if (inline !== undefined) {
        if (at(inline, "awsOwnedKey") === true || (!isUnknown(at(inline, "kmsKeyArn")) && !isKnownString(at(inline, "kmsKeyArn")))) {
            problems.push(`OpenSearch Serverless collection "${name}" is encrypted with an AWS-owned key; set encryptionConfigs awsOwnedKey false with a customer-managed kmsKeyArn.`);
        }
    } else {
        const covering = policiesOfType("encryption").map((p) => ({ policy: p, document: securityPolicyDocument(p) }))
            .filter(({ document }) => document !== undefined && ruleCovers(rulesOf(document), ["collection"], name));
        const unknownPolicies = policiesOfType("encryption").some((p) => securityPolicyDocument(p) === undefined);
        if (covering.length === 0 && !unknownPolicies) {
            problems.push(`OpenSearch Serverless collection "${name}" has no encryption security policy with a customer-managed key; add aws.opensearch.ServerlessSecurityPolicy type "encryption" covering "collection/${name}" with AWSOwnedKey false and KmsARN.`);
        }
        for (const { policy, document } of covering) {
            if (at(document, "AWSOwnedKey") === true || !isKnownString(at(document, "KmsARN"))) {
                problems.push(`OpenSearch Serverless collection "${name}" is covered by encryption policy "${policy.name}", which uses an AWS-owned key; set AWSOwnedKey false and KmsARN to a customer-managed key.`);
            }
        }
    }
    for (const policy of policiesOfType("network")) {
        const document = securityPolicyDocument(policy);
        for (const entry of asList(document)) {
            if (at(entry, "AllowFromPublic") === true && ruleCovers(rulesOf(entry), ["collection", "dashboard"], name)) {
                problems.push(`OpenSearch Serverless collection "${name}" is reachable from the internet through network policy "${policy.name}" (AllowFromPublic true); allow only the landing zone's VPC endpoints (SourceVPCEs).`);
            }
        }
    }
    return problems;
}

function publicPolicyProblems(policy: StackResource): string[] {
    const document = parsePolicyDocument(policy.props.policy);
    if (document.kind !== "document") {
        return [];
    }
    const problems: string[] = [];
    document.statements.forEach((statement, index) => {
        if (statement.Effect !== "Allow") {
            return;
        }
        const principals = principalsOf(statement);
        const conditions = conditionEntries(statement);
        if (principals === "unknown" || conditions === "unknown") {
            return;
        }
        const everyone = (principals.AWS ?? []).includes("*");
        const scoped = conditions.some((entry) => scopingConditionKeys.includes(entry.key.toLowerCase()));
        if (everyone && !scoped) {
            problems.push(`vector bucket policy ${statementLabel(statement, index)} allows every AWS principal ("*") with no organization, account or VPC endpoint condition; the vectors would be public.`);
        }
    });
    return problems;
}

/**
 * Embeddings are derived from the source documents and can be inverted back to much of their text, so the vector
 * store gets the same protection as the data: a key the organization controls, and no public path.
 */
export const protectVectorStores: StackValidationPolicy = {
    name: "vector-stores-use-cmk-and-stay-private",
    description: "S3 Vectors buckets and indexes and OpenSearch Serverless collections are encrypted with a customer-managed KMS key and are not reachable publicly.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "data", "encryption", "network"],
    remediationSteps: "S3 Vectors: encryptionConfigurations [{ sseType: \"aws:kms\", kmsKeyArn }] on the vector bucket, and no bucket-policy statement allowing \"*\" without an aws:PrincipalOrgID or aws:SourceVpce condition. OpenSearch Serverless: an encryption security policy (or encryptionConfigs) with AWSOwnedKey false and KmsARN, and network policies with AllowFromPublic false and SourceVPCEs.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const buckets = resources.filter((r) => r.type === types.vectorBucket);
        for (const bucket of buckets) {
            const problem = kmsEncryptionProblem(bucket.props.encryptionConfigurations, `vector bucket ${show(bucket.props.vectorBucketName ?? bucket.name)}`, false);
            if (problem) {
                reportViolation(problem, bucket.urn);
            }
        }
        for (const index of resources.filter((r) => r.type === types.vectorIndex)) {
            const problem = kmsEncryptionProblem(index.props.encryptionConfigurations, `vector index ${show(index.props.indexName ?? index.name)}`, true);
            if (problem) {
                reportViolation(problem, index.urn);
            }
        }
        for (const policy of resources.filter((r) => r.type === types.vectorBucketPolicy)) {
            const target = buckets.find((bucket) => pointsAt(policy, "vectorBucketArn", policy.props.vectorBucketArn, bucket, [bucket.props.arn, bucket.props.vectorBucketArn]));
            for (const problem of publicPolicyProblems(policy)) {
                reportViolation(problem, target?.urn ?? policy.urn);
            }
        }
        const securityPolicies = resources.filter((r) => r.type === types.securityPolicy);
        for (const collection of resources.filter((r) => r.type === types.collection)) {
            for (const problem of collectionProblems(collection, securityPolicies)) {
                reportViolation(problem, collection.urn);
            }
        }
    },
};
