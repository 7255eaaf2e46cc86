import { StackValidationPolicy } from "@pulumi/policy";
import { asList, at, block, containsUnknown, isKnownString } from "../lib/props";
import { bucketEncryptionTypes as encryptionTypes, bucketReplicationType as replicationType, dynamoDbTableType as tableType, replicaKeyType, replicaKmsKeyIdOf } from "../lib/replication";
import { StackResource, stackResources } from "../lib/resources";


function regionOfArn(arn: string): string | undefined {
    return /^arn:[^:]+:kms:([^:]+):/.exec(arn)?.[1];
}

interface Replication {
    readonly user: StackResource;
    readonly what: string;
    /** The key that encrypts the source. */
    readonly sourceKey: unknown;
    /** The key named for the copy in the other region. */
    readonly replicaKey: unknown;
    readonly region: unknown;
}

function replications(resources: readonly StackResource[]): Replication[] {
    const found: Replication[] = [];
    for (const r of resources) {
        if (r.type === tableType) {
            const sourceKey = at(block(r.props.serverSideEncryption), "kmsKeyArn");
            asList(r.props.replicas).forEach((replica, index) => {
                found.push({ user: r, what: `table "${r.name}" replicas[${index}]`, sourceKey, replicaKey: at(replica, "kmsKeyArn"), region: at(replica, "regionName") });
            });
        }
        if (r.type === replicationType) {
            const encryption = resources.find((e) => encryptionTypes.includes(e.type) && isKnownString(e.props.bucket) && e.props.bucket === r.props.bucket);
            const sourceKey = at(block(asList(encryption?.props.rules)[0]), "applyServerSideEncryptionByDefault.kmsMasterKeyId");
            asList(r.props.rules).forEach((rule, index) => {
                const replicaKey = replicaKmsKeyIdOf(rule);
                found.push({ user: r, what: `replication "${r.name}" rules[${index}]`, sourceKey, replicaKey, region: isKnownString(replicaKey) ? regionOfArn(replicaKey) : undefined });
            });
        }
    }
    return found;
}

/**
 * Replicated data can only be read in the DR region with a key that is there before it is needed: the copy's key
 * must be the DR-region replica of the source's multi-region key, created by the stack, not a key of its own.
 */
export const requireDrReplicaKeys: StackValidationPolicy = {
    name: "replicated-keys-have-dr-replicas",
    description: "Every key that encrypts replicated data (S3 replication sources, DynamoDB global tables) has its replica key in the destination region, and the copy is encrypted with that replica.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["kms", "resilience", "dr"],
    remediationSteps: "Create an aws.kms.ReplicaKey of the source's multi-region key in the destination region (resource-level `region`) and name it as the replica's key: replicaKmsKeyId for S3, replicas[].kmsKeyArn for DynamoDB.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const replicaKeys = resources.filter((r) => r.type === replicaKeyType);
        for (const replication of replications(resources)) {
            if (containsUnknown([replication.sourceKey, replication.replicaKey, replication.region])) {
                continue;
            }
            if (!isKnownString(replication.sourceKey)) {
                continue; // Not encrypted with a customer-managed key: other policies judge that.
            }
            if (!isKnownString(replication.replicaKey)) {
                reportViolation(`${replication.what} names no key for the copy in ${String(replication.region)}; it must be the replica of ${replication.sourceKey} in that region.`, replication.user.urn);
                continue;
            }
            const replica = replicaKeys.find((k) => k.props.arn === replication.replicaKey || k.props.keyId === replication.replicaKey || k.props.id === replication.replicaKey);
            if (!replica) {
                reportViolation(`${replication.what} encrypts the copy in ${String(replication.region)} with ${replication.replicaKey}, which is not a replica key of this stack; create an aws.kms.ReplicaKey of ${replication.sourceKey} in ${String(replication.region)} and use it.`, replication.user.urn);
                continue;
            }
            if (isKnownString(replica.props.primaryKeyArn) && replica.props.primaryKeyArn !== replication.sourceKey) {
                reportViolation(`${replication.what} encrypts the copy with replica key "${replica.name}", a replica of ${replica.props.primaryKeyArn}, not of the source's key ${replication.sourceKey}.`, replication.user.urn);
            }
            const replicaRegion = isKnownString(replica.props.region) ? replica.props.region : isKnownString(replica.props.arn) ? regionOfArn(replica.props.arn) : undefined;
            if (replicaRegion && isKnownString(replication.region) && replicaRegion !== replication.region) {
                reportViolation(`${replication.what} copies to ${replication.region} but its replica key "${replica.name}" is in ${replicaRegion}.`, replication.user.urn);
            }
        }
    },
};
