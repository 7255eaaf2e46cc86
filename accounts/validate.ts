import { catalogueFileName, endOfLifeMessage, isPastEndOfLife, ModelCatalogue } from "./catalogue";
import { cidrsOverlap } from "./cidr";
import { ConfigError, ConfigProblem, parseWithProblems, salvage, show } from "./problems";
import { isKnownRegion, zoneBelongsToRegion } from "./regions";
import {
    isAcceleratorInstanceType,
    acceleratorInstanceFamilies,
    cloudWatchRetentionDays,
    configNamespace,
    defaultMaxInlineApplications,
    enforcedGuardrailPattern,
    EnvironmentConfig,
    environmentSchema,
    GenaiConfig,
    logRetentionDaysAllowed,
    OrganizationConfig,
    organizationSchema,
    applicationStackSchema,
} from "./schema";
import * as path from "path";
import { readYamlFile } from "./yamlFile";
import { derivedNameLimits } from "./genaiNames";
import { accountName, accountEmail } from "./naming";
import { coreAccountName } from "./securityNames";
import { applicationSettingsProblems, retrievalProblems, workloadNameProblems } from "./workloadSchema";

export const organizationKey = `${configNamespace}:organization`;
export const environmentKey = `${configNamespace}:environment`;
export const applicationKey = `${configNamespace}:application`;
export const disableDefaultProvidersKey = "pulumi:disable-default-providers";

/** An environment's config with every default resolved. */
export type Environment = Omit<EnvironmentConfig, "dr" | "activeRegion" | "protectStatefulResources"> & {
    readonly dr: { readonly enabled: boolean; readonly rpoMinutes?: number; readonly rtoMinutes?: number };
    /** Whether stateful resources are protected and retained on delete (`protectStatefulResources`, on in prod by default). */
    readonly protectStatefulResources: boolean;
    /** The region applications use now: `activeRegion`, or the primary region when unset. */
    readonly activeRegion: string;
};

export type StackConfig =
    | { readonly kind: "organization"; readonly organization: OrganizationConfig }
    | { readonly kind: "environment"; readonly environment: Environment }
    | { readonly kind: "application"; readonly application: ApplicationStack };

/** An application stack's config: its environment (validated from the environment's own file) and which application. */
export interface ApplicationStack {
    readonly name: string;
    readonly environmentStack: string;
    /** The environment stack's file, whose accounts.applications.<name> holds the application's settings. */
    readonly environmentFile: string;
    readonly environment: Environment;
}

/** The stack name of an application deployed on its own (`prod-app-chat`). */
export function applicationStackName(environmentStack: string, application: string): string {
    return `${environmentStack.split("/").pop()}-app-${application}`;
}

/** The applications an environment deploys in stacks of their own, sorted. */
export function ownStackApplications(env: Environment): string[] {
    return Object.entries(env.accounts.applications).filter(([, app]) => app.stack === "own").map(([name]) => name).sort();
}

/** Regions an environment deploys into: the primary, and the DR region when DR is on. */
export function environmentRegions(environment: Environment): string[] {
    return environment.dr.enabled ? [environment.primaryRegion, environment.drRegion] : [environment.primaryRegion];
}

