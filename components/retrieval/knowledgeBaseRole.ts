import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { knowledgeBaseTrustPolicy } from "./policyDocuments";

export interface KnowledgeBaseRoleArgs {
    /** Region of the knowledge base; the trust admits knowledge bases of this region only. */
    readonly region: string;
    /** The genAI account, where the role and the knowledge base live. */
    readonly accountId: pulumi.Input<string>;
    /** `knowledgeBaseRoleName` in accounts/naming.ts; other accounts' policies name the role by it. */
    readonly roleName: string;
    /** The account's permissions boundary (the environment's boundary policy). Required: every role carries one. */
    readonly permissionsBoundaryArn: pulumi.Input<string>;
}

export function knowledgeBaseRoleProblems(args: KnowledgeBaseRoleArgs): string[] {
    const problems: string[] = [];
    if (!/^[\w+=,.@-]{1,64}$/.test(args.roleName)) {
        problems.push(`roleName must be 1-64 letters, digits or +=,.@_- (got "${args.roleName}").`);
    }
    if (typeof args.permissionsBoundaryArn === "string" && !/^arn:aws(-us-gov|-cn)?:iam::\d{12}:policy\/.+$/.test(args.permissionsBoundaryArn)) {
        problems.push(`permissionsBoundaryArn must be the ARN of an IAM managed policy (got "${args.permissionsBoundaryArn}").`);
    }
    return problems;
}

/**
 * The role the Bedrock knowledge base runs as, without permissions: it exists first so that the data account's key
 * and bucket policies and the vector store's policy can name it (AWS refuses a policy naming a missing role); the
 * KnowledgeBase component attaches its permissions once those resources exist.
 */
export class KnowledgeBaseRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: KnowledgeBaseRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:retrieval:KnowledgeBaseRole", name, {}, opts);
        const problems = knowledgeBaseRoleProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const partition = partitionOf(args.region);
        const role = new aws.iam.Role(`${name}-role`, {
            name: args.roleName,
            description: "Amazon Bedrock knowledge base: reads tenant documents, embeds them and writes the vector store",
            assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) =>
                JSON.stringify(knowledgeBaseTrustPolicy(partition, args.region, accountId))),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
