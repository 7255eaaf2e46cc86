import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { CheckResult, countOf, formatDuration, PhaseResult } from "./checks";
import { MeasuredRto, StepRecord } from "./execute";
import { MeasuredRpo } from "./failover";
import { DrillDirectionKind } from "./readiness";

/**
 * The evidence a drill leaves: every run writes `<stack>-<timestamp>.json` (for machines and audits) and `.md` (for
 * the drill's ticket), with what was checked, how long each step took, the measured RTO against the declared one,
 * and exactly which code and config were drilled.
 */
export const reportVersion = 1;

export type DrillMode = "readiness" | "live" | "execute" | "reconcile";

export interface ConfigRevision {
    /** `git rev-parse HEAD` of the project; null outside a git work tree. */
    readonly gitCommit: string | null;
    /** True when tracked or untracked files differ from the commit; null outside a git work tree. */
    readonly gitDirty: boolean | null;
    /** The stack config file, relative to the project when inside it. */
    readonly configFile: string;
    readonly configSha256: string;
}

export interface RtoRecord {
    readonly declaredMinutes?: number;
    /** Start of the switch to verified in the target region; only `--execute` measures it. */
    readonly measuredMs?: number;
    readonly measuredMinutes?: number;
    readonly withinObjective?: boolean;
    readonly startedAt?: string;
    readonly verifiedAt?: string;
    readonly note: string;
}

export interface DrillReport {
    readonly reportVersion: typeof reportVersion;
    readonly project: string;
    readonly stack: string;
    readonly environment: string;
    readonly mode: DrillMode;
    readonly direction: DrillDirectionKind;
    readonly fromRegion: string;
    readonly targetRegion: string;
    /** Where the environment was active when the drill started. */
    readonly activeRegionBefore: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly verdict: "pass" | "fail";
    readonly exitCode: number;
    readonly summary: string;
    /** "lz plan prod" or the saved graph file the readiness checks read. */
    readonly graphSource: string;
    readonly revision: ConfigRevision;
    /** After `--execute`: the stack config file's hash once the drill changed activeRegion. */
    readonly configSha256After?: string;
    readonly objectives: { readonly rpoMinutes?: number; readonly rtoMinutes?: number };
    readonly rto: RtoRecord;
    /** `--execute`: the canaries' replication lag against the declared RPO. */
    readonly rpo?: MeasuredRpo;
    readonly phases: PhaseResult[];
    readonly steps: StepRecord[];
    /** When an execution did not complete: what state the stack is left in. */
    readonly stackState?: string;
}

