import { StackValidationPolicy } from "@pulumi/policy";
import { deniedBy } from "../lib/denyStatements";
import { OrganizationalUnit, organizationsPolicies, policiesInEffect, workloadsOfOrganizationPlan, workloadsOuName } from "../lib/organization";
import { notKnown, stackResources } from "../lib/resources";

/**
 * The request a data perimeter must refuse: a principal of another organization reading an object of ours. The
 * organization ID is one no organization has (IDs are `o-` and 10 to 32 lower-case letters or digits).
 */
export const outsidePrincipalRequest = {
    action: "s3:GetObject",
    resource: "arn:aws:s3:::landing-zone-bucket/document.pdf",
    context: { "aws:PrincipalOrgID": "o-outsider0000", "aws:PrincipalAccount": "999999999999", "aws:PrincipalIsAWSService": "false", "aws:SecureTransport": "true" },
} as const;

/**
 * Resource control policies are the perimeter around the workloads' data: whatever a bucket or key policy says, a
 * principal outside the organization is refused. They must be in effect on every environment's accounts.
 */
export const requireResourceControlPolicies: StackValidationPolicy = {
    name: "resource-control-policies-guard-every-workload-ou",
    description: "In an organization plan, a RESOURCE_CONTROL_POLICY that denies principals outside the organization (an S3 read by another organization's principal is refused) is attached to the Workloads OU, or to every environment OU under it.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["data-perimeter", "security-baseline"],
    remediationSteps: "Attach the data-perimeter RCP (components/organization/resourceControlPolicy.ts with dataPerimeterResourcePolicy) to the Workloads OU: a Deny on S3, KMS, STS, SQS and Secrets Manager for principals whose aws:PrincipalOrgID is not the organization's, AWS services acting for it excepted. The RESOURCE_CONTROL_POLICY type must be enabled on the root.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const structure = workloadsOfOrganizationPlan(resources, reportViolation, "no resource control policy can be shown to guard the environments' accounts");
        if (!structure) {
            return;
        }
        const rcps = organizationsPolicies(resources, "RESOURCE_CONTROL_POLICY");
        /** True when a perimeter RCP is in effect on the OU, false when none is, notKnown when it cannot tell yet. */
        const guarded = (ou: OrganizationalUnit, ancestors: OrganizationalUnit[]) => {
            const inEffect = policiesInEffect(rcps, ou, ancestors, resources);
            const decision = deniedBy(inEffect.policies, outsidePrincipalRequest);
            return typeof decision === "string" ? true : decision === notKnown || inEffect.othersNotKnown ? notKnown : false;
        };
        const workloads = structure.workloads;
        const onWorkloads = guarded(workloads, []);
        if (onWorkloads !== false) {
            return;
        }
        const environments = structure.environmentOus.map((ou) => ({ ou, guarded: guarded(ou, [workloads]) }));
        if (structure.environmentOusNotKnown || environments.some((e) => e.guarded === notKnown)) {
            return;
        }
        const unguarded = environments.filter((e) => e.guarded === false).map((e) => e.ou.path);
        if (environments.length === 0 || unguarded.length > 0) {
            const attached = rcps.length === 0
                ? "the plan has no RESOURCE_CONTROL_POLICY"
                : `the plan's RCPs (${rcps.map((p) => p.label).join(", ")}) are not attached there or do not deny ${outsidePrincipalRequest.action} by a principal of organization "${outsidePrincipalRequest.context["aws:PrincipalOrgID"]}"`;
            reportViolation(`no resource control policy that denies principals outside the organization is in effect on the ${workloadsOuName} OU${unguarded.length > 0 ? ` or on ${unguarded.join(", ")}` : ""}: ${attached}; ` +
                `attach the data-perimeter RCP to the ${workloadsOuName} OU.`, workloads.resource.urn);
        }
    },
};
