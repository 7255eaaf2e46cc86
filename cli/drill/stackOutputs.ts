import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { drInventoryEntrySchema } from "../../accounts/drInventory";
import { locationIn } from "./inventory";
import { KnowledgeBaseChoice } from "./measure";

/**
 * The deployed stack's outputs (`pulumi stack output --json -s <stack>`), for the IDs AWS assigns: the plan lz makes
 * is offline, so its knowledge-base ID is a placeholder, while the deployed stack's `drInventory` output holds the
 * real ARN of each region's knowledge base.
 */

/** The file is missing, unreadable or lacks what the drill needs: a usage error. */
export class StackOutputsFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackOutputsFileError";
    }
}

const knowledgeBaseArn = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:knowledge-base\/([0-9A-Za-z]{10})$/;

/** The target region's knowledge base, from the `drInventory` output in `file`. */
export function knowledgeBaseFromStackOutputs(file: string, stack: string, target: string): KnowledgeBaseChoice {
    const name = path.basename(file);
    const fix = `save them with \`pulumi stack output --json -s ${stack} > ${name}\``;
    let outputs: unknown;
    try {
        outputs = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new StackOutputsFileError(`--stack-outputs ${file}: ${(error as Error).message.split("\n")[0]}; ${fix}.`);
    }
    const inventory = z.array(drInventoryEntrySchema).safeParse((outputs as { drInventory?: unknown } | null)?.drInventory);
    if (!inventory.success) {
        throw new StackOutputsFileError(`--stack-outputs ${file} has no valid drInventory output (the outputs of stack ${stack}); ${fix}.`);
    }
    const entry = inventory.data.find((candidate) => candidate.kind === "knowledge-base");
    const location = entry && locationIn(entry, target);
    if (!location) {
        throw new StackOutputsFileError(`--stack-outputs ${file}: drInventory has no knowledge base in ${target}; deploy the ${target} knowledge base, or drop --stack-outputs to skip the Retrieve.`);
    }
    const id = knowledgeBaseArn.exec(location.arn ?? "")?.[1];
    if (id === undefined) {
        throw new StackOutputsFileError(`--stack-outputs ${file}: the ${target} knowledge base's arn in drInventory is ${JSON.stringify(location.arn ?? null)}, not a knowledge-base ARN; ${fix}.`);
    }
    return { id, source: `from ${name}` };
}
