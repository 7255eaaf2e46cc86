import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AccountBaselineArgs {
    /** IAM account alias; globally unique, so derived from the name prefix, environment and role. */
    readonly accountAlias: string;
    /**
     * Regions the environment deploys into; region-scoped settings (EBS encryption, IAM Access Analyzer) are
     * applied in each through the resource-level `region` argument, so one provider serves the whole account.
     */
    readonly regions: readonly string[];
    /** Minimum IAM user password length. @default 14 */
    readonly minimumPasswordLength?: number;
    /** Days before an IAM user password expires. @default 90 */
    readonly maxPasswordAgeDays?: number;
}

/** Validates baseline arguments; returns every problem as a sentence naming the field, value and fix. */
export function accountBaselineProblems(args: AccountBaselineArgs): string[] {
    const problems: string[] = [];
    if (!/^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/.test(args.accountAlias) || args.accountAlias.length < 3 || args.accountAlias.length > 63) {
        problems.push(`accountAlias must be 3-63 lower-case letters, digits or single hyphens (got "${args.accountAlias}").`);
    }
    if (args.regions.length === 0) {
        problems.push("regions must list at least the primary region (got none).");
    }
    if (args.minimumPasswordLength !== undefined && (args.minimumPasswordLength < 14 || args.minimumPasswordLength > 128)) {
        problems.push(`minimumPasswordLength must be 14-128 (got ${args.minimumPasswordLength}); CIS requires at least 14.`);
    }
    return problems;
}

/**
 * The controls every member account gets, whatever its role: alias, IAM password policy, account-wide S3 public
 * access block, EBS encryption by default and an IAM Access Analyzer in each region it uses.
 */
export class AccountBaseline extends pulumi.ComponentResource {
    public readonly accountAlias: pulumi.Output<string>;
    public readonly analyzerArns: pulumi.Output<string[]>;

    constructor(name: string, args: AccountBaselineArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:account:Baseline", name, {}, opts);
        const problems = accountBaselineProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }

        const alias = new aws.iam.AccountAlias(`${name}-alias`, { accountAlias: args.accountAlias }, { parent: this });

        new aws.iam.AccountPasswordPolicy(`${name}-password-policy`, {
            minimumPasswordLength: args.minimumPasswordLength ?? 14,
            requireLowercaseCharacters: true,
            requireUppercaseCharacters: true,
            requireNumbers: true,
            requireSymbols: true,
            allowUsersToChangePassword: true,
            maxPasswordAge: args.maxPasswordAgeDays ?? 90,
            passwordReusePrevention: 24,
        }, { parent: this });

        // Account-wide, so a bucket policy or ACL mistake in any workload cannot make data public.
        new aws.s3.AccountPublicAccessBlock(`${name}-s3-public-access-block`, {
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, { parent: this });

        const analyzers = args.regions.map((region) => {
            new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption-${region}`, { region, enabled: true }, { parent: this });
            return new aws.accessanalyzer.Analyzer(`${name}-access-analyzer-${region}`, {
                region,
                analyzerName: `${args.accountAlias}-${region}`,
                type: "ACCOUNT",
            }, { parent: this });
        });

        this.accountAlias = alias.accountAlias;
        this.analyzerArns = pulumi.all(analyzers.map((a) => a.arn));
        this.registerOutputs({ accountAlias: this.accountAlias, analyzerArns: this.analyzerArns });
    }
}
