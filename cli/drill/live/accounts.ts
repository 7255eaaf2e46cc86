import * as fs from "fs";
import * as path from "path";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { environmentAccounts } from "../../../accounts/model";
import { ResolveAccountsOptions, resolveAccounts } from "../../../accounts/resolver";
import { OrganizationConfig } from "../../../accounts/schema";
import { Environment, environmentKey } from "../../../accounts/validate";
import { CheckResult, fail, pass } from "../checks";
import { errorMessage } from "./call";

/**
 * Real account IDs for live checks. A plan knows the IDs of adopted accounts (they are in config) but only mock IDs
 * for accounts the organization stack creates, so those come from, in order:
 *   1. `--account-ids <file>`: `{ "genai": "123456789012", … }`, or the organization stack's `accounts` output as
 *      printed by `pulumi stack output accounts --json -s organization` (`{ "prod": { "genai": … } }`);
 *   2. the environment's config (`accounts.<role>.id`, an adopted account);
 *   3. AWS Organizations, with the caller's (management-account) credentials, through the account resolver.
 * Organizations is asked only when an account is still unknown after 1 and 2.
 */

/** A mistake in `--account-ids`: the command exits 2 before any check runs. */
export class AccountIdsFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AccountIdsFileError";
    }
}

export interface LiveAccount {
    /** `genai`, `data`, `app-chat`. */
    readonly key: string;
    readonly id?: string;
    /** Where the ID came from, or why there is none. */
    readonly source: string;
}

const accountIdPattern = /^\d{12}$/;

/** Reads and checks `--account-ids`; keys must be accounts of the environment. */
export function readAccountIdsFile(file: string, environment: Environment): Map<string, string> {
    const known = environmentAccounts(environment).map((account) => account.key);
    let raw: unknown;
    try {
        raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new AccountIdsFileError(`--account-ids ${file}: ${(error as Error).message}`);
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new AccountIdsFileError(`--account-ids ${file} must be a JSON object such as {"genai": "123456789012"}.`);
    }
    // The organization stack's output holds every environment; take this one's.
    const byEnvironment = (raw as Record<string, unknown>)[environment.name];
    const ids = byEnvironment !== null && typeof byEnvironment === "object" && !Array.isArray(byEnvironment)
        ? byEnvironment as Record<string, unknown>
        : raw as Record<string, unknown>;
    const problems: string[] = [];
    const out = new Map<string, string>();
    for (const [key, value] of Object.entries(ids)) {
        if (!known.includes(key)) {
            problems.push(`"${key}" is not an account of ${environment.name} (accounts: ${known.join(", ")})`);
        } else if (typeof value !== "string" || !accountIdPattern.test(value)) {
            problems.push(`"${key}" must be a 12-digit account ID (got ${JSON.stringify(value)})`);
        } else {
            out.set(key, value);
        }
    }
    if (problems.length > 0) {
        throw new AccountIdsFileError(`--account-ids ${path.basename(file)} has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.join("; ")}.`);
    }
    return out;
}

export interface ResolveLiveAccountsInput {
    readonly environment: Environment;
    /** Account keys the checks need. */
    readonly keys: readonly string[];
    readonly fromFile?: ReadonlyMap<string, string>;
    readonly fileName?: string;
    /** The organization stack's config, when its stack file is in this project. */
    readonly organization?: OrganizationConfig;
    readonly organizationsClient?: () => OrganizationsClient;
    readonly retry?: ResolveAccountsOptions;
}

export async function resolveLiveAccounts(input: ResolveLiveAccountsInput): Promise<LiveAccount[]> {
    const env = input.environment;
    const configured = new Map(environmentAccounts(env).map((account) => [account.key, account]));
    const resolved = new Map<string, LiveAccount>();
    for (const key of input.keys) {
        const fromFile = input.fromFile?.get(key);
        const slot = configured.get(key);
        if (fromFile) {
            resolved.set(key, { key, id: fromFile, source: `from --account-ids ${input.fileName ?? ""}`.trim() });
        } else if (!slot) {
            resolved.set(key, { key, source: `"${key}" is not an account of ${env.name}; the DR inventory names an account the environment does not have` });
        } else if (slot.configuredId) {
            const at = slot.role === "application" ? `applications.${slot.application}` : slot.role;
            resolved.set(key, { key, id: slot.configuredId, source: `adopted (${environmentKey}.accounts.${at}.id)` });
        }
    }
    const missing = input.keys.filter((key) => !resolved.has(key));
    if (missing.length === 0) {
        return input.keys.map((key) => resolved.get(key)!);
    }
    const hint = "pass --account-ids <file> (`pulumi stack output accounts --json -s organization`)";
    if (!input.organization || !input.organizationsClient) {
        for (const key of missing) {
            resolved.set(key, { key, source: `no ID for ${env.name}/${key}: the organization stack "${env.organizationStack}" has no stack file here to look it up from; ${hint}` });
        }
        return input.keys.map((key) => resolved.get(key)!);
    }
    try {
        const resolution = await resolveAccounts(input.organizationsClient(), input.organization, env.name, input.retry);
        for (const key of missing) {
            const account = resolution.accounts.find((candidate) => candidate.key === key);
            resolved.set(key, account?.status === "ok" && account.id
                ? { key, id: account.id, source: `found in AWS Organizations: ${account.name}, ${account.ouPath}` }
                : { key, source: account ? account.message : `no account ${env.name}/${key} in organization ${input.organization.organizationId}; ${hint}` });
        }
    } catch (error) {
        for (const key of missing) {
            resolved.set(key, { key, source: `could not look ${env.name}/${key} up in AWS Organizations (${errorMessage(error)}); use management-account credentials or ${hint}` });
        }
    }
    return input.keys.map((key) => resolved.get(key)!);
}

export function accountChecks(accounts: readonly LiveAccount[]): CheckResult[] {
    return accounts.map((account) => account.id
        ? pass(`account ${account.key}`, `${account.id} ${account.source}`)
        : fail(`account ${account.key}`, account.source));
}
