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
    /**
     * KMS key (in `drRegion`) of the repositories replication creates there, through a repository creation template
     * per prefix that also makes their tags immutable, as the source repositories' are. ECR otherwise creates
     * replicas with AES-256 and mutable tags.
     */
    readonly replicaKmsKeyArn: pulumi.Input<string>;
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
        } else if (!prefix.endsWith("/")) {
            // A creation template applies to a namespace (`acme-ai-prod` covers `acme-ai-prod/*`), not to a name prefix.
            problems.push(`repositoryPrefixes[${index}] must be a namespace ending in "/", such as "acme-ai-prod/" (got "${prefix}"), so that the DR repositories get the creation template's encryption and immutable tags.`);
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
 * In `drRegion`, a creation template per prefix gives the replicas the source's settings (KMS, immutable tags), and
 * the registry's scanning configuration scans them on push (ECR keeps scanning per registry, not in templates).
 */
export class RepositoryReplication extends pulumi.ComponentResource {
    public readonly registryId: pulumi.Output<string>;
    /** URN of the `aws.ecr.ReplicationConfiguration` (which declares the DR region), for the DR inventory. */
    public readonly replicationConfigurationUrn: pulumi.Output<string>;
    /** Creation templates in the DR region, by prefix (without its trailing "/", as ECR names a namespace). */
    public readonly creationTemplatePrefixes: pulumi.Output<string>[];

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

        const templates = args.repositoryPrefixes.map((prefix) => {
            const namespace = prefix.replace(/\/$/, "");
            return new aws.ecr.RepositoryCreationTemplate(`${name}-template-${namespace.replace(/[^a-z0-9-]/g, "-")}`, {
                region: args.drRegion,
                prefix: namespace,
                appliedFors: ["REPLICATION"],
                description: `Replicas of ${prefix} from ${args.region}`,
                imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.replicaKmsKeyArn }],
            }, { parent: this });
        });
        new aws.ecr.RegistryScanningConfiguration(`${name}-scanning-${args.drRegion}`, {
            region: args.drRegion,
            scanType: "BASIC",
            rules: [{
                scanFrequency: "SCAN_ON_PUSH",
                repositoryFilters: args.repositoryPrefixes.map((prefix) => ({ filter: `${prefix}*`, filterType: "WILDCARD" })),
            }],
        }, { parent: this });

        this.creationTemplatePrefixes = templates.map((template) => template.prefix);
        this.registryId = configuration.registryId;
        this.replicationConfigurationUrn = configuration.urn;
        this.registerOutputs({
            registryId: this.registryId,
            replicationConfigurationUrn: this.replicationConfigurationUrn,
            creationTemplatePrefixes: this.creationTemplatePrefixes,
        });
    }
}
