import { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";

interface Config {
    readonly additionalTypes: string[];
    readonly exemptResources: string[];
}

/** Resources whose deletion loses data or identity that no `pulumi up` can bring back. */
const statefulTypes = [
    "aws:organizations/account:Account",
    "aws:kms/key:Key",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket",
    "aws:opensearch/serverlessCollection:ServerlessCollection",
    "aws:dynamodb/table:Table",
];

const configSchema = {
    properties: {
        additionalTypes: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "More resource types (Pulumi type tokens) to treat as stateful.",
        },
        exemptResources: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Pulumi resource names exempt from protection, such as scratch data in dev.",
        },
    },
};

/**
 * `protect` is the only thing between a mistaken rename, replacement or `pulumi destroy` and the loss of an account,
 * a key (and everything encrypted with it) or a data store.
 */
export const protectStatefulResources: StackValidationPolicy = {
    name: "stateful-resources-are-protected",
    description: "Stateful resources (accounts, KMS keys, buckets, vector buckets, OpenSearch collections, DynamoDB tables) have the protect resource option set.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["resilience", "data"],
    remediationSteps: "Pass { protect: true } (and usually retainOnDelete: true) in the resource options. To delete such a resource deliberately, unprotect it in a reviewed change first.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const config = configOf<Config>(configSchema, args);
        const types = [...statefulTypes, ...config.additionalTypes];
        for (const resource of args.resources) {
            if (types.includes(resource.type) && !config.exemptResources.includes(resource.name) && resource.opts?.protect !== true) {
                reportViolation(`${resource.type} "${resource.name}" holds state that cannot be recreated but is not protected; set the resource option protect: true.`, resource.urn);
            }
        }
    },
};
