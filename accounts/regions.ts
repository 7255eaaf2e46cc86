/**
 * AWS regions the landing zone knows, and the partition each belongs to. A region outside this list is a
 * config error rather than a silent typo, because a wrong region would put data where policy forbids it.
 */
export type Partition = "aws" | "aws-us-gov" | "aws-cn";

const regionsByPartition: Record<Partition, readonly string[]> = {
    aws: [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-north-1", "eu-south-1", "eu-south-2",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
        "ap-south-1", "ap-south-2", "ap-east-1", "ap-east-2",
        "me-south-1", "me-central-1", "il-central-1", "af-south-1",
    ],
    "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
};

export const knownRegions: readonly string[] = Object.values(regionsByPartition).flat();

export function isKnownRegion(region: string): boolean {
    return knownRegions.includes(region);
}

export function partitionOf(region: string): Partition {
    for (const [partition, regions] of Object.entries(regionsByPartition)) {
        if (regions.includes(region)) {
            return partition as Partition;
        }
    }
    throw new Error(`unknown AWS region "${region}"`);
}

/** True when `zone` is an availability-zone name of `region` (`us-east-1a` belongs to `us-east-1`). */
export function zoneBelongsToRegion(zone: string, region: string): boolean {
    return zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length));
}

/** DNS suffix for service endpoints, which differs in the China partition. */
export function dnsSuffixOf(partition: Partition): string {
    return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}
