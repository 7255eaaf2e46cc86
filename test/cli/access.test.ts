import * as assert from "assert";
import { main } from "../../cli/main";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "lz", "access", ...args], { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
    return { code, out, err };
}

describe("lz access on the command line", function () {
    this.timeout(240_000);

    it("exits 2 on usage and config mistakes, naming them, before planning anything", async () => {
        const unknownStack = await run("qa");
        assert.strictEqual(unknownStack.code, 2);
        assert.match(unknownStack.err, /^No stack "qa": there is no Pulumi\.qa\.yaml\./);
        assert.deepStrictEqual(await run("prod", "--region", "eu-west-1"), {
            code: 2, out: "",
            err: "Pulumi.prod.yaml has 1 problem:\n  - Pulumi.prod.yaml: --region must be a region prod deploys (us-east-1, us-west-2); got \"eu-west-1\".\n",
        });
        const missingClaims = await run("dev", "--claims", "no-such-claims.yaml");
        assert.strictEqual(missingClaims.code, 2);
        assert.match(missingClaims.err, /^no-such-claims\.yaml has 1 problem:\n  - no-such-claims\.yaml: \(file\) cannot be read: no such file at /);
        assert.strictEqual((await run("prod", "--format", "yaml")).code, 2);
    });

    it("prints the DR region's matrix as JSON with an exit code that matches the verdict", async () => {
        const { code, out } = await run("prod", "--region", "us-west-2", "--format", "json");
        const report = JSON.parse(out) as { stack: string; region: string; holds: boolean; claims: { id: string; kind: string; region: string; holds: boolean; decidedBy: { statement: string }[] }[] };
        assert.strictEqual(report.stack, "prod");
        assert.strictEqual(report.region, "us-west-2");
        assert.strictEqual(code, report.holds ? 0 : 1);
        assert.ok(report.claims.some((c) => c.kind === "dr-parity"));
        assert.ok(report.claims.every((c) => c.region === "us-west-2" || c.region === "global"));
        assert.ok(report.claims.every((c) => c.decidedBy.length > 0 && c.decidedBy.every((d) => d.statement.length > 0)));
    });
});
