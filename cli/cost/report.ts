/**
 * What `lz cost` reports: a plan's fixed monthly cost per account (with the account's label from the graph), and,
 * against a base plan, the difference resource by resource.
 */
import { CostCategory, CostEstimate, derivedBudgetUsd, estimateCost, PricedItem, roundUsd } from "../../accounts/cost/estimate";
import { PlanGraph } from "../engine/graph";
import { costResources } from "./planResources";

export interface CostReport {
    readonly stack: string;
    /** With a usage allowance: each account's budget derived from its fixed cost, to set as its monthlyLimitUsd. */
    readonly derivedBudgets?: Readonly<Record<string, number>>;
    /** Account ID to the label of the provider deploying into it (`prod-genai`). */
    readonly labels: Readonly<Record<string, string>>;
    readonly estimate: CostEstimate;
}

export function costReport(graph: PlanGraph, usageAllowanceUsd?: number): CostReport {
    const estimate = estimateCost(costResources(graph));
    return {
        stack: graph.stack,
        labels: Object.fromEntries(graph.accounts.map((account) => [account.id, account.label])),
        estimate,
        ...(usageAllowanceUsd !== undefined
            ? { derivedBudgets: Object.fromEntries(estimate.accounts.map((account) => [account.account, derivedBudgetUsd(account.fixedMonthlyUsd, usageAllowanceUsd)])) }
            : {}),
    };
}

export type ResourceChange = "added" | "removed" | "changed";

export interface ResourceDifference {
    readonly urn: string;
    readonly name: string;
    readonly account: string;
    readonly category: CostCategory;
    readonly change: ResourceChange;
    readonly baseMonthlyUsd: number;
    readonly headMonthlyUsd: number;
    readonly deltaUsd: number;
    /** How the new amount is made up (the old one when removed). */
    readonly basis: string;
}

export interface AccountDifference {
    readonly account: string;
    readonly baseMonthlyUsd: number;
    readonly headMonthlyUsd: number;
    readonly deltaUsd: number;
    readonly budgetUsd: number | undefined;
}

export interface CostDifference {
    readonly base: CostReport;
    readonly head: CostReport;
    readonly resources: readonly ResourceDifference[];
    readonly accounts: readonly AccountDifference[];
    readonly deltaUsd: number;
    /** Resources unpriced in the head plan but not in the base: the difference may be larger than shown. */
    readonly newlyUnpriced: readonly string[];
}

/** The difference between a base plan (the pull request's target) and the head plan, resource by resource. */
export function costDifference(base: CostReport, head: CostReport): CostDifference {
    const before = new Map(base.estimate.priced.map((item) => [item.urn, item]));
    const after = new Map(head.estimate.priced.map((item) => [item.urn, item]));
    const resources: ResourceDifference[] = [];
    const difference = (item: PricedItem, change: ResourceChange, baseUsd: number, headUsd: number): ResourceDifference => ({
        urn: item.urn, name: item.name, account: item.account, category: item.category, change,
        baseMonthlyUsd: baseUsd, headMonthlyUsd: headUsd, deltaUsd: roundUsd(headUsd - baseUsd), basis: item.basis,
    });
    for (const [urn, item] of after) {
        const old = before.get(urn);
        if (!old) {
            resources.push(difference(item, "added", 0, item.monthlyUsd));
        } else if (old.monthlyUsd !== item.monthlyUsd) {
            resources.push(difference(item, "changed", old.monthlyUsd, item.monthlyUsd));
        }
    }
    for (const [urn, item] of before) {
        if (!after.has(urn)) {
            resources.push(difference(item, "removed", item.monthlyUsd, 0));
        }
    }
    resources.sort((a, b) => Math.abs(b.deltaUsd) - Math.abs(a.deltaUsd) || a.urn.localeCompare(b.urn));
    const accountIds = [...new Set([...base.estimate.accounts, ...head.estimate.accounts].map((account) => account.account))].sort();
    const accounts = accountIds.map((account): AccountDifference => {
        const old = base.estimate.accounts.find((a) => a.account === account);
        const now = head.estimate.accounts.find((a) => a.account === account);
        const baseUsd = old?.fixedMonthlyUsd ?? 0;
        const headUsd = now?.fixedMonthlyUsd ?? 0;
        return { account, baseMonthlyUsd: baseUsd, headMonthlyUsd: headUsd, deltaUsd: roundUsd(headUsd - baseUsd), budgetUsd: now?.budget?.limitUsd };
    }).filter((account) => account.deltaUsd !== 0 || account.baseMonthlyUsd !== 0 || account.headMonthlyUsd !== 0);
    const unpricedBefore = new Set(base.estimate.unpriced.map((item) => item.urn));
    return {
        base,
        head,
        resources,
        accounts,
        deltaUsd: roundUsd(head.estimate.totalMonthlyUsd - base.estimate.totalMonthlyUsd),
        newlyUnpriced: head.estimate.unpriced.filter((item) => !unpricedBefore.has(item.urn)).map((item) => item.urn),
    };
}