function organizationProblems(org: Partial<OrganizationConfig>, catalogue: ModelCatalogue, file: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const root = organizationKey;
    if (org.allowedRegions && org.homeRegion && !org.allowedRegions.includes(org.homeRegion)) {
        problems.push({ file, path: `${root}.homeRegion`, message: `must be one of allowedRegions (got ${show(org.homeRegion)}); add it to allowedRegions or pick one of ${org.allowedRegions.join(", ")}.` });
    }
    const ids = new Map<string, string>(org.managementAccountId ? [[org.managementAccountId, "managementAccountId"]] : []);
    const prefix = org.namePrefix ?? "";
    const template = org.accountEmailTemplate ?? "{account}@invalid.example";
    const names = new Map<string, string>();
    const emails = new Map<string, string>();
    type Member = [string, { id?: string; name?: string; email?: string } | undefined, string];
    // The Security OU's accounts first, so that a workload account repeating one of them is the one reported.
    const members: Member[] = [
        ["security.logArchive", org.security?.logArchive, coreAccountName(prefix, "log-archive")],
        ["security.securityTooling", org.security?.securityTooling, coreAccountName(prefix, "security")],
    ];
    for (const [envName, env] of Object.entries(org.environments ?? {})) {
        if (!catalogue.environments.includes(envName)) {
            problems.push({ file, path: `${root}.environments.${envName}`, message: `is not an environment of ${catalogueFileName} (known: ${catalogue.environments.join(", ")}); add it there or rename it here.` });
        }
        problems.push(...enforcedGuardrailProblems(env.bedrock?.enforcedGuardrails ?? {}, {
            managementAccountId: org.managementAccountId,
            allowedRegions: org.allowedRegions,
        }).map((problem) => ({ file, path: `${root}.environments.${envName}.bedrock.enforcedGuardrails${problem.path}`, message: problem.message })));
        members.push(
            [`environments.${envName}.genai`, env.genai, accountName(prefix, envName, "genai")],
            [`environments.${envName}.data`, env.data, accountName(prefix, envName, "data")],
            ...Object.entries(env.applications ?? {}).map(([app, spec]): Member =>
                [`environments.${envName}.applications.${app}`, spec, accountName(prefix, envName, "application", app)]),
        );
    }
    for (const [owner, spec, derivedName] of members) {
        if (spec === undefined) {
            continue;
        }
        const at = `${root}.${owner}`;
        if (spec.id !== undefined) {
            const other = ids.get(spec.id);
            if (other) {
                problems.push({ file, path: `${at}.id`, message: `repeats account ${show(spec.id)} already used by ${other}; every ${owner.startsWith("security.") ? "core account" : "environment role"} needs its own account.` });
            } else {
                ids.set(spec.id, owner);
            }
            continue;
        }
        const name = spec.name ?? derivedName;
        const email = spec.email ?? accountEmail(template, name);
        const nameOwner = names.get(name);
        if (nameOwner) {
            problems.push({ file, path: `${at}.name`, message: `repeats account name ${show(name)} of ${nameOwner}; give each account its own name.` });
        }
        names.set(name, owner);
        const emailOwner = emails.get(email);
        if (emailOwner) {
            problems.push({ file, path: `${at}.email`, message: `repeats e-mail ${show(email)} of ${emailOwner}; AWS requires a distinct root e-mail per account.` });
        }
        emails.set(email, owner);
    }
    const logs = org.security?.logs;
    if (logs && logs.expireAfterDays < logs.objectLockRetentionDays) {
        problems.push({ file, path: `${root}.security.logs.expireAfterDays`, message: `must be at least objectLockRetentionDays (${logs.objectLockRetentionDays}) (got ${logs.expireAfterDays}); S3 cannot expire a log that is still locked, so raise it or shorten the lock.` });
    }
    if (logs && logs.archiveAfterDays >= logs.expireAfterDays) {
        problems.push({ file, path: `${root}.security.logs.archiveAfterDays`, message: `must be less than expireAfterDays (${logs.expireAfterDays}) (got ${logs.archiveAfterDays}); logs would be deleted before they are archived.` });
    }
    return problems;
}

function resolveEnvironment(config: Partial<EnvironmentConfig>): Partial<Environment> {
    const { dr, activeRegion, protectStatefulResources, ...rest } = config;
    return {
        ...rest,
        protectStatefulResources: protectStatefulResources ?? config.name === "prod",
        dr: { ...(dr ?? {}), enabled: dr?.enabled ?? config.name === "prod" },
        ...(activeRegion ?? config.primaryRegion) !== undefined ? { activeRegion: activeRegion ?? config.primaryRegion } : {},
    };
}

