import { StackValidationPolicy } from "@pulumi/policy";
import { invokeGrants } from "../lib/bedrockInvoke";
import { canCarryInvoke, permissionDocuments, permissionDocumentTypes } from "../lib/permissionDocuments";
import { isCatalogueEmbeddingModelArn, projectCatalogue } from "../lib/modelCatalogue";
import { checkPermissionDocuments } from "../lib/permissionPolicies";
import { conditionEntries, conditionsOn, parsePolicyDocument, requiresPresence } from "../lib/policyDocument";
import { StackResource } from "../lib/resources";

const guardrailConditionKey = "bedrock:GuardrailIdentifier";

/**
 * True when the statement can invoke only catalogue embedding models. Guardrails evaluate text a model is prompted
 * with and generates; an embedding model generates vectors, so there is nothing for a guardrail to filter, and the
 * callers that embed (a knowledge base's service role during ingestion and retrieval) send no guardrail at all: a
 * bedrock:GuardrailIdentifier condition would only break them. One generation model among the resources, a wildcard
 * or an inference profile, and the statement is judged like any other.
 */
function embeddingOnly(modelResources: readonly string[]): boolean {
    const catalogue = projectCatalogue();
    return modelResources.length > 0 && modelResources.every((resource) => isCatalogueEmbeddingModelArn(catalogue, resource));
}

function check(resource: StackResource, _config: unknown, report: (message: string) => void): void {
    if (!canCarryInvoke(resource.type, resource.props)) {
        return;
    }
    // SCP Allow statements cannot carry conditions; SCPs enforce guardrails with Deny statements instead.
    for (const attached of permissionDocuments(resource.type, resource.props).filter((d) => d.kind !== "organization")) {
        const document = parsePolicyDocument(attached.value);
        if (document.kind !== "document") {
            continue;
        }
        for (const grant of invokeGrants(document.statements)) {
            if (!grant.usesNotResource && embeddingOnly(grant.modelResources)) {
                continue;
            }
            const entries = conditionEntries(grant.statement);
            if (entries === "unknown") {
                continue;
            }
            const guardrailConditions = conditionsOn(entries, guardrailConditionKey);
            const at = `${attached.where} ${grant.label}`;
            if (guardrailConditions.length === 0) {
                report(`${at} allows ${grant.actions.join(", ")} without a ${guardrailConditionKey} condition; add "Condition": {"StringEquals": {"${guardrailConditionKey}": "<guardrail ARN>:<version>"}}.`);
                continue;
            }
            const enforcing = guardrailConditions.filter((entry) => requiresPresence(entry));
            if (enforcing.length === 0) {
                report(`${at} checks ${guardrailConditionKey} only with ${guardrailConditions.map((e) => e.operator).join(", ")}, which also lets calls without a guardrail through; use StringEquals.`);
                continue;
            }
            if (enforcing.every((entry) => entry.values.every((value) => String(value) === "*"))) {
                report(`${at} accepts any ${guardrailConditionKey} ("*"), so a guardrail of the caller's own making satisfies it; name the landing zone's guardrail ARNs.`);
            }
        }
    }
}

/**
 * A guardrail that callers may skip protects nothing: the IAM condition makes Bedrock refuse an invocation that does
 * not apply the named guardrail.
 */
export const requireGuardrailCondition: StackValidationPolicy = {
    name: "bedrock-invoke-requires-guardrail",
    description: "Every IAM or bedrock-runtime endpoint policy statement that allows bedrock:InvokeModel* carries a bedrock:GuardrailIdentifier condition that requires a named guardrail (managed policies used only as permissions boundaries excepted, and statements that name only foundation-model ARNs of catalogue embedding models, which guardrails do not apply to).",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "guardrails", "iam"],
    remediationSteps: "Add \"Condition\": {\"StringEquals\": {\"bedrock:GuardrailIdentifier\": \"arn:aws:bedrock:<region>:<account>:guardrail/<id>:<version>\"}} to each statement that allows bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream. Avoid ...IfExists operators and Null checks, which let calls without a guardrail through.",
    validateStack: (args, reportViolation) => checkPermissionDocuments(args, reportViolation, permissionDocumentTypes, undefined, check),
};
