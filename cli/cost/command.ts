/** The `lz cost` command's work, kept out of main.ts so that main only wires it in. */
import * as path from "path";
import { ConfigError } from "../../accounts/problems";
import { readGraphFile } from "../check/check";
import { PlanGraph } from "../engine/graph";
import { planStack } from "../engine/plan";
import { formatCostMarkdown, formatCostText, formatDifferenceMarkdown, formatDifferenceText } from "./format";
import { costDifference, costReport } from "./report";

/** A mistake on the command line (exit 2). */
export class UsageError extends Error {}

export const costFormats = ["text", "json", "markdown"] as const;
export type CostFormat = (typeof costFormats)[number];

export interface CostCommandOptions {
    readonly graph?: string;
    readonly base?: string;
    readonly format: CostFormat;
    readonly configFile?: string;
    /** Monthly USD each account may spend on usage beyond its fixed cost; adds each account's derived budget. */
    readonly usageAllowance?: string;
}

/** The fixed monthly cost of a stack (planned now) or a saved graph, or its difference from a base plan. */
export async function runCostCommand(stack: string | undefined, options: CostCommandOptions): Promise<string> {
    const graph: PlanGraph = options.graph ? readGraphFile(path.resolve(options.graph)) : await planStack(stack!, { configFile: options.configFile });
    const allowance = options.usageAllowance === undefined ? undefined : Number(options.usageAllowance);
    if (allowance !== undefined && !(Number.isFinite(allowance) && allowance >= 0)) {
        throw new UsageError(`--usage-allowance must be an amount in USD such as 2000 (got "${options.usageAllowance}").`);
    }
    const head = costReport(graph, allowance);
    if (!options.base) {
        return options.format === "json" ? JSON.stringify(head, null, 2) : options.format === "markdown" ? formatCostMarkdown(head) : formatCostText(head);
    }
    const baseGraph = readGraphFile(path.resolve(options.base));
    if (baseGraph.stack !== graph.stack) {
        throw new ConfigError([{ file: path.basename(options.base), path: "stack", message: `must be a plan of the same stack as the one compared, "${graph.stack}" (got "${baseGraph.stack}"); plan the base with \`lz plan ${graph.stack} --json\`.` }]);
    }
    const diff = costDifference(costReport(baseGraph), head);
    if (options.format === "json") {
        return JSON.stringify({
            stack: head.stack,
            priceTableDate: head.estimate.priceTableDate,
            baseTotalMonthlyUsd: diff.base.estimate.totalMonthlyUsd,
            headTotalMonthlyUsd: head.estimate.totalMonthlyUsd,
            deltaUsd: diff.deltaUsd,
            accounts: diff.accounts,
            resources: diff.resources,
            newlyUnpriced: diff.newlyUnpriced,
        }, null, 2);
    }
    return options.format === "markdown" ? formatDifferenceMarkdown(diff) : formatDifferenceText(diff);
}
