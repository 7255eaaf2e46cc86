import * as os from "os";

/**
 * Lowers the scheduling priority of a process that `lz` starts beside the work its command waits for first: the
 * organization stack's plan, which `lz check` and `lz access` need only once the stack's own plan is done. On a
 * small machine they compete for the same cores, and the command ends no sooner than the stack's plan: the
 * organization's then takes what that plan leaves. (The policy pack, which `lz check` starts meanwhile, is not
 * lowered: its analysis is the check's last step, and a process cannot raise its priority back.) Only an
 * optimisation, so a refusal is ignored.
 */
export function inBackground(pid: number | undefined): void {
    if (pid === undefined) {
        return;
    }
    try {
        os.setPriority(pid, backgroundPriority);
    } catch {
        // Nothing is wrong with running at the same priority, only slower.
    }
}

/** A nice value of 10 (below normal on Windows). */
export const backgroundPriority = 10;
