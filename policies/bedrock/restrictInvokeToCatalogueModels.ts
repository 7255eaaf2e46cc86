import { StackValidationPolicy } from "@pulumi/policy";
import { invokeGrants } from "../lib/bedrockInvoke";
import { configOf, environmentProperty } from "../lib/config";
import { projectCatalogue, unapprovedModelReason } from "../lib/modelCatalogue";
import { canCarryInvoke, permissionDocuments, permissionDocumentTypes } from "../lib/permissionDocuments";
import { checkPermissionDocuments } from "../lib/permissionPolicies";
import { parsePolicyDocument } from "../lib/policyDocument";
import { StackResource } from "../lib/resources";

interface Config {
    readonly environment?: string;
}

const configSchema = { properties: { environment: environmentProperty } };

// Loaded when the pack starts, so that a broken catalogue stops the pack with the loader's list of problems.
const catalogue = projectCatalogue();

function check(resource: StackResource, { environment }: Config, report: (message: string) => void): void {
    if (!canCarryInvoke(resource.type, resource.props)) {
        return;
    }
    for (const attached of permissionDocuments(resource.type, resource.props)) {
        const document = parsePolicyDocument(attached.value);
        if (document.kind !== "document") {
            continue;
        }
        for (const grant of invokeGrants(document.statements, { explicitBedrockOnly: attached.kind === "organization" })) {
            const at = `${attached.where} ${grant.label}`;
            if (grant.grantsAllBedrock) {
                report(`${at} grants "bedrock:*"; allow only ${grant.actions.join(" and ")} on catalogue models.`);
            }
            if (grant.usesNotResource) {
                report(`${at} allows ${grant.actions.join(", ")} with NotResource, which admits every model it does not list; name catalogue models in Resource instead.`);
            }
            for (const target of grant.modelResources) {
                if (target === "*") {
                    report(`${at} allows ${grant.actions.join(", ")} on "*"; name the foundation-model and inference-profile ARNs of catalogue models instead.`);
                    continue;
                }
                // An application inference profile is authorized together with the model it copies, whose own ARN the
                // same policy must grant (and the SCP judges); one exact profile ARN admits nothing else.
                if (applicationProfileArn.test(target)) {
                    continue;
                }
                const reason = unapprovedModelReason(catalogue, target, environment);
                if (reason) {
                    report(`${at} allows ${grant.actions.join(", ")} on ${reason}; only model-catalogue.yaml models${environment ? ` approved for ${environment}` : ""} may be invoked.`);
                }
            }
        }
    }
}

const applicationProfileArn = /^arn:[^:]+:bedrock:[a-z0-9-]+:\d{12}:application-inference-profile\/[a-z0-9]+$/;

/**
 * Model governance starts at the permission: a role, endpoint or SCP that lets a caller invoke a model outside the
 * reviewed catalogue makes the catalogue advisory.
 */
export const restrictInvokeToCatalogueModels: StackValidationPolicy = {
    name: "bedrock-invoke-limited-to-catalogue-models",
    description: "IAM policies, role inline policies, bedrock-runtime endpoint policies and SCPs allow bedrock:InvokeModel* only on models in model-catalogue.yaml: no bedrock:*, no \"*\" resource, no wildcard model. Managed policies used only as permissions boundaries cap rather than grant, and are not judged.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["bedrock", "model-governance", "iam"],
    remediationSteps: "List each model's foundation-model ARN (arn:aws:bedrock:<region>::foundation-model/<model id>) and, for cross-region inference, its inference-profile ARN, for models in model-catalogue.yaml approved for the environment. To use a new model, add it to the catalogue through a reviewed pull request first.",
    configSchema,
    validateStack: (args, reportViolation) =>
        checkPermissionDocuments(args, reportViolation, permissionDocumentTypes, configOf<Config>(configSchema, args), check),
};
