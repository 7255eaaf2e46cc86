/** KMS key-policy statements, as plain data. */
import { dnsSuffixOf, Partition } from "../../accounts/regions";
import { PolicyDocument, PolicyStatement } from "../organization/policyDocuments";
import { policyDocument } from "../identity/policies";

/**
 * The account administers its own key through IAM: without this statement no IAM policy can grant the key, and a
 * mistake in the service statements would lock everyone out of it.
 */
export function keyPolicy(partition: Partition, accountId: string, serviceStatements: readonly PolicyStatement[]): PolicyDocument {
    return policyDocument(
        {
            Sid: "EnableAccountAdministrationThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        ...serviceStatements,
    );
}

export function logGroupArn(partition: Partition, region: string, accountId: string, logGroupName: string): string {
    return `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/**
 * CloudWatch Logs in `region` may use the key for the named log groups only: the encryption context names the log
 * group, so a key shared by mistake cannot decrypt another group's events.
 */
export function cloudWatchLogsKeyStatement(partition: Partition, region: string, accountId: string, logGroupNames: readonly string[]): PolicyStatement {
    return {
        Sid: "AllowCloudWatchLogsForTheseLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.${dnsSuffixOf(partition)}` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupNames.map((name) => logGroupArn(partition, region, accountId, name)) },
        },
    };
}

/** An AWS service may encrypt with the key for this account only (the confused-deputy guard). */
export function serviceKeyStatement(sid: string, servicePrincipal: string, actions: readonly string[], accountId: string, sourceArnPattern?: string): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: servicePrincipal },
        Action: [...actions],
        Resource: "*",
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ...(sourceArnPattern ? { ArnLike: { "aws:SourceArn": sourceArnPattern } } : {}),
        },
    };
}
