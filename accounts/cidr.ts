/** IPv4 CIDR arithmetic for overlap checks between account VPCs. */
export interface CidrRange {
    readonly first: number;
    readonly last: number;
}

export function cidrRange(cidr: string): CidrRange {
    const [address, bits] = cidr.split("/");
    const octets = address.split(".").map(Number);
    const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    const size = 2 ** (32 - Number(bits));
    const first = base - (base % size);
    return { first, last: first + size - 1 };
}

export function cidrsOverlap(a: string, b: string): boolean {
    const x = cidrRange(a);
    const y = cidrRange(b);
    return x.first <= y.last && y.first <= x.last;
}
