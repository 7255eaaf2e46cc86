/** `lz cost` output: a terminal table, markdown for a pull request, or JSON for other tools. */
import { AccountCost, formatUsd } from "../../accounts/cost/estimate";
import { CostDifference, CostReport } from "./report";

function accountName(report: CostReport, account: string): string {
    const label = report.labels[account];
    return label ? `${label} (${account})` : account;
}

function share(amount: number, budget: number | undefined): string {
    return budget ? `${Math.round((amount / budget) * 100)}%` : "no budget";
}

function signed(amount: number): string {
    return amount > 0 ? `+${formatUsd(amount)}` : amount < 0 ? `-${formatUsd(-amount)}` : formatUsd(0);
}

/** Aligned columns: amounts and shares to the right, text to the left. */
function pad(cells: readonly string[][]): string[] {
    const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
    const numeric = cells[0].map((_, column) => column > 0 && cells.every((row) => /^([+-]?\$[\d,.]+|\d+%|-|no budget|share|fixed \/ month|budget|derived budget|base|head|difference)$/.test(row[column])));
    return cells.map((row) => row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join("  ").trimEnd());
}

function overBudget(account: AccountCost): boolean {
    return account.budget !== undefined && account.fixedMonthlyUsd > account.budget.limitUsd;
}

function summaryRows(report: CostReport): string[][] {
    const { estimate } = report;
    const budgets = estimate.accounts.reduce((sum, account) => sum + (account.budget?.limitUsd ?? 0), 0);
    const derived = report.derivedBudgets;
    const derivedCell = (amount: number | undefined) => (derived ? [amount === undefined ? "-" : formatUsd(amount)] : []);
    return [
        ["account", "fixed / month", "budget", "share", ...(derived ? ["derived budget"] : []), ""],
        ...estimate.accounts.map((account) => [
            accountName(report, account.account),
            formatUsd(account.fixedMonthlyUsd),
            account.budget ? formatUsd(account.budget.limitUsd) : "-",
            share(account.fixedMonthlyUsd, account.budget?.limitUsd),
            ...derivedCell(derived?.[account.account]),
            [overBudget(account) ? "OVER BUDGET" : "", account.unpricedCount > 0 ? `${account.unpricedCount} unpriced` : ""].filter(Boolean).join(", "),
        ]),
        ["total", formatUsd(estimate.totalMonthlyUsd), formatUsd(budgets), share(estimate.totalMonthlyUsd, budgets), ...derivedCell(derived ? Object.values(derived).reduce((sum, amount) => sum + amount, 0) : undefined), ""],
    ];
}

function heading(report: CostReport): string {
    return `${report.stack}: fixed monthly cost before any usage (list prices of ${report.estimate.priceTableDate}, ${report.estimate.hoursPerMonth} h a month)`;
}

export function formatCostText(report: CostReport): string {
    const { estimate } = report;
    const lines = [heading(report), "", ...pad(summaryRows(report))];
    for (const account of estimate.accounts) {
        const items = estimate.priced.filter((item) => item.account === account.account);
        if (items.length === 0) {
            continue;
        }
        lines.push("", accountName(report, account.account));
        for (const [category, amount] of Object.entries(account.byCategory).sort(([, a], [, b]) => b - a)) {
            lines.push(`  ${category}  ${formatUsd(amount)}`);
            const rows = items.filter((item) => item.category === category).sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.name.localeCompare(b.name)).map((item) => [
                `    ${item.name}`, item.region, formatUsd(item.monthlyUsd),
                `${item.basis}${item.openEndedYearlyUsd !== undefined ? `; no end date: ${formatUsd(item.openEndedYearlyUsd)} a year` : ""}`,
            ]);
            lines.push(...pad(rows).map((row) => row));
        }
    }
    if (estimate.unpriced.length > 0) {
        lines.push("", `Unpriced (not in the totals, which are therefore a lower bound): ${estimate.unpriced.length}`);
        lines.push(...estimate.unpriced.map((item) => `  ${item.name}  ${item.type}  ${item.reason}`));
    }
    const usage = usageByType(report);
    if (usage.length > 0) {
        lines.push("", "Usage-priced (no fixed fee; billed as used, not in the totals):");
        lines.push(...usage.map((item) => `  ${item.type} ×${item.count}: ${item.rate} — assumes ${item.assumption}`));
    }
    return lines.join("\n");
}

function usageByType(report: CostReport): { type: string; count: number; rate: string; assumption: string }[] {
    const byType = new Map<string, { type: string; count: number; rate: string; assumption: string }>();
    for (const item of report.estimate.usage) {
        const entry = byType.get(item.type) ?? { type: item.type, count: 0, rate: item.rate, assumption: item.assumption };
        entry.count++;
        byType.set(item.type, entry);
    }
    return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

function markdownTable(rows: readonly string[][]): string[] {
    const [header, ...body] = rows;
    return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...body.map((row) => `| ${row.join(" | ")} |`)];
}

