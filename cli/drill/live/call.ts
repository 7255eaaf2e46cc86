import { ThrottlingRetryOptions, withThrottlingRetry } from "../../../accounts/resolver";
import { formatDuration } from "../checks";

/** An AWS call that did not answer in time; the check it belongs to fails with this message, the others go on. */
export class CallTimeoutError extends Error {
    constructor(public readonly operation: string, public readonly timeoutMs: number) {
        super(`${operation} timed out after ${formatDuration(timeoutMs)}`);
        this.name = "CallTimeoutError";
    }
}

export interface CallOptions {
    /** Each attempt's own limit; a throttled attempt that is retried gets a fresh one. */
    readonly timeoutMs: number;
    readonly retry?: ThrottlingRetryOptions;
}

/**
 * One attempt, abandoned after `timeoutMs`. The signal asks the SDK to drop the request; the race makes the limit
 * hold even for a client that ignores the signal (a stuck connection, a mocked client), so no check can hang a drill.
 */
async function attempt<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(new CallTimeoutError(operation, timeoutMs));
        }, timeoutMs);
    });
    try {
        return await Promise.race([send(controller.signal), timedOut]);
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Calls AWS with a per-attempt timeout, retrying with backoff while AWS throttles (a drill reads from every account
 * at once, and Bedrock's and EC2's describe quotas are small). A timeout is not retried: the check reports it.
 */
export function awsCall<T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>, options: CallOptions): Promise<T> {
    return withThrottlingRetry(() => attempt(operation, send, options.timeoutMs), options.retry);
}

/** The error's name as the SDK sets it (`NoSuchBucket`, `ResourceNotFoundException`), for deciding what a failure means. */
export function errorName(error: unknown): string | undefined {
    return error !== null && typeof error === "object" && typeof (error as { name?: unknown }).name === "string"
        ? (error as { name: string }).name
        : undefined;
}

/** A one-line reason for a failed call: the SDK's message, with its error name when the message does not say it. */
export function errorMessage(error: unknown): string {
    if (error instanceof CallTimeoutError) {
        return error.message;
    }
    const name = errorName(error);
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split("\n")[0];
    return name && name !== "Error" && !firstLine.includes(name) ? `${name}: ${firstLine}` : firstLine;
}
