/**
 * Starts a policy pack the way the Pulumi CLI does and speaks to it over the CLI's own analyzer protocol.
 *
 * The CLI (pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer) runs the `pulumi-analyzer-policy` shim, which
 * resolves `@pulumi/pulumi/cmd/run-policy-pack` from the pack's folder and runs it with node, with the pack folder as
 * working directory and the arguments `[<engine address>, "."]`, and with the stack's config and identity in the
 * environment (constructEnv). The pack prints the port of its pulumirpc.Analyzer server on its first stdout line.
 * The CLI then calls Handshake, ConfigureStack, GetAnalyzerInfo, Configure, Analyze per resource and AnalyzeStack.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";

/** A pack that could not be started or answered wrongly; the command exits 2 for it, as for a config mistake. */
export class PolicyPackError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyPackError";
    }
}

export interface PackEnvironment {
    readonly project: string;
    readonly stack: string;
    readonly organization: string;
    readonly dryRun: boolean;
    /** The stack's config, `namespace:key` to the string the CLI passes (structured values as JSON text). */
    readonly config: Readonly<Record<string, string>>;
}

export interface PackLog {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn?: string;
}

const severities: Record<number, PackLog["severity"]> = {
    [engineProto.LogSeverity.DEBUG]: "debug",
    [engineProto.LogSeverity.INFO]: "info",
    [engineProto.LogSeverity.WARNING]: "warning",
    [engineProto.LogSeverity.ERROR]: "error",
};

/** The analyzer's messages can be large (a whole stack in AnalyzeStack); the CLI allows 400 MiB too. */
const maxMessageBytes = 400 * 1024 * 1024;

/**
 * The minimal pulumirpc.Engine a plugin can talk to: Log collects messages, the root resource is kept, and the
 * methods a policy pack never calls answer UNIMPLEMENTED.
 */
async function startEngine(logs: PackLog[]): Promise<{ address: string; server: grpc.Server }> {
    const server = new grpc.Server();
    let rootUrn = "";
    const implementation: engineRpc.IEngineServer = {
        log: (call, callback) => {
            const request = call.request;
            logs.push({ severity: severities[request.getSeverity()] ?? "info", message: request.getMessage(), urn: request.getUrn() || undefined });
            callback(null, new Empty());
        },
        getRootResource: (_call, callback) => {
            callback(null, new engineProto.GetRootResourceResponse().setUrn(rootUrn));
        },
        setRootResource: (call, callback) => {
            rootUrn = call.request.getUrn();
            callback(null, new engineProto.SetRootResourceResponse());
        },
        startDebugging: (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: "lz check does not attach debuggers" }),
        requirePulumiVersion: (_call, callback) => callback(null, new engineProto.RequirePulumiVersionResponse()),
    };
    server.addService(engineRpc.EngineService, implementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    return { address: `127.0.0.1:${port}`, server };
}

/**
 * `node` options that load the lean runtime (./leanPackRuntime.ts) into the pack: the pack's decisions are the
 * same, its start shorter. Running from the TypeScript sources, there is no compiled file to load.
 */
function leanRuntimeArgs(): string[] {
    const compiled = path.join(__dirname, "leanPackRuntime.js");
    return fs.existsSync(compiled) ? ["--require", compiled] : [];
}

/** How long one analyzer call may take: a policy that loops must fail the check rather than hang the pull request. */
const callTimeoutMs = 5 * 60 * 1000;

type UnaryMethod<Request, Response> = (
    request: Request,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (error: grpc.ServiceError | null, response: Response) => void,
) => grpc.ClientUnaryCall;

function unary<Request, Response>(client: analyzerRpc.AnalyzerClient, method: UnaryMethod<Request, Response>, request: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
        method.call(client, request, new grpc.Metadata(), { deadline: Date.now() + callTimeoutMs }, (error, response) => (error ? reject(error) : resolve(response)));
    });
}