export function formatCostMarkdown(report: CostReport): string {
    const { estimate } = report;
    const lines = [`### Fixed monthly cost of \`${report.stack}\``, "", ...markdownTable(summaryRows(report).map((row) => row.map((cell, i) => (i === 0 && row[0] === "total" ? "**total**" : cell))))];
    lines.push("", "<details><summary>Per resource</summary>", "", ...markdownTable([
        ["resource", "account", "region", "category", "per month", "how"],
        ...[...estimate.priced].sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.name.localeCompare(b.name)).map((item) => [
            `\`${item.name}\``, report.labels[item.account] ?? item.account, item.region, item.category, formatUsd(item.monthlyUsd),
            `${item.basis}${item.openEndedYearlyUsd !== undefined ? `; no end date: ${formatUsd(item.openEndedYearlyUsd)} a year` : ""}`,
        ]),
    ]), "", "</details>");
    if (estimate.unpriced.length > 0) {
        lines.push("", `**Unpriced** (not in the totals): ${estimate.unpriced.map((item) => `\`${item.name}\` (${item.reason})`).join("; ")}`);
    }
    const usage = usageByType(report);
    if (usage.length > 0) {
        lines.push("", `Usage-priced items are not in the totals: ${usage.map((item) => `${item.type.split(":").pop()} ×${item.count} (${item.rate})`).join("; ")}.`);
    }
    lines.push("", `List prices of ${estimate.priceTableDate} (accounts/cost/priceTable.ts), ${estimate.hoursPerMonth} h a month.`);
    return lines.join("\n");
}

export function formatDifferenceText(diff: CostDifference): string {
    const lines = [`${diff.head.stack}: fixed monthly cost ${formatUsd(diff.base.estimate.totalMonthlyUsd)} → ${formatUsd(diff.head.estimate.totalMonthlyUsd)} (${signed(diff.deltaUsd)})`, ""];
    lines.push(...pad([
        ["account", "base", "head", "difference", "budget"],
        ...diff.accounts.map((account) => [accountName(diff.head, account.account), formatUsd(account.baseMonthlyUsd), formatUsd(account.headMonthlyUsd), signed(account.deltaUsd), account.budgetUsd ? formatUsd(account.budgetUsd) : "-"]),
    ]));
    if (diff.resources.length === 0) {
        lines.push("", "No resource changes its fixed cost.");
    } else {
        lines.push("", ...pad(diff.resources.map((item) => [`  ${item.change} ${item.name}`, formatUsd(item.baseMonthlyUsd), formatUsd(item.headMonthlyUsd), signed(item.deltaUsd), item.basis])));
    }
    if (diff.newlyUnpriced.length > 0) {
        lines.push("", `Newly unpriced (the difference may be larger): ${diff.newlyUnpriced.map((urn) => urn.split("::").pop()).join(", ")}`);
    }
    return lines.join("\n");
}

export function formatDifferenceMarkdown(diff: CostDifference): string {
    const lines = [`### Fixed monthly cost of \`${diff.head.stack}\`: ${formatUsd(diff.base.estimate.totalMonthlyUsd)} → ${formatUsd(diff.head.estimate.totalMonthlyUsd)} (${signed(diff.deltaUsd)})`, ""];
    lines.push(...markdownTable([
        ["account", "base", "head", "difference", "budget", "share"],
        ...diff.accounts.map((account) => [diff.head.labels[account.account] ?? account.account, formatUsd(account.baseMonthlyUsd), formatUsd(account.headMonthlyUsd), signed(account.deltaUsd), account.budgetUsd ? formatUsd(account.budgetUsd) : "-", share(account.headMonthlyUsd, account.budgetUsd)]),
    ]));
    if (diff.resources.length > 0) {
        lines.push("", ...markdownTable([
            ["resource", "change", "base", "head", "difference", "how"],
            ...diff.resources.map((item) => [`\`${item.name}\``, item.change, formatUsd(item.baseMonthlyUsd), formatUsd(item.headMonthlyUsd), signed(item.deltaUsd), item.basis]),
        ]));
    } else {
        lines.push("", "No resource changes its fixed cost.");
    }
    if (diff.newlyUnpriced.length > 0) {
        lines.push("", `**Newly unpriced** (the difference may be larger): ${diff.newlyUnpriced.map((urn) => `\`${urn.split("::").pop()}\``).join(", ")}`);
    }
    return lines.join("\n");
}
