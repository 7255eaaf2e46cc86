import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN, wafEvaluationWindows } from "../../accounts/workloadSchema";

export interface WebAclArgs {
    /** Region of the ALB or API Gateway stage the ACL will be associated with (a REGIONAL ACL serves one region). */
    readonly region: string;
    readonly webAclName: string;
    /** Requests one client IP may make per evaluation window before it is blocked (10 to 2,000,000,000). */
    readonly rateLimit: number;
    /** Seconds over which requests are counted: 60, 120, 300 or 600. @default 300 */
    readonly evaluationWindowSeconds?: number;
}

export function webAclProblems(args: WebAclArgs): string[] {
    const problems: string[] = [];
    if (!/^[\w-]{1,128}$/.test(args.webAclName)) {
        problems.push(`webAclName must be 1-128 letters, digits, _ or - (got "${args.webAclName}").`);
    }
    if (!Number.isInteger(args.rateLimit) || args.rateLimit < WAF_RATE_LIMIT_MIN || args.rateLimit > WAF_RATE_LIMIT_MAX) {
        problems.push(`rateLimit must be a whole number from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX}, the range AWS WAF accepts (got ${args.rateLimit}).`);
    }
    const window = args.evaluationWindowSeconds;
    if (window !== undefined && !(wafEvaluationWindows as readonly number[]).includes(window)) {
        problems.push(`evaluationWindowSeconds must be one of ${wafEvaluationWindows.join(", ")} (got ${window}).`);
    }
    return problems;
}

/** CloudWatch metric names allow letters, digits, _ and -, and must not be WAF's reserved `All` or `Default_Action`. */
function metricName(webAclName: string, rule?: string): string {
    return rule ? `${webAclName}-${rule}` : webAclName;
}

/**
 * The application's public entry filter, ready to associate with its ALB or API Gateway stage: a per-IP rate limit
 * (blocks) ahead of AWS's managed common rule set (OWASP-style protections), allowing everything else. Every rule
 * emits CloudWatch metrics and keeps sampled requests, so a block can be explained.
 */
export class WebAcl extends pulumi.ComponentResource {
    public readonly webAclArn: pulumi.Output<string>;
    public readonly webAclId: pulumi.Output<string>;

    constructor(name: string, args: WebAclArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:application:WebAcl", name, {}, opts);
        const problems = webAclProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const visibility = (rule?: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricName(args.webAclName, rule) });
        const acl = new aws.wafv2.WebAcl(`${name}-web-acl`, {
            region: args.region,
            name: args.webAclName,
            description: "Application entry: per-IP rate limit and the AWS managed common rule set",
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            rules: [
                {
                    name: "rate-limit-per-ip",
                    priority: 0,
                    action: { block: {} },
                    statement: {
                        rateBasedStatement: {
                            limit: args.rateLimit,
                            aggregateKeyType: "IP",
                            evaluationWindowSec: args.evaluationWindowSeconds ?? 300,
                        },
                    },
                    visibilityConfig: visibility("rate-limit"),
                },
                {
                    name: "aws-managed-common-rule-set",
                    priority: 1,
                    // The group's own actions apply (block); `count` here would silently turn it into monitoring only.
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
                    visibilityConfig: visibility("common-rule-set"),
                },
            ],
            visibilityConfig: visibility(),
        }, { parent: this });
        this.webAclArn = acl.arn;
        this.webAclId = acl.id;
        this.registerOutputs({ webAclArn: this.webAclArn, webAclId: this.webAclId });
    }
}
