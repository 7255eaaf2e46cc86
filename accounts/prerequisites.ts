import { ListAWSServiceAccessForOrganizationCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { requiredPolicyTypes, requiredTrustedAccess, trustedAccessServicePrincipals } from "./organizationRequirements";
import { withThrottlingRetry } from "./resolver";

// In a module of their own, so that the organization program reads them without loading the SDK.
export { requiredPolicyTypes, requiredTrustedAccess, trustedAccessServicePrincipals };

/**
 * Reads the root's policy types and the services with trusted access, and returns one sentence per missing
 * prerequisite naming it and the command that enables it; none when all are in place.
 */
export async function organizationPrerequisiteProblems(client: OrganizationsClient): Promise<string[]> {
    const roots = await withThrottlingRetry(() => client.send(new ListRootsCommand({})));
    const root = roots.Roots?.[0];
    if (!root?.Id) {
        return ["Organizations returned no root; use credentials of the management account."];
    }
    const problems: string[] = [];
    const enabled = new Set((root.PolicyTypes ?? []).filter((type) => type.Status === "ENABLED").map((type) => type.Type));
    for (const type of requiredPolicyTypes) {
        if (!enabled.has(type)) {
            problems.push(`policy type ${type} is not enabled on root ${root.Id}; enable it with \`aws organizations enable-policy-type --root-id ${root.Id} --policy-type ${type}\` before running the organization stack, whose attachments fail without it.`);
        }
    }
    const principals = new Set<string>();
    let nextToken: string | undefined;
    do {
        const requested = nextToken;
        const page = await withThrottlingRetry(() => client.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: requested })));
        for (const service of page.EnabledServicePrincipals ?? []) {
            principals.add(service.ServicePrincipal ?? "");
        }
        nextToken = page.NextToken;
    } while (nextToken);
    for (const principal of requiredTrustedAccess) {
        if (!principals.has(principal)) {
            const enabledBy = (trustedAccessServicePrincipals as readonly string[]).includes(principal)
                ? "the organization stack enables it on its next `pulumi up`"
                : "the organization stack enables it when it designates the security account as delegated administrator";
            problems.push(`trusted access for ${principal} is not enabled; ${enabledBy}, or run \`aws organizations enable-aws-service-access --service-principal ${principal}\`.`);
        }
    }
    return problems;
}
