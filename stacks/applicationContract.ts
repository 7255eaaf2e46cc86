import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { Environment, environmentRegions } from "../accounts/validate";

/**
 * The contract between an environment stack and its application stacks: what the environment stack exports under
 * `applicationContract` and every application stack reads through a StackReference. Fields are only ever added
 * within a version; anything else raises the version, and an application stack refuses a contract of another
 * version with the command that fixes it (README "Application stacks").
 *
 * The other direction needs no export: the environment stack names an application's workload role by its derived
 * ARN (in its invoke role's trust, as a condition), so it never waits for an application stack.
 */
export const applicationContractVersion = 1;

export const applicationContractSchema = z.object({
    schemaVersion: z.literal(applicationContractVersion),
    /** The environment's name (`prod`). */
    environment: z.string(),
    organizationId: z.string(),
    /** The genAI account, whose invoke roles and bedrock-runtime endpoints the application calls. */
    genaiAccountId: z.string().regex(/^\d{12}$/),
    /** `<guardrail ARN>:<published version>` by region: the identifier every call names, in each region the environment deploys. */
    guardrailIdentifiers: z.record(z.string(), z.string().min(1)),
    /** Each application's inference-profile ARNs in every region, by application: its endpoints let them through. */
    applicationProfileArns: z.record(z.string(), z.array(z.string())),
});

export type ApplicationContract = z.infer<typeof applicationContractSchema>;

/** The environment stack's `applicationContract` output. */
export function applicationContract(
    env: Environment,
    args: {
        readonly organizationId: pulumi.Input<string>;
        readonly genaiAccountId: pulumi.Input<string>;
        readonly guardrailIdentifiers: Readonly<Record<string, pulumi.Input<string>>>;
        readonly applicationProfileArns: pulumi.Input<Readonly<Record<string, readonly string[]>>>;
    },
): pulumi.Output<ApplicationContract> {
    return pulumi.all([args.organizationId, args.genaiAccountId, pulumi.all({ ...args.guardrailIdentifiers }), pulumi.output(args.applicationProfileArns)])
        .apply(([organizationId, genaiAccountId, guardrailIdentifiers, applicationProfileArns]) => ({
            schemaVersion: applicationContractVersion as typeof applicationContractVersion,
            environment: env.name,
            organizationId,
            genaiAccountId,
            guardrailIdentifiers,
            applicationProfileArns: Object.fromEntries(Object.entries(applicationProfileArns).map(([application, arns]) => [application, [...arns]])),
        }));
}

/** Why a contract read from an environment stack cannot be used, with the fix; empty when it can. */
export function applicationContractProblems(value: unknown, environmentStack: string, env: Environment, application?: string): string[] {
    const deploy = `run \`pulumi up -s ${environmentStack}\` with this version of the program first (README "Application stacks")`;
    if (value === undefined || value === null) {
        return [`The environment stack "${environmentStack}" exports no applicationContract: ${deploy}.`];
    }
    const version = (value as { schemaVersion?: unknown }).schemaVersion;
    if (version !== applicationContractVersion) {
        return [`The environment stack "${environmentStack}" exports applicationContract version ${JSON.stringify(version)}, and this program reads version ${applicationContractVersion}: ${deploy}.`];
    }
    const parsed = applicationContractSchema.safeParse(value);
    if (!parsed.success) {
        return parsed.error.issues.map((issue) => `The environment stack "${environmentStack}" exports an applicationContract whose ${issue.path.join(".") || "value"} is not valid (${issue.message}): ${deploy}.`);
    }
    const problems: string[] = [];
    if (parsed.data.environment !== env.name) {
        problems.push(`The stack "${environmentStack}" is the environment "${parsed.data.environment}", not "${env.name}" as its stack file says: point landing-zone:application.environmentStack at the stack of ${env.name}.`);
    }
    for (const region of environmentRegions(env)) {
        if (!parsed.data.guardrailIdentifiers[region]) {
            problems.push(`The environment stack "${environmentStack}" exports no guardrail for ${region}, a region its config deploys: ${deploy}.`);
        }
    }
    if (application !== undefined && !parsed.data.applicationProfileArns[application]) {
        problems.push(`The environment stack "${environmentStack}" exports no inference profiles for the application "${application}": it has not been deployed since the application was added to its config; ${deploy}.`);
    }
    return problems;
}

/** Typed access to the environment stack's contract, as environment stacks read the organization's. */
export class EnvironmentStackReference {
    private readonly reference: pulumi.StackReference;

    constructor(private readonly stackName: string, private readonly env: Environment, private readonly application: string) {
        this.reference = new pulumi.StackReference("environment", { name: stackName });
    }

    get contract(): pulumi.Output<ApplicationContract> {
        return this.reference.getOutput("applicationContract").apply((value: unknown) => {
            const problems = applicationContractProblems(value, this.stackName, this.env, this.application);
            if (problems.length > 0) {
                throw new pulumi.RunError(problems.join("\n"));
            }
            return value as ApplicationContract;
        });
    }
}
