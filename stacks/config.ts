import * as pulumi from "@pulumi/pulumi";
import { loadCatalogue, ModelCatalogue } from "../accounts/catalogue";
import { ConfigError } from "../accounts/problems";
import { findProjectRoot, parseConfigValue } from "../accounts/project";
import { StackConfig, validateStackConfig } from "../accounts/validate";

/**
 * Reads and validates this stack's config and the model catalogue before any resource exists. A mistake becomes a
 * RunError, which the Pulumi CLI prints as the message alone: a user sees every problem and no stack trace.
 */
export function loadStackConfig(): { config: StackConfig; catalogue: ModelCatalogue } {
    const file = `Pulumi.${pulumi.getStack()}.yaml`;
    try {
        const catalogue = loadCatalogue(findProjectRoot(__dirname));
        const values = Object.fromEntries(
            Object.entries(pulumi.runtime.allConfig()).map(([key, value]) => [key, parseConfigValue(value)]),
        );
        return { config: validateStackConfig(values, catalogue, file), catalogue };
    } catch (error) {
        if (error instanceof ConfigError) {
            throw new pulumi.RunError(error.message);
        }
        throw error;
    }
}
