import { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { identityPolicyTypes, permissionDocuments } from "../lib/permissionDocuments";
import { checkPermissionDocuments } from "../lib/permissionPolicies";
import { listOf, parsePolicyDocument, statementLabel } from "../lib/policyDocument";
import { asList, containsUnknown, isKnownString } from "../lib/props";
import { StackResource } from "../lib/resources";

interface Config {
    readonly forbiddenManagedPolicies: string[];
}

const configSchema = {
    properties: {
        forbiddenManagedPolicies: {
            type: "array" as const,
            items: { type: "string" as const },
            default: ["AdministratorAccess"],
            description: "AWS-managed policies that grant * on * and may not be attached.",
        },
    },
};

const types = [
    ...identityPolicyTypes,
    "aws:iam/role:Role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

function forbiddenManagedPolicy(arn: string, forbidden: readonly string[]): string | undefined {
    const name = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
    return name !== undefined && forbidden.includes(name) ? name : undefined;
}

function check(resource: StackResource, { forbiddenManagedPolicies }: Config, report: (message: string) => void): void {
    const props = resource.props;
    for (const attached of permissionDocuments(resource.type, props).filter((d) => d.kind === "identity")) {
        const document = parsePolicyDocument(attached.value);
        if (document.kind !== "document") {
            continue;
        }
        document.statements.forEach((statement, index) => {
            if (statement.Effect !== "Allow" || containsUnknown(statement.Resource) || containsUnknown(statement.Action) || containsUnknown(statement.NotAction)) {
                return;
            }
            const everyResource = (listOf(statement.Resource) ?? []).includes("*");
            const everyAction = (listOf(statement.Action) ?? []).some((action) => action === "*" || action === "*:*");
            const at = `${attached.where} ${statementLabel(statement, index)}`;
            if (everyResource && everyAction) {
                report(`${at} allows "*" on "*", which is administrator access; grant the actions and resources the principal needs.`);
            } else if (everyResource && statement.NotAction !== undefined) {
                report(`${at} allows every action except ${listOf(statement.NotAction)!.join(", ")} on "*", which is administrator access in all but name; grant the actions the principal needs.`);
            }
        });
    }
    const attachedArns = resource.type === "aws:iam/role:Role"
        ? (containsUnknown(props.managedPolicyArns) ? [] : asList(props.managedPolicyArns))
        : [props.policyArn];
    for (const arn of attachedArns) {
        const name = isKnownString(arn) ? forbiddenManagedPolicy(arn, forbiddenManagedPolicies) : undefined;
        if (name) {
            report(`attaches the AWS-managed policy ${name} (${arn as string}), which allows "*" on "*"; attach a policy scoped to what the principal needs.`);
        }
    }
}

export const forbidStarOnStar: StackValidationPolicy = {
    name: "iam-policies-grant-no-star-on-star",
    description: "No IAM policy, inline policy or attachment grants every action on every resource (\"*\" on \"*\", NotAction on \"*\", or AdministratorAccess). A managed policy used only as a permissions boundary caps rather than grants, and is not judged.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["iam", "least-privilege"],
    remediationSteps: "Replace the statement with the specific actions and resource ARNs the principal uses; use IAM Access Analyzer policy generation to derive them from CloudTrail. Break-glass administrator access belongs to IAM Identity Center permission sets, not to this stack.",
    configSchema,
    validateStack: (args, reportViolation) =>
        checkPermissionDocuments(args, reportViolation, types, configOf<Config>(configSchema, args), check),
};
