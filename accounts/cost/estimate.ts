/**
 * The fixed monthly cost of a set of resources, from the price table: what an environment bills before anything
 * uses it. Shared by `lz cost` (over a plan graph) and the policy pack (over the resources of a preview), so it reads
 * a minimal resource shape both can supply. It creates nothing and calls nothing.
 *
 * Every resource ends in exactly one of four lists: priced (a fixed monthly amount), usage (no fixed fee; its rate
 * and the usage it assumes), free, or unpriced (a type or a region the table does not know). A resource is never
 * counted as $0 because its price is missing.
 */
import { capacityBlockOfferings, fixedPrices, freeTypes, hoursPerMonth, hoursPerYear, onDemandHourly, Price, priceTableDate, RegionalPrice, usageRates } from "./priceTable";

/** A resource as both the plan graph and the policy pack can describe it. */
export interface CostResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Its inputs (plan graph) or props (policy pack). */
    readonly props: Readonly<Record<string, unknown>>;
    /** The account it lands in (12-digit ID, or another stable key for its provider); undefined when unknown. */
    readonly account: string | undefined;
    /** The region it lands in, "global" for global services; undefined when unknown. */
    readonly region: string | undefined;
    /** URN of its parent, if any. */
    readonly parent?: string;
    /** False for components; a remote component (awsx) is priced from its inputs, since its children may be absent. */
    readonly custom: boolean;
}

export type CostCategory = "accelerator capacity" | "network" | "encryption" | "web firewall" | "monitoring" | "vector store" | "configuration";

export interface PricedItem {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly account: string;
    readonly region: string;
    readonly category: CostCategory;
    readonly monthlyUsd: number;
    /** How the amount is made up, e.g. "3 zones × 730 h × $0.01". */
    readonly basis: string;
    /** The table entries used, with their sources. */
    readonly prices: readonly Price[];
    /** Billed until deleted: a capacity reservation without an end date. Its yearly cost is stated. */
    readonly openEndedYearlyUsd?: number;
}

export interface UsageItem {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly account: string | undefined;
    readonly rate: string;
    readonly assumption: string;
}

export interface UnpricedItem {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly account: string | undefined;
    readonly region: string | undefined;
    /** Why it has no price: what to add to the price table, or which input is not known yet. */
    readonly reason: string;
    /** True when a value it depends on is not known yet (a preview); the amount is then undecided, not missing. */
    readonly notKnownYet: boolean;
}

export interface AccountBudget {
    readonly account: string;
    readonly name: string;
    readonly urn: string;
    readonly limitUsd: number;
}

export interface AccountCost {
    readonly account: string;
    readonly fixedMonthlyUsd: number;
    readonly byCategory: Readonly<Partial<Record<CostCategory, number>>>;
    /** The account's AWS Budgets limit (the smallest COST budget when it has several); undefined when it has none. */
    readonly budget: AccountBudget | undefined;
    /** Resources of this account whose fixed cost could not be decided: the total is a lower bound when any. */
    readonly unpricedCount: number;
}

export interface CostEstimate {
    readonly priceTableDate: string;
    readonly hoursPerMonth: number;
    readonly accounts: readonly AccountCost[];
    readonly priced: readonly PricedItem[];
    readonly usage: readonly UsageItem[];
    readonly unpriced: readonly UnpricedItem[];
    readonly totalMonthlyUsd: number;
}

export interface EstimateOptions {
    /** True for a value not known yet (the pack's preview sentinels). @default never */
    readonly isUnknown?: (value: unknown) => boolean;
}

/** Cents, so that sums of many small prices print as they add up. */
export function roundUsd(amount: number): number {
    return Math.round(amount * 100) / 100;
}

/**
 * A monthly budget derived from the estimate: the fixed cost plus an allowance for usage (tokens, logs, storage,
 * requests), rounded up to the next $100 so that a price change of a few cents does not change the budget.
 */
