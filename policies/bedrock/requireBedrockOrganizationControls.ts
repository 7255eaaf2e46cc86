import { StackValidationPolicy } from "@pulumi/policy";
import {
    bearerTokenActions,
    bearerTokenTypeKeys,
    createServiceSpecificCredentialAction,
    mantleModelActions,
    mantleModelKey,
    serviceSpecificCredentialServiceNameKey,
    ungovernedMantleActions,
} from "../../accounts/bedrockActions";
import { DeniableRequest, deniedBy } from "../lib/denyStatements";
import { deployedRegions, OrganizationalUnit, organizationsPolicies, policiesInEffect, workloadsOfOrganizationPlan } from "../lib/organization";
import { notKnown, stackResources } from "../lib/resources";

/** A `bedrock-mantle:Model` no catalogue approves: the Mantle inference the catalogue SCP must refuse. */
export const uncataloguedMantleModel = "model-outside-the-catalogue";

const bedrockBaselineFix = "attach the govern-bedrock-access SCP (governBedrockAccess, components/organization/policyDocuments.ts) to the Workloads OU";
const catalogueFix = "attach the environment's catalogue SCP (catalogueServiceControlPolicies, components/bedrock/catalogue.ts) to its OU";

interface BedrockRequest {
    /** What the request is, for the message. */
    readonly description: string;
    readonly request: DeniableRequest;
    readonly fix: string;
}

const memberUser = "arn:aws:iam::123456789012:user/builder";
const memberRole = "arn:aws:iam::123456789012:role/workload";
const mantleProject = "arn:aws:bedrock-mantle:us-east-1:123456789012:project/default";

/**
 * The requests every account of every environment must be refused, whatever its IAM policies allow: long-term API
 * keys (created, or used on either inference service), Mantle inference on a model outside the catalogue, and the
 * Mantle actions the catalogue cannot govern.
 */
export const refusedBedrockRequests: readonly BedrockRequest[] = [
    {
        description: "creating a long-term Bedrock API key",
        request: { action: createServiceSpecificCredentialAction, resource: memberUser, context: { [serviceSpecificCredentialServiceNameKey]: "bedrock.amazonaws.com" } },
        fix: bedrockBaselineFix,
    },
    ...bearerTokenActions.map((action) => {
        const service = action.split(":")[0] as keyof typeof bearerTokenTypeKeys;
        return {
            description: `a ${service} call with a long-term API key`,
            request: { action, resource: "*", context: { [bearerTokenTypeKeys[service]]: "LONG_TERM" } },
            fix: bedrockBaselineFix,
        };
    }),
    ...mantleModelActions.map((action) => ({
        description: "Mantle inference on a model outside the catalogue",
        request: { action, resource: mantleProject, context: { [mantleModelKey]: uncataloguedMantleModel } },
        fix: catalogueFix,
    })),
    ...ungovernedMantleActions.map((action) => ({
        description: "a Mantle model or reservation the catalogue does not govern",
        request: { action, resource: mantleProject, context: {} },
        fix: catalogueFix,
    })),
];

function requestText(request: DeniableRequest): string {
    const context = Object.entries(request.context).map(([key, value]) => `${key} "${value}"`);
    return `${request.action}${context.length > 0 ? ` with ${context.join(", ")}` : ""}`;
}

/**
 * The organization's Bedrock promises are SCPs: no static API key breaks the identity chain the session tags carry,
 * and Bedrock's second inference service is held to the catalogue like the first. Judged as requests each environment
 * OU must refuse, through the SCPs attached to it, to the Workloads OU or to the root.
 */
export const requireBedrockOrganizationControls: StackValidationPolicy = {
    name: "scps-deny-bedrock-api-keys-and-govern-mantle",
    description: "In an organization plan, the SCPs in effect on every environment OU deny creating long-term Bedrock API keys, calls with long-term API keys on bedrock and bedrock-mantle, Mantle inference on a model outside the catalogue, and the Mantle actions the catalogue does not govern.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["bedrock", "model-governance", "identity"],
    remediationSteps: "Attach the govern-bedrock-access SCP (governBedrockAccess) to the Workloads OU, and each environment's catalogue SCP (catalogueServiceControlPolicies, with its DenyMantleInferenceOutsideTheCatalogue and DenyUngovernedMantleModels statements) to the environment's OU; both are built by the organization stack from accounts/bedrockActions.ts.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const structure = workloadsOfOrganizationPlan(resources, reportViolation, "no SCP can be shown to govern Bedrock in the environments' accounts");
        if (!structure) {
            return;
        }
        const scps = organizationsPolicies(resources, "SERVICE_CONTROL_POLICY");
        const workloads = structure.workloads;
        const targets: Array<{ ou: OrganizationalUnit; ancestors: OrganizationalUnit[] }> = structure.environmentOus.length > 0
            ? structure.environmentOus.map((ou) => ({ ou, ancestors: [workloads] }))
            : [{ ou: workloads, ancestors: [] }];
        const regions = deployedRegions(resources);
        for (const { ou, ancestors } of targets) {
            const inEffect = policiesInEffect(scps, ou, ancestors, resources);
            // An SCP whose content or attachment is not known yet might deny it: not a violation yet.
            if (inEffect.othersNotKnown) {
                continue;
            }
            for (const { description, request, fix } of refusedBedrockRequests) {
                // Made by an ordinary role of a member account, in each region the organization uses: an SCP that
                // denies the request only outside those regions, or only for some principals, does not govern it.
                const decisions = regions.map((region) => ({
                    region,
                    decision: deniedBy(inEffect.policies, { ...request, context: { ...request.context, "aws:RequestedRegion": region, "aws:PrincipalArn": memberRole } }),
                }));
                const open = decisions.filter((d) => d.decision === false).map((d) => d.region);
                if (open.length > 0 && !decisions.some((d) => d.decision === notKnown)) {
                    reportViolation(`the SCPs in effect on ${ou.path} do not deny ${description} (${requestText(request)}) in ${open.join(", ")}; ${fix}.`, ou.resource.urn);
                }
            }
        }
    },
};
