/**
 * The stack's own config, as the Pulumi CLI hands it to a policy pack (and `lz check <stack>` does the same):
 * PULUMI_CONFIG, a JSON map of `namespace:key` to value, structured values as JSON text. Absent when the pack runs
 * without a stack (`lz check --graph`), in which case the policies that read it have nothing to compare.
 */
import { maybeJson } from "./props";

export function stackConfigValue(key: string): unknown {
    const text = process.env.PULUMI_CONFIG;
    if (!text) {
        return undefined;
    }
    try {
        const all = JSON.parse(text) as Record<string, unknown>;
        return maybeJson(all[key]);
    } catch {
        return undefined;
    }
}
