import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../accounts/regions";
import { alarmSubscriberProtocols } from "../../accounts/schema";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import { denyInsecureTransport, policyDocument } from "../identity/policies";
import { EncryptionKey } from "../security/encryptionKey";

export type AlarmSubscriberProtocol = (typeof alarmSubscriberProtocols)[number];

export interface AlarmSubscriber {
    readonly protocol: AlarmSubscriberProtocol;
    readonly endpoint: string;
}

export interface AlarmTopicArgs {
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly topicName: string;
    readonly keyAlias: string;
    /** Who is told. @default none */
    readonly subscribers?: readonly AlarmSubscriber[];
    /** Protect the topic's key. @default true */
    readonly protect?: boolean;
}

/** Child-name key of a subscription, from its endpoint: `genai-oncall@example.com` → `email-genai-oncall-example-com`. */
export function subscriptionKey(subscriber: AlarmSubscriber): string {
    const endpoint = subscriber.endpoint.toLowerCase().replace(/^https:\/\//, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    return `${subscriber.protocol}-${endpoint}`.slice(0, 80);
}

export function alarmTopicProblems(args: AlarmTopicArgs): string[] {
    const problems: string[] = [];
    if (!/^[\w-]{1,256}$/.test(args.topicName)) {
        problems.push(`topicName must be 1-256 letters, digits, _ or - (got "${args.topicName}").`);
    }
    const keys = (args.subscribers ?? []).map(subscriptionKey);
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) {
        problems.push(`subscribers lists "${repeated[0]}" twice; subscribe each endpoint once.`);
    }
    for (const subscriber of args.subscribers ?? []) {
        if (!(alarmSubscriberProtocols as readonly string[]).includes(subscriber.protocol)) {
            problems.push(`subscribers: protocol must be one of ${alarmSubscriberProtocols.join(", ")} (got "${subscriber.protocol}").`);
        }
    }
    return problems;
}

/** Alarms and budgets of this account may publish; anyone else may not, and nobody without TLS. */
export function alarmTopicPolicy(partition: string, accountId: string, topicArn: string): PolicyDocument {
    const publishFrom = (sid: string, service: string, sourceArn: string): PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
    });
    return policyDocument(
        {
            Sid: "AllowTheAccountToManageAndPublish",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
            Resource: topicArn,
        },
        publishFrom("AllowCloudWatchAlarms", "cloudwatch.amazonaws.com", `arn:${partition}:cloudwatch:*:${accountId}:alarm:*`),
        publishFrom("AllowBudgets", "budgets.amazonaws.com", `arn:${partition}:budgets::${accountId}:*`),
        denyInsecureTransport("sns:Publish", [topicArn]),
    );
}

/**
 * The SNS topic the account's alarms and budget notify, encrypted with its own key, with its subscribers from config.
 * The key lets CloudWatch and Budgets encrypt what they publish (AWS's documented key policy for alarm topics).
 */
export class AlarmTopic extends pulumi.ComponentResource {
    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:observability:AlarmTopic", name, {}, opts);
        const problems = alarmTopicProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const region = args.region;
        const partition = partitionOf(region);
        const servicesMayEncrypt = (sid: string, service: string): PolicyStatement => ({
            Sid: sid,
            Effect: "Allow",
            Principal: { Service: service },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
        });
        const key = new EncryptionKey(`${name}-key`, {
            region,
            accountId: args.accountId,
            description: `Alarm topic ${args.topicName}`,
            aliasName: args.keyAlias,
            serviceStatements: [
                servicesMayEncrypt("AllowCloudWatchAlarmsToPublish", "cloudwatch.amazonaws.com"),
                servicesMayEncrypt("AllowBudgetsToPublish", "budgets.amazonaws.com"),
            ],
            protect: args.protect ?? true,
        }, { parent: this });

        const topic = new aws.sns.Topic(`${name}-topic`, {
            region,
            name: args.topicName,
            kmsMasterKeyId: key.keyArn,
        }, { parent: this });
        new aws.sns.TopicPolicy(`${name}-topic-policy`, {
            region,
            arn: topic.arn,
            policy: pulumi.all([args.accountId, topic.arn]).apply(([accountId, topicArn]) =>
                JSON.stringify(alarmTopicPolicy(partition, accountId, topicArn))),
        }, { parent: this });
        for (const subscriber of args.subscribers ?? []) {
            new aws.sns.TopicSubscription(`${name}-subscription-${subscriptionKey(subscriber)}`, {
                region,
                topic: topic.arn,
                protocol: subscriber.protocol,
                endpoint: subscriber.endpoint,
            }, { parent: this });
        }
        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
