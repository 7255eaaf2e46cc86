import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { catalogueRegions, ModelCatalogue } from "../accounts/catalogue";
import { environmentOuKey, memberAccounts, organizationalUnits } from "../accounts/model";
import { managementBudgetName } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { OrganizationConfig, organizationBedrock } from "../accounts/schema";
import { catalogueServiceControlPolicies } from "../components/bedrock/catalogue";
import { AccountBudget } from "../components/observability/budget";
import { MemberAccount } from "../components/organization/memberAccount";
import { OrganizationalUnits } from "../components/organization/organizationalUnits";
import { OrganizationPolicy } from "../components/organization/organizationPolicy";
import {
    aiServicesOptOutPolicy,
    bedrockGuardrailPolicy,
    denyLeaveOrganization,
    governBedrockAccess,
    PolicyDocument,
    protectSecurityServices,
    regionAllowList,
} from "../components/organization/policyDocuments";
import { scpAttachmentProblems, ServiceControlPolicy } from "../components/organization/serviceControlPolicy";
import { landingZoneTags } from "./tags";

/** An SCP before it exists: its attachments are counted against AWS's per-OU limit first. */
interface ScpSpec {
    readonly key: string;
    readonly description: string;
    readonly document: PolicyDocument;
    /** Keys of the OUs it is attached to. */
    readonly targets: readonly string[];
}

/**
 * The organization stack: OUs, member accounts, baseline SCPs and the catalogue's SCP per environment, and the
 * management account's budget, run with management-account credentials.
 */