export function sha256File(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function git(projectDir: string, args: string[]): string | null {
    try {
        // --no-optional-locks: reading status must not write the index of a work tree someone is using.
        return execFileSync("git", ["--no-optional-locks", ...args], { cwd: projectDir, stdio: ["ignore", "pipe", "ignore"], encoding: "utf8" });
    } catch {
        return null;
    }
}

export function configRevision(projectDir: string, configFile: string): ConfigRevision {
    const commit = git(projectDir, ["rev-parse", "HEAD"])?.trim() ?? null;
    const status = commit === null ? null : git(projectDir, ["status", "--porcelain"]);
    const relative = path.relative(projectDir, configFile);
    return {
        gitCommit: commit,
        gitDirty: status === null ? null : status.trim().length > 0,
        configFile: relative.startsWith("..") || path.isAbsolute(relative) ? configFile : relative,
        configSha256: sha256File(configFile),
    };
}

export function rtoRecord(mode: DrillMode, declaredMinutes: number | undefined, measured: MeasuredRto | undefined): RtoRecord {
    if (measured) {
        return {
            declaredMinutes,
            measuredMs: measured.measuredMs,
            measuredMinutes: Math.round(measured.measuredMs / 600) / 100,
            withinObjective: measured.withinObjective,
            startedAt: measured.startedAt,
            verifiedAt: measured.verifiedAt,
            note: mode === "execute"
                ? "from the decision (the drill's start) to the first successful end-to-end call in the target region"
                : "from setting activeRegion to the live checks passing in the target region",
        };
    }
    return {
        declaredMinutes,
        note: mode === "execute" || mode === "reconcile" ? `not measured: the ${mode === "execute" ? "switch" : "reconcile"} did not complete and verify` : "not measured: only --execute measures RTO",
    };
}

/** `prod` at 2025-03-01T09:30:12.345Z → `prod-2025-03-01T09-30-12Z`; a stack path's slashes become dashes. */
export function reportBaseName(stack: string, startedAt: string): string {
    const stamp = startedAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
    return `${stack.replace(/[^A-Za-z0-9._-]/g, "-")}-${stamp}`;
}

export interface WrittenReport {
    readonly json: string;
    readonly markdown: string;
}

export function writeReport(report: DrillReport, directory: string): WrittenReport {
    fs.mkdirSync(directory, { recursive: true });
    const base = reportBaseName(report.stack, report.startedAt);
    // Two drills within a second (a readiness run in CI next to a live one) must not overwrite each other's evidence.
    let name = base;
    for (let n = 2; fs.existsSync(path.join(directory, `${name}.json`)); n++) {
        name = `${base}-${n}`;
    }
    const json = path.join(directory, `${name}.json`);
    const markdown = path.join(directory, `${name}.md`);
    fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(markdown, formatMarkdown(report));
    return { json, markdown };
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function checkRows(checks: readonly CheckResult[]): string[] {
    const timed = checks.some((check) => check.durationMs !== undefined);
    const header = timed ? ["| Result | Check | Took | Detail |", "|---|---|---|---|"] : ["| Result | Check | Detail |", "|---|---|---|"];
    return [
        ...header,
        ...checks.map((check) => {
            const result = check.verdict === "fail" ? "**FAIL**" : check.verdict;
            const took = check.durationMs !== undefined ? formatDuration(check.durationMs) : "";
            return timed
                ? `| ${result} | ${cell(check.name)} | ${took} | ${cell(check.message)} |`
                : `| ${result} | ${cell(check.name)} | ${cell(check.message)} |`;
        }),
    ];
}

function rpoLine(report: DrillReport): string {
    const declared = report.objectives.rpoMinutes !== undefined ? `${report.objectives.rpoMinutes} min` : "not declared";
    const rpo = report.rpo;
    if (!rpo) {
        return declared;
    }
    return rpo.measuredMs !== undefined
        ? `measured ${formatDuration(rpo.measuredMs)} against declared ${declared} (${rpo.withinObjective ? "within" : "beyond"}); ${rpo.note}`
        : `declared ${declared}; ${rpo.note}`;
}

function rtoLine(report: DrillReport): string {
    const rto = report.rto;
    const declared = rto.declaredMinutes !== undefined ? `${rto.declaredMinutes} min` : "not declared";
    if (rto.measuredMs === undefined) {
        return `declared ${declared}; ${rto.note}`;
    }
    const verdict = rto.withinObjective === undefined ? "" : rto.withinObjective ? " (within)" : " (**beyond**)";
    return `measured ${formatDuration(rto.measuredMs)} against declared ${declared}${verdict}; ${rto.note}`;
}

export function formatMarkdown(report: DrillReport): string {
    const revision = report.revision;
    const commit = revision.gitCommit === null ? "not a git work tree" : `${revision.gitCommit}${revision.gitDirty ? " (uncommitted changes)" : ""}`;
    const lines = [
        `# DR drill: ${report.stack} ${report.direction} to ${report.targetRegion}`,
        "",
        `**${report.verdict === "pass" ? "PASS" : "FAIL"}**: ${report.summary}`,
        "",
        "| | |",
        "|---|---|",
        `| Stack | ${report.project}/${report.stack} (environment ${report.environment}) |`,
        `| Mode | ${report.mode} |`,
        `| Direction | ${report.direction} ${report.fromRegion} → ${report.targetRegion} (active before: ${report.activeRegionBefore}) |`,
        `| Started | ${report.startedAt} |`,
        `| Finished | ${report.finishedAt} |`,
        `| RPO | ${cell(rpoLine(report))} |`,
        `| RTO | ${cell(rtoLine(report))} |`,
        `| Plan | ${cell(report.graphSource)} |`,
        `| Commit | ${commit} |`,
        `| Config | ${cell(revision.configFile)} sha256 ${revision.configSha256}${report.configSha256After ? `, after the drill ${report.configSha256After}` : ""} |`,
        `| Exit code | ${report.exitCode} |`,
    ];
    if (report.stackState) {
        lines.push("", "## Stack state", "", report.stackState);
    }
    if (report.steps.length > 0) {
        lines.push("", "## Steps", "", "| Step | Result | Started | Took | Detail |", "|---|---|---|---|---|");
        for (const step of report.steps) {
            lines.push(`| ${step.name} | ${step.outcome === "ok" ? "ok" : "**failed**"} | ${step.startedAt} | ${formatDuration(step.durationMs)} | ${cell(step.detail)} |`);
        }
    }
    for (const phase of report.phases) {
        const failed = phase.checks.filter((check) => check.verdict === "fail").length;
        lines.push("", `## ${phase.name[0].toUpperCase()}${phase.name.slice(1)}: ${phase.scope}`, "",
            `${countOf(phase.checks.length, "check")}, ${failed} failed; ${phase.startedAt} to ${phase.finishedAt}.`, "", ...checkRows(phase.checks));
    }
    return `${lines.join("\n")}\n`;
}
