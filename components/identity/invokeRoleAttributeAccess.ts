import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { policyDocument } from "./policies";
import {
    ClassifiedModel,
    classificationDenyStatements,
    knowledgeBaseRetrieveStatements,
    tenantDocumentReadStatements,
} from "./invokeRolePolicies";

export interface InvokeRoleAttributeAccessArgs {
    /** Region of the documents bucket, the data key and the knowledge base. */
    readonly region: string;
    /**
     * Every application's invoke role name, by application (the ModelInvokeRole's `roleNames` output); the policy is
     * attached to each. A plain record: it decides how many attachments exist.
     */
    readonly invokeRoleNames: Readonly<Record<string, pulumi.Input<string>>>;
    /** Name of the customer-managed policy (`invokeAttributeAccessPolicyName` in accounts/genaiNames.ts). */
    readonly policyName: string;
    /**
     * The environment's invocable catalogue models with their ARNs and clearance (the invoke role's own `models`); each
     * is refused above its clearance.
     */
    readonly classifiedModels: pulumi.Input<ClassifiedModel[]>;
    readonly dataAccountId: pulumi.Input<string>;
    /** The DocumentStore's outputs. */
    readonly documentsBucketArn: pulumi.Input<string>;
    readonly dataKeyArn: pulumi.Input<string>;
    /**
     * The KnowledgeBase's ARN, for retrieval. @default none: no retrieval (an OpenSearch store whose index is not
     * created yet has no knowledge base)
     */
    readonly knowledgeBaseArn?: pulumi.Input<string>;
}

export function invokeRoleAttributeAccessProblems(args: InvokeRoleAttributeAccessArgs): string[] {
    const problems: string[] = [];
    if (Array.isArray(args.classifiedModels) && args.classifiedModels.length === 0) {
        problems.push("classifiedModels must list the environment's catalogue models (got none); without them no model is refused above its clearance.");
    }
    if (Object.keys(args.invokeRoleNames).length === 0) {
        problems.push("invokeRoleNames must name at least one application's invoke role (got none); the policy would be attached to nothing.");
    }
    if (!/^[\w+=,.@-]{1,128}$/.test(args.policyName)) {
        problems.push(`policyName must be 1-128 letters, digits or +=,.@_- (got "${args.policyName}").`);
    }
    return problems;
}

/**
 * The invoke roles' attribute-based rules, as one customer-managed policy attached to every application's invoke role
 * beside the invoke permissions: models refused to sessions classified above their clearance (explicit denies, so they
 * hold whatever else allows invoke), source documents readable under the session's own tenant prefix only, and
 * retrieval from the knowledge base. The rules read the session's tags, never the application, so one document serves
 * every role. It is a resource of its own because it names the data key and the knowledge base, which are created
 * after the roles (their policies must name the roles, and AWS refuses a policy naming a role that does not exist).
 */
export class InvokeRoleAttributeAccess extends pulumi.ComponentResource {
    public readonly policyName: pulumi.Output<string>;
    public readonly policyArn: pulumi.Output<string>;

    constructor(name: string, args: InvokeRoleAttributeAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:identity:InvokeRoleAttributeAccess", name, {}, opts);
        const problems = invokeRoleAttributeAccessProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const partition = partitionOf(args.region);
        const policy = new aws.iam.Policy(`${name}-policy`, {
            name: args.policyName,
            description: "Clearance denies, the session tenant's documents and knowledge-base retrieval; attached to every invoke role",
            policy: pulumi.all([args.classifiedModels, args.dataAccountId, args.documentsBucketArn, args.dataKeyArn, args.knowledgeBaseArn])
                .apply(([classifiedModels, dataAccountId, documentsBucketArn, dataKeyArn, knowledgeBaseArn]) => JSON.stringify(policyDocument(
                    ...classificationDenyStatements(classifiedModels),
                    ...tenantDocumentReadStatements({ partition, region: args.region, dataAccountId, documentsBucketArn, dataKeyArn }),
                    ...(knowledgeBaseArn === undefined ? [] : knowledgeBaseRetrieveStatements(knowledgeBaseArn)),
                ))),
        }, { parent: this });
        for (const [application, roleName] of Object.entries(args.invokeRoleNames)) {
            new aws.iam.RolePolicyAttachment(`${name}-${application}`, { role: roleName, policyArn: policy.arn }, { parent: this });
        }
        this.policyName = policy.name;
        this.policyArn = policy.arn;
        this.registerOutputs({ policyName: this.policyName, policyArn: this.policyArn });
    }
}
