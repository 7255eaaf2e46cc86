/**
 * An organization's own claims, beside the derived ones: `access-claims.yaml` at the project root (or the file
 * given to `lz access --claims`). Each names a principal by the account it lives in, an action, a resource and
 * whether the request must be allowed or denied; `{region}` expands to every region the stack deploys.
 *
 * ```yaml
 * claims:
 *   - id: data-account-never-invokes
 *     description: Nobody in the data account may invoke a model
 *     principal: { account: data }           # genai | data | app-<name>; a role name narrows it to that role
 *     action: bedrock:InvokeModel
 *     resource: "arn:aws:bedrock:{region}::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"
 *     expect: denied
 * ```
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ConfigError, ConfigProblem, parseWithProblems, show } from "../accounts/problems";
import { readYamlFile } from "../accounts/yamlFile";
import type { Claim, EvaluateClaimsInput } from "./claims";
import { fullAccessPolicy } from "./model";

export const customClaimsFileName = "access-claims.yaml";

const customClaimSchema = z.strictObject({
    /** Unique, becomes `custom/<id>`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, such as \"data-account-never-invokes\""),
    description: z.string().min(1),
    /** Stacks the claim applies to. @default every environment stack */
    stacks: z.array(z.string()).optional(),
    principal: z.strictObject({
        /** Account key within the environment: `genai`, `data`, `app-<application>`. */
        account: z.string().min(1),
        /** A role of that account; without it, any principal of the account with every IAM permission. */
        role: z.string().min(1).optional(),
    }),
    action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, "must be service:Action, such as \"bedrock:InvokeModel\""),
    resource: z.string().min(1),
    expect: z.enum(["allowed", "denied"]),
    context: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

export type CustomClaim = z.infer<typeof customClaimSchema>;

const customClaimsFileSchema = z.strictObject({ claims: z.array(customClaimSchema) });

/** Reads a claims file; every mistake is reported at once (ConfigError). */
export function readCustomClaims(file: string): CustomClaim[] {
    const read = readYamlFile(file);
    if (read.problems.length > 0) {
        throw new ConfigError(read.problems);
    }
    const name = path.basename(file);
    const parsed = parseWithProblems(customClaimsFileSchema, read.value ?? {}, name, "");
    const problems: ConfigProblem[] = [...parsed.problems];
    const seen = new Set<string>();
    (parsed.value?.claims ?? []).forEach((claim, index) => {
        if (seen.has(claim.id)) {
            problems.push({ file: name, path: `claims[${index}].id`, message: `must be unique; ${show(claim.id)} is used twice. Rename one of them.` });
        }
        seen.add(claim.id);
    });
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return parsed.value!.claims;
}

/** The project's claims file when it has one. */
export function projectCustomClaims(projectDir: string, file?: string): CustomClaim[] {
    const chosen = file ?? path.join(projectDir, customClaimsFileName);
    return file || fs.existsSync(chosen) ? readCustomClaims(chosen) : [];
}

/** The claims one custom claim stands for in a stack: one per region its resource names. */
export function expandCustomClaim(custom: CustomClaim, input: EvaluateClaimsInput): Claim[] {
    if (input.config.kind !== "environment" || (custom.stacks && !custom.stacks.includes(input.graph.stack))) {
        return [];
    }
    const env = input.config.environment;
    const account = input.graph.accounts.find((a) => a.label === `${env.name}-${custom.principal.account}`);
    if (!account) {
        throw new ConfigError([{
            file: customClaimsFileName, path: `claims.${custom.id}.principal.account`,
            message: `must be an account of ${env.name} (${input.graph.accounts.map((a) => a.label.slice(env.name.length + 1)).join(", ")}); got ${show(custom.principal.account)}.`,
        }]);
    }
    const regions = custom.resource.includes("{region}") ? (env.dr.enabled ? [env.primaryRegion, env.drRegion] : [env.primaryRegion]) : [env.primaryRegion];
    const accountIds = new Map(input.graph.accounts.map((a) => [a.label.slice(env.name.length + 1), a.id]));
    return regions.map((region) => {
        const resource = custom.resource
            .replace(/\{region\}/g, region)
            .replace(/\{account:([a-z0-9-]+)\}/g, (_, key: string) => accountIds.get(key) ?? key);
        const principal = custom.principal.role ? `arn:aws:iam::${account.id}:role/${custom.principal.role}` : `arn:aws:iam::${account.id}:root`;
        const resourceAccount = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1] ?? account.id;
        return {
            id: `custom/${custom.id}${regions.length > 1 ? `/${region}` : ""}`, kind: "custom", region, description: custom.description,
            who: custom.principal.role ? `${custom.principal.role} in ${account.label}` : `any principal of ${account.label}`,
            expect: custom.expect,
            request: {
                principal, principalAccount: account.id, principalOrgId: input.organizationId, region, action: custom.action, resource, resourceAccount,
                identityOverride: custom.principal.role ? undefined : [fullAccessPolicy], context: custom.context,
            },
        } satisfies Claim;
    });
}
