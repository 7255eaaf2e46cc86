import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionPairProblems } from "./validation";

export interface RepositoryReplicationArgs {
    /** Region of the source registry (the primary region). */
    readonly region: string;
    /** Region the images are copied to. */
    readonly drRegion: string;
    /** The account whose registry replicates to itself in `drRegion` (the destination `registryId`). */
    readonly accountId: pulumi.Input<string>;
    /**
     * Repository name prefixes to replicate, such as `acme-ai-prod/`; ECR matches them as plain prefixes (at most
     * 100 per rule).
     */
    readonly repositoryPrefixes: readonly string[];
}

/** ECR's repository-filter limit per replication rule. */
const MAX_REPOSITORY_FILTERS = 100;

/** RepositoryFilter.filter in the ECR API reference: 2-256 characters of this pattern. */
const repositoryFilterPattern = /^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*\/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$/;

export function repositoryReplicationProblems(args: RepositoryReplicationArgs): string[] {
    const problems = regionPairProblems("region", args.region, "drRegion", args.drRegion);
    if (args.repositoryPrefixes.length === 0) {
        problems.push("repositoryPrefixes must list at least one prefix (got none); without a filter ECR would replicate every repository of the registry.");
    }
    if (args.repositoryPrefixes.length > MAX_REPOSITORY_FILTERS) {
        problems.push(`repositoryPrefixes must list at most ${MAX_REPOSITORY_FILTERS} prefixes, ECR's limit per rule (got ${args.repositoryPrefixes.length}).`);
    }
    args.repositoryPrefixes.forEach((prefix, index) => {
        if (prefix.length < 2 || prefix.length > 256 || !repositoryFilterPattern.test(prefix)) {
            problems.push(`repositoryPrefixes[${index}] must be a repository name prefix of 2-256 lower-case letters, digits, ., _, - or /, such as "acme-ai-prod/" (got "${prefix}").`);
        } else if (args.repositoryPrefixes.indexOf(prefix) !== index) {
            problems.push(`repositoryPrefixes[${index}] repeats "${prefix}"; list each prefix once.`);
        }
    });
    return problems;
}

/**
 * Registry replication of the inference images to the DR region, in the same account: every image pushed to a
 * matching repository is copied, so capacity in the DR region can start inference without reaching the primary
 * region. A registry has one replication configuration per region: this component owns the account's in `region`.
 */
export class RepositoryReplication extends pulumi.ComponentResource {
    public readonly registryId: pulumi.Output<string>;
    /** URN of the `aws.ecr.ReplicationConfiguration` (which declares the DR region), for the DR inventory. */
    public readonly replicationConfigurationUrn: pulumi.Output<string>;

    constructor(name: string, args: RepositoryReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:resilience:RepositoryReplication", name, {}, opts);
        const problems = repositoryReplicationProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const configuration = new aws.ecr.ReplicationConfiguration(`${name}-configuration`, {
            region: args.region,
            replicationConfiguration: {
                rules: [{
                    destinations: [{ region: args.drRegion, registryId: args.accountId }],
                    repositoryFilters: args.repositoryPrefixes.map((prefix) => ({ filter: prefix, filterType: "PREFIX_MATCH" })),
                }],
            },
        }, { parent: this });

        this.registryId = configuration.registryId;
        this.replicationConfigurationUrn = configuration.urn;
        this.registerOutputs({ registryId: this.registryId, replicationConfigurationUrn: this.replicationConfigurationUrn });
    }
}
