import * as assert from "assert";
import { ListAWSServiceAccessForOrganizationCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { organizationPrerequisiteProblems, requiredPolicyTypes, requiredTrustedAccess } from "../../accounts/prerequisites";

const root = "r-ab12";
const allTypes = requiredPolicyTypes.map((Type) => ({ Type, Status: "ENABLED" as const }));

describe("the organization's prerequisites, read live (lz accounts --live)", () => {
    const organizations = mockClient(OrganizationsClient);
    afterEach(() => organizations.reset());
    const client = () => new OrganizationsClient({ region: "us-east-1" });

    it("finds nothing missing when every policy type and trusted access is enabled, following every page", async () => {
        organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: root, PolicyTypes: allTypes }] });
        const principals = requiredTrustedAccess.map((ServicePrincipal) => ({ ServicePrincipal }));
        organizations.on(ListAWSServiceAccessForOrganizationCommand)
            .resolvesOnce({ EnabledServicePrincipals: principals.slice(0, 3), NextToken: "page-2" })
            .resolvesOnce({ EnabledServicePrincipals: principals.slice(3) });
        assert.deepStrictEqual(await organizationPrerequisiteProblems(client()), []);
        assert.deepStrictEqual(organizations.commandCalls(ListAWSServiceAccessForOrganizationCommand).map((call) => call.args[0].input.NextToken), [undefined, "page-2"]);
    });

    it("names each missing policy type and trusted access with the command that enables it", async () => {
        organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: root, PolicyTypes: [
            ...allTypes.filter((type) => type.Type !== "RESOURCE_CONTROL_POLICY" && type.Type !== "BEDROCK_POLICY"),
            { Type: "BEDROCK_POLICY", Status: "PENDING_ENABLE" },
        ] }] });
        organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({
            EnabledServicePrincipals: requiredTrustedAccess.filter((p) => p !== "config.amazonaws.com" && p !== "guardduty.amazonaws.com").map((ServicePrincipal) => ({ ServicePrincipal })),
        });
        assert.deepStrictEqual(await organizationPrerequisiteProblems(client()), [
            `policy type RESOURCE_CONTROL_POLICY is not enabled on root ${root}; enable it with \`aws organizations enable-policy-type --root-id ${root} --policy-type RESOURCE_CONTROL_POLICY\` before running the organization stack, whose attachments fail without it.`,
            `policy type BEDROCK_POLICY is not enabled on root ${root}; enable it with \`aws organizations enable-policy-type --root-id ${root} --policy-type BEDROCK_POLICY\` before running the organization stack, whose attachments fail without it.`,
            "trusted access for config.amazonaws.com is not enabled; the organization stack enables it on its next `pulumi up`, or run `aws organizations enable-aws-service-access --service-principal config.amazonaws.com`.",
            "trusted access for guardduty.amazonaws.com is not enabled; the organization stack enables it when it designates the security account as delegated administrator, or run `aws organizations enable-aws-service-access --service-principal guardduty.amazonaws.com`.",
        ]);
    });

    it("says to use the management account when Organizations returns no root", async () => {
        organizations.on(ListRootsCommand).resolves({ Roots: [] });
        assert.deepStrictEqual(await organizationPrerequisiteProblems(client()), ["Organizations returned no root; use credentials of the management account."]);
        assert.strictEqual(organizations.commandCalls(ListAWSServiceAccessForOrganizationCommand).length, 0);
    });
});
