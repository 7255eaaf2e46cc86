import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { environmentKey, organizationKey } from "../../accounts/validate";
import { applicationStackFile } from "../stacks/order";

type Config = Record<string, unknown>;

function readStackFile(projectDir: string, stack: string): { config: Config } {
    return parseDocument(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")).toJS() as { config: Config };
}

function stackFile(config: Config, comment: string): string {
    return `# ${comment}\n${parseDocument(JSON.stringify({ config })).toString({ lineWidth: 0 })}`;
}

/**
 * The stack files of a shipped environment with some of its applications moved to stacks of their own (`stack: own`),
 * everything else unchanged: the same environment, split. Keyed `Pulumi.<stack>.yaml`, with the organization's file.
 */
export function splitEnvironmentFiles(projectDir: string, environmentStack: string, applications: readonly string[]): Record<string, string> {
    const environment = readStackFile(projectDir, environmentStack);
    const settings = environment.config[environmentKey] as { accounts: { applications: Record<string, Config> } };
    for (const application of applications) {
        if (!settings.accounts.applications[application]) {
            throw new Error(`Pulumi.${environmentStack}.yaml has no application "${application}".`);
        }
        settings.accounts.applications[application].stack = "own";
    }
    return {
        "Pulumi.organization.yaml": fs.readFileSync(path.join(projectDir, "Pulumi.organization.yaml"), "utf8"),
        [`Pulumi.${environmentStack}.yaml`]: stackFile(environment.config, `${environmentStack}, with ${applications.join(", ")} in stacks of their own (generated)`),
        ...Object.fromEntries(applications.map((application) => [`Pulumi.${environmentStack}-app-${application}.yaml`, applicationStackFile(environmentStack, application)])),
    };
}

/** `app-001` … : names of generated applications. */
export function generatedApplicationNames(count: number): string[] {
    return Array.from({ length: count }, (_, index) => `app-${String(index + 1).padStart(3, "0")}`);
}

/**
 * A shipped environment grown to `count` generated applications, each in a stack of its own (one tenant, its own
 * /16 from 10.100.0.0), with the organization's file creating their accounts: what the benchmark plans at scale.
 */
export function scaledEnvironmentFiles(projectDir: string, environmentStack: string, count: number): Record<string, string> {
    if (count > 150) {
        throw new Error("scaledEnvironmentFiles: at most 150 applications (10.100.0.0/16 to 10.249.0.0/16).");
    }
    const environment = readStackFile(projectDir, environmentStack);
    const settings = environment.config[environmentKey] as { name: string; accounts: { applications: Record<string, Config> } };
    const organization = readStackFile(projectDir, "organization");
    const orgSettings = organization.config[organizationKey] as { environments: Record<string, { applications: Record<string, Config> }> };
    const names = generatedApplicationNames(count);
    settings.accounts.applications = Object.fromEntries(names.map((name, index) => [name, {
        vpcCidr: `10.${100 + index}.0.0/16`,
        compute: index % 2 === 0 ? "lambda" : "ecs",
        tenants: [`tenant-${index + 1}`],
        stack: "own",
        budget: { monthlyLimitUsd: 500, subscribers: ["platform-team@example.com"] },
    }]));
    orgSettings.environments[settings.name].applications = Object.fromEntries(names.map((name) => [name, {}]));
    // Reservations name applications' owners only as text; they stay as they are.
    return {
        "Pulumi.organization.yaml": stackFile(organization.config, `the organization, with ${count} generated applications in ${settings.name} (generated)`),
        [`Pulumi.${environmentStack}.yaml`]: stackFile(environment.config, `${environmentStack} with ${count} generated applications, each in a stack of its own (generated)`),
        ...Object.fromEntries(names.map((name) => [`Pulumi.${environmentStack}-app-${name}.yaml`, applicationStackFile(environmentStack, name)])),
    };
}