export function organizationStack(org: OrganizationConfig, catalogue: ModelCatalogue) {
    // The management account's own credentials; allowedAccountIds refuses to run anywhere else.
    const management = new aws.Provider("management", {
        region: org.homeRegion,
        allowedAccountIds: [org.managementAccountId],
        defaultTags: { tags: { ...landingZoneTags("organization", "management", org.owner, org.costCenter) } },
    });

    const organization = aws.organizations.getOrganizationOutput({}, { provider: management });
    const rootId = organization.roots.apply((roots) => roots[0].id);

    const environments = Object.keys(org.environments).sort();
    const units = organizationalUnits(environments);
    const ous = new OrganizationalUnits("ou", { rootId, units }, { provider: management });

    const accounts: Record<string, Record<string, pulumi.Output<string> | string>> = {};
    for (const member of memberAccounts(org)) {
        accounts[member.environment] ??= {};
        if (member.adoptedId) {
            accounts[member.environment][member.key] = member.adoptedId;
            continue;
        }
        const account = new MemberAccount(`${member.environment}-${member.key}`, {
            accountName: member.name,
            email: member.email,
            parentId: ous.ids[environmentOuKey(member.environment)],
            accessRoleName: org.accessRoleName,
        }, { provider: management });
        accounts[member.environment][member.key] = account.accountId;
    }

    // The baseline is attached to the landing zone's own OUs rather than the root, so accounts outside it are left as
    // they are. The catalogue's SCP goes one level down, one per environment OU: each environment may invoke only the
    // models the catalogue approves for it, and the Workloads OU keeps room under AWS's limit of SCPs per target.
    const baselineTargets = ["security", "workloads"];
    const catalogueScps = environments.map((env) => catalogueServiceControlPolicies(catalogue, env, partitionOf(org.homeRegion), undefined, {
        allowShortTermApiKeys: organizationBedrock(org.environments[env]).apiKeys === "short-term",
    }));
    const specs: ScpSpec[] = [
        { key: "deny-leave-organization", description: "Member accounts cannot leave the organization.", document: denyLeaveOrganization(), targets: baselineTargets },
        {
            key: "region-allow-list",
            description: "Requests outside the allowed regions are denied; Bedrock may also reach the catalogue's inference-profile regions.",
            document: regionAllowList(org.allowedRegions, catalogueRegions(catalogue)),
            targets: baselineTargets,
        },
        { key: "protect-security-services", description: "CloudTrail, GuardDuty and AWS Config cannot be disabled from a member account.", document: protectSecurityServices(), targets: baselineTargets },
        {
            key: "govern-bedrock-access",
            description: "No long-term Bedrock API keys, and no sharing of inference data with model providers.",
            document: governBedrockAccess(),
            targets: baselineTargets,
        },
        ...catalogueScps.flatMap(({ policies }) => policies.map((scp) => ({
            key: scp.key,
            description: `Bedrock inference on every path only for the models model-catalogue.yaml approves for ${scp.environment} (providers ${scp.providers.join(", ") || "none"}).`,
            document: scp.document,
            targets: [environmentOuKey(scp.environment)],
        }))),
    ];
    // As the console shows the tree: `Workloads/prod`.
    const ouNames = Object.fromEntries(units.map((unit) => [unit.key,
        [units.find((parent) => parent.key === unit.parentKey)?.name, unit.name].filter(Boolean).join("/")]));
    const problems = [
        ...catalogueScps.flatMap(({ problems: catalogueProblems }) => catalogueProblems),
        ...scpAttachmentProblems(Object.fromEntries(units.map((unit) => [
            ouNames[unit.key],
            specs.filter((spec) => spec.targets.includes(unit.key)).map((spec) => `${org.namePrefix}-${spec.key}`),
        ]))),
    ];
    if (problems.length > 0) {
        throw new pulumi.RunError(`The organization's service control policies cannot be attached:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    const policies = Object.fromEntries(specs.map((spec) => [spec.key, new ServiceControlPolicy(`scp-${spec.key}`, {
        policyName: `${org.namePrefix}-${spec.key}`,
        description: spec.description,
        document: spec.document,
        targets: Object.fromEntries(spec.targets.map((target) => [target, ous.ids[target]])),
    }, { provider: management })]));

    // Every AWS AI service, present and future, is opted out of using the organization's content, for every account.
    const aiOptOut = new OrganizationPolicy("ai-services-opt-out", {
        policyName: `${org.namePrefix}-ai-services-opt-out`,
        description: "No AWS AI service may store or use the organization's content to improve its models.",
        policyType: "AISERVICES_OPT_OUT_POLICY",
        content: aiServicesOptOutPolicy(),
        targets: { root: rootId },
    }, { provider: management });

    // Each environment's enforced guardrail, where the organization config names one (validated with the config).
    const bedrockPolicies = Object.fromEntries(environments
        .filter((env) => Object.keys(organizationBedrock(org.environments[env]).enforcedGuardrails).length > 0)
        .map((env) => [env, new OrganizationPolicy(`bedrock-guardrail-${env}`, {
            policyName: `${org.namePrefix}-bedrock-guardrail-${env}`,
            description: `Bedrock applies the ${env} guardrail to every inference call in Workloads/${env}.`,
            policyType: "BEDROCK_POLICY",
            content: bedrockGuardrailPolicy(organizationBedrock(org.environments[env]).enforcedGuardrails),
            targets: { [environmentOuKey(env)]: ous.ids[environmentOuKey(env)] },
        }, { provider: management })]));

    // Only the management account's own costs: the member accounts have budgets of their own.
    new AccountBudget("management-budget", {
        accountId: org.managementAccountId,
        budgetName: managementBudgetName(org.namePrefix),
        monthlyLimitUsd: org.budget.monthlyLimitUsd,
        subscriberEmails: org.budget.subscribers,
        ownCostsOnly: true,
    }, { provider: management });

    return {
        organizationId: org.organizationId,
        managementAccountId: org.managementAccountId,
        accounts,
        organizationalUnits: ous.ids,
        serviceControlPolicies: Object.fromEntries(Object.entries(policies).map(([key, scp]) => [key, scp.policyId])),
        aiServicesOptOutPolicyId: aiOptOut.policyId,
        bedrockPolicies: Object.fromEntries(Object.entries(bedrockPolicies).map(([env, policy]) => [env, policy.policyId])),
    };
}
