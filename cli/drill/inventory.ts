import { z } from "zod";
import {
    DrInventoryEntry,
    drInventoryEntrySchema,
    DrLocation,
    PlannedDrDeclaration,
    plannedDrDeclarationSchema,
} from "../../accounts/drInventory";
import { PlanGraph } from "../engine/graph";

/**
 * Reads the DR contract (accounts/drInventory.ts, where its schemas live) out of a plan graph's outputs. The graph may
 * be a saved file or the plan of a program that predates the contract, so every field is checked and a problem names
 * its path.
 */

export type { PlannedDrDeclaration } from "../../accounts/drInventory";

export type DrOutputs =
    | { readonly ok: true; readonly inventory: DrInventoryEntry[]; readonly declaration: PlannedDrDeclaration }
    | { readonly ok: false; readonly problem: string; readonly declaration?: PlannedDrDeclaration };

function firstIssue(root: string, error: z.ZodError): string {
    const issue = error.issues[0];
    const at = issue.path.reduce<string>((out, segment) => (typeof segment === "number" ? `${out}[${segment}]` : `${out}.${String(segment)}`), root);
    return `${at} ${issue.message}`;
}

/** The `dr` output alone, when it is there and well formed: readiness reads the active region from it. */
export function plannedDeclaration(graph: PlanGraph): PlannedDrDeclaration | undefined {
    const parsed = plannedDrDeclarationSchema.safeParse(graph.outputs.dr);
    return parsed.success ? parsed.data : undefined;
}

export function readDrOutputs(graph: PlanGraph): DrOutputs {
    const declaration = plannedDeclaration(graph);
    if (graph.outputs.drInventory === undefined) {
        return { ok: false, declaration, problem: `the plan of ${graph.stack} exports no drInventory output: its program does not register DR resources yet, so no replica can be checked` };
    }
    if (graph.outputs.dr === undefined) {
        return { ok: false, problem: `the plan of ${graph.stack} exports drInventory but no dr output (the declared regions and objectives)` };
    }
    const parsedDeclaration = plannedDrDeclarationSchema.safeParse(graph.outputs.dr);
    if (!parsedDeclaration.success) {
        return { ok: false, problem: `the plan's dr output is malformed: ${firstIssue("dr", parsedDeclaration.error)}` };
    }
    const parsedInventory = z.array(drInventoryEntrySchema).safeParse(graph.outputs.drInventory);
    if (!parsedInventory.success) {
        return { ok: false, declaration, problem: `the plan's drInventory output is malformed: ${firstIssue("drInventory", parsedInventory.error)}` };
    }
    return { ok: true, inventory: parsedInventory.data, declaration: parsedDeclaration.data };
}

/**
 * Where an entry stands in `region`: its replica when failing over, its primary when failing back. Null when it has
 * nothing there.
 */
export function locationIn(entry: DrInventoryEntry, region: string): DrLocation | null {
    if (entry.primary.region === region) {
        return entry.primary;
    }
    return entry.replica?.region === region ? entry.replica : null;
}

/** The other half of the pair: where the data comes from when `region` is the target. */
export function partnerOf(entry: DrInventoryEntry, region: string): DrLocation | null {
    if (entry.primary.region === region) {
        return entry.replica;
    }
    return entry.primary;
}

/** `genai/guardrail acme-ai-prod-guardrail`: how rows and messages name an entry. */
export function entryLabel(entry: DrInventoryEntry): string {
    return `${entry.account}/${entry.kind} ${entry.primary.physicalName}`;
}