export function derivedBudgetUsd(fixedMonthlyUsd: number, usageAllowanceUsd: number): number {
    return Math.ceil((fixedMonthlyUsd + usageAllowanceUsd) / 100) * 100;
}

export function formatUsd(amount: number): string {
    return `$${roundUsd(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

type Verdict =
    | { readonly kind: "priced"; readonly category: CostCategory; readonly monthlyUsd: number; readonly basis: string; readonly prices: readonly Price[]; readonly openEndedYearlyUsd?: number }
    | { readonly kind: "free" }
    | { readonly kind: "unpriced"; readonly reason: string; readonly notKnownYet?: boolean };

const capacityReservationType = "aws:ec2/capacityReservation:CapacityReservation";
const capacityBlockType = "aws:ec2/capacityBlockReservation:CapacityBlockReservation";
const vpcEndpointType = "aws:ec2/vpcEndpoint:VpcEndpoint";
const natGatewayType = "aws:ec2/natGateway:NatGateway";
const awsxVpcType = "awsx:ec2:Vpc";
/** awsx's own defaults when a Vpc leaves them unset. */
const awsxDefaultZoneCount = 3;
const awsxDefaultNatStrategy = "OnePerAz";

function money(amount: number): string {
    return `$${amount}`;
}

class Pricer {
    constructor(private readonly unknown: (value: unknown) => boolean) {}

    private priceIn(table: RegionalPrice, region: string | undefined, what: string): Price | string {
        if (region === undefined) {
            return `${what}: the region it lands in is unknown`;
        }
        return table[region] ?? `${what}: the price table has no price for ${region}; add one to accounts/cost/priceTable.ts`;
    }

    private unknownInput(resource: CostResource, ...keys: string[]): Verdict | undefined {
        const key = keys.find((k) => this.unknown(resource.props[k]));
        return key ? { kind: "unpriced", reason: `${key} is not known yet`, notKnownYet: true } : undefined;
    }

    /** Hourly price × quantity × hours in a month. */
    private hourly(category: CostCategory, table: RegionalPrice, region: string | undefined, quantity: number, unit: string, what: string): Verdict {
        const price = this.priceIn(table, region, what);
        if (typeof price === "string") {
            return { kind: "unpriced", reason: price };
        }
        return { kind: "priced", category, monthlyUsd: quantity * hoursPerMonth * price.usd, basis: `${quantity} ${unit} × ${hoursPerMonth} h × ${money(price.usd)}`, prices: [price] };
    }

    private monthly(category: CostCategory, table: RegionalPrice, region: string | undefined, quantity: number, unit: string, what: string): Verdict {
        const price = this.priceIn(table, region, what);
        if (typeof price === "string") {
            return { kind: "unpriced", reason: price };
        }
        return { kind: "priced", category, monthlyUsd: quantity * price.usd, basis: `${quantity} ${unit} × ${money(price.usd)}`, prices: [price] };
    }

    verdict(resource: CostResource, pricedChildren: ReadonlySet<string>): Verdict {
        const { props, region } = resource;
        switch (resource.type) {
            case capacityReservationType: {
                const notKnown = this.unknownInput(resource, "instanceType", "instanceCount", "endDateType", "endDate");
                if (notKnown) {
                    return notKnown;
                }
                const instanceType = String(props.instanceType);
                const count = Number(props.instanceCount);
                const rates = onDemandHourly[instanceType];
                if (!rates) {
                    return { kind: "unpriced", reason: `no on-demand rate for ${instanceType} in the price table; add it to onDemandHourly in accounts/cost/priceTable.ts` };
                }
                const verdict = this.hourly("accelerator capacity", rates, region, count, `× ${instanceType}`, instanceType);
                if (verdict.kind !== "priced") {
                    return verdict;
                }
                // A reservation without an end date bills until someone cancels it.
                const openEnded = props.endDateType !== "limited" || props.endDate === undefined;
                return openEnded ? { ...verdict, openEndedYearlyUsd: count * hoursPerYear * verdict.prices[0].usd } : verdict;
            }
            case capacityBlockType: {
                const notKnown = this.unknownInput(resource, "capacityBlockOfferingId");
                if (notKnown) {
                    return notKnown;
                }
                const offeringId = String(props.capacityBlockOfferingId);
                const offering = capacityBlockOfferings[offeringId];
                if (!offering) {
                    return { kind: "unpriced", reason: `the upfront fee of Capacity Block offering ${offeringId} is not in the price table; record the fee \`aws ec2 describe-capacity-block-offerings\` quotes in capacityBlockOfferings (accounts/cost/priceTable.ts)` };
                }
                const price: Price = { usd: offering.upfrontFeeUsd, per: "block", source: offering.source, checked: offering.checked };
                return { kind: "priced", category: "accelerator capacity", monthlyUsd: offering.upfrontFeeUsd, basis: `upfront fee of ${offering.durationHours} h of ${offering.instanceType}, paid in the month it is bought`, prices: [price] };
            }
            case vpcEndpointType: {
                const notKnown = this.unknownInput(resource, "vpcEndpointType", "subnetIds");
                if (notKnown) {
                    return notKnown;
                }
                const endpointType = props.vpcEndpointType ?? "Gateway";
                if (endpointType === "Gateway") {
                    return { kind: "free" };
                }
                if (endpointType !== "Interface") {
                    return { kind: "unpriced", reason: `${String(endpointType)} endpoints are not in the price table` };
                }
                const zones = Array.isArray(props.subnetIds) ? props.subnetIds.length : 0;
                if (zones === 0) {
                    return { kind: "unpriced", reason: "an interface endpoint without subnetIds: the zones it bills in are unknown" };
                }
                return this.hourly("network", fixedPrices.interfaceEndpointZoneHour, region, zones, zones === 1 ? "zone" : "zones", "interface endpoint");
            }
            // A public NAT gateway's address is an aws:ec2/eip:Eip of its own in the same plan, priced there.
            case natGatewayType:
                return this.hourly("network", fixedPrices.natGatewayHour, region, 1, "NAT gateway", "NAT gateway");
            case "aws:ec2/eip:Eip":
                return this.hourly("network", fixedPrices.publicIpv4Hour, region, 1, "public IPv4 address", "public IPv4 address");
            case awsxVpcType: {
                // awsx builds its NAT gateways in its own plugin: an offline plan does not list them, a preview does.
                if (pricedChildren.has(resource.urn)) {
                    return { kind: "free" };
                }
                const notKnown = this.unknownInput(resource, "natGateways", "availabilityZoneNames", "numberOfAvailabilityZones");
                if (notKnown) {
                    return notKnown;
                }
                const strategy = String((props.natGateways as { strategy?: unknown } | undefined)?.strategy ?? awsxDefaultNatStrategy);
                const zones = Array.isArray(props.availabilityZoneNames) ? props.availabilityZoneNames.length : Number(props.numberOfAvailabilityZones ?? awsxDefaultZoneCount);
                const gateways = strategy === "None" ? 0 : strategy === "Single" ? 1 : zones;
                if (gateways === 0) {
                    return { kind: "free" };
                }
                const nat = this.hourly("network", fixedPrices.natGatewayHour, region, gateways, gateways === 1 ? "NAT gateway" : "NAT gateways", "NAT gateway");
                const addresses = this.hourly("network", fixedPrices.publicIpv4Hour, region, gateways, gateways === 1 ? "public IPv4 address" : "public IPv4 addresses", "public IPv4 address");
                if (nat.kind !== "priced") {
                    return nat;
                }
                if (addresses.kind !== "priced") {
                    return addresses;
                }
                return { ...nat, monthlyUsd: nat.monthlyUsd + addresses.monthlyUsd, basis: `${nat.basis} + ${addresses.basis} (natGateways ${strategy})`, prices: [...nat.prices, ...addresses.prices] };
            }
            case "aws:kms/key:Key":
            case "aws:kms/replicaKey:ReplicaKey":
                return this.monthly("encryption", fixedPrices.kmsKeyMonth, region, 1, "key", "KMS key");
            case "aws:wafv2/webAcl:WebAcl": {
                const notKnown = this.unknownInput(resource, "rules");
                if (notKnown) {
                    return notKnown;
                }
                const rules = Array.isArray(props.rules) ? props.rules.length : 0;
                const acl = this.monthly("web firewall", fixedPrices.wafWebAclMonth, region, 1, "web ACL", "WAF web ACL");
                const ruleFees = this.monthly("web firewall", fixedPrices.wafRuleMonth, region, rules, rules === 1 ? "rule" : "rules", "WAF rule");
                if (acl.kind !== "priced") {
                    return acl;
                }
                if (ruleFees.kind !== "priced") {
                    return ruleFees;
                }
                return { ...acl, monthlyUsd: acl.monthlyUsd + ruleFees.monthlyUsd, basis: `${acl.basis} + ${ruleFees.basis}`, prices: [...acl.prices, ...ruleFees.prices] };
            }
            case "aws:cloudwatch/dashboard:Dashboard":
                return this.monthly("monitoring", fixedPrices.dashboardMonth, region, 1, "dashboard", "CloudWatch dashboard");
            case "aws:cloudwatch/metricAlarm:MetricAlarm": {
                const notKnown = this.unknownInput(resource, "period", "metricQueries");
                if (notKnown) {
                    return notKnown;
                }
                // A metric-math alarm is billed per metric it reads; expressions themselves are free.
                const queries = Array.isArray(props.metricQueries) ? props.metricQueries as { metric?: unknown }[] : [];
                const metrics = queries.length > 0 ? queries.filter((query) => query.metric !== undefined).length : 1;
                const highResolution = props.period !== undefined && Number(props.period) < 60;
                return this.monthly("monitoring", highResolution ? fixedPrices.highResolutionAlarmMetricMonth : fixedPrices.standardAlarmMetricMonth, region, metrics, metrics === 1 ? "metric" : "metrics", "CloudWatch alarm");
            }
            case "aws:ssm/parameter:Parameter":
                return props.tier === "Advanced" ? this.monthly("configuration", fixedPrices.ssmAdvancedParameterMonth, region, 1, "advanced parameter", "SSM advanced parameter") : { kind: "free" };
            case "aws:opensearch/serverlessCollection:ServerlessCollection": {
                const notKnown = this.unknownInput(resource, "standbyReplicas");
                if (notKnown) {
                    return notKnown;
                }
                // The minimum is half an OCU each for indexing and search, doubled by standby replicas (the default).
                const ocus = props.standbyReplicas === "DISABLED" ? 1 : 2;
                return this.hourly("vector store", fixedPrices.openSearchOcuHour, region, ocus, ocus === 1 ? "OCU minimum" : "OCUs minimum", "OpenSearch Serverless");
            }
            default:
                // A type with only a usage rate has no fixed fee: it is listed with its rate, not as a gap.
                if (freeTypes.has(resource.type) || usageRates[resource.type]) {
                    return { kind: "free" };
                }
                return { kind: "unpriced", reason: `${resource.type} is not in the price table; add its fixed price, its usage rate or its type as free to accounts/cost/priceTable.ts` };
        }
    }
}

