import { StackValidationPolicy } from "@pulumi/policy";
import { bucketIdentifiers, isBucket } from "../lib/buckets";
import { asList, at, block, containsUnknown, isKnownString } from "../lib/props";
import { bucketEncryptionTypes as encryptionTypes, bucketReplicationType as replicationType, dynamoDbTableType as tableType, replicaKeyType, replicaKmsKeyIdOf } from "../lib/replication";
import { pointsAt, StackResource, stackResources } from "../lib/resources";

const keyType = "aws:kms/key:Key";

interface KeyUse {
    readonly user: StackResource;
    readonly property: string;
    readonly value: unknown;
    readonly why: string;
}

/** Where replicated data names its key: replica keys, global tables, and both ends of S3 replication. */
function keyUses(resources: readonly StackResource[]): KeyUse[] {
    const uses: KeyUse[] = [];
    for (const r of resources) {
        if (r.type === replicaKeyType) {
            uses.push({ user: r, property: "primaryKeyArn", value: r.props.primaryKeyArn, why: `replica key "${r.name}" replicates it` });
        }
        if (r.type === tableType && asList(r.props.replicas).length > 0) {
            uses.push({ user: r, property: "serverSideEncryption", value: at(block(r.props.serverSideEncryption), "kmsKeyArn"), why: `table "${r.name}" replicates to other regions` });
        }
        if (r.type === replicationType) {
            asList(r.props.rules).forEach((rule) => {
                const destinationKey = replicaKmsKeyIdOf(rule);
                uses.push({ user: r, property: "rules", value: destinationKey, why: `replication "${r.name}" encrypts replicas with it` });
            });
            const source = resources.find((b) => isBucket(b) && pointsAt(r, "bucket", r.props.bucket, b, bucketIdentifiers(b)));
            for (const encryption of resources.filter((e) => encryptionTypes.includes(e.type) && source && pointsAt(e, "bucket", e.props.bucket, source, bucketIdentifiers(source)))) {
                for (const rule of asList(encryption.props.rules)) {
                    const key = at(block(at(rule, "applyServerSideEncryptionByDefault")), "kmsMasterKeyId");
                    uses.push({ user: encryption, property: "rules", value: key, why: `bucket "${source!.name}" it encrypts is replicated by "${r.name}"` });
                }
            }
        }
    }
    return uses;
}

/**
 * Data replicated for disaster recovery is only recoverable in the DR region if its key is there too: a
 * multi-region key's replica shares the key material, a single-region key cannot follow the data.
 */
export const requireMultiRegionKeys: StackValidationPolicy = {
    name: "kms-keys-of-replicated-data-are-multi-region",
    description: "KMS keys that encrypt replicated data (replica keys' primaries, DynamoDB global tables, S3 replication sources and destinations) are multi-region keys.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["kms", "resilience", "dr"],
    remediationSteps: "Create the key with multiRegion: true and an aws.kms.ReplicaKey in the DR region; multiRegion cannot be changed on an existing key, so replacing it means re-encrypting the data.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const keys = resources.filter((r) => r.type === keyType);
        const uses = keyUses(resources);
        for (const key of keys) {
            if (key.props.multiRegion === true || containsUnknown(key.props.multiRegion)) {
                continue;
            }
            const identifiers = [key.props.arn, key.props.id, key.props.keyId];
            const why = uses.filter((use) => (isKnownString(use.value) || containsUnknown(use.value)) && pointsAt(use.user, use.property, use.value, key, identifiers));
            if (why.length > 0) {
                reportViolation(`KMS key "${key.name}" encrypts replicated data (${why.map((w) => w.why).join("; ")}) but is not multi-region; create it with multiRegion: true.`, key.urn);
            }
        }
    },
};
