import {
    Account,
    ListAccountsCommand,
    ListOrganizationalUnitsForParentCommand,
    ListParentsCommand,
    ListRootsCommand,
    OrganizationsClient,
    Root,
} from "@aws-sdk/client-organizations";
import { environmentOuKey, MemberAccount, memberAccounts, organizationalUnits } from "./model";
import { AccountRole } from "./naming";
import { OrganizationConfig } from "./schema";
import { organizationKey } from "./validate";

/**
 * The account resolver: finds each configured member account of one environment in the live organization and
 * says whether it can be deployed into. It reads Organizations only; it never creates, moves or closes anything.
 */

export type ResolvedAccountStatus = "ok" | "missing" | "suspended" | "wrong-ou";

export interface ResolvedAccount {
    /** Stable key within the environment: `genai`, `data`, `app-chat`. */
    readonly key: string;
    readonly role: AccountRole;
    /** Application name, for application accounts only. */
    readonly application?: string;
    /** The account's name in Organizations when found; otherwise the configured or derived name. */
    readonly name: string;
    /** The configured `id` of an adopted account. */
    readonly expectedId?: string;
    /** The ID of the account found in the organization. */
    readonly id?: string;
    readonly status: ResolvedAccountStatus;
    /** The account's Organizations `State` (or the older `Status` when `State` is absent). */
    readonly state?: string;
    /** Where the account sits, e.g. `Root/Workloads/prod`. */
    readonly ouPath?: string;
    /** One sentence naming the account, what was found and, unless ok, the fix. */
    readonly message: string;
}

export interface AccountResolution {
    readonly organizationId: string;
    readonly environment: string;
    readonly accounts: ResolvedAccount[];
    /** True when every account is `ok`. */
    readonly ok: boolean;
}

export interface ThrottlingRetryOptions {
    /** Calls made in all, the first included. @default 6 */
    readonly maxAttempts?: number;
    /** Delay before the first retry; each further retry doubles it, with jitter. @default 500 */
    readonly baseDelayMs?: number;
    /** Injectable so that tests do not wait. @default a setTimeout-based sleep */
    readonly sleep?: (ms: number) => Promise<void>;
}

export type ResolveAccountsOptions = ThrottlingRetryOptions;

const defaultMaxAttempts = 6;
const defaultBaseDelayMs = 500;
const maxDelayMs = 20_000;
const throttlingErrorNames: ReadonlySet<string> = new Set(["TooManyRequestsException", "ThrottlingException"]);

// Closed accounts stay in the organization as SUSPENDED (Status) or PENDING_CLOSURE/CLOSED (State) for up to
// 90 days; deploying into one fails, so they count as unusable, not as found.
const unusableStates: ReadonlySet<string> = new Set(["SUSPENDED", "PENDING_CLOSURE", "CLOSED"]);

function defaultSleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True for the errors AWS returns when a caller exceeds a request rate, whichever shape the SDK gives them. */
export function isThrottlingError(error: unknown): boolean {
    if (error === null || typeof error !== "object") {
        return false;
    }
    const candidate = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
    return (typeof candidate.name === "string" && throttlingErrorNames.has(candidate.name))
        || (typeof candidate.code === "string" && throttlingErrorNames.has(candidate.code))
        || candidate.$metadata?.httpStatusCode === 429;
}

/**
 * Calls `call` again while it fails with a throttling error, with exponential backoff and jitter; any other error
 * propagates at once. Organizations allows only a few requests per second per organization, shared by every stack,
 * pipeline and person using the management account, and the SDK's own retries (3 attempts, sub-second delays) give
 * up long before a busy quota recovers.
 */
export async function withThrottlingRetry<T>(call: () => Promise<T>, options: ThrottlingRetryOptions = {}): Promise<T> {
    const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
    const baseDelayMs = options.baseDelayMs ?? defaultBaseDelayMs;
    const sleep = options.sleep ?? defaultSleep;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
        throw new Error(`maxAttempts must be a whole number of at least 1 (got ${maxAttempts}).`);
    }
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            if (attempt >= maxAttempts || !isThrottlingError(error)) {
                throw error;
            }
            await sleep(backoffDelayMs(attempt, baseDelayMs));
        }
    }
}

/**
 * "Equal jitter": half the exponential delay is fixed and half random. The fixed half keeps successive delays
 * growing; the random half stops parallel deployments that were throttled together from retrying in lockstep.
 */
function backoffDelayMs(attempt: number, baseDelayMs: number): number {
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(exponential / 2 + Math.random() * (exponential / 2));
}

/** Follows NextToken to the end, retrying each page on its own so that a throttled page does not restart the list. */
async function allPages<T>(
    fetchPage: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
    retry: ThrottlingRetryOptions,
): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
        const requested = nextToken;
        const page = await withThrottlingRetry(() => fetchPage(requested), retry);
        items.push(...(page.items ?? []));
        nextToken = page.nextToken;
        if (nextToken !== undefined && nextToken === requested) {
            throw new Error(`Organizations returned the same NextToken twice (${nextToken}); refusing to loop forever.`);
        }
    } while (nextToken);
    return items;
}

