/**
 * Which statements of a permission document let a caller invoke Bedrock models, and on what. Shared by the
 * catalogue and guardrail policies so that both judge the same statements.
 */
import { modelInvokeActions } from "../../accounts/bedrockActions";
import { containsUnknown } from "./props";
import { grantsAction, listOf, Statement, statementLabel, wildcardMatches } from "./policyDocument";

/** Bedrock resource types a model invocation can name. */
const invocableResourceTypes = [
    "foundation-model", "inference-profile", "application-inference-profile", "provisioned-model", "custom-model",
    "imported-model", "custom-model-deployment", "prompt-router", "default-prompt-router", "marketplace",
];

/** True when a `Resource` entry can cover a model: `*`, or a Bedrock ARN whose resource type is invocable. */
export function coversModels(resource: string): boolean {
    if (resource === "*") {
        return true;
    }
    const parts = resource.split(":");
    if (parts[0] !== "arn" || parts.length < 6 || !wildcardMatches(parts[2], "bedrock")) {
        return false;
    }
    const resourceType = parts.slice(5).join(":").split("/")[0];
    return invocableResourceTypes.some((type) => wildcardMatches(resourceType, type));
}

export interface InvokeGrant {
    readonly statement: Statement;
    readonly label: string;
    /** The invoke actions it grants. */
    readonly actions: string[];
    /** True when it grants `bedrock:*` itself (or a pattern as wide, such as `bedrock:*Model*`). */
    readonly grantsAllBedrock: boolean;
    /** Its `Resource` entries that can name models; empty when it uses NotResource. */
    readonly modelResources: string[];
    readonly usesNotResource: boolean;
}

/**
 * The statements that allow invoking models. A statement whose actions or resources are not known yet is left out
 * (not known yet is not a violation); so is one that grants invoke only on non-Bedrock resources (`"Action": "*"`
 * on a bucket grants nothing on models). With `explicitBedrockOnly`, only statements that name a `bedrock:` action
 * count, as for SCPs whose `"*"` allow is the organization's default ceiling rather than a grant.
 */
export function invokeGrants(statements: readonly Statement[], options: { readonly explicitBedrockOnly?: boolean } = {}): InvokeGrant[] {
    const grants: InvokeGrant[] = [];
    statements.forEach((statement, index) => {
        const granted = modelInvokeActions.filter((action) => grantsAction(statement, action) === true);
        if (granted.length === 0) {
            return;
        }
        const actionPatterns = listOf(statement.Action) ?? [];
        if (options.explicitBedrockOnly && !actionPatterns.some((pattern) => pattern.toLowerCase().startsWith("bedrock:"))) {
            return;
        }
        const usesNotResource = statement.NotResource !== undefined;
        if (!usesNotResource && (statement.Resource === undefined || containsUnknown(statement.Resource))) {
            return;
        }
        if (usesNotResource && containsUnknown(statement.NotResource)) {
            return;
        }
        const modelResources = usesNotResource ? [] : listOf(statement.Resource)!.filter(coversModels);
        if (!usesNotResource && modelResources.length === 0) {
            return;
        }
        const grantsAllBedrock = actionPatterns.some((pattern) => pattern.toLowerCase().startsWith("bedrock:") && wildcardMatches(pattern, "bedrock:CreateGuardrail") && wildcardMatches(pattern, "bedrock:InvokeModel"));
        grants.push({ statement, label: statementLabel(statement, index), actions: granted, grantsAllBedrock, modelResources, usesNotResource });
    });
    return grants;
}
