/**
 * The frame of the policies that judge permission documents (catalogue models, guardrail condition, * on *). They
 * are stack policies for one reason: a managed policy used only as a permissions boundary caps rather than grants,
 * and only the stack shows how a managed policy is used. Each resource is still judged on its own, by one checker
 * for every type that carries a document.
 */
import { StackValidationArgs, ReportViolation } from "@pulumi/policy";
import { boundaryOnlyPolicies } from "./managedPolicies";
import { StackResource, stackResources } from "./resources";

export type DocumentChecker<Config> = (resource: StackResource, config: Config, report: (message: string) => void) => void;

export function checkPermissionDocuments<Config>(
    args: StackValidationArgs,
    reportViolation: ReportViolation,
    types: readonly string[],
    config: Config,
    check: DocumentChecker<Config>,
): void {
    const resources = stackResources(args.resources);
    const boundaries = boundaryOnlyPolicies(resources);
    for (const resource of resources) {
        if (types.includes(resource.type) && !boundaries.has(resource.urn)) {
            check(resource, config, (message) => reportViolation(message, resource.urn));
        }
    }
}
