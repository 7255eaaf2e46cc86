import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { classifications } from "../../../accounts/catalogue";
import { invokeRoleName } from "../../../accounts/genaiNames";
import { iamRoleArn } from "../../../accounts/naming";
import { Partition } from "../../../accounts/regions";
import { Environment } from "../../../accounts/validate";
import { classificationTagKey, tenantTagKey } from "../../../components/identity/sessionTags";

/**
 * The end-to-end check calls Bedrock as applications do: as the application's genAI invoke role, in a session tagged
 * the way the workload role tags it (a tenant the application serves and a data classification). The role's trust,
 * its tag conditions, its guardrail and classification rules and its tenant-scoped retrieval all apply, so a pass
 * proves the chain applications use, not what an administrator may do.
 *
 * The invoke role trusts only its application's workload role, which only the application's compute service can
 * assume. The session is assumed with the caller's own credentials (the default chain); when STS refuses them, the
 * end-to-end check says the chain is not proven rather than passing as if it were (measure.ts).
 */

export interface InvokeSession {
    readonly application: string;
    readonly roleArn: string;
    /** Session tags, by key, as the workload role passes them. */
    readonly tags: Readonly<Record<string, string>>;
}

export interface InvokeClients {
    readonly bedrockRuntime: BedrockRuntimeClient;
    readonly bedrockAgentRuntime: BedrockAgentRuntimeClient;
    /** Assumes the role (once); rejects with the reason STS gave. */
    readonly assume: () => Promise<void>;
}

/** Clients acting as an invoke role session in `region`. */
export type InvokeClientFactory = (session: InvokeSession, region: string) => InvokeClients;

/**
 * One session per application: its invoke role in the genAI account, tagged with the application's first tenant and
 * the lowest classification (every catalogue model is cleared for it, so the session may call any of them).
 */
export function invokeSessions(environment: Environment, partition: Partition, genaiAccountId: string): InvokeSession[] {
    return Object.entries(environment.accounts.applications).map(([application, settings]) => ({
        application,
        roleArn: iamRoleArn(partition, genaiAccountId, invokeRoleName(environment.namePrefix, environment.name, application)),
        tags: { [tenantTagKey]: settings.tenants[0], [classificationTagKey]: classifications[0] },
    }));
}

/** `tenant=acme, data-classification=public`. */
export function tagsText(tags: Readonly<Record<string, string>>): string {
    return Object.entries(tags).map(([key, value]) => `${key}=${value}`).join(", ");
}

export interface InvokeRoleFactoryOptions {
    /** Recorded in CloudTrail beside the tags: `lz-drill-prod`. */
    readonly sessionName: string;
    readonly requestTimeoutMs: number;
}

/** STS refused the invoke role to the drill's credentials: the chain cannot be proven from them. */
export class InvokeRoleRefusedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvokeRoleRefusedError";
    }
}

/**
 * Assumes each invoke role with STS in the region called (so the check does not depend on the region the
 * environment leaves), with the session tags, and hands out Bedrock clients on those credentials. The SDK's retries
 * are off, as for every drill client.
 */
export function assumeInvokeRoleFactory(options: InvokeRoleFactoryOptions): InvokeClientFactory {
    const requestHandler = { requestTimeout: options.requestTimeoutMs, connectionTimeout: options.requestTimeoutMs };
    const made = new Map<string, InvokeClients>();
    return (session, region) => {
        const key = `${session.roleArn}/${region}`;
        const existing = made.get(key);
        if (existing) {
            return existing;
        }
        type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
        const assume = async (): Promise<Credentials> => {
            const sts = new STSClient({ region, requestHandler, maxAttempts: 1 });
            try {
                const answer = await sts.send(new AssumeRoleCommand({
                    RoleArn: session.roleArn,
                    RoleSessionName: options.sessionName,
                    DurationSeconds: 900,
                    Tags: Object.entries(session.tags).map(([Key, Value]) => ({ Key, Value })),
                }));
                const given = answer.Credentials;
                if (!given?.AccessKeyId || !given.SecretAccessKey || !given.SessionToken || !given.Expiration) {
                    throw new Error("STS returned no credentials");
                }
                return { accessKeyId: given.AccessKeyId, secretAccessKey: given.SecretAccessKey, sessionToken: given.SessionToken, expiration: given.Expiration };
            } catch (error) {
                const reason = error instanceof Error ? error.message : String(error);
                const name = (error as { name?: string } | undefined)?.name;
                const where = `could not assume ${session.roleArn} in ${region} with ${tagsText(session.tags)}: ${reason}`;
                if (name === "AccessDenied" || name === "AccessDeniedException") {
                    throw new InvokeRoleRefusedError(`${where} (its trust admits only the ${session.application} workload role)`);
                }
                throw Object.assign(new Error(where), name ? { name } : {});
            } finally {
                sts.destroy();
            }
        };
        // One session while it lasts; a new one a minute before it expires (the check is retried until the RTO).
        let current: Promise<Credentials> | undefined;
        const credentials = async (): Promise<Credentials> => {
            const held = current && await current.catch(() => undefined);
            if (held && held.expiration.getTime() - Date.now() > 60_000) {
                return held;
            }
            current = assume();
            return current;
        };
        const config = { region, credentials, requestHandler, maxAttempts: 1 };
        const clients: InvokeClients = {
            bedrockRuntime: new BedrockRuntimeClient(config),
            bedrockAgentRuntime: new BedrockAgentRuntimeClient(config),
            assume: async () => {
                await credentials();
            },
        };
        made.set(key, clients);
        return clients;
    };
}
