import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { trailKeyPrefix } from "../../accounts/securityNames";

export interface OrganizationTrailArgs {
    /** Home region of the trail; it records every region. */
    readonly region: string;
    readonly trailName: string;
    /** The log-archive account's bucket and key. */
    readonly bucketName: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * ARN prefixes of the objects whose reads and writes are recorded as data events (the documents buckets):
     * `arn:aws:s3:::acme-ai-prod-docs-210987654321-`. Data events cost per event, so only these are recorded.
     */
    readonly dataEventObjectArnPrefixes: readonly pulumi.Input<string>[];
}

export function organizationTrailProblems(args: OrganizationTrailArgs): string[] {
    return /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(args.trailName)
        ? []
        : [`trailName must be 3-128 letters, digits, periods, underscores or hyphens (got "${args.trailName}").`];
}

/**
 * The organization trail, created in the management account: management events of every account and region, and S3
 * data events of the documents buckets, delivered encrypted and digest-signed (log-file validation) to the
 * log-archive account. Member accounts see the trail but cannot change or stop it.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
    public readonly trailArn: pulumi.Output<string>;

    constructor(name: string, args: OrganizationTrailArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:OrganizationTrail", name, {}, opts);
        const problems = organizationTrailProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const selectors: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ];
        if (args.dataEventObjectArnPrefixes.length > 0) {
            selectors.push({
                name: "Documents bucket objects",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWiths: [...args.dataEventObjectArnPrefixes] },
                ],
            });
        }
        const trail = new aws.cloudtrail.Trail(`${name}-trail`, {
            region: args.region,
            name: args.trailName,
            isOrganizationTrail: true,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            s3BucketName: args.bucketName,
            s3KeyPrefix: trailKeyPrefix,
            kmsKeyId: args.kmsKeyArn,
            advancedEventSelectors: selectors,
        }, { parent: this, protect: true });
        this.trailArn = trail.arn;
        this.registerOutputs({ trailArn: this.trailArn });
    }
}
