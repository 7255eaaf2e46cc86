/**
 * The landing zone's price table: list prices (USD, on-demand, Linux, before tax, credits and discounts) of what the
 * program creates, read by `lz cost` and by the policy pack's budget policy. One file so that a price change is one
 * reviewed diff; see "Refreshing the price table" in README.md.
 *
 * Every entry names its source and the date it was checked against it. "unverified" means the figure could not be
 * confirmed against AWS's own pricing page when the table was last refreshed: it is used, but shown as such.
 * A price missing for a region is missing, never borrowed from another region: the resource is then listed as
 * unpriced rather than counted at a guess.
 */

/** The day the table was last refreshed. */
export const priceTableDate = "2026-12-03";

/** Hours in a billing month, as AWS's own calculator counts them (8,760 / 12). */
export const hoursPerMonth = 730;
export const hoursPerYear = 8760;

/** A price and where it comes from. */
export interface Price {
    readonly usd: number;
    /** What one `usd` buys: "hour", "month", "zone-hour", "GB", … */
    readonly per: string;
    readonly source: string;
    /** The day the figure was checked against `source`, or "unverified". */
    readonly checked: string;
}

/** A price that depends on the region the resource lands in. */
export type RegionalPrice = Readonly<Record<string, Price>>;

const ec2Pricing = "https://aws.amazon.com/ec2/pricing/on-demand/";
const privateLinkPricing = "https://aws.amazon.com/privatelink/pricing/";
const vpcPricing = "https://aws.amazon.com/vpc/pricing/";
const kmsPricing = "https://aws.amazon.com/kms/pricing/";
const wafPricing = "https://aws.amazon.com/waf/pricing/";
const cloudWatchPricing = "https://aws.amazon.com/cloudwatch/pricing/";
const openSearchPricing = "https://aws.amazon.com/opensearch-service/pricing/";
const bedrockPricing = "https://aws.amazon.com/bedrock/pricing/";
const s3Pricing = "https://aws.amazon.com/s3/pricing/";

function inRegions(regions: readonly string[], price: Price): RegionalPrice {
    return Object.fromEntries(regions.map((region) => [region, price]));
}

const usRegions = ["us-east-1", "us-west-2"] as const;

/**
 * On-demand hourly rate per instance type; a capacity reservation bills it for every reserved instance, used or
 * not. trn2 is sold in Capacity Blocks only, so it has no on-demand rate here: a trn2 reservation is unpriced.
 */
