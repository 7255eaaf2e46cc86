/**
 * The IAM actions of Bedrock model inference, as plain data: the program grants and denies them (components/identity,
 * components/bedrock) and the policy pack judges statements by them (policies/lib/bedrockInvoke.ts), so both read this
 * one list. Pure: no Pulumi, no AWS SDK, so the pack compiles it without the program.
 */

/**
 * The IAM actions of model inference. Converse and ConverseStream have no IAM action of their own: AWS authorizes
 * them (and StartAsyncInvoke) as bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream ("To deny all
 * inference access … deny bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream. Doing this also denies
 * access … through the Converse API actions", Bedrock API reference, StartAsyncInvoke / InvokeModel).
 */
export const modelInvokeActions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] as const;
