import * as pulumi from "@pulumi/pulumi";
import { PrivateNetwork, PrivateNetworkArgs } from "../network/privateNetwork";
import { BucketReplication, BucketReplicationArgs } from "../resilience/bucketReplication";
import { ReplicaKey, ReplicaKeyArgs } from "../resilience/replicaKey";
import { DocumentStore, DocumentStoreArgs } from "./documentStore";

/** The DR region's documents: the primary key's replica, and the primary bucket replicated into a bucket here. */
export interface DocumentsReplicaArgs {
    readonly key: Omit<ReplicaKeyArgs, "region" | "protect">;
    /** The replication from the primary region's bucket (`region` is the source's); its replica key is the one above. */
    readonly replication: Omit<BucketReplicationArgs, "drRegion" | "replicaKeyArn" | "protect">;
}

export interface DataRegionArgs {
    /** The region this slice lands in: the primary region or the DR region. */
    readonly region: string;
    /**
     * Prefix of the children's names, which end in the region (`<prefix>-documents-<region>`,
     * `<prefix>-network-<region>`). The names predate this component; the children's aliases keep their URNs.
     */
    readonly childNamePrefix: string;
    /** The documents' source store (key, documents and access-log buckets): the primary region's. */
    readonly documents?: Omit<DocumentStoreArgs, "region" | "protect">;
    /** A replica of the source store: the DR region's. Exactly one of `documents` and `replica` is set. */
    readonly replica?: DocumentsReplicaArgs;
    /** The account's private network in this region (S3 gateway; KMS, STS and Logs interface endpoints; flow logs). */
    readonly network: Omit<PrivateNetworkArgs, "region" | "protect">;
    /** Protect and retain the keys, buckets and flow logs. @default true */
    readonly protect?: boolean;
}

/** Every problem with the args, as messages naming the field and the fix. */
export function dataRegionProblems(args: DataRegionArgs): string[] {
    if ((args.documents === undefined) === (args.replica === undefined)) {
        return [`documents or replica: exactly one must be set for ${args.region} (got ${args.documents ? "both" : "neither"}); the primary region holds the source store, the DR region its replica`];
    }
    if (args.replica && args.replica.replication.region === args.region) {
        return [`replica.replication.region must be the source bucket's region, not ${args.region} where the replica lands`];
    }
    return [];
}

/**
 * The data account's slice of one region: the knowledge base's documents (the source store in the primary region, its
 * replica in the DR region) and the account's private network. The primary and the DR region are two instances of
 * this component; what differs between them is an argument.
 */
export class DataRegion extends pulumi.ComponentResource {
    public readonly region: string;
    /** The documents bucket of this region (the replica bucket in DR) and the key its objects are encrypted with. */
    public readonly documentsBucketName: pulumi.Output<string>;
    public readonly documentsBucketArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;
    /** The source store, in the primary region. */
    public readonly store?: DocumentStore;
    /** The replica key and the replication, in the DR region. */
    public readonly replicaKey?: ReplicaKey;
    public readonly replication?: BucketReplication;
    public readonly network: PrivateNetwork;

    constructor(name: string, args: DataRegionArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:data:Region", name, {}, opts);
        const problems = dataRegionProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join("; "), this);
        }
        const { region, childNamePrefix: prefix } = args;
        const protect = args.protect ?? true;
        // The children were the stack's own before this component existed: the alias to the stack keeps their URNs.
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };

        if (args.documents) {
            this.store = new DocumentStore(`${prefix}-documents-${region}`, { ...args.documents, region, protect }, childOpts);
            this.documentsBucketName = this.store.documentsBucketName;
            this.documentsBucketArn = this.store.documentsBucketArn;
            this.keyArn = this.store.keyArn;
        } else {
            const replica = args.replica!;
            this.replicaKey = new ReplicaKey(`${prefix}-documents-key-${region}`, { ...replica.key, region, protect }, childOpts);
            this.replication = new BucketReplication(`${prefix}-documents-replication-${region}`, {
                ...replica.replication, drRegion: region, replicaKeyArn: this.replicaKey.keyArn, protect,
            }, childOpts);
            this.documentsBucketName = this.replication.replicaBucketName;
            this.documentsBucketArn = this.replication.replicaBucketArn;
            this.keyArn = this.replicaKey.keyArn;
        }
        this.network = new PrivateNetwork(`${prefix}-network-${region}`, { ...args.network, region, protect }, childOpts);
        this.region = region;
        this.vpcId = this.network.vpcId;
        this.registerOutputs({
            documentsBucketName: this.documentsBucketName,
            documentsBucketArn: this.documentsBucketArn,
            keyArn: this.keyArn,
            vpcId: this.vpcId,
        });
    }
}
