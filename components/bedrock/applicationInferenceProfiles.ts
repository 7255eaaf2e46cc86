import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CatalogueModel } from "../../accounts/catalogue";
import { foundationModelArn } from "../../accounts/naming";
import { Partition } from "../../accounts/regions";
import { inferenceProfileArn } from "./catalogue";

/** An application and the tenants it serves, for the tags that carry its costs. */
export interface ProfileApplication {
    readonly application: string;
    readonly tenants: readonly string[];
}

export interface ApplicationInferenceProfilesArgs {
    /** Region the profiles are created in (the environment's primary region). */
    readonly region: string;
    readonly partition: Partition;
    readonly accountId: pulumi.Input<string>;
    /** `<namePrefix>-<environment>`: every profile's name starts with it. */
    readonly namePrefix: string;
    readonly environment: string;
    readonly costCenter: string;
    readonly applications: readonly ProfileApplication[];
    /** The environment's invocable catalogue models (no embedding models: the knowledge base invokes those). */
    readonly models: readonly CatalogueModel[];
}

/** `acme-ai-prod-chat-anthropic.claude-sonnet-4-6`: Bedrock allows letters, digits, `:.` and single `_- `. */
export function applicationProfileName(namePrefix: string, application: string, modelId: string): string {
    return `${namePrefix}-${application}-${modelId}`;
}

export function applicationInferenceProfileProblems(args: ApplicationInferenceProfilesArgs): string[] {
    const problems: string[] = [];
    for (const { application } of args.applications) {
        for (const model of args.models) {
            const name = applicationProfileName(args.namePrefix, application, model.id);
            if (name.length > 64 || !/^([0-9a-zA-Z:.][ _-]?)+$/.test(name)) {
                problems.push(`the inference profile of application "${application}" for ${model.id} would be named "${name}" (${name.length} characters); Bedrock allows 64 letters, digits, ":." and single "_- ": shorten namePrefix or the application's name.`);
            }
        }
    }
    return problems;
}

/**
 * One application inference profile per application and approved model: every call an application makes goes through
 * its own profile, whose tags (application, tenants served, cost centre) put its usage on its own line of the bill. A
 * profile copies the model's system-defined cross-region profile when the catalogue names one (the request still
 * routes, and is logged, as before), else the foundation model in the region.
 */
export class ApplicationInferenceProfiles extends pulumi.ComponentResource {
    /** Each application's profile ARNs, by application and then by model ID. */
    public readonly profileArns: Record<string, Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: ApplicationInferenceProfilesArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:bedrock:ApplicationInferenceProfiles", name, {}, opts);
        const problems = applicationInferenceProfileProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        this.profileArns = {};
        for (const { application, tenants } of args.applications) {
            this.profileArns[application] = {};
            for (const model of args.models) {
                const copyFrom = model.inferenceProfile
                    ? pulumi.output(args.accountId).apply((accountId) => inferenceProfileArn(args.partition, args.region, accountId, model.inferenceProfile!.id))
                    : pulumi.output(foundationModelArn(args.partition, args.region, model.id));
                // Keyed by application and model ID, never by position.
                const profile = new aws.bedrock.InferenceProfile(`${name}-${application}-${model.id}`, {
                    region: args.region,
                    name: applicationProfileName(args.namePrefix, application, model.id),
                    description: `${application} in ${args.environment}: ${model.id}`,
                    modelSource: { copyFrom },
                    tags: {
                        "application": application,
                        "tenant-scope": [...tenants].sort().join(" "),
                        "cost-center": args.costCenter,
                        "environment": args.environment,
                    },
                }, { parent: this });
                this.profileArns[application][model.id] = profile.arn;
            }
        }
        this.registerOutputs({ profileArns: this.profileArns });
    }
}