/** `arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12` → `o-a1b2c3d4e5`. */
function organizationIdOf(arn: string | undefined): string | undefined {
    return arn?.match(/:(?:root|account|ou)\/(o-[a-z0-9]+)\//)?.[1];
}

interface OrganizationTree {
    readonly root: Root;
    /** Every OU by ID (the root included), as a path of names: `Root/Workloads/prod`. */
    readonly pathsById: ReadonlyMap<string, string>;
}

/**
 * The whole OU tree, because ListParents answers with an ID only and a message needs the path of names. Walked one
 * request at a time: the tree is small, and parallel requests would only spend the shared quota faster.
 */
async function organizationTree(client: OrganizationsClient, root: Root, retry: ThrottlingRetryOptions): Promise<OrganizationTree> {
    const rootId = root.Id!;
    const pathsById = new Map<string, string>([[rootId, root.Name ?? "Root"]]);
    const pending = [rootId];
    while (pending.length > 0) {
        const parentId = pending.shift()!;
        const children = await allPages(async (nextToken) => {
            const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: nextToken }));
            return { items: page.OrganizationalUnits, nextToken: page.NextToken };
        }, retry);
        for (const ou of children) {
            pathsById.set(ou.Id!, `${pathsById.get(parentId)}/${ou.Name}`);
            pending.push(ou.Id!);
        }
    }
    return { root, pathsById };
}

/** The path of names the model puts an environment's accounts under: `Root/Workloads/prod`. */
function expectedOuPath(rootName: string, environments: readonly string[], environment: string): string {
    const specs = new Map(organizationalUnits(environments).map((ou) => [ou.key, ou]));
    const names: string[] = [];
    for (let spec = specs.get(environmentOuKey(environment)); spec; spec = spec.parentKey ? specs.get(spec.parentKey) : undefined) {
        names.unshift(spec.name);
    }
    return [rootName, ...names].join("/");
}

/** Where the account is set in config: `landing-zone:organization.environments.prod.applications.chat`. */
function configPath(member: MemberAccount): string {
    const role = member.role === "application" ? `applications.${member.application}` : member.role;
    return `${organizationKey}.environments.${member.environment}.${role}`;
}

type Match = { account: Account } | { missing: string };

/**
 * Adopted accounts by ID. Created accounts by e-mail first, because Organizations keeps root e-mails unique but not
 * names; by name otherwise, preferring a usable account over a closed one left behind under the same name.
 */
function matchAccount(member: MemberAccount, accounts: readonly Account[], organizationId: string): Match {
    const label = `${member.environment}/${member.key}`;
    if (member.adoptedId !== undefined) {
        const byId = accounts.find((account) => account.Id === member.adoptedId);
        return byId
            ? { account: byId }
            : { missing: `${label}: no account with id ${member.adoptedId} exists in organization ${organizationId}; check ${configPath(member)}.id.` };
    }
    const email = member.email.toLowerCase();
    const byEmail = accounts.find((account) => account.Email?.toLowerCase() === email);
    if (byEmail) {
        return { account: byEmail };
    }
    const byName = accounts.filter((account) => account.Name === member.name);
    const usable = byName.filter((account) => unusableState(account) === undefined);
    const candidates = usable.length > 0 ? usable : byName;
    if (candidates.length === 1) {
        return { account: candidates[0] };
    }
    if (candidates.length > 1) {
        const ids = candidates.map((account) => account.Id).join(", ");
        return { missing: `${label}: ${candidates.length} accounts are named "${member.name}" (ids ${ids}) and none has e-mail "${member.email}"; set ${configPath(member)}.id to the one to adopt.` };
    }
    return {
        missing: `${label}: no account named "${member.name}" or with e-mail "${member.email}" exists in organization ${organizationId}; `
            + `run the organization stack to create it, or set ${configPath(member)}.id to adopt an existing account.`,
    };
}

/** The State or Status value that makes an account unusable, if any; either field may be the one that says so. */
function unusableState(account: Account): string | undefined {
    return [account.State, account.Status].find((value): value is NonNullable<typeof value> => value !== undefined && unusableStates.has(value));
}

/**
 * Finds each configured member account of `environment` in the organization and checks that it is usable and sits
 * in the environment's OU. Account placement comes from ListParents per matched account rather than from
 * ListAccountsForParent on every OU: an environment has a handful of accounts, an organization can have hundreds of OUs.
 */
