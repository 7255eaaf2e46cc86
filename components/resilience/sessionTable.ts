import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isKnownRegion } from "../../accounts/regions";
import { multiRegionKeyArnProblems, regionPairProblems, replicaKeyArnProblems } from "./validation";

/** The table's key schema and TTL attribute: the contract applications write against. */
export const sessionTableAttributes = {
    /** Partition key (string), such as `tenant#<id>#session#<id>`. */
    partitionKey: "pk",
    /** Sort key (string), such as `turn#<n>`. */
    sortKey: "sk",
    /** Epoch seconds after which DynamoDB deletes the item (TTL deletions replicate like any delete). */
    timeToLive: "expiresAt",
} as const;

export interface SessionTableArgs {
    /** Region of the table (the primary region). */
    readonly region: string;
    /** Explicit, deterministic table name; the same in every region of a global table. */
    readonly tableName: string;
    /** The customer-managed multi-region key that encrypts the table in `region`. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * Region of the global table's replica; with `replicaKmsKeyArn`, or neither for an environment without DR (the
     * stream stays on, so a replica can be added later without changing the table).
     * @default no replica
     */
    readonly drRegion?: string;
    /** The key's replica in `drRegion`, which encrypts the replica (DynamoDB needs a key in each replica's region). */
    readonly replicaKmsKeyArn?: pulumi.Input<string>;
    /** Protect the table and retain it if removed from the program. @default true */
    readonly protect?: boolean;
}

export function sessionTableProblems(args: SessionTableArgs): string[] {
    const problems: string[] = [];
    if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(args.tableName)) {
        problems.push(`tableName must be 3-255 letters, digits, _, . or - (got "${args.tableName}").`);
    }
    if (args.drRegion === undefined) {
        if (args.replicaKmsKeyArn !== undefined) {
            problems.push("replicaKmsKeyArn must come with drRegion (got a replica key and no drRegion); set drRegion or remove replicaKmsKeyArn.");
        }
        if (!isKnownRegion(args.region)) {
            problems.push(`region must be an AWS region name such as "us-east-1" (got "${args.region}").`);
        }
        return problems;
    }
    const regionProblems = regionPairProblems("region", args.region, "drRegion", args.drRegion);
    problems.push(...regionProblems);
    if (args.replicaKmsKeyArn === undefined) {
        problems.push(`replicaKmsKeyArn must be given with drRegion (got drRegion "${args.drRegion}" and no replica key); pass the ReplicaKey's keyArn in ${args.drRegion}.`);
    }
    // Keys are checked against the regions only when the regions themselves are right.
    if (regionProblems.length === 0) {
        problems.push(...multiRegionKeyArnProblems("kmsKeyArn", args.kmsKeyArn, args.region, "for a global table"));
        problems.push(...replicaKeyArnProblems("replicaKmsKeyArn", args.replicaKmsKeyArn, args.drRegion, "kmsKeyArn", args.kmsKeyArn));
    }
    return problems;
}

/** The replica's ARN: a global table has the same name, account and path in every region. */
export function replicaTableArn(tableArn: string, drRegion: string): string {
    const parts = tableArn.split(":");
    return [...parts.slice(0, 3), drRegion, ...parts.slice(4)].join(":");
}

/**
 * Session and conversation state of an application account: a DynamoDB table (on demand, TTL, point-in-time
 * recovery, deletion protection, encrypted with a customer-managed multi-region key) and, when DR is on, its replica
 * in the DR region (global tables version 2019.11.21, replicating both ways) with the same protections under the
 * key's replica. Removing a replica is an update of the table, which `protect` does not stop; the replica's own
 * deletion protection does.
 */
export class SessionTable extends pulumi.ComponentResource {
    public readonly tableName: pulumi.Output<string>;
    public readonly tableArn: pulumi.Output<string>;
    public readonly streamArn: pulumi.Output<string>;
    /** The replica's ARN in the DR region; undefined without a replica. */
    public readonly replicaTableArn: pulumi.Output<string> | undefined;
    /** URN of the `aws.dynamodb.Table` (which declares its replica), for the DR inventory. */
    public readonly tableUrn: pulumi.Output<string>;

    constructor(name: string, args: SessionTableArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:resilience:SessionTable", name, {}, opts);
        const problems = sessionTableProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const protect = args.protect ?? true;
        const { partitionKey, sortKey, timeToLive } = sessionTableAttributes;
        const drRegion = args.drRegion;

        const table = new aws.dynamodb.Table(`${name}-table`, {
            region: args.region,
            name: args.tableName,
            billingMode: "PAY_PER_REQUEST",
            hashKey: partitionKey,
            rangeKey: sortKey,
            attributes: [
                { name: partitionKey, type: "S" },
                { name: sortKey, type: "S" },
            ],
            ttl: { enabled: true, attributeName: timeToLive },
            // The longest window DynamoDB offers; the replica's (a flag only) is AWS's default, also 35 days.
            pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 35 },
            deletionProtectionEnabled: true,
            serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
            // Global tables replicate through the stream, and need both images.
            streamEnabled: true,
            streamViewType: "NEW_AND_OLD_IMAGES",
            replicas: drRegion === undefined ? undefined : [{
                regionName: drRegion,
                kmsKeyArn: args.replicaKmsKeyArn!,
                pointInTimeRecovery: true,
                deletionProtectionEnabled: true,
                // Cost allocation and ownership tags follow the table to its replica.
                propagateTags: true,
            }],
        }, { parent: this, protect, retainOnDelete: protect });

        this.tableName = table.name;
        this.tableArn = table.arn;
        this.streamArn = table.streamArn;
        this.replicaTableArn = drRegion === undefined ? undefined : table.arn.apply((arn) => replicaTableArn(arn, drRegion));
        this.tableUrn = table.urn;
        this.registerOutputs({
            tableName: this.tableName,
            tableArn: this.tableArn,
            streamArn: this.streamArn,
            replicaTableArn: this.replicaTableArn,
            tableUrn: this.tableUrn,
        });
    }
}