export class PolicyPackProcess {
    private exited = false;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: analyzerRpc.AnalyzerClient,
        private readonly engine: grpc.Server,
        public readonly logs: PackLog[],
        private readonly stderr: () => string,
        public readonly engineAddress: string,
    ) {
        child.once("exit", () => {
            this.exited = true;
        });
    }

    /**
     * Starts the pack in `packDir` through `runPolicyPack` (@pulumi/pulumi/cmd/run-policy-pack resolved from the pack)
     * and waits for it to print its port.
     */
    static async start(packDir: string, runPolicyPack: string, environment: PackEnvironment, startTimeoutMs = 60_000): Promise<PolicyPackProcess> {
        const logs: PackLog[] = [];
        const engine = await startEngine(logs);
        const config = Object.keys(environment.config).length > 0 ? JSON.stringify(environment.config) : undefined;
        const dryRun = String(environment.dryRun);
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            ...(config ? { PULUMI_CONFIG: config } : {}),
            PULUMI_NODEJS_ORGANIZATION: environment.organization,
            PULUMI_NODEJS_PROJECT: environment.project,
            PULUMI_NODEJS_STACK: environment.stack,
            PULUMI_NODEJS_DRY_RUN: dryRun,
            PULUMI_ORGANIZATION: environment.organization,
            PULUMI_PROJECT: environment.project,
            PULUMI_STACK: environment.stack,
            PULUMI_DRY_RUN: dryRun,
        };
        // Settings of whoever started lz must not leak into the pack (a test runner's ts-node, a debugger).
        delete env.NODE_OPTIONS;
        delete env.TS_NODE_PROJECT;
        if (!config) {
            delete env.PULUMI_CONFIG;
        }
        const child = spawn(process.execPath, [...leanRuntimeArgs(), runPolicyPack, engine.address, "."], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (chunk) => { stderr += chunk; });
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(() => fail(`the policy pack in ${packDir} did not report its port within ${startTimeoutMs / 1000} s`), startTimeoutMs);
            const fail = (reason: string) => {
                clearTimeout(timer);
                child.kill("SIGKILL");
                reject(new PolicyPackError(`${reason}.${stderr.trim() ? `\n${stderr.trim()}` : ""}`));
            };
            child.once("error", (error) => fail(`the policy pack could not be started (${error.message})`));
            child.once("exit", (code, signal) => fail(`the policy pack in ${packDir} stopped (exit ${code ?? signal}) before it started serving`));
            child.stdout!.on("data", (chunk) => {
                stdout += chunk;
                const newline = stdout.indexOf("\n");
                if (newline >= 0) {
                    const first = stdout.slice(0, newline).trim();
                    clearTimeout(timer);
                    child.removeAllListeners("exit");
                    child.removeAllListeners("error");
                    if (/^\d+$/.test(first)) {
                        resolve(Number(first));
                    } else {
                        child.kill("SIGKILL");
                        reject(new PolicyPackError(`the policy pack printed ${JSON.stringify(first)} where the CLI protocol expects its port.${stderr.trim() ? `\n${stderr.trim()}` : ""}`));
                    }
                }
            });
        }).catch((error) => {
            engine.server.forceShutdown();
            throw error;
        });
        const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": maxMessageBytes,
            "grpc.max_send_message_length": maxMessageBytes,
        });
        return new PolicyPackProcess(child, client, engine.server, logs, () => stderr, engine.address);
    }

    /** True while the pack's process runs. */
    get running(): boolean {
        return !this.exited;
    }

    /** The pack's log messages since the last call, in the order it sent them. */
    takeLogs(): PackLog[] {
        return this.logs.splice(0, this.logs.length);
    }

    /** Handshake; packs built on @pulumi/policy do not implement it, and the CLI then carries on as we do. */
    async handshake(packDir: string): Promise<void> {
        const request = new analyzerProto.AnalyzerHandshakeRequest().setEngineAddress(this.engineAddress).setRootDirectory(packDir).setProgramDirectory(packDir);
        try {
            await this.call(this.client.handshake, request);
        } catch (error) {
            if ((error as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) {
                throw error;
            }
        }
    }

    async configureStack(environment: PackEnvironment): Promise<void> {
        const request = new analyzerProto.AnalyzerStackConfigureRequest()
            .setStack(environment.stack)
            .setProject(environment.project)
            .setOrganization(environment.organization)
            .setDryRun(environment.dryRun);
        for (const [key, value] of Object.entries(environment.config)) {
            request.getConfigMap().set(key, value);
        }
        request.getTagsMap().set("pulumi:project", environment.project);
        request.getTagsMap().set("pulumi:runtime", "nodejs");
        try {
            await this.call(this.client.configureStack, request);
        } catch (error) {
            if ((error as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) {
                throw error;
            }
        }
    }

    getAnalyzerInfo(): Promise<analyzerProto.AnalyzerInfo> {
        return this.call(this.client.getAnalyzerInfo, new Empty());
    }

    async configure(request: analyzerProto.ConfigureAnalyzerRequest): Promise<void> {
        await this.call(this.client.configure, request);
    }

    analyze(request: analyzerProto.AnalyzeRequest): Promise<analyzerProto.AnalyzeResponse> {
        return this.call(this.client.analyze, request);
    }

    async analyzeStack(request: analyzerProto.AnalyzeStackRequest): Promise<analyzerProto.AnalyzeResponse> {
        try {
            return await this.call(this.client.analyzeStack, request);
        } catch (error) {
            // As the CLI: a pack without stack policies may not implement AnalyzeStack.
            if ((error as grpc.ServiceError).code === grpc.status.UNIMPLEMENTED) {
                return new analyzerProto.AnalyzeResponse();
            }
            throw error;
        }
    }

    /** Stops the pack: its gRPC server keeps the process alive forever, so it is ended as the CLI ends plugins. */
    async stop(): Promise<void> {
        this.client.close();
        if (!this.exited) {
            const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 2_000);
            await exited;
            clearTimeout(timer);
        }
        await new Promise<void>((resolve) => this.engine.tryShutdown(() => resolve()));
    }

    private async call<Request, Response>(method: UnaryMethod<Request, Response>, request: Request): Promise<Response> {
        try {
            return await unary(this.client, method, request);
        } catch (error) {
            const serviceError = error as grpc.ServiceError;
            if (serviceError.code === grpc.status.UNIMPLEMENTED) {
                throw error;
            }
            const stderr = this.stderr().trim();
            throw new PolicyPackError(`the policy pack failed: ${serviceError.details ?? serviceError.message}${stderr ? `\n${stderr}` : ""}`);
        }
    }
}
