/**
 * Builds the DR inventory (accounts/drInventory.ts) from the program's resources, without creating any: each entry
 * is an output that resolves once the URNs, physical names and ARNs it names are known, so the environment stack can
 * export `drInventory: pulumi.Output<DrInventoryEntry[]>`.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    DrInventoryEntry,
    drInventoryEntrySchema,
    DrLocation,
    drResourceKinds,
    DrResourceKind,
    ReplicationMechanism,
    replicationMechanisms,
} from "../../accounts/drInventory";
import { isKnownRegion } from "../../accounts/regions";

/** Where one half of a pair lives: the resource's region, and outputs for the rest. */
export interface DrLocationInput {
    readonly region: string;
    /** URN of the custom resource the drill looks for (a component's URN only if all its children share a region). */
    readonly urn: pulumi.Input<string>;
    /** What the live drill finds it by in AWS: bucket name, key alias, table name, parameter name, `Name` tag, … */
    readonly physicalName: pulumi.Input<string>;
    readonly arn?: pulumi.Input<string>;
}

export interface DrInventoryEntryArgs {
    readonly kind: DrResourceKind;
    /** Account key within the environment: `genai`, `data`, `app-chat`. */
    readonly account: string;
    /** What it is, for reports: "knowledge-base documents bucket". */
    readonly description: string;
    readonly primary: DrLocationInput;
    /** Null when the resource has no replica (DR off): a drill reports it as not ready. */
    readonly replica: DrLocationInput | null;
    readonly mechanism: ReplicationMechanism;
    /** The replication's own objective in minutes, e.g. 15 for S3 Replication Time Control. @default none */
    readonly targetMinutes?: number;
}

export function drInventoryEntryProblems(args: DrInventoryEntryArgs): string[] {
    const problems: string[] = [];
    const at = `DR inventory entry ${args.account}/${args.kind}`;
    if (!(drResourceKinds as readonly string[]).includes(args.kind)) {
        problems.push(`${at}: kind must be one of ${drResourceKinds.join(", ")} (got "${args.kind}").`);
    }
    if (!(replicationMechanisms as readonly string[]).includes(args.mechanism)) {
        problems.push(`${at}: mechanism must be one of ${replicationMechanisms.join(", ")} (got "${args.mechanism}").`);
    }
    if (args.account.length === 0) {
        problems.push(`${at}: account must be an account key such as "genai" or "app-chat" (got "").`);
    }
    for (const [field, location] of [["primary", args.primary], ["replica", args.replica]] as const) {
        if (location && !isKnownRegion(location.region)) {
            problems.push(`${at}: ${field}.region must be an AWS region name such as "us-west-2" (got "${location.region}").`);
        }
    }
    if (args.replica && args.replica.region === args.primary.region) {
        problems.push(`${at}: replica.region must differ from primary.region (both "${args.primary.region}"); a replica in the same region does not survive its loss.`);
    }
    const minutes = args.targetMinutes;
    if (minutes !== undefined && (!Number.isFinite(minutes) || minutes <= 0)) {
        problems.push(`${at}: targetMinutes must be a positive number of minutes (got ${minutes}).`);
    }
    return problems;
}

function location(input: DrLocationInput): pulumi.Output<DrLocation> {
    return pulumi.all([input.urn, input.physicalName, input.arn]).apply(([urn, physicalName, arn]) => ({
        region: input.region,
        urn,
        physicalName,
        ...(arn ? { arn } : {}),
    }));
}

/**
 * One entry of the inventory. Its fields are checked before any output is awaited; the resolved entry is checked
 * against the contract's schema, so a resource whose physical name resolves empty fails the program rather than the
 * drill.
 */
export function drInventoryEntry(args: DrInventoryEntryArgs): pulumi.Output<DrInventoryEntry> {
    const problems = drInventoryEntryProblems(args);
    if (problems.length > 0) {
        throw new Error(problems.join(" "));
    }
    const replica = args.replica ? location(args.replica) : pulumi.output(null);
    return pulumi.all([location(args.primary), replica]).apply(([primary, replicaLocation]) => drInventoryEntrySchema.parse({
        kind: args.kind,
        account: args.account,
        description: args.description,
        primary,
        replica: replicaLocation,
        replication: { mechanism: args.mechanism, ...(args.targetMinutes !== undefined ? { targetMinutes: args.targetMinutes } : {}) },
    }));
}

/** The stack output: every entry, in the order given. */
export function drInventory(entries: readonly pulumi.Output<DrInventoryEntry>[]): pulumi.Output<DrInventoryEntry[]> {
    return pulumi.all([...entries]);
}
