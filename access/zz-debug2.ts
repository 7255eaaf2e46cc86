import * as fs from "fs";
import { buildAccessModel } from "./model";
import { deriveClaims } from "./claims";
import { loadStack } from "../cli/engine/stackFiles";
import { runSimulation } from "@cloud-copilot/iam-simulate";
(async () => {
    const graph = JSON.parse(fs.readFileSync(`/tmp/access-prod.json`, "utf8"));
    const loaded = loadStack("/work/wt/access", "prod");
    const model = buildAccessModel(graph);
    const c = deriveClaims({ graph, config: loaded.config as any, catalogue: loaded.catalogue, organizationId: "o-a1b2c3d4e5" }, model).find((c) => c.id === process.argv[2])!;
    const key = model.resourcePolicies.get(c.request.resource)!;
    const doc = JSON.parse(JSON.stringify(key.document).replace(/kms:EncryptionContext:aws:s3:arn/g, "kms:EncryptionContext:awss3arn"));
    const ctx: any = { ...(c.request.context ?? {}), "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalArn": c.request.principal };
    ctx["kms:EncryptionContext:awss3arn"] = ctx["kms:EncryptionContext:aws:s3:arn"]; delete ctx["kms:EncryptionContext:aws:s3:arn"];
    const r: any = await runSimulation({ request: { principal: c.request.principal, action: c.request.action, resource: { resource: c.request.resource, accountId: c.request.resourceAccount }, contextVariables: ctx },
        identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: doc }, {});
    console.log(r.overallResult, r.result.ignoredContextKeys);
    for (const s of r.result.analysis.resourceAnalysis.unmatchedStatements) console.log(JSON.stringify(s.explain).slice(0, 1500));
})();
