import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { PolicyStatement } from "../organization/policyDocuments";
import { keyPolicy } from "./keyPolicies";

export interface EncryptionKeyArgs {
    /** Region the key lives in; keys are regional, so each region the data lives in gets its own. */
    readonly region: string;
    /** The account that owns and administers the key. */
    readonly accountId: pulumi.Input<string>;
    readonly description: string;
    /** `alias/…` name, so that operators and drills find the key without its ID. */
    readonly aliasName: string;
    /** Statements letting AWS services use the key, after the account's own administration statement. @default none */
    readonly serviceStatements?: pulumi.Input<PolicyStatement[]>;
    /** Protect the key from deletion and retain it if removed from the program. @default true */
    readonly protect?: boolean;
    /**
     * A multi-region primary key, which an `aws.kms.ReplicaKey` can copy to the DR region. Fixed at creation: a
     * single-region key cannot be converted, only replaced by a new key. @default false (not passed to AWS, so keys
     * created before this setting existed show no diff)
     */
    readonly multiRegion?: boolean;
}

/** A KMS alias name: `alias/…`, not reserved by AWS. The one check every key and replica key's alias goes through. */
export function aliasNameProblems(field: string, aliasName: string): string[] {
    return !/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(aliasName) || aliasName.startsWith("alias/aws/")
        ? [`${field} must be "alias/" followed by letters, digits, /, _ or - and not start with "alias/aws/" (got "${aliasName}").`]
        : [];
}

export function encryptionKeyProblems(args: EncryptionKeyArgs): string[] {
    return aliasNameProblems("aliasName", args.aliasName);
}

/**
 * A customer-managed KMS key with yearly rotation and the longest deletion window, so that a key scheduled for
 * deletion by mistake can be recovered for 30 days. Data encrypted under a deleted key is lost, hence protection.
 */
export class EncryptionKey extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;
    /** URN of the `aws.kms.Key`, for the DR inventory. */
    public readonly keyUrn: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:EncryptionKey", name, {}, opts);
        const problems = encryptionKeyProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const protect = args.protect ?? true;
        const partition = partitionOf(args.region);
        const key = new aws.kms.Key(`${name}-key`, {
            region: args.region,
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            ...(args.multiRegion !== undefined ? { multiRegion: args.multiRegion } : {}),
            policy: pulumi.all([args.accountId, args.serviceStatements ?? []]).apply(([accountId, statements]) =>
                JSON.stringify(keyPolicy(partition, accountId, statements as PolicyStatement[]))),
        }, { parent: this, protect, retainOnDelete: protect });
        const alias = new aws.kms.Alias(`${name}-alias`, {
            region: args.region,
            name: args.aliasName,
            targetKeyId: key.keyId,
        }, { parent: this });

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.keyUrn = key.urn;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName, keyUrn: this.keyUrn });
    }
}
