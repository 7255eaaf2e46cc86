import * as fs from "fs";
import { evaluateClaims } from "./claims";
import { loadStack } from "../cli/engine/stackFiles";
(async () => {
    const stack = process.argv[2] ?? "prod";
    const graph = JSON.parse(fs.readFileSync(`/tmp/access-${stack}.json`, "utf8"));
    const org = JSON.parse(fs.readFileSync(`/tmp/access-org.json`, "utf8"));
    const loaded = loadStack("/work/wt/access", stack);
    const orgLoaded = loadStack("/work/wt/access", "organization");
    const t0 = Date.now();
    const report = await evaluateClaims({ graph, organizationGraph: org, config: loaded.config as any, catalogue: loaded.catalogue, organizationId: (orgLoaded.config as any).organization.organizationId });
    console.log("ms", Date.now() - t0, "claims", report.results.length, "sims", report.simulations, "holds", report.holds);
    for (const r of report.results.filter((r) => !r.holds)) console.log("FAIL", r.claim.id, r.decision, r.failedGuard ?? "", JSON.stringify(r.decidedBy));
})().catch((e) => { console.error(e); process.exit(1); });
(async () => {
    const { buildAccessModel } = await import("./model");
    const { deriveClaims } = await import("./claims");
    const graph = JSON.parse(fs.readFileSync(`/tmp/access-prod.json`, "utf8"));
    const loaded = loadStack("/work/wt/access", "prod");
    const claims = deriveClaims({ graph, config: loaded.config as any, catalogue: loaded.catalogue, organizationId: "o" }, buildAccessModel(graph));
    const by = new Map<string, number>();
    for (const c of claims) by.set(c.kind + " " + c.expect, (by.get(c.kind + " " + c.expect) ?? 0) + 1 + (c.guards?.length ?? 0));
    console.log(by);
})();
