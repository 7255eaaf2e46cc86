import { createHash } from "crypto";

/**
 * Deterministic fake identifiers. The same logical input always yields the same ID, so plans are stable across
 * runs and the organization stack's mock account IDs match what environment stacks read back from it.
 */
export function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A 12-digit account ID for an account created by name. */
export function mockAccountId(accountName: string): string {
    const value = BigInt(`0x${digest("account", accountName).slice(0, 15)}`) % 10n ** 12n;
    return value.toString().padStart(12, "0");
}

export function hex(length: number, ...parts: string[]): string {
    return digest(...parts).slice(0, length);
}

export function uuid(...parts: string[]): string {
    const h = digest(...parts);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function lowerAlnum(length: number, ...parts: string[]): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const h = digest(...parts);
    let out = "";
    for (let i = 0; out.length < length; i += 2) {
        out += alphabet[parseInt(h.slice(i % 60, (i % 60) + 2), 16) % alphabet.length];
    }
    return out;
}
