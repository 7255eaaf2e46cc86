import * as fs from "fs";
import { buildAccessModel } from "./model";
import { deriveClaims } from "./claims";
import { loadStack } from "../cli/engine/stackFiles";
import { runSimulation } from "@cloud-copilot/iam-simulate";
(async () => {
    const graph = JSON.parse(fs.readFileSync(`/tmp/access-prod.json`, "utf8"));
    const loaded = loadStack("/work/wt/access", "prod");
    const input = { graph, config: loaded.config as any, catalogue: loaded.catalogue, organizationId: "o-a1b2c3d4e5" };
    const model = buildAccessModel(graph);
    const claims = deriveClaims(input, model).filter((c) => process.argv.slice(2).includes(c.id));
    for (const c of claims) {
        const { evaluate } = await import("./simulate");
        const e = await evaluate(model, c.request);
        console.log(c.id, e.decision, JSON.stringify(e.decidedBy), e.ignoredContextKeys);
        const key = model.resourcePolicies.get(c.request.resource);
        const role = model.roles.get(c.request.principal);
        const r: any = await runSimulation({ request: { principal: c.request.principal, action: c.request.action, resource: { resource: c.request.resource, accountId: c.request.resourceAccount }, contextVariables: { ...(c.request.context ?? {}), "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalArn": c.request.principal, "aws:ResourceAccount": c.request.resourceAccount } },
            identityPolicies: role!.identity.map((p, i) => ({ name: "i" + i, policy: p.document })), serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: key?.document }, {});
        const a = r.result.analysis;
        console.log(r.overallResult, a.identityAnalysis?.result, a.resourceAnalysis?.result, a.sameAccount);
        for (const s of [...(a.resourceAnalysis?.unmatchedStatements ?? []), ...(a.identityAnalysis?.unmatchedStatements ?? [])]) if (s.actionMatch) console.log(JSON.stringify(s.explain).slice(0, 1500));
    }
})();
