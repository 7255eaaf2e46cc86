/**
 * The end user's identity as it travels from an application to the AI and data tiers: two STS session tags that the
 * application sets when it assumes the genAI invoke role, and that every later policy reads as
 * `aws:PrincipalTag/...`. Names here are part of the contract with application code; changing one breaks callers.
 */
import { Classification, classifications } from "../../accounts/catalogue";

/** The tenant the request is made for; it selects the tenant's prefix in the documents bucket. */
export const tenantTagKey = "tenant";
/** The highest classification of data in the request; it selects the models that may see it. */
export const classificationTagKey = "data-classification";
/** The only tags a caller may set on an invoke-role session. */
export const sessionTagKeys: readonly string[] = [tenantTagKey, classificationTagKey];

/**
 * Resolved by IAM at request time to the caller's tenant tag. Written as a plain string: `${...}` here is IAM's policy
 * variable syntax, not a template literal. A session without the tag matches no resource that uses it.
 */
export const tenantPolicyVariable = "${aws:PrincipalTag/" + tenantTagKey + "}";

/** Documents live under `tenants/<tenant>/`; the knowledge base ingests this prefix only. */
export const tenantsPrefix = "tenants/";

/** `tenants/${aws:PrincipalTag/tenant}/`: the one prefix a tagged session may read. */
export const callerTenantPrefix = `${tenantsPrefix}${tenantPolicyVariable}/`;

/** The classifications a model cleared up to `max` may see, lowest first: `internal` → public, internal. */
export function classificationsUpTo(max: Classification): Classification[] {
    return classifications.slice(0, classifications.indexOf(max) + 1);
}