export const onDemandHourly: Readonly<Record<string, RegionalPrice>> = {
    "inf2.xlarge": inRegions(usRegions, { usd: 0.7582, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
    "inf2.8xlarge": inRegions(usRegions, { usd: 1.9679, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
    "inf2.24xlarge": inRegions(usRegions, { usd: 6.4906, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
    "inf2.48xlarge": inRegions(usRegions, { usd: 12.9813, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
    "trn1.2xlarge": inRegions(usRegions, { usd: 1.34375, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
    "trn1.32xlarge": inRegions(usRegions, { usd: 21.50, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
    "trn1n.32xlarge": inRegions(usRegions, { usd: 24.78, per: "instance-hour", source: ec2Pricing, checked: "unverified" }),
};

/**
 * Capacity Block offerings the organization has bought or means to buy, by offering ID, with the upfront fee that
 * `aws ec2 describe-capacity-block-offerings` quoted. The fee is set at purchase and moves with supply and demand,
 * so it cannot be looked up from the instance type: record the quote here when adding a block to a stack.
 */
export const capacityBlockOfferings: Readonly<Record<string, { readonly upfrontFeeUsd: number; readonly instanceType: string; readonly durationHours: number; readonly source: string; readonly checked: string }>> = {};

/** Fixed monthly prices of everything else the program creates. */
export const fixedPrices = {
    /** Billed per endpoint per zone per hour while provisioned, whatever its state; gateway endpoints are free. */
    interfaceEndpointZoneHour: inRegions(usRegions, { usd: 0.01, per: "endpoint zone-hour", source: privateLinkPricing, checked: "2026-12-03" }),
    natGatewayHour: inRegions(usRegions, { usd: 0.045, per: "NAT gateway-hour", source: vpcPricing, checked: "2026-12-03" }),
    /** Every public IPv4 address, attached or not (a public NAT gateway holds one). */
    publicIpv4Hour: inRegions(usRegions, { usd: 0.005, per: "address-hour", source: vpcPricing, checked: "unverified" }),
    /** Each customer-managed key, and each replica of a multi-Region key, is billed on its own. */
    kmsKeyMonth: inRegions(usRegions, { usd: 1, per: "key-month", source: kmsPricing, checked: "2026-12-03" }),
    /** WAF's monthly fees are the same in every region. */
    wafWebAclMonth: inRegions(usRegions, { usd: 5, per: "web ACL-month", source: wafPricing, checked: "2026-12-03" }),
    /** A rule or a rule group (an AWS managed group counts as one; Bot Control and Fraud Control cost extra). */
    wafRuleMonth: inRegions(usRegions, { usd: 1, per: "rule-month", source: wafPricing, checked: "2026-12-03" }),
    /** Ignores the free tier of three dashboards per account: a plan cannot know what else the account holds. */
    dashboardMonth: inRegions(usRegions, { usd: 3, per: "dashboard-month", source: cloudWatchPricing, checked: "2026-12-03" }),
    /** Per metric the alarm evaluates, at a period of 60 s or more. */
    standardAlarmMetricMonth: inRegions(usRegions, { usd: 0.10, per: "alarm metric-month", source: cloudWatchPricing, checked: "2026-12-03" }),
    /** Per metric the alarm evaluates, at a period under 60 s. */
    highResolutionAlarmMetricMonth: inRegions(usRegions, { usd: 0.30, per: "alarm metric-month", source: cloudWatchPricing, checked: "2026-12-03" }),
    /** OpenSearch Serverless bills at least one OCU (two with standby replicas) for indexing and for search. */
    /** Standard parameters are free. */
    ssmAdvancedParameterMonth: inRegions(usRegions, { usd: 0.05, per: "parameter-month", source: "https://aws.amazon.com/systems-manager/pricing/", checked: "unverified" }),
    openSearchOcuHour: inRegions(usRegions, { usd: 0.24, per: "OCU-hour", source: openSearchPricing, checked: "unverified" }),
} as const satisfies Record<string, RegionalPrice>;

/** A usage-priced item: no fixed monthly fee, so it is listed with its rate and the assumption it needs, never as 0. */
export interface UsageRate {
    readonly rate: string;
    readonly assumption: string;
    readonly source: string;
    readonly checked: string;
}

/** Usage rates by resource type: what the resource costs once something uses it. */
export const usageRates: Readonly<Record<string, UsageRate>> = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": { rate: "$0.01 per GB processed (interface endpoints)", assumption: "traffic to AWS APIs from the VPC; prompts and responses are small, model artifacts are not", source: privateLinkPricing, checked: "2026-12-03" },
    "aws:ec2/natGateway:NatGateway": { rate: "$0.045 per GB processed, plus data transfer out", assumption: "internet egress of the application's compute", source: vpcPricing, checked: "2026-12-03" },
    "awsx:ec2:Vpc": { rate: "$0.045 per GB through its NAT gateways, plus data transfer out", assumption: "internet egress of the application's compute", source: vpcPricing, checked: "2026-12-03" },
    "aws:bedrock/guardrail:Guardrail": { rate: "$0.15 per 1,000 text units for content filters and denied topics, $0.10 per 1,000 for sensitive-information filters and contextual grounding", assumption: "every invocation is evaluated on input and output (a text unit is up to 1,000 characters)", source: bedrockPricing, checked: "unverified" },
    "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration": { rate: "model tokens at each model's on-demand rate; logs at $0.50 per GB ingested", assumption: "tokens are the environment's real bill; see the model's page on the Bedrock pricing site", source: bedrockPricing, checked: "unverified" },
    "aws:cloudwatch/logGroup:LogGroup": { rate: "$0.50 per GB ingested, $0.03 per GB-month stored", assumption: "prompt logs and flow logs grow with traffic; retention bounds the storage", source: cloudWatchPricing, checked: "2026-12-03" },
    "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy": { rate: "$0.12 per GB scanned", assumption: "every GB ingested into the protected log group is scanned", source: cloudWatchPricing, checked: "unverified" },
    "aws:ec2/flowLog:FlowLog": { rate: "$0.50 per GB delivered to CloudWatch Logs", assumption: "one record per flow per minute (maxAggregationInterval 60)", source: cloudWatchPricing, checked: "unverified" },
    "aws:s3/bucket:Bucket": { rate: "$0.023 per GB-month (S3 Standard) plus requests", assumption: "documents, artifacts and logs stored", source: s3Pricing, checked: "unverified" },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { rate: "$0.015 per GB replicated with Replication Time Control, plus inter-region transfer $0.02 per GB", assumption: "every object written to the source bucket", source: s3Pricing, checked: "unverified" },
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket": { rate: "storage per GB-month, PUT per GB and queries per million; no minimum", assumption: "the knowledge base's embeddings and their queries", source: s3Pricing, checked: "unverified" },
    "aws:s3/vectorsIndex:VectorsIndex": { rate: "billed through its vector bucket; no minimum", assumption: "as the vector bucket", source: s3Pricing, checked: "unverified" },
    "aws:dynamodb/table:Table": { rate: "on-demand reads and writes, storage $0.25 per GB-month, replicated writes in each replica region", assumption: "session state of the applications", source: "https://aws.amazon.com/dynamodb/pricing/", checked: "unverified" },
    "aws:ecr/repository:Repository": { rate: "$0.10 per GB-month stored", assumption: "inference container images kept by the lifecycle policy", source: "https://aws.amazon.com/ecr/pricing/", checked: "unverified" },
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": { rate: "inter-region transfer $0.02 per GB, storage in the DR region", assumption: "images pushed to the replicated prefixes", source: "https://aws.amazon.com/ecr/pricing/", checked: "unverified" },
    "aws:sns/topic:Topic": { rate: "$0.50 per million requests, e-mail $2 per 100,000", assumption: "alarm and budget notifications: negligible", source: "https://aws.amazon.com/sns/pricing/", checked: "unverified" },
    "aws:sns/topicSubscription:TopicSubscription": { rate: "billed through its topic", assumption: "as the topic", source: "https://aws.amazon.com/sns/pricing/", checked: "unverified" },
    "aws:wafv2/webAcl:WebAcl": { rate: "$0.60 per million requests inspected", assumption: "every request to the application's load balancer", source: wafPricing, checked: "2026-12-03" },
    "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase": { rate: "embedding tokens at the embedding model's rate on ingestion and query", assumption: "documents ingested and retrieval queries", source: bedrockPricing, checked: "unverified" },
    "aws:bedrock/agentDataSource:AgentDataSource": { rate: "billed through its knowledge base's embedding model", assumption: "documents ingested", source: bedrockPricing, checked: "unverified" },
    "aws:kms/key:Key": { rate: "$0.03 per 10,000 requests; automatic rotation adds $1 per key-month for each of the first two rotations", assumption: "S3 Bucket Keys keep request volume low", source: kmsPricing, checked: "2026-12-03" },
    "aws:cloudtrail/trail:Trail": { rate: "first copy of management events free; data events $0.10 per 100,000", assumption: "where the organization's trail lands", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: "unverified" },
    "aws:guardduty/detector:Detector": { rate: "per million events analysed (CloudTrail, VPC flow, DNS) and per GB of S3 data events", assumption: "where the organization's GuardDuty administrator enables it", source: "https://aws.amazon.com/guardduty/pricing/", checked: "unverified" },
    "aws:cfg/recorder:Recorder": { rate: "$0.003 per configuration item recorded, $0.001 per rule evaluation", assumption: "where the organization's Config recorder lands", source: "https://aws.amazon.com/config/pricing/", checked: "unverified" },
};

/**
 * Resource types with neither a fixed nor a usage price of their own: configuration of another resource, IAM,
 * networking constructs AWS does not bill, and AWS Budgets without actions.
 */
export const freeTypes: ReadonlySet<string> = new Set([
    "aws:accessanalyzer/analyzer:Analyzer",
    "aws:bedrock/guardrailVersion:GuardrailVersion",
    "aws:budgets/budget:Budget",
    "aws:ebs/encryptionByDefault:EncryptionByDefault",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/route:Route",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    "aws:iam/accountAlias:AccountAlias",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:iam/policy:Policy",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:kms/alias:Alias",
    "aws:organizations/account:Account",
    "aws:organizations/organizationalUnit:OrganizationalUnit",
    "aws:organizations/policy:Policy",
    "aws:organizations/policyAttachment:PolicyAttachment",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLogging:BucketLogging",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:ssm/parameter:Parameter",
]);