function environmentProblems(env: Partial<Environment>, catalogue: ModelCatalogue, file: string, now: number): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const root = environmentKey;
    if (env.drRegion !== undefined && env.drRegion === env.primaryRegion) {
        problems.push({ file, path: `${root}.drRegion`, message: `must differ from primaryRegion (both ${show(env.drRegion)}).` });
    }
    if (env.activeRegion !== undefined && env.primaryRegion !== undefined && env.activeRegion !== env.primaryRegion) {
        if (!env.dr?.enabled) {
            problems.push({ file, path: `${root}.activeRegion`, message: `must be the primary region ${show(env.primaryRegion)} while dr.enabled is false (got ${show(env.activeRegion)}); remove activeRegion, or turn on dr.enabled to fail over to drRegion.` });
        } else if (env.activeRegion !== env.drRegion) {
            problems.push({ file, path: `${root}.activeRegion`, message: `must be the primary region ${show(env.primaryRegion)} or the DR region ${show(env.drRegion)} (got ${show(env.activeRegion)}); applications can only be sent to a region the environment deploys.` });
        }
    }
    const applications = Object.entries(env.accounts?.applications ?? {});
    const inline = applications.filter(([, app]) => (app?.stack ?? "inline") === "inline").map(([name]) => name).sort();
    const maxInline = env.accounts?.maxInlineApplications ?? defaultMaxInlineApplications;
    if (inline.length > maxInline) {
        problems.push({
            file,
            path: `${root}.accounts.applications`,
            message: `deploys ${inline.length} applications inline (${inline.join(", ")}), over maxInlineApplications ${maxInline}: each inline application adds an AWS provider process of 300-430 MB to the environment's \`pulumi up\`. Give ${inline.length - maxInline} of them \`stack: own\` (README "Application stacks"), or raise accounts.maxInlineApplications.`,
        });
    }
    if (env.name !== undefined && !catalogue.environments.includes(env.name)) {
        problems.push({ file, path: `${root}.name`, message: `must be an environment of ${catalogueFileName} (got ${show(env.name)}); use one of ${catalogue.environments.join(", ")}.` });
    }

    const regions = [env.primaryRegion, env.dr?.enabled ? env.drRegion : undefined].filter((r): r is string => r !== undefined);
    for (const [zoneRegion, zones] of Object.entries(env.availabilityZones ?? {})) {
        if (!isKnownRegion(zoneRegion)) {
            problems.push({ file, path: `${root}.availabilityZones.${zoneRegion}`, message: `must be keyed by an AWS region name such as "us-east-1" (got ${show(zoneRegion)}).` });
            continue;
        }
        zones.forEach((zone, index) => {
            if (!zoneBelongsToRegion(zone, zoneRegion)) {
                problems.push({ file, path: `${root}.availabilityZones.${zoneRegion}[${index}]`, message: `must be a zone of ${zoneRegion} such as "${zoneRegion}a" (got ${show(zone)}).` });
            }
        });
        const duplicates = zones.filter((zone, index) => zones.indexOf(zone) !== index);
        if (duplicates.length > 0) {
            problems.push({ file, path: `${root}.availabilityZones.${zoneRegion}`, message: `lists ${show(duplicates[0])} twice; list each zone once.` });
        }
    }
    for (const region of env.availabilityZones ? regions : []) {
        if (!env.availabilityZones?.[region]) {
            problems.push({ file, path: `${root}.availabilityZones`, message: `must list the zones of ${region}, which this environment deploys into; add ${region}: [${region}a, ${region}b].` });
        }
    }

    // Partial when part of `accounts` failed its schema: every valid ID and range is still checked.
    const partialAccounts = (env.accounts ?? {}) as Partial<Environment["accounts"]>;
    const accounts = ([
        ["accounts.genai", partialAccounts.genai],
        ["accounts.data", partialAccounts.data],
        ...Object.entries(partialAccounts.applications ?? {}).map(([app, spec]) => [`accounts.applications.${app}`, spec]),
    ] as [string, { id?: string; vpcCidr?: string } | undefined][])
        .filter((entry): entry is [string, { id?: string; vpcCidr?: string }] => entry[1] !== undefined);
    accounts.forEach(([at, spec], index) => {
        for (const [otherAt, other] of accounts.slice(0, index)) {
            if (spec.id !== undefined && spec.id === other.id) {
                problems.push({ file, path: `${root}.${at}.id`, message: `repeats account ${show(spec.id)} already used by ${otherAt}; every role needs its own account.` });
            }
            if (spec.vpcCidr !== undefined && other.vpcCidr !== undefined && cidrsOverlap(spec.vpcCidr, other.vpcCidr)) {
                problems.push({ file, path: `${root}.${at}.vpcCidr`, message: `${show(spec.vpcCidr)} overlaps ${otherAt}.vpcCidr ${show(other.vpcCidr)}; give each account a range of its own.` });
            }
        }
    });

    const unavailable = new Map<string, string[]>();
    (env.models ?? []).forEach((modelId, index) => {
        const at = `${root}.models[${index}]`;
        const model = catalogue.models.find((m) => m.id === modelId);
        if (!model) {
            problems.push({ file, path: at, message: `must be a model listed in ${catalogueFileName} (got ${show(modelId)}); add it to the catalogue for review or remove it here.` });
            return;
        }
        if (env.name !== undefined && !model.environments.includes(env.name)) {
            problems.push({ file, path: at, message: `names ${show(modelId)}, which ${catalogueFileName} does not approve for ${env.name} (approved for ${model.environments.join(", ")}).` });
        }
        if (isPastEndOfLife(model, now)) {
            problems.push({ file, path: at, message: endOfLifeMessage(model) });
        }
        for (const region of regions) {
            if (!model.regions.includes(region)) {
                unavailable.set(region, [...(unavailable.get(region) ?? []), `models[${index}] ${show(modelId)} (regions ${model.regions.join(", ")})`]);
            }
        }
    });
    // The region setting is what to change (or the catalogue's regions, once Bedrock offers the model there).
    for (const [region, models] of unavailable) {
        const setting = region === env.primaryRegion ? "primaryRegion" : "drRegion";
        problems.push({
            file,
            path: `${root}.${setting}`,
            message: `${show(region)} is not among the regions ${catalogueFileName} gives for ${models.join(", ")}; ` +
                `pick a ${setting} where ${models.length === 1 ? "it is" : "they all are"} available, or add ${region} to ${models.length === 1 ? "its" : "their"} regions in ${catalogueFileName} once Bedrock offers ${models.length === 1 ? "it" : "them"} there.`,
        });
    }
    problems.push(...genaiProblems(env, file, now));
    problems.push(...workloadProblems(env, catalogue, file));
    return problems;
}

