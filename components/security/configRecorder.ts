import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { configKeyPrefix } from "../../accounts/securityNames";

export interface ConfigRecorderArgs {
    /** Regions the account uses; AWS Config records per region. */
    readonly regions: readonly string[];
    /** The region that also records IAM and other global resources (once per account, or they are recorded twice). */
    readonly globalResourcesRegion: string;
    /** AWS Config allows one recorder and one delivery channel per account and region; this names both. */
    readonly recorderName: string;
    /** The log-archive account's AWS Config bucket. */
    readonly deliveryBucketName: pulumi.Input<string>;
}

export function configRecorderProblems(args: ConfigRecorderArgs): string[] {
    return args.regions.includes(args.globalResourcesRegion)
        ? []
        : [`globalResourcesRegion must be one of regions (${args.regions.join(", ")}) (got "${args.globalResourcesRegion}").`];
}

/**
 * AWS Config in a member account: a recorder of every supported resource type in each region the account uses, under
 * the service-linked role, delivering snapshots and history to the log-archive account. Security Hub's controls read
 * these recordings, and the organization aggregator in the security account collects them.
 */
export class ConfigRecorder extends pulumi.ComponentResource {
    public readonly recorderNames: pulumi.Output<string[]>;

    constructor(name: string, args: ConfigRecorderArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:security:ConfigRecorder", name, {}, opts);
        const problems = configRecorderProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const serviceRole = new aws.iam.ServiceLinkedRole(`${name}-service-role`, { awsServiceName: "config.amazonaws.com" }, { parent: this });
        const recorders = args.regions.map((region) => {
            const recorder = new aws.cfg.Recorder(`${name}-${region}`, {
                region,
                name: args.recorderName,
                roleArn: serviceRole.arn,
                recordingGroup: {
                    allSupported: true,
                    includeGlobalResourceTypes: region === args.globalResourcesRegion,
                },
            }, { parent: this });
            const channel = new aws.cfg.DeliveryChannel(`${name}-${region}-delivery`, {
                region,
                name: args.recorderName,
                s3BucketName: args.deliveryBucketName,
                s3KeyPrefix: configKeyPrefix,
                snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
            }, { parent: this, dependsOn: [recorder] });
            new aws.cfg.RecorderStatus(`${name}-${region}-status`, {
                region,
                name: recorder.name,
                isEnabled: true,
            }, { parent: this, dependsOn: [channel] });
            return recorder;
        });
        this.recorderNames = pulumi.all(recorders.map((recorder) => recorder.name));
        this.registerOutputs({ recorderNames: this.recorderNames });
    }
}
