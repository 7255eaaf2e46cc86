import { StackValidationPolicy } from "@pulumi/policy";
import { deployedRegions } from "../lib/organization";
import { at, block, isUnknown, show } from "../lib/props";
import { accountKey, accountRoleOf, awsProviderType, ProviderFacts, providerFactsFromProps, regionOf, StackResource, stackResources } from "../lib/resources";

const recorderType = "aws:cfg/recorder:Recorder";
const deliveryChannelType = "aws:cfg/deliveryChannel:DeliveryChannel";
const recorderStatusType = "aws:cfg/recorderStatus:RecorderStatus";

/**
 * The management account runs the organization's own services (the trail, Organizations) and no workload; the
 * landing zone records AWS Config in the member accounts, where Security Hub's controls read it.
 */
const managementRole = "management";

function accountLabel(provider: ProviderFacts): string {
    const id = typeof provider.accountId === "string" ? `account ${provider.accountId}` : "the account";
    return `${id} of provider "${provider.name}"`;
}

/** What is missing for AWS Config to record in one region of one account. */
function regionProblems(region: string, own: readonly StackResource[]): string[] {
    const here = own.filter((r) => regionOf(r.type, r.props, r.provider) === region);
    const recorders = here.filter((r) => r.type === recorderType);
    if (recorders.length === 0) {
        return [`${region} has no recorder`];
    }
    const problems: string[] = [];
    for (const recorder of recorders) {
        const allSupported = at(block(recorder.props.recordingGroup), "allSupported");
        if (!isUnknown(allSupported) && allSupported !== true) {
            problems.push(`${region}'s recorder must record every supported resource type (recordingGroup.allSupported true, got ${show(allSupported)})`);
        }
    }
    if (!here.some((r) => r.type === deliveryChannelType)) {
        problems.push(`${region} has no delivery channel`);
    }
    const statuses = here.filter((r) => r.type === recorderStatusType);
    if (!statuses.some((status) => status.props.isEnabled === true || isUnknown(status.props.isEnabled))) {
        problems.push(`${region}'s recorder is never started (no aws.cfg.RecorderStatus with isEnabled true)`);
    }
    return problems;
}

/**
 * AWS Config is regional and per account: a member account records its resources in every region the stack deploys
 * into, or Security Hub's controls and the organization aggregator see nothing there.
 */
export const requireConfigRecorders: StackValidationPolicy = {
    name: "config-records-every-member-account-and-region",
    description: "Every member account the stack deploys into (one per AWS provider, the management account excepted) has an AWS Config recorder of every supported resource type, a delivery channel and an enabled recorder status in each region the stack deploys into.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["audit", "compliance", "security-baseline"],
    remediationSteps: "Add the ConfigRecorder component (components/security/configRecorder.ts) through the account's provider with every region the stack uses: it creates an aws.cfg.Recorder (recordingGroup.allSupported), an aws.cfg.DeliveryChannel to the log-archive bucket and an aws.cfg.RecorderStatus with isEnabled true per region.",
    validateStack: (args, reportViolation) => {
        const resources = stackResources(args.resources);
        const regions = deployedRegions(resources);
        const accounts = new Map<string, ProviderFacts>();
        for (const resource of resources) {
            const facts = resource.type === awsProviderType ? providerFactsFromProps(resource.props, resource.urn, resource.name) : resource.provider;
            const key = facts && (typeof facts.accountId === "string" ? facts.accountId : facts.urn);
            if (facts && key && !accounts.has(key) && accountRoleOf(facts) !== managementRole) {
                accounts.set(key, facts);
            }
        }
        for (const [key, provider] of accounts) {
            const own = resources.filter((r) => r.provider && (accountKey(r) === key || r.provider.urn === provider.urn));
            const problems = regions.flatMap((region) => regionProblems(region, own));
            if (problems.length > 0) {
                reportViolation(`${accountLabel(provider)} must record AWS Config in every region the stack deploys into (${regions.join(", ")}), but ${problems.join("; ")}; add the ConfigRecorder component through this provider.`, provider.urn);
            }
        }
    },
};
