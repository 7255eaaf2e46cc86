import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isKnownRegion } from "../../accounts/regions";

export interface ActiveRegionParameterArgs {
    /**
     * Regions to write the parameter in: the primary and, with DR, the DR region. An application reads the copy in the
     * region it runs in, so it learns of a failover even when the other region is down.
     */
    readonly regions: readonly string[];
    /** Deterministic path, the same in every region, such as `/acme-ai/prod/active-region`. */
    readonly parameterName: string;
    /** The region applications should use now; one of `regions`. Changing it and running `pulumi up` is the failover. */
    readonly activeRegion: string;
}

export function activeRegionParameterProblems(args: ActiveRegionParameterArgs): string[] {
    const problems: string[] = [];
    if (!/^\/[a-zA-Z0-9_.\-/]{1,1010}$/.test(args.parameterName)) {
        problems.push(`parameterName must be a path such as "/acme-ai/prod/active-region" (got "${args.parameterName}").`);
    }
    if (args.regions.length === 0) {
        problems.push("regions must list at least one region (got none); applications read the parameter in the region they run in.");
    }
    args.regions.forEach((region, index) => {
        if (!isKnownRegion(region)) {
            problems.push(`regions[${index}] must be an AWS region name such as "us-east-1" (got "${region}").`);
        } else if (args.regions.indexOf(region) !== index) {
            problems.push(`regions[${index}] repeats "${region}"; list each region once.`);
        }
    });
    if (args.regions.length > 0 && !args.regions.includes(args.activeRegion)) {
        problems.push(`activeRegion must be one of the parameter's regions ${args.regions.join(", ")} (got "${args.activeRegion}"); applications cannot be sent to a region the environment does not deploy.`);
    }
    return problems;
}

/**
 * The failover switch applications read: an SSM parameter holding the active region's name, written in every region
 * of the environment. It is plain routing information, not a secret, so its value is visible in every diff.
 */
export class ActiveRegionParameter extends pulumi.ComponentResource {
    public readonly parameterName: pulumi.Output<string>;
    /** The parameter's ARN in each region. */
    public readonly parameterArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** URN of the parameter in each region, for the DR inventory. */
    public readonly parameterUrns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: ActiveRegionParameterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:resilience:ActiveRegionParameter", name, {}, opts);
        const problems = activeRegionParameterProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const parameters = args.regions.map((region) => [region, new aws.ssm.Parameter(`${name}-${region}`, {
            region,
            name: args.parameterName,
            description: "Region applications use now (lz failover switch); read it on start and every few minutes, and follow it",
            type: "String",
            dataType: "text",
            tier: "Standard",
            // Not a secret: `value` would be stored encrypted and hidden from the diff of every failover.
            insecureValue: args.activeRegion,
        }, { parent: this })] as const);

        this.parameterName = parameters[0][1].name;
        this.parameterArns = Object.fromEntries(parameters.map(([region, parameter]) => [region, parameter.arn]));
        this.parameterUrns = Object.fromEntries(parameters.map(([region, parameter]) => [region, parameter.urn]));
        this.registerOutputs({ parameterName: this.parameterName, parameterArns: this.parameterArns, parameterUrns: this.parameterUrns });
    }
}
