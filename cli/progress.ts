/**
 * What lz is doing, on stderr, for steps that take more than a second (planning a stack, starting the policy pack,
 * analyzing): shown when stderr is a terminal, or when `--progress` or LZ_PROGRESS=1 asks for it, so that test
 * runs, pipes and `--json` output stay clean.
 */

export interface Progress {
    /** Runs `work`; when it is still running after a second, says so, and says when it ends. */
    step<T>(label: string, work: () => Promise<T>): Promise<T>;
}

/** Reports nothing. */
export const silentProgress: Progress = { step: (_label, work) => work() };

/** How long a step runs before it is worth a line. */
const quietForMs = 1000;

export function stderrProgress(write: (text: string) => void, now: () => number = Date.now, quietFor = quietForMs): Progress {
    return {
        async step<T>(label: string, work: () => Promise<T>): Promise<T> {
            const started = now();
            let shown = false;
            const timer = setTimeout(() => {
                shown = true;
                write(`lz: ${label} …\n`);
            }, quietFor);
            try {
                const result = await work();
                if (shown) {
                    write(`lz: ${label}: done in ${((now() - started) / 1000).toFixed(1)} s\n`);
                }
                return result;
            } finally {
                clearTimeout(timer);
            }
        },
    };
}

/** Whether to show progress: `--progress` or LZ_PROGRESS=1 turn it on, LZ_PROGRESS=0 off, else only on a terminal. */
export function progressWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv, stderrIsTerminal: boolean): boolean {
    if (flag) {
        return true;
    }
    if (env.LZ_PROGRESS === "1" || env.LZ_PROGRESS === "0") {
        return env.LZ_PROGRESS === "1";
    }
    return stderrIsTerminal;
}
