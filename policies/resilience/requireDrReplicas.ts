import { StackValidationPolicy } from "@pulumi/policy";
import { bucketIdentifiers, bucketLabel, isBucket, settingsOf } from "../lib/buckets";
import { configOf } from "../lib/config";
import { asList, at, block, containsUnknown, isKnownString } from "../lib/props";
import { accountRoleOf, notKnown, pointsAt, regionOf, StackResource, stackResources } from "../lib/resources";

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
            const target = buckets.find((b) => pointsAt(replication, "rules", destination, b, bucketIdentifiers(b)));
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

/**
 * An environment that declares a DR region must be able to recover its data there: each critical store in the
 * primary region has a copy that replication keeps current.
 */
export const requireDrReplicas: StackValidationPolicy = {
    name: "critical-data-replicated-to-dr-region",
    description: "In environments that require DR, each critical data store (S3 buckets of data accounts, DynamoDB tables) has a replica in the DR region.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["resilience", "dr", "data"],
    remediationSteps: "S3: add aws.s3.BucketReplicationConfig with an Enabled rule whose destination is a versioned bucket created in drRegion. DynamoDB: add a replicas entry with regionName drRegion (global table).",
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
        const critical = (r: StackResource) => {
            const role = accountRoleOf(r.provider);
            return role !== notKnown && role !== undefined && config.criticalAccountRoles.includes(role);
        };
        for (const resource of resources) {
            const region = regionOf(resource.type, resource.props, resource.provider);
            if (region === notKnown || region === drRegion) {
                continue;
            }
            if (isBucket(resource) && critical(resource)) {
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
        }
    },
};
