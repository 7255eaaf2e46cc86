import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypes, validateResourceOfType } from "../lib/resourceOfType";
import { configOf } from "../lib/config";
import { conditionEntries, conditionsOn, ConditionEntry, parsePolicyDocument, principalAccount, principalsOf, requiresPresence, statementLabel } from "../lib/policyDocument";
import { propsOf } from "../lib/props";
import { providerFacts } from "../lib/resources";

interface Config {
    readonly organizationId?: string;
    readonly trustedAccountIds: string[];
    readonly servicesWithoutSourceAccount: string[];
}

const configSchema = {
    properties: {
        organizationId: {
            type: "string" as const,
            pattern: "^o-[a-z0-9]{10,32}$",
            description: "The organization's ID; an aws:PrincipalOrgID condition must name it. Unset, any aws:PrincipalOrgID condition is accepted.",
        },
        trustedAccountIds: {
            type: "array" as const,
            items: { type: "string" as const, pattern: "^\\d{12}$" },
            default: [],
            description: "Accounts a role may trust without an aws:PrincipalOrgID condition (the role's own account always may).",
        },
        servicesWithoutSourceAccount: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["ec2.amazonaws.com", "lambda.amazonaws.com"],
            description: "Service principals that assume execution roles without a source account in the request context, so an aws:SourceAccount condition would only break them.",
        },
    },
};

function requiresKey(entries: readonly ConditionEntry[], key: string, acceptedValues?: readonly string[]): boolean {
    return conditionsOn(entries, key).some((entry) => requiresPresence(entry)
        && (acceptedValues === undefined || entry.values.length > 0 && entry.values.every((value) => acceptedValues.includes(String(value)))));
}

/**
 * A role's trust policy decides who can become it. Outside the organization nobody should; a service principal
 * acting for another account must not (the confused deputy), which aws:SourceAccount prevents.
 */
export const restrictRoleTrust: ResourceValidationPolicy = {
    name: "iam-role-trust-stays-in-organization",
    description: "IAM role trust policies trust no \"*\" principal and no account outside the organization (an aws:PrincipalOrgID condition or an explicit account list), and service trusts carry aws:SourceAccount.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["iam", "cross-account"],
    remediationSteps: "Trust named roles or accounts; for accounts outside trustedAccountIds add \"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}}. For service principals add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<this account>\"}}.",
    configSchema,
    validateResource: validateResourceOfType(awsTypes.iamRole, (_role, args, reportViolation) => {
        const props = propsOf(args.props);
        const config = configOf<Config>(configSchema, args);
        const document = parsePolicyDocument(props.assumeRolePolicy);
        if (document.kind !== "document") {
            return;
        }
        const provider = providerFacts(args.provider);
        const ownAccount = typeof provider?.accountId === "string" ? provider.accountId : undefined;
        document.statements.forEach((statement, index) => {
            if (statement.Effect !== "Allow") {
                return;
            }
            const principals = principalsOf(statement);
            const conditions = conditionEntries(statement);
            if (principals === "unknown" || conditions === "unknown") {
                return;
            }
            const label = `assumeRolePolicy ${statementLabel(statement, index)}`;
            const orgScoped = requiresKey(conditions, "aws:PrincipalOrgID", config.organizationId ? [config.organizationId] : undefined);
            for (const principal of principals.AWS ?? []) {
                if (principal === "*") {
                    reportViolation(`${label} trusts every AWS principal ("*"); name the roles or accounts that may assume it.`);
                    continue;
                }
                const account = principalAccount(principal);
                if (account === undefined || account === ownAccount || config.trustedAccountIds.includes(account) || orgScoped) {
                    continue;
                }
                reportViolation(`${label} trusts "${principal}" in account ${account}, which is neither this account nor in trustedAccountIds, without an aws:PrincipalOrgID condition${config.organizationId ? ` naming ${config.organizationId}` : ""}.`);
            }
            for (const service of principals.Service ?? []) {
                if (service === "*") {
                    reportViolation(`${label} trusts every service principal ("*"); name the service.`);
                    continue;
                }
                if (!config.servicesWithoutSourceAccount.includes(service) && !requiresKey(conditions, "aws:SourceAccount")) {
                    reportViolation(`${label} trusts service "${service}" without an aws:SourceAccount condition; add "Condition": {"StringEquals": {"aws:SourceAccount": "<this account>"}} so the service cannot assume it on another account's behalf.`);
                }
            }
        });
    }),
};