/** Cross-field rules of the application accounts, the retrieval layer and the names they derive. */
function workloadProblems(env: Partial<Environment>, catalogue: ModelCatalogue, file: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const root = environmentKey;
    const applications = (env.accounts as Partial<Environment["accounts"]> | undefined)?.applications ?? {};
    for (const [application, settings] of Object.entries(applications)) {
        problems.push(...applicationSettingsProblems(settings, { file, path: `${root}.accounts.applications.${application}` }));
    }
    const retrieval = env.retrieval;
    if (retrieval !== undefined) {
        problems.push(...retrievalProblems(retrieval, catalogue, { environment: env.name, primaryRegion: env.primaryRegion }, { file, path: `${root}.retrieval` }));
        // The knowledge base invokes it: an environment's models are every model it invokes, whoever the caller is.
        const embeddingModel = retrieval.embeddingModel;
        if (embeddingModel !== undefined && env.models !== undefined && !env.models.includes(embeddingModel)
            && catalogue.models.some((m) => m.id === embeddingModel && m.modality === "embedding")) {
            problems.push({ file, path: `${root}.retrieval.embeddingModel`, message: `names ${show(embeddingModel)}, which is not in models; add it to models, the environment's approved models, or pick an embedding model listed there.` });
        }
    }
    if (env.namePrefix !== undefined && env.name !== undefined && env.primaryRegion !== undefined) {
        problems.push(...workloadNameProblems(env.namePrefix, env.name, Object.keys(applications), env.primaryRegion,
            retrieval?.vectorStore ?? "s3vectors", { file, path: root }));
    }
    return problems;
}


function nearest(value: number, allowed: readonly number[]): number {
    return [...allowed].sort((a, b) => Math.abs(a - value) - Math.abs(b - value) || a - b)[0];
}

function duplicatesOf<T>(items: readonly T[], key: (item: T) => string): { index: number; first: number; value: string }[] {
    const seen = new Map<string, number>();
    const out: { index: number; first: number; value: string }[] = [];
    items.forEach((item, index) => {
        const value = key(item);
        const first = seen.get(value);
        if (first === undefined) {
            seen.set(value, index);
        } else {
            out.push({ index, first, value });
        }
    });
    return out;
}

const subscriberEndpointRules: Record<string, { test: RegExp; what: string; example: string }> = {
    email: { test: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, what: "an e-mail address", example: "genai-oncall@example.com" },
    https: { test: /^https:\/\/[^\s]+$/, what: "an https:// URL", example: "https://events.example.com/aws" },
    sqs: { test: /^arn:[a-z-]+:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/, what: "an SQS queue ARN", example: "arn:aws:sqs:us-east-1:123456789012:genai-alarms" },
    lambda: { test: /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+$/, what: "a Lambda function ARN", example: "arn:aws:lambda:us-east-1:123456789012:function:page-oncall" },
};

type PartialGenai = { [K in keyof GenaiConfig]?: Partial<GenaiConfig[K]> };

/**
 * Cross-field rules of the genAI account's settings. `now` (milliseconds since the epoch) is a parameter so that
 * tests can pin it; reservation end dates are judged against it.
 */
