import { DrResourceKind } from "../../accounts/drInventory";

/**
 * What it costs when a kind of resource is missing in the region a drill moves to, and how to add it: every failure
 * message says both, so that a reader of the report knows why the row matters without knowing the inventory.
 */
export interface KindText {
    /** "model invocations in us-west-2 would run without the guardrail". */
    readonly consequence: (region: string) => string;
    /** "deploy the guardrail and a published version in us-west-2". */
    readonly fix: (region: string) => string;
}

export const kindTexts: Record<DrResourceKind, KindText> = {
    "kms-key": {
        consequence: (r) => `data replicated to ${r} could not be decrypted there`,
        fix: (r) => `make the key multi-region and add an aws.kms.ReplicaKey in ${r}`,
    },
    "s3-bucket": {
        consequence: (r) => `its objects are not copied to ${r}`,
        fix: (r) => `add a versioned bucket in ${r} and a replication rule with Replication Time Control`,
    },
    guardrail: {
        consequence: (r) => `model invocations in ${r} would run without the guardrail`,
        fix: (r) => `deploy the guardrail and a published version in ${r}`,
    },
    "catalogue-parameter": {
        consequence: (r) => `applications in ${r} could not discover the approved models and guardrail`,
        fix: (r) => `write the model-catalogue SSM parameter in ${r}`,
    },
    "active-region-parameter": {
        consequence: (r) => `applications in ${r} could not read which region is active`,
        fix: (r) => `write the active-region SSM parameter in ${r}`,
    },
    "invocation-logging": {
        consequence: (r) => `model invocations in ${r} would leave no invocation log`,
        fix: (r) => `enable Bedrock model invocation logging in ${r}`,
    },
    network: {
        consequence: (r) => `workloads in ${r} would have no private network`,
        fix: (r) => `deploy the account's VPC in ${r}`,
    },
    "bedrock-runtime-endpoint": {
        consequence: (r) => `Bedrock calls in ${r} would leave the private network`,
        fix: (r) => `add the bedrock-runtime interface endpoint in ${r}`,
    },
    "vector-store": {
        consequence: (r) => `a knowledge base in ${r} would have nowhere to keep its vectors`,
        fix: (r) => `deploy the vector store in ${r}`,
    },
    "knowledge-base": {
        consequence: (r) => `retrieval in ${r} would have no knowledge base`,
        fix: (r) => `deploy a knowledge base in ${r} whose data source is the replicated documents bucket`,
    },
    "capacity-reservation": {
        consequence: (r) => `no accelerator capacity is held in ${r} for failover (static stability)`,
        fix: (r) => `reserve the capacity in ${r} with an aws.ec2.CapacityReservation`,
    },
    "ecr-repository": {
        consequence: (r) => `inference images could not be pulled in ${r}`,
        fix: (r) => `replicate the registry to ${r}`,
    },
    "dynamodb-table": {
        consequence: (r) => `session and conversation state would not be in ${r}`,
        fix: (r) => `add a replica of the global table in ${r}`,
    },
    "invoke-permissions": {
        consequence: (r) => `the invoke role could not call the models in ${r}`,
        fix: (r) => `grant the invoke role the models' ARNs in ${r}`,
    },
};

/** Kinds the genAI account must have in the region a drill moves to, whatever else its inventory holds. */
export const requiredGenaiKinds: readonly DrResourceKind[] = [
    "guardrail",
    "catalogue-parameter",
    "knowledge-base",
    "bedrock-runtime-endpoint",
    "invocation-logging",
    "invoke-permissions",
];
