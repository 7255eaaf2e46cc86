import { BedrockClient } from "@aws-sdk/client-bedrock";
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { FisClient } from "@aws-sdk/client-fis";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { iamRoleArn } from "../../../accounts/naming";
import { Partition } from "../../../accounts/regions";

/**
 * The clients a drill uses, all acting in one account and one region. Live checks only read; the switch writes SSM
 * parameters, the canary writes one object and one item, and the end-to-end check calls Bedrock's runtime.
 */
export interface DrillClients {
    readonly s3: S3Client;
    readonly kms: KMSClient;
    readonly bedrock: BedrockClient;
    readonly ec2: EC2Client;
    readonly dynamodb: DynamoDBClient;
    readonly ssm: SSMClient;
    readonly cloudwatch: CloudWatchClient;
    readonly bedrockRuntime: BedrockRuntimeClient;
    readonly bedrockAgentRuntime: BedrockAgentRuntimeClient;
    /** Starts and follows the fault-injection experiments of `--inject`. */
    readonly fis: FisClient;
}

/**
 * Where live checks get their clients. The default assumes the environment's access role in each account; tests
 * hand in clients mocked with aws-sdk-client-mock and record which account and region each check asked for.
 */
export interface DrillClientFactory {
    clients(accountId: string, region: string): DrillClients;
}

interface TemporaryCredentials {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken: string;
    readonly expiration: Date;
}

export interface AssumeRoleFactoryOptions {
    readonly partition: Partition;
    /** `landing-zone:environment.accessRoleName`, the role the environment's own deployments assume. */
    readonly roleName: string;
    /** Recorded in CloudTrail, so that a drill's reads are told apart from deployments: `lz-drill-prod`. */
    readonly sessionName: string;
    /** Socket-level limit for every request, under the per-call timeout. */
    readonly requestTimeoutMs: number;
}

/** Credentials are refreshed this long before they expire: an `up` during `--execute` can outlast an hour-long session. */
const refreshMarginMs = 5 * 60_000;

/**
 * Clients that assume `arn:<partition>:iam::<account>:role/<roleName>` with the caller's own credentials (the
 * default chain: environment, profile, SSO). STS is called in the region being checked, so a drill does not depend
 * on the region it fails away from. The SDK's own retries are off: throttling is retried by the drill with backoff,
 * and anything else fails the check at once with its message.
 */
export function assumeRoleClientFactory(options: AssumeRoleFactoryOptions): DrillClientFactory {
    const sessions = new Map<string, Promise<TemporaryCredentials>>();
    const clients = new Map<string, DrillClients>();
    const requestHandler = { requestTimeout: options.requestTimeoutMs, connectionTimeout: options.requestTimeoutMs };

    const assume = async (accountId: string, region: string): Promise<TemporaryCredentials> => {
        const roleArn = iamRoleArn(options.partition, accountId, options.roleName);
        const sts = new STSClient({ region, requestHandler, maxAttempts: 3 });
        try {
            const answer = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: options.sessionName, DurationSeconds: 3600 }));
            const credentials = answer.Credentials;
            if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration) {
                throw new Error("STS returned no credentials");
            }
            return {
                accessKeyId: credentials.AccessKeyId,
                secretAccessKey: credentials.SecretAccessKey,
                sessionToken: credentials.SessionToken,
                expiration: credentials.Expiration,
            };
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            // Keep the SDK's name and metadata: a throttled AssumeRole is retried like any other throttled call.
            const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: unknown };
            throw Object.assign(new Error(`could not assume ${roleArn}: ${reason}`), { ...(name ? { name } : {}), ...($metadata ? { $metadata } : {}) });
        } finally {
            sts.destroy();
        }
    };

    const credentialsFor = (accountId: string, region: string) => async (): Promise<TemporaryCredentials> => {
        const key = `${accountId}/${region}`;
        const cached = sessions.get(key);
        if (cached) {
            const credentials = await cached.catch(() => undefined);
            if (credentials && credentials.expiration.getTime() - Date.now() > refreshMarginMs) {
                return credentials;
            }
        }
        // Concurrent checks in one account share a single AssumeRole call.
        const session = assume(accountId, region);
        sessions.set(key, session);
        return session;
    };

    return {
        clients(accountId: string, region: string): DrillClients {
            const key = `${accountId}/${region}`;
            let existing = clients.get(key);
            if (!existing) {
                const config = { region, credentials: credentialsFor(accountId, region), requestHandler, maxAttempts: 1 };
                existing = {
                    s3: new S3Client(config),
                    kms: new KMSClient(config),
                    bedrock: new BedrockClient(config),
                    ec2: new EC2Client(config),
                    dynamodb: new DynamoDBClient(config),
                    ssm: new SSMClient(config),
                    cloudwatch: new CloudWatchClient(config),
                    bedrockRuntime: new BedrockRuntimeClient(config),
                    bedrockAgentRuntime: new BedrockAgentRuntimeClient(config),
                    fis: new FisClient(config),
                };
                clients.set(key, existing);
            }
            return existing;
        },
    };
}
