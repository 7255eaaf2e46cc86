import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { documentsBucketName, privateNetworkNames } from "../../../accounts/naming";
import { DataRegion, DataRegionArgs, dataRegionProblems } from "../../../components/data/region";
import { dataEndpoints } from "../../../components/network/endpoints";
import { constructionError, runComponent, valueOf } from "../../fixtures/componentHarness";

const org = "o-a1b2c3d4e5";
const data = "222222222222";
const boundary = `arn:aws:iam::${data}:policy/acme-ai-prod-data-boundary`;
const policy = { Version: "2012-10-17" as const, Statement: [{ Sid: "Owner", Effect: "Allow" as const, Principal: { AWS: `arn:aws:iam::${data}:root` }, Action: "kms:*", Resource: "*" }] };

function network(region: string): DataRegionArgs["network"] {
    return {
        accountId: data,
        cidrBlock: "10.31.0.0/16",
        availabilityZones: [`${region}a`, `${region}b`],
        organizationId: org,
        endpoints: dataEndpoints,
        ...privateNetworkNames("acme-ai", "prod", "data", region),
        permissionsBoundaryArn: boundary,
    };
}

const source: DataRegionArgs["documents"] = {
    dataAccountId: data,
    organizationId: org,
    documentsBucketName: documentsBucketName("acme-ai", "prod", data, "us-east-1"),
    accessLogsBucketName: "acme-ai-prod-docs-logs",
    keyAliasName: "alias/acme-ai-prod-data-documents",
    multiRegionKey: true,
    knowledgeBaseRoleArn: `arn:aws:iam::111111111111:role/kb`,
    invokeRoleArns: [`arn:aws:iam::111111111111:role/invoke-chat`],
};

const replica: DataRegionArgs["replica"] = {
    key: { primaryKeyArn: `arn:aws:kms:us-east-1:${data}:key/mrk-1234567890abcdef1234567890abcdef`, description: "documents (replica)", aliasName: "alias/acme-ai-prod-data-documents", policy },
    replication: {
        region: "us-east-1",
        accountId: data,
        sourceBucketName: documentsBucketName("acme-ai", "prod", data, "us-east-1"),
        sourceKeyArn: `arn:aws:kms:us-east-1:${data}:key/mrk-1234567890abcdef1234567890abcdef`,
        replicaBucketName: documentsBucketName("acme-ai", "prod", data, "us-west-2"),
        roleName: "acme-ai-prod-documents-replication",
        permissionsBoundaryArn: boundary,
        dependsOn: [],
    },
};

describe("DataRegion (the data account's slice of one region)", () => {
    it("builds the primary region's source store and the DR region's replica by the same component, each with its network in its region", async () => {
        const built = [
            await runComponent((opts) => new DataRegion("prod-data-us-east-1", { region: "us-east-1", childNamePrefix: "prod-data", documents: source, network: network("us-east-1") }, opts), { accountId: data }),
            await runComponent((opts) => {
                // The source bucket's versioning, which the replication must wait for.
                const versioning = new pulumi.ComponentResource("test:source:Versioning", "source-versioning", {}, opts);
                const withSource = { ...replica!, replication: { ...replica!.replication, dependsOn: [versioning] } };
                return new DataRegion("prod-data-us-west-2", { region: "us-west-2", childNamePrefix: "prod-data", replica: withSource, network: network("us-west-2") }, opts);
            }, { accountId: data }),
        ];
        const components = (run: typeof built[number]) => run.resources.filter((r) => r.type.startsWith("lz:")).map((r) => `${r.type} ${r.name}`).sort();
        assert.deepStrictEqual(components(built[0]), [
            "lz:data:DocumentStore prod-data-documents-us-east-1",
            "lz:data:Region prod-data-us-east-1",
            "lz:network:FlowLogs prod-data-network-us-east-1",
            "lz:network:PrivateNetwork prod-data-network-us-east-1",
            "lz:security:EncryptionKey prod-data-network-us-east-1-flow-logs-key",
        ]);
        assert.deepStrictEqual(components(built[1]), [
            "lz:data:Region prod-data-us-west-2",
            "lz:network:FlowLogs prod-data-network-us-west-2",
            "lz:network:PrivateNetwork prod-data-network-us-west-2",
            "lz:resilience:BucketReplication prod-data-documents-replication-us-west-2",
            "lz:resilience:ReplicaKey prod-data-documents-key-us-west-2",
            "lz:security:EncryptionKey prod-data-network-us-west-2-flow-logs-key",
        ]);
        // Everything of the DR slice lands in the DR region, except the replication rule on the source bucket.
        const drRegions = built[1].resources.filter((r) => typeof r.inputs.region === "string").map((r) => `${r.inputs.region}`);
        assert.deepStrictEqual([...new Set(drRegions)].sort(), ["us-east-1", "us-west-2"]);
        assert.deepStrictEqual(built[1].resources.filter((r) => r.inputs.region === "us-east-1").map((r) => r.type), ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"]);
        assert.strictEqual(await valueOf(built[1].component.documentsBucketName), documentsBucketName("acme-ai", "prod", data, "us-west-2"));
    });

    it("refuses a slice with neither or both of the source store and its replica, and a replica replicated from its own region", async () => {
        assert.deepStrictEqual(dataRegionProblems({ region: "us-east-1", childNamePrefix: "prod-data", network: network("us-east-1") }),
            ["documents or replica: exactly one must be set for us-east-1 (got neither); the primary region holds the source store, the DR region its replica"]);
        assert.deepStrictEqual(dataRegionProblems({ region: "us-east-1", childNamePrefix: "prod-data", documents: source, replica, network: network("us-east-1") }),
            ["documents or replica: exactly one must be set for us-east-1 (got both); the primary region holds the source store, the DR region its replica"]);
        const selfReplica = { region: "us-west-2", childNamePrefix: "prod-data", replica: { ...replica, replication: { ...replica.replication, region: "us-west-2" } }, network: network("us-west-2") };
        assert.deepStrictEqual(dataRegionProblems(selfReplica), ["replica.replication.region must be the source bucket's region, not us-west-2 where the replica lands"]);
        assert.match(await constructionError(() => new DataRegion("bad", selfReplica)), /replica\.replication\.region must be the source bucket's region/);
    });
});
