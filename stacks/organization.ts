import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { catalogueRegions, ModelCatalogue } from "../accounts/catalogue";
import { environmentOuKey, memberAccounts, organizationalUnits } from "../accounts/model";
import { partitionOf } from "../accounts/regions";
import { OrganizationConfig } from "../accounts/schema";
import { catalogueScpAttachmentProblems, catalogueServiceControlPolicies } from "../components/bedrock/catalogue";
import { MemberAccount } from "../components/organization/memberAccount";
import { OrganizationalUnits } from "../components/organization/organizationalUnits";
import { denyLeaveOrganization, protectSecurityServices, regionAllowList } from "../components/organization/policyDocuments";
import { ServiceControlPolicy } from "../components/organization/serviceControlPolicy";
import { landingZoneTags } from "./tags";

/** The organization stack: OUs, member accounts and baseline SCPs, run with management-account credentials. */
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
    const ous = new OrganizationalUnits("ou", { rootId, units: organizationalUnits(environments) }, { provider: management });

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

    // Attached to the landing zone's own OUs rather than the root, so accounts outside it are left as they are.
    const targets = { security: ous.ids["security"], workloads: ous.ids["workloads"] };
    const policies = {
        "deny-leave-organization": new ServiceControlPolicy("scp-deny-leave-organization", {
            policyName: `${org.namePrefix}-deny-leave-organization`,
            description: "Member accounts cannot leave the organization.",
            document: denyLeaveOrganization(),
            targets,
        }, { provider: management }),
        "region-allow-list": new ServiceControlPolicy("scp-region-allow-list", {
            policyName: `${org.namePrefix}-region-allow-list`,
            description: "Requests outside the allowed regions are denied; Bedrock may also reach the catalogue's inference-profile regions.",
            document: regionAllowList(org.allowedRegions, catalogueRegions(catalogue)),
            targets,
        }, { provider: management }),
        "protect-security-services": new ServiceControlPolicy("scp-protect-security-services", {
            policyName: `${org.namePrefix}-protect-security-services`,
            description: "CloudTrail, GuardDuty and AWS Config cannot be disabled from a member account.",
            document: protectSecurityServices(),
            targets,
        }, { provider: management }),
    };

    // The catalogue, organization-wide: no account under Workloads may invoke a model the catalogue does not approve,
    // whatever its own IAM allows. On the Workloads OU only, like the policies above, beside the 3 baseline SCPs.
    const catalogueScps = catalogueServiceControlPolicies(catalogue, partitionOf(org.homeRegion));
    const catalogueProblems = [
        ...catalogueScps.problems,
        ...catalogueScpAttachmentProblems(catalogueScps.policies.length, Object.keys(policies).length, "Workloads"),
    ];
    if (catalogueProblems.length > 0) {
        throw new pulumi.RunError(`model-catalogue.yaml cannot be enforced by service control policies:\n${catalogueProblems.map((p) => `  - ${p}`).join("\n")}`);
    }
    const catalogueServiceControls = Object.fromEntries(catalogueScps.policies.map((scp) => [scp.key, new ServiceControlPolicy(`scp-${scp.key}`, {
        policyName: `${org.namePrefix}-${scp.key}`,
        description: `Bedrock may invoke only the models of model-catalogue.yaml (providers ${scp.providers.join(", ")}).`,
        document: scp.document,
        targets: { workloads: ous.ids["workloads"] },
    }, { provider: management })]));

    return {
        organizationId: org.organizationId,
        managementAccountId: org.managementAccountId,
        accounts,
        organizationalUnits: ous.ids,
        serviceControlPolicies: Object.fromEntries(Object.entries({ ...policies, ...catalogueServiceControls }).map(([key, scp]) => [key, scp.policyId])),
    };
}