export async function resolveAccounts(
    client: OrganizationsClient,
    org: OrganizationConfig,
    environment: string,
    options: ResolveAccountsOptions = {},
): Promise<AccountResolution> {
    const environments = Object.keys(org.environments).sort();
    if (!environments.includes(environment)) {
        throw new Error(`Unknown environment "${environment}"; ${organizationKey}.environments defines ${environments.map((name) => `"${name}"`).join(", ")}.`);
    }
    const organizationId = org.organizationId;

    const roots = await allPages(async (nextToken) => {
        const page = await client.send(new ListRootsCommand({ NextToken: nextToken }));
        return { items: page.Roots, nextToken: page.NextToken };
    }, options);
    if (roots.length === 0 || !roots[0].Id) {
        throw new Error(`Organizations returned no root for organization ${organizationId}; use credentials of its management account ${org.managementAccountId}.`);
    }
    const root = roots[0];
    // Credentials of another organization would make every account look missing; say what is actually wrong.
    const reachedId = organizationIdOf(root.Arn);
    if (reachedId !== undefined && reachedId !== organizationId) {
        throw new Error(`The credentials reach organization ${reachedId}, but ${organizationKey}.organizationId is ${organizationId}; `
            + `use credentials of management account ${org.managementAccountId} or correct organizationId.`);
    }

    const accounts = await allPages(async (nextToken) => {
        const page = await client.send(new ListAccountsCommand({ NextToken: nextToken }));
        return { items: page.Accounts, nextToken: page.NextToken };
    }, options);
    const tree = await organizationTree(client, root, options);
    const expectedPath = expectedOuPath(tree.pathsById.get(root.Id!)!, environments, environment);
    const expectedOuExists = [...tree.pathsById.values()].includes(expectedPath);

    const resolved: ResolvedAccount[] = [];
    for (const member of memberAccounts(org).filter((candidate) => candidate.environment === environment)) {
        const label = `${member.environment}/${member.key}`;
        const slot = {
            key: member.key,
            role: member.role,
            ...(member.application !== undefined ? { application: member.application } : {}),
            ...(member.adoptedId !== undefined ? { expectedId: member.adoptedId } : {}),
        };
        const match = matchAccount(member, accounts, organizationId);
        if ("missing" in match) {
            resolved.push({ ...slot, name: member.name, status: "missing", message: match.missing });
            continue;
        }
        const account = match.account;
        const id = account.Id!;
        const parents = await allPages(async (nextToken) => {
            const page = await client.send(new ListParentsCommand({ ChildId: id, NextToken: nextToken }));
            return { items: page.Parents, nextToken: page.NextToken };
        }, options);
        const parentId = parents[0]?.Id;
        const ouPath = parentId === undefined ? undefined : tree.pathsById.get(parentId) ?? parentId;
        const name = account.Name ?? member.name;
        const state = account.State ?? account.Status;
        const found = {
            ...slot,
            name,
            id,
            ...(state !== undefined ? { state } : {}),
            ...(ouPath !== undefined ? { ouPath } : {}),
        };
        const subject = `${label}: account "${name}" (id ${id})`;
        const inactive = unusableState(account);
        if (inactive !== undefined) {
            resolved.push({
                ...found,
                status: "suspended",
                message: `${subject} is ${inactive}; a closed account can be reopened through AWS Support within 90 days of closure, `
                    + `otherwise set ${configPath(member)}.id to a replacement account.`,
            });
        } else if (ouPath !== expectedPath) {
            const fix = expectedOuExists
                ? "move it with aws organizations move-account or the organization stack."
                : "that OU does not exist yet; run the organization stack to create it and move the account.";
            resolved.push({
                ...found,
                status: "wrong-ou",
                message: `${subject} is in OU "${ouPath ?? "unknown"}", expected "${expectedPath}"; ${fix}`,
            });
        } else {
            resolved.push({ ...found, status: "ok", message: `${subject} is ${state ?? "present"} in OU "${ouPath}".` });
        }
    }
    return { organizationId, environment, accounts: resolved, ok: resolved.every((account) => account.status === "ok") };
}

/** A plain-text report: a summary line, then one aligned line per account, with the message when it needs a fix. */
export function formatResolution(resolution: AccountResolution): string {
    const rows = resolution.accounts.map((account) => [account.key, account.id ?? "-", account.status, account.ouPath ?? "-"]);
    const header = ["ACCOUNT", "ID", "STATUS", "OU"];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
    const attention = resolution.accounts.filter((account) => account.status !== "ok").length;
    const total = resolution.accounts.length;
    const summary = attention === 0
        ? `Environment "${resolution.environment}" in organization ${resolution.organizationId}: all ${total} accounts ok.`
        : `Environment "${resolution.environment}" in organization ${resolution.organizationId}: ${attention} of ${total} accounts need attention.`;
    return [
        summary,
        line(header).trimEnd(),
        ...resolution.accounts.map((account, index) => {
            const cells = line(rows[index]);
            return account.status === "ok" ? cells.trimEnd() : `${cells}  ${account.message}`;
        }),
    ].join("\n");
}
