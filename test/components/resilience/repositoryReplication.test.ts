import * as assert from "assert";
import { declaresRegion } from "../../../cli/drill/readiness";
import { RepositoryReplication, RepositoryReplicationArgs, repositoryReplicationProblems } from "../../../components/resilience/repositoryReplication";
import { constructionError, runComponent, valueOf } from "../../fixtures/componentHarness";

const genai = "111111111111";
const base = "prod-genai-registry-replication-us-east-1";
const replicaKmsKeyArn = `arn:aws:kms:us-west-2:${genai}:key/mrk-1234`;

function args(overrides: Partial<RepositoryReplicationArgs> = {}): RepositoryReplicationArgs {
    return { region: "us-east-1", drRegion: "us-west-2", accountId: genai, repositoryPrefixes: ["acme-ai-prod/"], replicaKmsKeyArn, ...overrides };
}

const build = (overrides: Partial<RepositoryReplicationArgs> = {}) =>
    runComponent((opts) => new RepositoryReplication(base, args(overrides), opts), { accountId: genai, region: "us-east-1" });

describe("RepositoryReplication", () => {
    let run: Awaited<ReturnType<typeof build>>;
    before(async () => {
        run = await build();
    });

    it("sets the registry's replication configuration in the primary region and the replicas' template and scanning in the DR region", () => {
        assert.deepStrictEqual(run.resources.map((r) => [r.type, r.name, r.inputs.region ?? null]).sort(), [
            ["aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", `${base}-scanning-us-west-2`, "us-west-2"],
            ["aws:ecr/replicationConfiguration:ReplicationConfiguration", `${base}-configuration`, "us-east-1"],
            ["aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", `${base}-template-acme-ai-prod`, "us-west-2"],
            ["lz:resilience:RepositoryReplication", base, null],
        ]);
    });

    it("creates the replicas with the source repository's settings: KMS under the replica key, immutable tags, scan on push", () => {
        const template = run.named(`${base}-template-acme-ai-prod`).inputs;
        assert.deepStrictEqual({ ...template, description: undefined }, {
            region: "us-west-2",
            prefix: "acme-ai-prod",
            appliedFors: ["REPLICATION"],
            description: undefined,
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: replicaKmsKeyArn }],
        });
        assert.deepStrictEqual(run.named(`${base}-scanning-us-west-2`).inputs.rules, [
            { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "acme-ai-prod/*", filterType: "WILDCARD" }] },
        ]);
    });

    it("copies repositories under the prefix to the DR region of the same account, and nothing else", () => {
        assert.deepStrictEqual(run.named(`${base}-configuration`).inputs.replicationConfiguration, {
            rules: [{
                destinations: [{ region: "us-west-2", registryId: genai }],
                repositoryFilters: [{ filter: "acme-ai-prod/", filterType: "PREFIX_MATCH" }],
            }],
        });
    });

    it("declares the DR region the way the drill's readiness looks for it", () => {
        const configuration = run.named(`${base}-configuration`);
        const asPlanned = { ...configuration, id: null, provider: null, account: genai, region: "us-east-1", ignoreChanges: [] };
        assert.strictEqual(declaresRegion(asPlanned, "us-west-2"), true);
        assert.strictEqual(declaresRegion(asPlanned, "eu-west-1"), false);
    });

    it("exposes the registry and the configuration's URN, and protects nothing (images stay in both registries)", async () => {
        assert.strictEqual(await valueOf(run.component.registryId), genai);
        assert.strictEqual(await valueOf(run.component.replicationConfigurationUrn), run.named(`${base}-configuration`).urn);
        assert.deepStrictEqual(run.resources.filter((r) => r.protect || r.retainOnDelete), []);
    });

    it("takes several prefixes, one filter each", async () => {
        const several = await build({ repositoryPrefixes: ["acme-ai-prod/", "acme-ai-prod-tools/"] });
        assert.deepStrictEqual(several.named(`${base}-configuration`).inputs.replicationConfiguration.rules[0].repositoryFilters, [
            { filter: "acme-ai-prod/", filterType: "PREFIX_MATCH" },
            { filter: "acme-ai-prod-tools/", filterType: "PREFIX_MATCH" },
        ]);
        assert.deepStrictEqual(several.ofType("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate").map((t) => t.inputs.prefix),
            ["acme-ai-prod", "acme-ai-prod-tools"]);
    });

    const cases: [string, Partial<RepositoryReplicationArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["the DR region equal to the primary", { drRegion: "us-east-1" },
            ['drRegion must differ from region (both "us-east-1"); a replica in the same region does not survive the loss of that region.']],
        ["no prefix", { repositoryPrefixes: [] },
            ["repositoryPrefixes must list at least one prefix (got none); without a filter ECR would replicate every repository of the registry."]],
        ["a prefix with capitals", { repositoryPrefixes: ["Acme/"] },
            ['repositoryPrefixes[0] must be a repository name prefix of 2-256 lower-case letters, digits, ., _, - or /, such as "acme-ai-prod/" (got "Acme/").']],
        ["a one-character prefix", { repositoryPrefixes: ["a"] },
            ['repositoryPrefixes[0] must be a repository name prefix of 2-256 lower-case letters, digits, ., _, - or /, such as "acme-ai-prod/" (got "a").']],
        ["a prefix that is not a namespace", { repositoryPrefixes: ["acme-ai-prod"] },
            ['repositoryPrefixes[0] must be a namespace ending in "/", such as "acme-ai-prod/" (got "acme-ai-prod"), so that the DR repositories get the creation template\'s encryption and immutable tags.']],
        ["a prefix twice", { repositoryPrefixes: ["acme-ai-prod/", "acme-ai-prod/"] }, ['repositoryPrefixes[1] repeats "acme-ai-prod/"; list each prefix once.']],
        ["more prefixes than ECR allows", { repositoryPrefixes: Array.from({ length: 101 }, (_, i) => `team-${i}/`) },
            ["repositoryPrefixes must list at most 100 prefixes, ECR's limit per rule (got 101)."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(repositoryReplicationProblems(args(change)), expected));
    }

    it("refuses bad arguments before creating anything", async () => {
        assert.strictEqual(await constructionError(() => new RepositoryReplication("bad", args({ repositoryPrefixes: [] }))),
            "repositoryPrefixes must list at least one prefix (got none); without a filter ECR would replicate every repository of the registry.");
    });
});
