import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CatalogueParameterValue } from "./catalogue";

export interface CatalogueParameterArgs {
    /** Region the parameter is read in (applications read it in the region they run in). */
    readonly region: string;
    /** `/…` path; deterministic so that applications know it without this stack's outputs. */
    readonly parameterName: string;
    /** The compiled catalogue for the environment (see catalogueParameterValue). */
    readonly value: pulumi.Input<CatalogueParameterValue>;
}

/**
 * The SSM parameter (JSON) applications read to discover the approved models, the guardrail and version to name,
 * the invoke role and the active region. Intelligent-Tiering moves it to the advanced tier only if a large
 * catalogue outgrows the standard tier's 4 KB.
 */
export class CatalogueParameter extends pulumi.ComponentResource {
    public readonly parameterName: pulumi.Output<string>;
    public readonly parameterArn: pulumi.Output<string>;
    /** URN of the `aws.ssm.Parameter`, for the DR inventory. */
    public readonly parameterUrn: pulumi.Output<string>;

    constructor(name: string, args: CatalogueParameterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:bedrock:CatalogueParameter", name, {}, opts);
        if (!/^\/[a-zA-Z0-9_.\-/]{1,1010}$/.test(args.parameterName)) {
            throw new pulumi.ResourceError(`parameterName must be a path such as "/acme-ai/prod/genai/catalogue" (got "${args.parameterName}").`, this);
        }
        const parameter = new aws.ssm.Parameter(`${name}-parameter`, {
            region: args.region,
            name: args.parameterName,
            description: "Approved foundation models, guardrail and active region (model-catalogue.yaml, compiled)",
            type: "String",
            dataType: "text",
            tier: "Intelligent-Tiering",
            // Not a secret: `value` would be stored encrypted and hidden from every diff of a reviewed catalogue change.
            insecureValue: pulumi.output(args.value).apply((value) => JSON.stringify(value)),
        }, { parent: this });
        this.parameterName = parameter.name;
        this.parameterArn = parameter.arn;
        this.parameterUrn = parameter.urn;
        this.registerOutputs({ parameterName: this.parameterName, parameterArn: this.parameterArn, parameterUrn: this.parameterUrn });
    }
}
