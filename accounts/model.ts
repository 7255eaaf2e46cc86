import { OrganizationConfig } from "./schema";
import { AccountRole, accountKey, accountName, accountEmail } from "./naming";
import { Environment } from "./validate";
import { coreAccountName, CoreAccountRole } from "./securityNames";

/**
 * The account model: organization → OUs → environments → accounts by role. Pure data derived from config;
 * the stacks turn it into resources and the offline engine into answers.
 */
export interface AccountSlot {
    readonly environment: string;
    readonly role: AccountRole;
    /** Application name, for application accounts only. */
    readonly application?: string;
    /** Stable key within the environment: `genai`, `data`, `app-chat`. */
    readonly key: string;
}

export interface MemberAccount extends AccountSlot {
    readonly name: string;
    readonly email: string;
    /** Set when the account is adopted rather than created. */
    readonly adoptedId?: string;
}

export interface OrganizationalUnitSpec {
    /** Stable key: `security`, `workloads`, `workloads-prod`. */
    readonly key: string;
    readonly name: string;
    /** Key of the parent OU; undefined for OUs directly under the root. */
    readonly parentKey?: string;
}

/** The OU tree: Security and Workloads under the root, one OU per environment under Workloads. */
export function organizationalUnits(environments: readonly string[]): OrganizationalUnitSpec[] {
    return [
        { key: "security", name: "Security" },
        { key: "workloads", name: "Workloads" },
        ...environments.map((env) => ({ key: environmentOuKey(env), name: env, parentKey: "workloads" })),
    ];
}

export function environmentOuKey(environment: string): string {
    return `workloads-${environment}`;
}

function slots(environment: string, applications: readonly string[]): AccountSlot[] {
    return [
        { environment, role: "genai", key: accountKey("genai") },
        { environment, role: "data", key: accountKey("data") },
        ...[...applications].sort().map((application) => ({
            environment,
            role: "application" as const,
            application,
            key: accountKey("application", application),
        })),
    ];
}

/** Every member account of the organization, in a stable order (environment, then genai, data, applications). */
export function memberAccounts(org: OrganizationConfig): MemberAccount[] {
    return Object.keys(org.environments).sort().flatMap((envName) => {
        const env = org.environments[envName];
        return slots(envName, Object.keys(env.applications)).map((slot) => {
            const spec = slot.role === "application" ? env.applications[slot.application!] : env[slot.role];
            const name = spec.name ?? accountName(org.namePrefix, envName, slot.role, slot.application);
            return { ...slot, name, email: spec.email ?? accountEmail(org.accountEmailTemplate, name), adoptedId: spec.id };
        });
    });
}

export interface EnvironmentAccount extends AccountSlot {
    readonly name: string;
    readonly vpcCidr: string;
    /** Set for adopted accounts; otherwise resolved from the organization stack. */
    readonly configuredId?: string;
}

/** The accounts one environment stack provisions, in a stable order. */
export function environmentAccounts(env: Environment): EnvironmentAccount[] {
    return slots(env.name, Object.keys(env.accounts.applications)).map((slot) => {
        const spec = slot.role === "application" ? env.accounts.applications[slot.application!] : env.accounts[slot.role];
        return {
            ...slot,
            name: accountName(env.namePrefix, env.name, slot.role, slot.application),
            vpcCidr: spec.vpcCidr,
            configuredId: spec.id,
        };
    });
}

/** Shape of the organization stack's `accounts` output: environment → key → account ID. */
export type AccountIdsOutput = Record<string, Record<string, string>>;

/** An account of the Security OU, created by the organization stack or adopted by ID. */
export interface CoreAccount {
    readonly role: CoreAccountRole;
    /** Where it is set: `security.logArchive`. */
    readonly configKey: "logArchive" | "securityTooling";
    readonly name: string;
    readonly email: string;
    readonly adoptedId?: string;
}

/** The log-archive and security-tooling accounts, in that order. */
export function coreAccounts(org: OrganizationConfig): CoreAccount[] {
    const specs: [CoreAccountRole, CoreAccount["configKey"]][] = [["log-archive", "logArchive"], ["security", "securityTooling"]];
    return specs.map(([role, configKey]) => {
        const spec = org.security[configKey];
        const name = spec.name ?? coreAccountName(org.namePrefix, role);
        return { role, configKey, name, email: spec.email ?? accountEmail(org.accountEmailTemplate, name), ...(spec.id !== undefined ? { adoptedId: spec.id } : {}) };
    });
}
