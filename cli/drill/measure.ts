import { RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { ApplyGuardrailCommand, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { DrInventoryEntry } from "../../accounts/drInventory";
import { accountKey } from "../../accounts/naming";
import { CheckResult, fail, formatDuration, pass, skip } from "./checks";
import { locationIn } from "./inventory";
import { errorMessage, errorName } from "./live/call";
import { InvokeClientFactory, InvokeClients, InvokeRoleRefusedError, InvokeSession, tagsText } from "./live/invokeSession";
import { SwitchContext } from "./switch";

/**
 * What `--execute` measures. RPO: a canary object (documents bucket) and item (a session table) written in the
 * region the environment leaves before the switch, then looked for in the target; the time they took to arrive is
 * the replication lag a real failover would have lost. RTO: from the decision (the drill's start) to the first
 * successful end-to-end call in the target (ApplyGuardrail, Converse on a catalogue model with the guardrail,
 * Retrieve from the knowledge base).
 */

export interface CanaryWrite {
    readonly what: "object" | "item";
    readonly account: string;
    /** Where it was written and where it must appear. */
    readonly source: { readonly region: string; readonly name: string };
    readonly replica: { readonly region: string; readonly name: string };
    readonly key: string;
    readonly writtenAt: string;
}

export interface Canary {
    readonly writes: CanaryWrite[];
    /** Canaries that could not be written (the source region did not answer): RPO is not measured for them. */
    readonly unwritten: string[];
}

export const canaryPrefix = "lz-drill-canary/";

/** The documents bucket (data account) and the first session table: the data a failover must not lose. */
function canaryTargets(inventory: readonly DrInventoryEntry[], target: string): { bucket?: DrInventoryEntry; table?: DrInventoryEntry } {
    const pick = (kind: string) => inventory.find((entry) => entry.kind === kind && entry.replica !== null && locationIn(entry, target) !== null && entry.primary.region !== target);
    return {
        bucket: inventory.find((entry) => entry.kind === "s3-bucket" && entry.account === accountKey("data") && entry.replica !== null && entry.replica.region === target) ?? pick("s3-bucket"),
        table: pick("dynamodb-table"),
    };
}

export async function writeCanary(context: SwitchContext, inventory: readonly DrInventoryEntry[], target: string, runId: string): Promise<Canary> {
    const { bucket, table } = canaryTargets(inventory, target);
    const writes: CanaryWrite[] = [];
    const unwritten: string[] = [];
    if (bucket && bucket.replica) {
        const key = `${canaryPrefix}${runId}`;
        try {
            const s3 = context.clients(bucket.account, bucket.primary.region).s3;
            const writtenAt = context.now().toISOString();
            await context.call("s3:PutObject", (abortSignal) => s3.send(new PutObjectCommand({ Bucket: bucket.primary.physicalName, Key: key, Body: writtenAt }), { abortSignal }));
            writes.push({ what: "object", account: bucket.account, source: { region: bucket.primary.region, name: bucket.primary.physicalName }, replica: { region: bucket.replica.region, name: bucket.replica.physicalName }, key, writtenAt });
        } catch (error) {
            unwritten.push(`object in ${bucket.primary.physicalName} (${bucket.primary.region}): ${errorMessage(error)}`);
        }
    } else {
        unwritten.push(`no replicated bucket in the DR inventory to write a canary object to`);
    }
    if (table && table.replica) {
        const key = runId;
        try {
            const dynamodb = context.clients(table.account, table.primary.region).dynamodb;
            const writtenAt = context.now().toISOString();
            await context.call("dynamodb:PutItem", (abortSignal) => dynamodb.send(new PutItemCommand({
                TableName: table.primary.physicalName,
                // Expires a day later through the table's TTL attribute, so canaries do not pile up.
                Item: { pk: { S: "lz-drill-canary" }, sk: { S: key }, writtenAt: { S: writtenAt }, expiresAt: { N: String(Math.floor(Date.parse(writtenAt) / 1000) + 86_400) } },
            }), { abortSignal }));
            writes.push({ what: "item", account: table.account, source: { region: table.primary.region, name: table.primary.physicalName }, replica: { region: target, name: table.primary.physicalName }, key, writtenAt });
        } catch (error) {
            unwritten.push(`item in ${table.primary.physicalName} (${table.primary.region}): ${errorMessage(error)}`);
        }
    } else {
        unwritten.push(`no global table in the DR inventory to write a canary item to`);
    }
    return { writes, unwritten };
}

async function arrived(context: SwitchContext, write: CanaryWrite): Promise<boolean> {
    try {
        if (write.what === "object") {
            const s3 = context.clients(write.account, write.replica.region).s3;
            await context.call("s3:HeadObject", (abortSignal) => s3.send(new HeadObjectCommand({ Bucket: write.replica.name, Key: write.key }), { abortSignal }));
            return true;
        }
        const dynamodb = context.clients(write.account, write.replica.region).dynamodb;
        const answer = await context.call("dynamodb:GetItem", (abortSignal) => dynamodb.send(new GetItemCommand({
            TableName: write.replica.name, Key: { pk: { S: "lz-drill-canary" }, sk: { S: write.key } },
        }), { abortSignal }));
        return answer.Item !== undefined;
    } catch (error) {
        if (errorName(error) === "NotFound" || errorName(error) === "NoSuchKey") {
            return false;
        }
        throw error;
    }
}

export interface RpoMeasurement {
    readonly checks: CheckResult[];
    /** The largest lag measured, when every canary arrived. */
    readonly measuredMs?: number;
}

/**
 * Polls the target for each canary until it arrives or the declared RPO has passed since it was written. A canary
 * that arrives late fails: it is data a failover at that moment would have lost.
 */
export async function measureRpo(context: SwitchContext, canary: Canary, rpoMinutes: number, options: { pollMs: number; sleep: (ms: number) => Promise<void> }): Promise<RpoMeasurement> {
    const checks: CheckResult[] = canary.unwritten.map((reason) => skip("rpo canary", `not measured: could not write the ${reason}`));
    const lags: number[] = [];
    for (const write of canary.writes) {
        const name = `rpo canary ${write.what} ${write.replica.name}`;
        const deadline = Date.parse(write.writtenAt) + rpoMinutes * 60_000;
        let seen = false;
        let lastError: string | undefined;
        for (;;) {
            try {
                seen = await arrived(context, write);
                lastError = undefined;
            } catch (error) {
                lastError = errorMessage(error);
            }
            if (seen || context.now().getTime() >= deadline) {
                break;
            }
            await options.sleep(options.pollMs);
        }
        const lag = context.now().getTime() - Date.parse(write.writtenAt);
        if (seen) {
            lags.push(lag);
            checks.push(pass(name, `written in ${write.source.region} at ${write.writtenAt}, seen in ${write.replica.region} after ${formatDuration(lag)}, within the RPO of ${rpoMinutes} min`));
        } else {
            checks.push(fail(name, `written in ${write.source.region} at ${write.writtenAt}, not in ${write.replica.name} (${write.replica.region}) after ${formatDuration(lag)}: `
                + `beyond the RPO of ${rpoMinutes} min${lastError ? ` (last read: ${lastError})` : ""}`));
        }
    }
    const complete = canary.writes.length > 0 && lags.length === canary.writes.length;
    return { checks, measuredMs: complete ? Math.max(...lags) : undefined };
}

export interface EndToEndResult {
    readonly ok: boolean;
    readonly checks: CheckResult[];
    /** When the last call of the first fully successful round returned. */
    readonly succeededAt?: string;
}

interface TargetCatalogue {
    readonly guardrail?: { readonly id?: string; readonly version?: string };
    readonly models?: { readonly id: string; readonly modality: string; readonly invokeId?: string }[];
}

/** The target region's knowledge base for the Retrieve, and where its ID came from (or why there is none). */
export interface KnowledgeBaseChoice {
    readonly id?: string;
    readonly source: string;
}

export interface EndToEndInput {
    /** The catalogue parameter's name in the target: it names the guardrail and models applications use there. */
    readonly catalogueParameter: string;
    readonly target: string;
    /** One per application: its invoke role and the session tags its workload role passes. */
    readonly sessions: readonly InvokeSession[];
    readonly invokeClients: InvokeClientFactory;
    readonly knowledgeBase: KnowledgeBaseChoice;
}

/**
 * One round of end-to-end calls in the target region, as each application makes them: as its invoke role, assumed
 * with its session tags, ApplyGuardrail, Converse on a catalogue text model through the guardrail, and Retrieve from
 * the knowledge base. Each call is its own row; the round passes when all of them do.
 *
 * When STS refuses the invoke role to the drill's credentials (its trust admits the workload role only), the chain
 * is reported as not proven (a skip row with STS's reason) and that application's calls are made as the genAI access
 * role instead, so that the target region is still verified and the RTO still measured.
 */
export async function endToEnd(context: SwitchContext, input: EndToEndInput): Promise<EndToEndResult> {
    const { catalogueParameter, target } = input;
    const ssm = context.clients(accountKey("genai"), target).ssm;
    const checks: CheckResult[] = [];
    let catalogue: TargetCatalogue;
    try {
        const answer = await context.call("ssm:GetParameter", (abortSignal) => ssm.send(new GetParameterCommand({ Name: catalogueParameter }), { abortSignal }));
        catalogue = JSON.parse(answer.Parameter?.Value ?? "{}") as TargetCatalogue;
    } catch (error) {
        return { ok: false, checks: [fail("e2e catalogue", `could not read ${catalogueParameter} in ${target}: ${errorMessage(error)}`)] };
    }
    const guardrailId = catalogue.guardrail?.id;
    const guardrailVersion = catalogue.guardrail?.version;
    const model = catalogue.models?.find((candidate) => candidate.modality === "text" || candidate.modality === "multimodal");
    const run = async (name: string, action: () => Promise<string>): Promise<void> => {
        try {
            checks.push(pass(name, await action()));
        } catch (error) {
            checks.push(fail(name, `${errorMessage(error)} (in ${target})`));
        }
    };
    const accessRole = context.clients(accountKey("genai"), target);
    if (input.sessions.length === 0) {
        checks.push(fail("e2e invoke role", "the environment has no application, so no invoke role to call Bedrock as"));
    }
    if (!guardrailId || !guardrailVersion) {
        checks.push(fail("e2e ApplyGuardrail", `${catalogueParameter} in ${target} names no guardrail ID and version`));
    }
    if (!model) {
        checks.push(fail("e2e Converse", `${catalogueParameter} in ${target} names no text model`));
    }
    for (const session of input.sessions) {
        const invoke = input.invokeClients(session, target);
        let clients: Pick<InvokeClients, "bedrockRuntime" | "bedrockAgentRuntime"> = invoke;
        let as = `(${session.application})`;
        const assumeRow = `e2e assume invoke role ${as}`;
        try {
            await context.call("sts:AssumeRole", () => invoke.assume());
            checks.push(pass(assumeRow, `${session.roleArn} assumed in ${target} with ${tagsText(session.tags)}`));
        } catch (error) {
            if (!(error instanceof InvokeRoleRefusedError)) {
                checks.push(fail(assumeRow, `${errorMessage(error)} (in ${target})`));
                continue;
            }
            checks.push(skip(assumeRow, `not proven: ${error.message}; ${session.application}'s calls below ran as the genAI access role`));
            clients = accessRole;
            as = `(${session.application}, as the genAI access role)`;
        }
        if (guardrailId && guardrailVersion) {
            await run(`e2e ApplyGuardrail ${as}`, async () => {
                const answer = await context.call("bedrock:ApplyGuardrail", (abortSignal) => clients.bedrockRuntime.send(new ApplyGuardrailCommand({
                    guardrailIdentifier: guardrailId, guardrailVersion, source: "INPUT", content: [{ text: { text: "lz drill end-to-end check: what is the capital of France?" } }],
                }), { abortSignal }));
                return `guardrail ${guardrailId} version ${guardrailVersion} answered ${answer.action ?? "no action"} in ${target}`;
            });
            if (model) {
                await run(`e2e Converse ${model.id} ${as}`, async () => {
                    const answer = await context.call("bedrock:Converse", (abortSignal) => clients.bedrockRuntime.send(new ConverseCommand({
                        modelId: model.invokeId ?? model.id,
                        messages: [{ role: "user", content: [{ text: "Reply with the single word OK." }] }],
                        inferenceConfig: { maxTokens: 5 },
                        guardrailConfig: { guardrailIdentifier: guardrailId, guardrailVersion },
                    }), { abortSignal }));
                    return `${model.invokeId ?? model.id} answered (${answer.stopReason ?? "no stop reason"}) with the guardrail in ${target}`;
                });
            }
        }
        const knowledgeBaseId = input.knowledgeBase.id;
        if (knowledgeBaseId !== undefined) {
            await run(`e2e Retrieve ${as}`, async () => {
                const answer = await context.call("bedrock:Retrieve", (abortSignal) => clients.bedrockAgentRuntime.send(new RetrieveCommand({
                    knowledgeBaseId, retrievalQuery: { text: "lz drill end-to-end check" },
                }), { abortSignal }));
                return `knowledge base ${knowledgeBaseId} (${input.knowledgeBase.source}) returned ${answer.retrievalResults?.length ?? 0} results in ${target}`;
            });
        }
    }
    if (input.knowledgeBase.id === undefined) {
        checks.push(skip("e2e Retrieve", `not called: ${input.knowledgeBase.source}`));
    }
    const ok = checks.every((check) => check.verdict !== "fail");
    return { ok, checks, succeededAt: ok ? context.now().toISOString() : undefined };
}