export function genaiProblems(env: Partial<Environment>, file: string, now: number): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const root = `${environmentKey}.genai`;
    const genai = (env.genai ?? {}) as PartialGenai;

    const network = genai.network ?? {};
    if (network.interfaceEndpoints) {
        if (!network.interfaceEndpoints.includes("bedrock-runtime")) {
            problems.push({ file, path: `${root}.network.interfaceEndpoints`, message: `must include "bedrock-runtime" (got ${show(network.interfaceEndpoints)}); with no internet gateway it is the account's only way to invoke models, and it carries the catalogue's endpoint policy.` });
        }
        for (const d of duplicatesOf(network.interfaceEndpoints, (s) => s)) {
            problems.push({ file, path: `${root}.network.interfaceEndpoints[${d.index}]`, message: `lists ${show(d.value)} twice; list each endpoint once.` });
        }
    }
    for (const d of duplicatesOf(network.gatewayEndpoints ?? [], (s) => s)) {
        problems.push({ file, path: `${root}.network.gatewayEndpoints[${d.index}]`, message: `lists ${show(d.value)} twice; list each endpoint once.` });
    }
    if (network.flowLogRetentionDays !== undefined && !(cloudWatchRetentionDays as readonly number[]).includes(network.flowLogRetentionDays)) {
        problems.push({ file, path: `${root}.network.flowLogRetentionDays`, message: `must be a retention CloudWatch Logs accepts: ${cloudWatchRetentionDays.join(", ")} (got ${show(network.flowLogRetentionDays)}); use ${nearest(network.flowLogRetentionDays, cloudWatchRetentionDays)}.` });
    }

    const guardrail = genai.guardrail ?? {};
    for (const d of duplicatesOf(guardrail.piiEntities ?? [], (e) => e.type)) {
        problems.push({ file, path: `${root}.guardrail.piiEntities[${d.index}].type`, message: `repeats ${show(d.value)} already listed at piiEntities[${d.first}]; give each entity type one action.` });
    }
    for (const d of duplicatesOf(guardrail.deniedTopics ?? [], (t) => t.name.toLowerCase())) {
        problems.push({ file, path: `${root}.guardrail.deniedTopics[${d.index}].name`, message: `repeats topic ${show(d.value)} already listed at deniedTopics[${d.first}]; give each topic its own name.` });
    }
    for (const d of duplicatesOf(guardrail.regexes ?? [], (r) => r.name)) {
        problems.push({ file, path: `${root}.guardrail.regexes[${d.index}].name`, message: `repeats pattern name ${show(d.value)} already listed at regexes[${d.first}]; give each pattern its own name.` });
    }

    const retention = genai.logging?.retentionDays;
    if (retention !== undefined && !(logRetentionDaysAllowed as readonly number[]).includes(retention)) {
        problems.push({ file, path: `${root}.logging.retentionDays`, message: `must be one of ${logRetentionDaysAllowed.join(", ")} (got ${show(retention)}); prompts and responses are kept at most a year, and CloudWatch Logs accepts only these periods.` });
    }

    const capacity = genai.capacity ?? {};
    const allowTraining = capacity.allowTrainingReservations ?? false;
    const zones = env.primaryRegion !== undefined ? env.availabilityZones?.[env.primaryRegion] : undefined;
    const zoneProblem = (at: string, zone: string) => {
        if (zones && !zones.includes(zone)) {
            problems.push({ file, path: `${at}.availabilityZone`, message: `must be one of the primary region's zones ${zones.join(", ")} (got ${show(zone)}); pick one of them or add it to availabilityZones.${env.primaryRegion}.` });
        }
    };
    const typeProblem = (at: string, instanceType: string) => {
        if (!isAcceleratorInstanceType(instanceType)) {
            problems.push({ file, path: `${at}.instanceType`, message: `must be an Inferentia2 or Trainium instance type (${acceleratorInstanceFamilies.map((f) => `${f}.*`).join(", ")}) (got ${show(instanceType)}); pick one such as "inf2.xlarge" or "trn1.32xlarge".` });
        }
    };
    const reservations = capacity.reservations ?? [];
    const blocks = capacity.capacityBlocks ?? [];
    const named = [
        ...reservations.map((r, i) => ({ at: `capacity.reservations[${i}]`, name: r.name })),
        ...blocks.map((b, i) => ({ at: `capacity.capacityBlocks[${i}]`, name: b.name })),
    ];
    for (const d of duplicatesOf(named, (n) => n.name)) {
        problems.push({ file, path: `${root}.${named[d.index].at}.name`, message: `repeats ${show(d.value)} already used by ${named[d.first].at}; give each reservation its own name.` });
    }
    reservations.forEach((reservation, index) => {
        const at = `${root}.capacity.reservations[${index}]`;
        typeProblem(at, reservation.instanceType);
        if (reservation.count < 1) {
            problems.push({ file, path: `${at}.count`, message: `must be at least 1 (got ${show(reservation.count)}); remove the reservation rather than reserve nothing.` });
        }
        zoneProblem(at, reservation.availabilityZone);
        if (reservation.endDate !== undefined) {
            const end = Date.parse(reservation.endDate);
            if (Number.isNaN(end)) {
                problems.push({ file, path: `${at}.endDate`, message: `must be a real date (got ${show(reservation.endDate)}); use an RFC 3339 UTC time such as "2027-03-31T00:00:00Z".` });
            } else if (end <= now) {
                problems.push({ file, path: `${at}.endDate`, message: `must be in the future (got ${show(reservation.endDate)}); move it later, or remove endDate for an open-ended reservation.` });
            }
        }
        if (reservation.dr) {
            const drZones = env.drRegion !== undefined ? env.availabilityZones?.[env.drRegion] : undefined;
            if (!env.dr?.enabled) {
                problems.push({ file, path: `${at}.dr`, message: `must be false while dr.enabled is false in this environment (got true); turn on dr.enabled or remove dr from the reservation.` });
            } else if (reservation.drAvailabilityZone === undefined) {
                problems.push({ file, path: `${at}.drAvailabilityZone`, message: `must be set when dr is true (got nothing); name one of the DR region's zones${drZones ? ` ${drZones.join(", ")}` : ""}.` });
            } else if (drZones === undefined) {
                problems.push({ file, path: `${at}.drAvailabilityZone`, message: `needs availabilityZones.${env.drRegion} (got ${show(reservation.drAvailabilityZone)} and no zones listed for the DR region); list the DR region's zones there.` });
            } else if (!drZones.includes(reservation.drAvailabilityZone)) {
                problems.push({ file, path: `${at}.drAvailabilityZone`, message: `must be one of the DR region's zones ${drZones.join(", ")} (got ${show(reservation.drAvailabilityZone)}); pick one of them or add it to availabilityZones.${env.drRegion}.` });
            }
        } else if (reservation.drAvailabilityZone !== undefined) {
            problems.push({ file, path: `${at}.drAvailabilityZone`, message: `must come with dr: true (got ${show(reservation.drAvailabilityZone)} and dr false); set dr: true to hold the reservation in the DR region, or remove drAvailabilityZone.` });
        }
        if (reservation.purpose === "training" && !allowTraining) {
            problems.push({ file, path: `${at}.purpose`, message: `must be "inference" because capacity.allowTrainingReservations is false in this environment (got "training"); set allowTrainingReservations: true or hold training capacity in an environment that allows it.` });
        }
    });
    blocks.forEach((block, index) => {
        const at = `${root}.capacity.capacityBlocks[${index}]`;
        typeProblem(at, block.instanceType);
        zoneProblem(at, block.availabilityZone);
        if (!allowTraining) {
            problems.push({ file, path: at, message: `must not be set because capacity.allowTrainingReservations is false in this environment (got Capacity Block ${show(block.offeringId)}); Capacity Blocks are training windows, so set allowTrainingReservations: true or buy it in an environment that allows training.` });
        }
    });

    const subscribers = genai.alarms?.subscribers ?? [];
    subscribers.forEach((subscriber, index) => {
        const rule = subscriberEndpointRules[subscriber.protocol];
        if (rule && !rule.test.test(subscriber.endpoint)) {
            problems.push({ file, path: `${root}.alarms.subscribers[${index}].endpoint`, message: `must be ${rule.what} for protocol ${show(subscriber.protocol)} (got ${show(subscriber.endpoint)}); use e.g. ${show(rule.example)}.` });
        }
    });
    for (const d of duplicatesOf(subscribers, (s) => `${s.protocol}:${s.endpoint}`)) {
        problems.push({ file, path: `${root}.alarms.subscribers[${d.index}]`, message: `repeats ${show(subscribers[d.index].endpoint)} already subscribed at subscribers[${d.first}]; subscribe each endpoint once.` });
    }

    if (env.namePrefix !== undefined && env.name !== undefined && env.primaryRegion !== undefined) {
        const regions = env.dr?.enabled && env.drRegion !== undefined ? [env.primaryRegion, env.drRegion] : [env.primaryRegion];
        const tooLong = derivedNameLimits(env.namePrefix, env.name, regions)
            .filter((n) => n.name.length > n.max)
            .sort((a, b) => (b.name.length - b.max) - (a.name.length - a.max))[0];
        if (tooLong) {
            problems.push({ file, path: `${environmentKey}.namePrefix`, message: `makes the name of ${tooLong.what} ${tooLong.name.length} characters (got ${show(tooLong.name)}), over AWS's limit of ${tooLong.max}; shorten namePrefix or the environment name.` });
        }
    }
    return problems;
}

