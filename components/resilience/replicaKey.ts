import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../organization/policyDocuments";
import { aliasNameProblems, kmsKeyArnParts, multiRegionKeyArnProblems } from "./validation";

export interface ReplicaKeyArgs {
    /** The DR region the replica lives in (set on the key and its alias, so the account's one provider serves it). */
    readonly region: string;
    /**
     * ARN of the multi-region primary key (`multiRegion: true`) in another region of the same account. A replica
     * shares the primary's key material and rotation, so data encrypted in one region decrypts in the other.
     */
    readonly primaryKeyArn: pulumi.Input<string>;
    readonly description: string;
    /**
     * The primary key's alias. Aliases are regional and not replicated, so the replica gets the same name in its
     * region: applications and drills find "the documents key" by one name wherever they run.
     */
    readonly aliasName: string;
    /**
     * The replica's key policy. Key policies are not replicated either; pass the primary's policy rebuilt for the DR
     * region (conditions such as `kms:ViaService s3.<region>` and bucket ARNs name the DR region's resources).
     */
    readonly policy: pulumi.Input<PolicyDocument>;
    /** Protect the replica from deletion and retain it (and its alias) if removed from the program. @default true */
    readonly protect?: boolean;
}

export function replicaKeyProblems(args: ReplicaKeyArgs): string[] {
    const problems = aliasNameProblems("aliasName", args.aliasName);
    if (typeof args.primaryKeyArn === "string") {
        const primary = kmsKeyArnParts(args.primaryKeyArn);
        if (!primary) {
            problems.push(`primaryKeyArn must be the ARN of a key in the primary region such as "arn:aws:kms:us-east-1:123456789012:key/mrk-…" (got "${args.primaryKeyArn}").`);
        } else {
            problems.push(...multiRegionKeyArnProblems("primaryKeyArn", args.primaryKeyArn, primary.region, "to be replicated"));
            if (primary.region === args.region) {
                problems.push(`primaryKeyArn must be a key in another region than the replica's region ${args.region} (got "${args.primaryKeyArn}"); KMS allows one copy of a key per region.`);
            }
        }
    }
    return problems;
}

/**
 * The DR region's copy of a multi-region KMS key: an `aws.kms.ReplicaKey` with the longest deletion window and an alias
 * of the same name as the primary's. Data replicated under the primary key (S3 objects, DynamoDB items) is encrypted
 * with this key in the DR region; deleting it loses that data, hence protection.
 */
export class ReplicaKey extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    /** The same `mrk-…` ID as the primary's. */
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;
    /** URN of the `aws.kms.ReplicaKey`, for the DR inventory. */
    public readonly replicaKeyUrn: pulumi.Output<string>;

    constructor(name: string, args: ReplicaKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:resilience:ReplicaKey", name, {}, opts);
        const problems = replicaKeyProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const protect = args.protect ?? true;
        const key = new aws.kms.ReplicaKey(`${name}-key`, {
            region: args.region,
            primaryKeyArn: args.primaryKeyArn,
            description: args.description,
            // The longest window: a deletion scheduled by mistake can be cancelled for 30 days.
            deletionWindowInDays: 30,
            enabled: true,
            policy: pulumi.output(args.policy).apply((policy) => JSON.stringify(policy)),
        }, { parent: this, protect, retainOnDelete: protect });
        const alias = new aws.kms.Alias(`${name}-alias`, {
            region: args.region,
            name: args.aliasName,
            targetKeyId: key.keyId,
        }, { parent: this, retainOnDelete: protect });

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.replicaKeyUrn = key.urn;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName, replicaKeyUrn: this.replicaKeyUrn });
    }
}
