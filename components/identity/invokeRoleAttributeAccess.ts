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
    /** The genAI invoke role's name (the ModelInvokeRole's `roleName` output). */
    readonly invokeRoleName: pulumi.Input<string>;
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
    return Array.isArray(args.classifiedModels) && args.classifiedModels.length === 0
        ? ["classifiedModels must list the environment's catalogue models (got none); without them no model is refused above its clearance."]
        : [];
}

/**
 * The invoke role's attribute-based rules, as one inline policy beside the genAI account's invoke permissions: models
 * refused to sessions classified above their clearance (explicit denies, so they hold whatever else allows invoke),
 * source documents readable under the session's own tenant prefix only, and retrieval from the knowledge base. It is
 * a resource of its own because it names the data key and the knowledge base, which are created after the role (their
 * policies must name the role, and AWS refuses a policy naming a role that does not exist).
 */
export class InvokeRoleAttributeAccess extends pulumi.ComponentResource {
    public readonly policyName: pulumi.Output<string>;

    constructor(name: string, args: InvokeRoleAttributeAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:identity:InvokeRoleAttributeAccess", name, {}, opts);
        const problems = invokeRoleAttributeAccessProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const partition = partitionOf(args.region);
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: args.invokeRoleName,
            name: "attribute-based-access",
            policy: pulumi.all([args.classifiedModels, args.dataAccountId, args.documentsBucketArn, args.dataKeyArn, args.knowledgeBaseArn])
                .apply(([classifiedModels, dataAccountId, documentsBucketArn, dataKeyArn, knowledgeBaseArn]) => JSON.stringify(policyDocument(
                    ...classificationDenyStatements(classifiedModels),
                    ...tenantDocumentReadStatements({ partition, region: args.region, dataAccountId, documentsBucketArn, dataKeyArn }),
                    ...(knowledgeBaseArn === undefined ? [] : knowledgeBaseRetrieveStatements(knowledgeBaseArn)),
                ))),
        }, { parent: this });
        this.policyName = policy.name;
        this.registerOutputs({ policyName: this.policyName });
    }
}