function isPriceable(resource: CostResource): boolean {
    if (resource.type.startsWith("pulumi:")) {
        return false;
    }
    return resource.custom || resource.type === awsxVpcType;
}

/** The fixed monthly cost of `resources`, per account, against each account's budget. */
export function estimateCost(resources: readonly CostResource[], options: EstimateOptions = {}): CostEstimate {
    const unknown = options.isUnknown ?? (() => false);
    const pricer = new Pricer(unknown);
    // Remote components whose NAT gateways are listed themselves (a real preview) are not priced twice.
    const parentsOfNatGateways = new Set(resources.filter((r) => r.type === natGatewayType && r.parent).map((r) => r.parent!));
    const priced: PricedItem[] = [];
    const usage: UsageItem[] = [];
    const unpriced: UnpricedItem[] = [];
    for (const resource of resources.filter(isPriceable)) {
        const verdict = pricer.verdict(resource, parentsOfNatGateways);
        const rate = usageRates[resource.type];
        if (rate && !(resource.type === awsxVpcType && verdict.kind === "free")) {
            usage.push({ urn: resource.urn, name: resource.name, type: resource.type, account: resource.account, rate: rate.rate, assumption: rate.assumption });
        }
        if (verdict.kind === "priced") {
            if (resource.account === undefined) {
                unpriced.push({ urn: resource.urn, name: resource.name, type: resource.type, account: undefined, region: resource.region, reason: "the account it lands in is unknown", notKnownYet: false });
                continue;
            }
            priced.push({ urn: resource.urn, name: resource.name, type: resource.type, account: resource.account, region: resource.region ?? "unknown", category: verdict.category, monthlyUsd: roundUsd(verdict.monthlyUsd), basis: verdict.basis, prices: verdict.prices, ...(verdict.openEndedYearlyUsd !== undefined ? { openEndedYearlyUsd: roundUsd(verdict.openEndedYearlyUsd) } : {}) });
        } else if (verdict.kind === "unpriced") {
            unpriced.push({ urn: resource.urn, name: resource.name, type: resource.type, account: resource.account, region: resource.region, reason: verdict.reason, notKnownYet: verdict.notKnownYet ?? false });
        }
    }
    const budgets = accountBudgets(resources, unknown);
    const accountKeys = [...new Set([...priced.map((item) => item.account), ...budgets.keys(), ...resources.filter(isPriceable).map((r) => r.account).filter((a): a is string => a !== undefined)])].sort();
    const accounts = accountKeys.map((account): AccountCost => {
        const items = priced.filter((item) => item.account === account);
        const byCategory: Partial<Record<CostCategory, number>> = {};
        for (const item of items) {
            byCategory[item.category] = roundUsd((byCategory[item.category] ?? 0) + item.monthlyUsd);
        }
        return {
            account,
            fixedMonthlyUsd: roundUsd(items.reduce((sum, item) => sum + item.monthlyUsd, 0)),
            byCategory,
            budget: budgets.get(account),
            unpricedCount: unpriced.filter((item) => item.account === account).length,
        };
    });
    return {
        priceTableDate,
        hoursPerMonth,
        accounts,
        priced,
        usage,
        unpriced,
        totalMonthlyUsd: roundUsd(priced.reduce((sum, item) => sum + item.monthlyUsd, 0)),
    };
}

const budgetType = "aws:budgets/budget:Budget";

/** Each account's monthly COST budget in USD; the smallest when there are several, as it alerts first. */
function accountBudgets(resources: readonly CostResource[], unknown: (value: unknown) => boolean): Map<string, AccountBudget> {
    const budgets = new Map<string, AccountBudget>();
    for (const resource of resources.filter((r) => r.type === budgetType)) {
        const { props } = resource;
        if ([props.limitAmount, props.accountId, props.budgetType, props.limitUnit].some(unknown)) {
            continue;
        }
        const account = typeof props.accountId === "string" ? props.accountId : resource.account;
        const limit = Number(props.limitAmount);
        if (!account || props.budgetType !== "COST" || (props.limitUnit ?? "USD") !== "USD" || !Number.isFinite(limit) || (props.timeUnit ?? "MONTHLY") !== "MONTHLY") {
            continue;
        }
        const current = budgets.get(account);
        if (!current || limit < current.limitUsd) {
            budgets.set(account, { account, name: typeof props.name === "string" ? props.name : resource.name, urn: resource.urn, limitUsd: limit });
        }
    }
    return budgets;
}
