import { StackValidationPolicy } from "@pulumi/policy";
import { accessLogTargets, bucketIdentifiers, bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { configOf } from "../lib/config";
import { asList, at, block, containsUnknown, isKnownString } from "../lib/props";
import { accountKey, accountRoleOf, notKnown, pointsAt, regionOf, StackResource, stackResources } from "../lib/resources";

interface Config {
    readonly drRequired: boolean;
    readonly drRegion?: string;
    readonly criticalAccountRoles: string[];
}

const configSchema = {
    properties: {
        drRequired: {
            type: "boolean" as const,
            default: false,
            description: "Whether the environment must keep a replica of each critical data store in drRegion.",
        },
        drRegion: {
            type: "string" as const,
            description: "The environment's DR region (landing-zone:environment.drRegion).",
        },
        criticalAccountRoles: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["data"],
            description: "Values of the providers' `account-role` default tag whose data stores are critical.",
        },
    },
};

const tableType = "aws:dynamodb/table:Table";
const replicationType = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

/**
 * Vector stores, with the argument that names each. Neither S3 Vectors nor OpenSearch Serverless replicates across
 * regions; the DR region gets a store of the same kind, and the knowledge base there re-ingests the replicated
 * documents into it.
 */
const vectorStoreKinds: Readonly<Record<string, { readonly what: string; readonly nameProperty: string }>> = {
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket": { what: "S3 Vectors vector bucket", nameProperty: "vectorBucketName" },
    "aws:opensearch/serverlessCollection:ServerlessCollection": { what: "OpenSearch Serverless collection", nameProperty: "name" },
};

/** The bucket a replication destination ARN names (`arn:<partition>:s3:::<bucket>`), when it is one. */
function bucketNameOfArn(value: unknown): string | undefined {
    return isKnownString(value) ? /^arn:[^:]+:s3:::([^/]+)$/.exec(value)?.[1] : undefined;
}

function bucketReplicatedTo(bucket: StackResource, resources: readonly StackResource[], drRegion: string): boolean | "unknown" {
    const buckets = resources.filter(isBucket);
    let unknown = false;
    for (const replication of settingsOf(resources, [replicationType], bucket)) {
        for (const rule of asList(replication.props.rules)) {
            if (containsUnknown(at(rule, "status"))) {
                unknown = true;
                continue;
            }
            if (at(rule, "status") !== "Enabled") {
                continue;
            }
            const destination = at(block(at(rule, "destination")), "bucket");
            if (containsUnknown(destination)) {
                unknown = true;
                continue;
            }
            // The destination is an ARN; a bucket of the stack matches it by ARN, or by name while its ARN is not known.
            const destinationName = bucketNameOfArn(destination);
            const target = buckets.find((b) => pointsAt(replication, "rules", destination, b, bucketIdentifiers(b))
                || (destinationName !== undefined && isKnownString(b.props.bucket) && b.props.bucket === destinationName));
            if (!target) {
                // A destination outside this stack: its region cannot be seen from here.
                unknown = true;
                continue;
            }
            const region = regionOf(target.type, target.props, target.provider);
            if (region === drRegion) {
                return true;
            }
            if (region === notKnown) {
                unknown = true;
            }
        }
    }
    return unknown ? "unknown" : false;
}

/** Whether a store of the same kind exists in `drRegion` in the same account as `store`. */
function vectorStoreInDrRegion(store: StackResource, resources: readonly StackResource[], drRegion: string): boolean | "unknown" {
    const account = accountKey(store);
    if (account === undefined) {
        // No provider to tell the account by: which stores share it is not known.
        return "unknown";
    }
    let unknown = false;
    for (const candidate of resources) {
        if (candidate === store || candidate.type !== store.type || accountKey(candidate) !== account) {
            continue;
        }
        const region = regionOf(candidate.type, candidate.props, candidate.provider);
        if (region === drRegion) {
            return true;
        }
        if (region === notKnown) {
            unknown = true;
        }
    }
    return unknown ? "unknown" : false;
}

/**
 * An environment that declares a DR region must be able to recover its data there: each critical store in the
 * primary region has a copy that replication keeps current, or, for vector stores (which no AWS service replicates
 * across regions), a store of the same kind that the DR region's knowledge base rebuilds from the replicated documents.
 * Server access log buckets are left out: their logs are audit evidence of requests made in the primary region, not
 * data the AI tier restores to serve from the DR region (and they stay readable where they are). KMS keys are judged
 * by kms-keys-of-replicated-data-are-multi-region.
 */
export const requireDrReplicas: StackValidationPolicy = {
    name: "critical-data-replicated-to-dr-region",
    description: "In environments that require DR, each critical data store has a copy in the DR region: S3 buckets of data accounts replicate to a bucket there, DynamoDB tables have a replica there, and S3 Vectors buckets and OpenSearch Serverless collections have a store of the same kind there in the same account (rebuilt from the replicated documents). Server access log destinations are exempt: they are audit evidence of the primary region, not data the AI tier restores.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["resilience", "dr", "data"],
    remediationSteps: "S3: add aws.s3.BucketReplicationConfig with an Enabled rule whose destination is a versioned bucket created in drRegion. DynamoDB: add a replicas entry with regionName drRegion (global table). Vector stores: create a vector store of the same kind in drRegion in the same account, with a knowledge base that ingests the replicated documents.",
    configSchema,
    validateStack: (args, reportViolation) => {
        const config = configOf<Config>(configSchema, args);
        if (!config.drRequired) {
            return;
        }
        if (!config.drRegion) {
            reportViolation("drRequired is true but drRegion is not set; set drRegion in the environment's policy config.");
            return;
        }
        const drRegion = config.drRegion;
        const resources = stackResources(args.resources);
        const logTargets = accessLogTargets(resources);
        const critical = (r: StackResource) => {
            const role = accountRoleOf(r.provider);
            return role !== notKnown && role !== undefined && config.criticalAccountRoles.includes(role);
        };
        for (const resource of resources) {
            const region = regionOf(resource.type, resource.props, resource.provider);
            if (region === notKnown || region === drRegion) {
                continue;
            }
            if (isBucket(resource) && critical(resource) && !logTargets.urns.has(resource.urn) && !logTargets.unresolved) {
                if (bucketReplicatedTo(resource, resources, drRegion) === false) {
                    reportViolation(`${bucketLabel(resource)} has no replica in the DR region ${drRegion}; add aws.s3.BucketReplicationConfig to a bucket created there.`, resource.urn);
                }
            }
            if (resource.type === tableType) {
                if (containsUnknown(resource.props.replicas)) {
                    continue;
                }
                const regions = asList(resource.props.replicas).map((replica) => at(replica, "regionName"));
                if (!regions.includes(drRegion) && !regions.some(containsUnknown)) {
                    const name = isKnownString(resource.props.name) ? resource.props.name : resource.name;
                    reportViolation(`DynamoDB table "${name}" has no replica in the DR region ${drRegion}; add a replicas entry with regionName "${drRegion}".`, resource.urn);
                }
            }
            const vectorStore = vectorStoreKinds[resource.type];
            if (vectorStore && vectorStoreInDrRegion(resource, resources, drRegion) === false) {
                const nameValue = resource.props[vectorStore.nameProperty];
                const name = isKnownString(nameValue) ? nameValue : resource.name;
                reportViolation(`${vectorStore.what} "${name}" has no ${vectorStore.what} in the DR region ${drRegion} in the same account; create one there and rebuild its vectors from the replicated documents.`, resource.urn);
            }
        }
    },
};
