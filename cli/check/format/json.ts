import { CheckResult } from "../check";

/** The result as JSON, for scripts; `passed` says whether the check would let the preview through. */
export function formatJson(result: CheckResult): string {
    const { pack, ...rest } = result;
    return JSON.stringify({
        passed: !result.violations.some((v) => v.level === "mandatory"),
        ...rest,
        pack: { name: pack.name, version: pack.version },
    }, null, 2);
}
