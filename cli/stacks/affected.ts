import { parseDocument } from "yaml";
import { environmentKey } from "../../accounts/validate";
import { StackOrder } from "./order";

/** Paths whose change can change what any stack deploys: the program, the catalogue, the pack, the dependencies. */
const everyStack = [/^stacks\//, /^components\//, /^accounts\//, /^policies\//, /^model-catalogue\.yaml$/, /^Pulumi\.yaml$/, /^package(-lock)?\.json$/];

/** Application settings that only the application's own account uses: a change to them affects its stack only. */
const applicationOnlySettings = new Set(["vpcCidr", "compute", "egress", "wafRateLimit", "wafEvaluationWindowSeconds", "budget"]);

type Yaml = Record<string, unknown> | undefined;

function environmentConfig(text: string | undefined): Yaml {
    if (text === undefined) {
        return undefined;
    }
    const document = parseDocument(text).toJS() as { config?: Record<string, unknown> } | null;
    return document?.config?.[environmentKey] as Yaml;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The stacks a change affects, in deploy order, for a pull request's checks: `changed` are the paths the change
 * touches (relative to the project), `before` reads a file as it was before the change (undefined when it did not
 * exist). A change to the program, the catalogue or the pack affects every stack; to the organization's file, every
 * stack (they all read its outputs); to an environment's file, the environment stack and its application stacks,
 * unless only applications' own settings changed, which affect only those applications' stacks; to an application
 * stack's file, that stack. Documentation and tests affect none.
 */
export function affectedStacks(order: StackOrder, changed: readonly string[], before: (file: string) => string | undefined, after: (file: string) => string | undefined): StackOrder {
    const affected = new Set<string>();
    const all = () => order.stacks.forEach((entry) => affected.add(entry.stack));
    for (const file of changed) {
        if (everyStack.some((pattern) => pattern.test(file))) {
            all();
            continue;
        }
        const entry = order.stacks.find((candidate) => candidate.file === file);
        if (!entry) {
            continue;
        }
        if (entry.kind === "organization") {
            all();
        } else if (entry.kind === "application") {
            affected.add(entry.stack);
        } else {
            const environmentStacks = order.stacks.filter((candidate) => candidate.environment === entry.environment);
            const [old, now] = [environmentConfig(before(file)), environmentConfig(after(file))];
            const { accounts: oldAccounts, ...oldRest } = (old ?? {}) as { accounts?: Record<string, unknown> };
            const { accounts: newAccounts, ...newRest } = (now ?? {}) as { accounts?: Record<string, unknown> };
            const { applications: oldApps, ...oldOtherAccounts } = (oldAccounts ?? {}) as { applications?: Record<string, Record<string, unknown>> };
            const { applications: newApps, ...newOtherAccounts } = (newAccounts ?? {}) as { applications?: Record<string, Record<string, unknown>> };
            if (!old || !now || !same(oldRest, newRest) || !same(oldOtherAccounts, newOtherAccounts)) {
                environmentStacks.forEach((candidate) => affected.add(candidate.stack));
                continue;
            }
            for (const name of new Set([...Object.keys(oldApps ?? {}), ...Object.keys(newApps ?? {})])) {
                const [a, b] = [oldApps?.[name], newApps?.[name]];
                if (same(a, b)) {
                    continue;
                }
                const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
                const onlyOwnSettings = a !== undefined && b !== undefined && [...keys].every((key) => applicationOnlySettings.has(key) || same(a[key], b[key]));
                const stack = environmentStacks.find((candidate) => candidate.application === name);
                if (stack) {
                    affected.add(stack.stack);
                }
                if (!onlyOwnSettings || !stack) {
                    // Inline applications live in the environment stack; an added, removed or re-tenanted one changes it too.
                    affected.add(entry.stack);
                }
            }
        }
    }
    const stacks = order.stacks.filter((entry) => affected.has(entry.stack));
    return { ...order, stacks, waves: order.waves.map((wave) => wave.filter((stack) => affected.has(stack))).filter((wave) => wave.length > 0) };
}