/**
 * Validates one stack's config (every `namespace:key` of its Pulumi.<stack>.yaml) against the schemas and the
 * cross-field rules, and decides which program the stack runs from the config itself, never from the stack name.
 * Throws one ConfigError listing every problem.
 */
export function validateStackConfig(
    values: Record<string, unknown>,
    catalogue: ModelCatalogue,
    file: string,
    options: {
        readonly requireDefaultProvidersDisabled?: boolean;
        /** "Now" in milliseconds since the epoch, for rules about dates (capacity end dates). @default Date.now() */
        readonly now?: number;
        /**
         * The project folder, where an application stack finds its environment's stack file.
         * @default none: an application stack is refused
         */
        readonly projectDir?: string;
    } = {},
): StackConfig {
    const problems: ConfigProblem[] = [];
    const kinds = [organizationKey, environmentKey, applicationKey];
    for (const key of Object.keys(values)) {
        if (key.startsWith(`${configNamespace}:`) && !kinds.includes(key)) {
            problems.push({ file, path: key, message: `is not a known setting; use ${organizationKey}, ${environmentKey} or ${applicationKey}.` });
        }
    }
    // The CLI may keep `pulumi:` settings to itself, so the program only checks this when it can see the key.
    const disabled = values[disableDefaultProvidersKey];
    const checkDisabled = options.requireDefaultProvidersDisabled || disabled !== undefined;
    if (checkDisabled && (!Array.isArray(disabled) || !(disabled.includes("*") || disabled.includes("aws")))) {
        problems.push({ file, path: disableDefaultProvidersKey, message: `must be ["*"] so that no resource can land in the deployer's own account (got ${show(disabled)}).` });
    }
    const present = kinds.filter((key) => values[key] !== undefined);
    if (present.length !== 1) {
        problems.push({
            file,
            path: configNamespace,
            message: present.length > 1
                ? `sets ${present.join(" and ")}; a stack is the organization, one environment or one application, so keep one.`
                : `must set ${organizationKey} (the organization stack), ${environmentKey} (an environment stack) or ${applicationKey} (an application stack).`,
        });
        throw new ConfigError(problems);
    }
    const hasOrg = present[0] === organizationKey;
    if (present[0] === applicationKey) {
        return { kind: "application", application: validateApplicationStack(values[applicationKey], catalogue, file, problems, options) };
    }
    if (hasOrg) {
        const parsed = parseWithProblems(organizationSchema, values[organizationKey], file, organizationKey);
        problems.push(...parsed.problems);
        const fields = parsed.value ?? (salvage(organizationSchema, values[organizationKey]) ?? {}) as Partial<OrganizationConfig>;
        problems.push(...organizationProblems(fields, catalogue, file));
        if (problems.length > 0 || !parsed.value) {
            throw new ConfigError(problems);
        }
        return { kind: "organization", organization: parsed.value };
    }
    const parsed = parseWithProblems(environmentSchema, values[environmentKey], file, environmentKey);
    problems.push(...parsed.problems);
    const fields = parsed.value ?? (salvage(environmentSchema, values[environmentKey]) ?? {}) as Partial<EnvironmentConfig>;
    problems.push(...environmentProblems(resolveEnvironment(fields), catalogue, file, options.now ?? Date.now()));
    if (problems.length > 0 || !parsed.value) {
        throw new ConfigError(problems);
    }
    return { kind: "environment", environment: resolveEnvironment(parsed.value) as Environment };
}

