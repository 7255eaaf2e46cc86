import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import * as aws from "@pulumi/aws";
import { awsTypes, validateResourceOfType, validateResourceOfTypes } from "../../policies/lib/resourceOfType";
import { ResourceValidationArgs } from "@pulumi/policy";
import { policies } from "../../policies/policies";

const policiesDir = path.resolve(__dirname, "..", "..", "policies");

/** The @pulumi/aws class a token names: `aws:<module>/<file>:<Class>` is `aws.<module>.<Class>`. */
function classOf(token: string): { __pulumiType?: string } | undefined {
    const [, module, name] = /^aws:([a-z0-9]+)\/[A-Za-z0-9]+:([A-Za-z0-9]+)$/.exec(token) ?? [];
    return module ? (aws as unknown as Record<string, Record<string, { __pulumiType?: string }> | undefined>)[module]?.[name] : undefined;
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return ["bin", "node_modules", "config"].includes(entry.name) ? [] : sourceFiles(file);
        }
        return entry.name.endsWith(".ts") ? [file] : [];
    });
}

/** Validation args as the SDK builds them, for a resource of `type`. */
function argsOf(type: string): ResourceValidationArgs {
    return {
        type,
        props: { name: "x" },
        urn: `urn:pulumi:prod::genai-landing-zone::${type}::x`,
        name: "x",
        opts: {},
        isType: () => false,
        asType: () => undefined,
        getConfig: () => ({}) as never,
        notApplicable: (reason?: string) => { throw new Error(`not applicable: ${reason}`); },
    } as unknown as ResourceValidationArgs;
}

describe("the resource types the pack names by token", () => {
    it("are the tokens of the @pulumi/aws classes they stand for", () => {
        for (const [key, type] of Object.entries(awsTypes)) {
            assert.strictEqual(classOf(type.token)?.__pulumiType, type.token, key);
        }
    });

    it("name real @pulumi/aws resources wherever the pack's sources write one", () => {
        const tokens = new Set(sourceFiles(policiesDir).flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/"(aws:[a-z0-9]+\/[A-Za-z0-9]+:[A-Za-z0-9]+)"/g)].map((m) => m[1])));
        assert.ok(tokens.size > 50, `${tokens.size} tokens`);
        const unknown = [...tokens].filter((token) => classOf(token)?.__pulumiType !== token);
        assert.deepStrictEqual(unknown, []);
    });

    it("validate only their own type, and attach it for the SDK's fast path", () => {
        const seen: string[] = [];
        const validation = validateResourceOfType(awsTypes.kmsKey, (props) => { seen.push(String((props as { name?: string }).name)); });
        assert.strictEqual((validation as unknown as { __pulumiType: string }).__pulumiType, "aws:kms/key:Key");
        validation(argsOf("aws:kms/key:Key"), () => undefined);
        assert.deepStrictEqual(seen, ["x"]);
        assert.throws(() => validation(argsOf("aws:kms/alias:Alias"), () => undefined), /not applicable: Policy only applies to resources of type 'aws:kms\/key:Key'/);
    });

    it("validate several types in one function, reading each resource once", () => {
        const seen: string[] = [];
        const validation = validateResourceOfTypes([awsTypes.securityGroup, awsTypes.securityGroupRule], (args) => { seen.push(args.type); });
        assert.strictEqual((validation as unknown as { __pulumiType?: string }).__pulumiType, undefined);
        validation(argsOf("aws:ec2/securityGroup:SecurityGroup"), () => undefined);
        validation(argsOf("aws:ec2/securityGroupRule:SecurityGroupRule"), () => undefined);
        assert.deepStrictEqual(seen, ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule"]);
        assert.throws(() => validation(argsOf("aws:ec2/vpc:Vpc"), () => undefined),
            /not applicable: Policy only applies to resources of types 'aws:ec2\/securityGroup:SecurityGroup', 'aws:ec2\/securityGroupRule:SecurityGroupRule'/);
    });

    it("make every resource policy one validation, which the SDK reads each resource once for", () => {
        const resourcePolicies = policies.filter((policy) => "validateResource" in policy && policy.validateResource);
        assert.ok(resourcePolicies.length >= 15, `${resourcePolicies.length} resource policies`);
        assert.deepStrictEqual(resourcePolicies.filter((policy) => Array.isArray((policy as { validateResource?: unknown }).validateResource)).map((policy) => policy.name), []);
    });

    it("let the pack run without loading @pulumi/aws", async () => {
        const script = `
            require(${JSON.stringify(path.join(policiesDir, "bin", "policies", "policies.js"))});
            process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((file) => /[\\\\/]@pulumi[\\\\/]aws[\\\\/]/.test(file))));
        `;
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: policiesDir, encoding: "utf8" });
        assert.deepStrictEqual(JSON.parse(stdout), []);
    });
});
