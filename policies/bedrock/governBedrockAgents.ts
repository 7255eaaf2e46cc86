import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf, environmentProperty } from "../lib/config";
import { projectCatalogue, unapprovedModelReason } from "../lib/modelCatalogue";
import { asList, at, containsUnknown, isKnownString, isUnknown, propsOf, show } from "../lib/props";

interface Config {
    readonly environment?: string;
}

const configSchema = { properties: { environment: environmentProperty } };

// Loaded when the pack starts, so that a broken catalogue stops the pack with the loader's list of problems.
const catalogue = projectCatalogue();

/**
 * An agent invokes its model with the agent's own service role, so the invoke role's conditions do not reach it:
 * the agent itself must name a catalogue model and a guardrail.
 */
export const governBedrockAgents: ResourceValidationPolicy = {
    name: "bedrock-agents-use-catalogue-model-guardrail-and-kms",
    description: "Bedrock agents run a model from model-catalogue.yaml approved for the environment, apply a guardrail, and encrypt sessions with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["bedrock", "model-governance", "guardrails", "encryption"],
    remediationSteps: "Set foundationModel to a catalogue model ID (or its inference-profile ID), guardrailConfigurations to the landing zone's guardrail and version, and customerEncryptionKeyArn to a customer-managed KMS key.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.bedrockAgent, (_agent, args, reportViolation) => {
        const props = propsOf(args.props);
        const { environment } = configOf<Config>(configSchema, args);
        if (isKnownString(props.foundationModel)) {
            const reason = unapprovedModelReason(catalogue, props.foundationModel, environment);
            if (reason) {
                reportViolation(`foundationModel ${reason}; use a model from model-catalogue.yaml${environment ? ` approved for ${environment}` : ""}.`);
            }
        }
        if (!containsUnknown(props.guardrailConfigurations)) {
            const guardrails = asList(props.guardrailConfigurations).filter((g) => at(g, "guardrailIdentifier") !== undefined);
            if (guardrails.length === 0) {
                reportViolation("guardrailConfigurations must name a guardrail and version (got nothing); the agent would answer unfiltered.");
            }
        }
        if (!isUnknown(props.customerEncryptionKeyArn) && !isKnownString(props.customerEncryptionKeyArn)) {
            reportViolation(`customerEncryptionKeyArn must be a customer-managed KMS key (got ${show(props.customerEncryptionKeyArn)}).`);
        }
    }),
};