/**
 * An application stack: its own file names the environment stack and the application; the settings come from the
 * environment's file, validated whole, so that an application stack and the same application inline are built from
 * the same values. Every problem of both files is reported at once.
 */
function validateApplicationStack(
    raw: unknown,
    catalogue: ModelCatalogue,
    file: string,
    problems: ConfigProblem[],
    options: { readonly now?: number; readonly projectDir?: string },
): ApplicationStack {
    const parsed = parseWithProblems(applicationStackSchema, raw, file, applicationKey);
    problems.push(...parsed.problems);
    if (!parsed.value) {
        throw new ConfigError(problems);
    }
    const { environmentStack, name } = parsed.value;
    const environmentFile = `Pulumi.${environmentStack.split("/").pop()}.yaml`;
    if (!options.projectDir) {
        throw new ConfigError([...problems, { file, path: applicationKey, message: "is an application stack, which needs its environment's stack file; run it from the project folder." }]);
    }
    const read = readYamlFile(path.join(options.projectDir, environmentFile));
    if (read.problems.length > 0) {
        const missing = read.problems.some((problem) => problem.path === "(file)");
        throw new ConfigError([
            ...problems,
            ...(missing
                ? [{ file, path: `${applicationKey}.environmentStack`, message: `names the environment stack ${show(environmentStack)}, but there is no ${environmentFile} in the project; name an environment stack of this project.` }]
                : read.problems),
        ]);
    }
    const environmentValues = ((read.value ?? {}) as { config?: Record<string, unknown> }).config ?? {};
    let environment: Environment;
    try {
        const config = validateStackConfig(environmentValues, catalogue, environmentFile, { now: options.now });
        if (config.kind !== "environment") {
            throw new ConfigError([{ file, path: `${applicationKey}.environmentStack`, message: `names ${show(environmentStack)}, whose ${environmentFile} is not an environment stack; name the environment the application belongs to.` }]);
        }
        environment = config.environment;
    } catch (error) {
        if (error instanceof ConfigError) {
            throw new ConfigError([...problems, ...error.problems]);
        }
        throw error;
    }
    const application = environment.accounts.applications[name];
    if (!application) {
        problems.push({ file, path: `${applicationKey}.name`, message: `names ${show(name)}, which ${environmentFile} does not declare under accounts.applications (it declares ${Object.keys(environment.accounts.applications).sort().join(", ")}); add it there with \`stack: own\`, or delete this stack file after \`pulumi destroy\`.` });
    } else if (application.stack !== "own") {
        problems.push({ file, path: `${applicationKey}.name`, message: `names ${show(name)}, which ${environmentFile} deploys inline (accounts.applications.${name}.stack is "inline"); set \`stack: own\` there to deploy it from this stack (README "Application stacks").` });
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return { name, environmentStack, environmentFile, environment };
}

/**
 * Strict checks of the guardrails an OU's Bedrock policy enforces. A malformed reference does not fail the policy's
 * creation but every Bedrock call in the OU, so each part is checked: the ARN's form, a numeric published version (not
 * DRAFT), the management account as owner, and the region it is enforced in matching the ARN's.
 */
export function enforcedGuardrailProblems(
    guardrails: Readonly<Record<string, string>>,
    org: { readonly managementAccountId?: string; readonly allowedRegions?: readonly string[] },
): { path: string; message: string }[] {
    const problems: { path: string; message: string }[] = [];
    for (const [region, reference] of Object.entries(guardrails)) {
        const path = `.${region}`;
        const match = enforcedGuardrailPattern.exec(reference);
        if (!match) {
            problems.push({ path, message: `must be a published guardrail version "arn:aws:bedrock:${region}:<management account>:guardrail/<12-character id>:<version number>" (got ${show(reference)}); DRAFT and bare IDs are refused because a bad reference fails every Bedrock call in the OU.` });
            continue;
        }
        const [, , arnRegion, , accountId] = match;
        if (arnRegion !== region) {
            problems.push({ path, message: `names a guardrail in ${arnRegion} (got ${show(reference)}); Organizations enforces a guardrail only in its own region, so list it under ${arnRegion} or name the ${region} guardrail.` });
        }
        if (org.managementAccountId !== undefined && accountId !== org.managementAccountId) {
            problems.push({ path, message: `names a guardrail of account ${accountId} (got ${show(reference)}); AWS Organizations enforces only guardrails of the management account ${org.managementAccountId}.` });
        }
        if (org.allowedRegions !== undefined && !org.allowedRegions.includes(region)) {
            problems.push({ path, message: `is a region outside allowedRegions (got ${show(region)}); enforce guardrails in ${org.allowedRegions.join(", ")} only.` });
        }
    }
    return problems;
}
