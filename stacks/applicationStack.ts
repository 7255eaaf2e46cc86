import * as pulumi from "@pulumi/pulumi";
import { ModelCatalogue } from "../accounts/catalogue";
import { environmentAccounts, EnvironmentAccount } from "../accounts/model";
import { ApplicationStack } from "../accounts/validate";
import { applicationSlice } from "./applicationAccount";
import { EnvironmentStackReference } from "./applicationContract";
import { applicationDrEntries } from "./disasterRecovery";
import { applicationOutputs } from "./environment";
import { OrganizationStackReference } from "./organizationReference";
import { drInventory } from "../components/resilience/inventory";

/**
 * An application stack (`<environment>-app-<name>`): one application account, deployed on its own with one AWS
 * provider whatever the number of applications, by the same code as an application the environment stack deploys
 * inline (`applicationSlice`). The genAI account's side of the application (its invoke role, inference profiles and
 * the data account's grants) stays in the environment stack, which derives it from the same config file; this stack
 * reads the rest from the environment stack's `applicationContract`, and the account's ID from the organization stack.
 */
export function applicationStack(stack: ApplicationStack, catalogue: ModelCatalogue) {
    const env = stack.environment;
    const organization = new OrganizationStackReference(env.organizationStack);
    const environment = new EnvironmentStackReference(stack.environmentStack, env, stack.name);
    const contract = environment.contract;
    const slot = environmentAccounts(env).find((account): account is EnvironmentAccount & { application: string } => account.application === stack.name)!;
    const application = applicationSlice(env, catalogue, slot, organization, {
        accountId: contract.genaiAccountId,
        organizationId: organization.organizationId,
        guardrailIdentifiers: contract.guardrailIdentifiers,
        applicationProfileArns: contract.applicationProfileArns,
    });
    return {
        environment: env.name,
        application: stack.name,
        environmentStack: stack.environmentStack,
        primaryRegion: env.primaryRegion,
        drRegion: env.dr.enabled ? env.drRegion : undefined,
        drInventory: drInventory(applicationDrEntries(env, application.sessionState)),
        accounts: { [application.account.key]: application.account.accountId },
        permissionBoundaryArns: { [application.account.key]: application.account.permissionsBoundaryArn },
        applications: { [stack.name]: { ...applicationOutputs(env, application), stack: pulumi.getStack() } },
    };
}
