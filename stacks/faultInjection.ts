import * as pulumi from "@pulumi/pulumi";
import * as names from "../accounts/genaiNames";
import { s3BucketArn } from "../accounts/naming";
import { partitionOf } from "../accounts/regions";
import { Environment } from "../accounts/validate";
import { GenaiRegion } from "../components/genai/region";
import { FaultInjection } from "../components/resilience/faultInjection";
import { ModelArtifacts } from "../components/storage/modelArtifacts";
import { AccountContext } from "./accounts";

/** What the drills break in the genAI account: its primary region's slice and the artifacts it replicates. */
export interface FaultInjectionTargets {
    readonly primary: GenaiRegion;
    readonly artifacts: ModelArtifacts;
}

/**
 * The failover drills' fault injection (AWS FIS), when the environment has a DR region: in the genAI account's
 * primary region, pausing the model artifacts' replication to the DR region and cutting the subnets of the
 * bedrock-runtime endpoint, each stopped by the primary region's throttle and error alarms. The session tables and
 * the documents bucket live in other accounts, which a single-account experiment cannot reach.
 *
 * The result is the stack's `faultInjection` output: `lz drill --inject` finds the templates by it.
 */
export function environmentFaultInjection(env: Environment, genai: AccountContext, targets: FaultInjectionTargets) {
    if (!env.dr.enabled) {
        return undefined;
    }
    const prefix = env.namePrefix;
    const region = env.primaryRegion;
    const partition = partitionOf(region);
    const { accountId } = genai;
    const faults = new FaultInjection(`${env.name}-${genai.key}-fault-injection-${region}`, {
        region,
        accountId,
        roleName: `${prefix}-${env.name}-fault-injection`,
        permissionsBoundaryArn: genai.permissionsBoundaryArn,
        stopAlarmArns: Object.keys(targets.primary.monitoring.alarmArns).sort().map((key) => targets.primary.monitoring.alarmArns[key]),
        stopAlarmName: `${prefix}-${env.name}-genai-drill-stop`,
        logGroupName: `/${prefix}/${env.name}/fis/drill-experiments`,
        logKeyAlias: names.genaiKeyAlias(prefix, env.name, "fault-injection"),
        replicatedBucketArns: [pulumi.output(targets.artifacts.bucketName).apply((bucket) => s3BucketArn(partition, bucket))],
        replicationDestinationRegion: env.drRegion,
        endpointSubnetArns: targets.primary.subnetIds.map((subnetId) =>
            pulumi.all([accountId, subnetId]).apply(([id, subnet]) => `arn:${partition}:ec2:${region}:${id}:subnet/${subnet}`)),
        protect: env.protectStatefulResources,
    }, { provider: genai.provider });
    return {
        region,
        roleArn: faults.roleArn,
        stopAlarmArn: faults.stopAlarmArn,
        logGroupArn: faults.logGroupArn,
        templateIds: faults.templateIds,
    };
}
