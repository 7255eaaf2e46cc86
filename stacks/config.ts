import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { getRootDirectory } from "@pulumi/pulumi/runtime/settings";
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
        // An application stack reads its environment's stack file from the project folder: the engine's root
        // directory when it says so, else the folder holding Pulumi.yaml above the program's working directory.
        const root = getRootDirectory();
        const projectDir = root && fs.existsSync(path.join(root, "Pulumi.yaml")) ? root : findProjectRoot(process.cwd());
        return { config: validateStackConfig(values, catalogue, file, { projectDir }), catalogue };
    } catch (error) {
        if (error instanceof ConfigError) {
            throw new pulumi.RunError(error.message);
        }
        throw error;
    }
}
