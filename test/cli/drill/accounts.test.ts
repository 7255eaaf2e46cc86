import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    AccessDeniedException,
    ListAccountsCommand,
    ListOrganizationalUnitsForParentCommand,
    ListParentsCommand,
    ListRootsCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { OrganizationConfig } from "../../../accounts/schema";
import { accountChecks, AccountIdsFileError, readAccountIdsFile, resolveLiveAccounts } from "../../../cli/drill/live/accounts";
import { loadStack } from "../../../cli/engine/stackFiles";
import { environmentOf, tempDir } from "../../fixtures/drill/graphs";
import { projectDir } from "../../fixtures/plans";

const prod = environmentOf("prod").environment;
const organization = (loadStack(projectDir, "organization").config as { organization: OrganizationConfig }).organization;

function idsFile(content: unknown): string {
    const file = path.join(tempDir(), "ids.json");
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
}

/** The organization of Pulumi.organization.yaml as AWS Organizations would answer for it. */
function mockedOrganization() {
    const client = new OrganizationsClient({ region: "us-east-1" });
    const mock = mockClient(client);
    mock.onAnyCommand().rejects(new Error("test mock: unexpected Organizations call"));
    mock.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-ab12", Name: "Root", Arn: "arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12" }] });
    mock.on(ListAccountsCommand).resolves({
        Accounts: [
            { Id: "444455556666", Name: "acme-ai-prod-genai", Email: "aws+acme-ai-prod-genai@example.com", State: "ACTIVE" },
            { Id: "210987654321", Name: "legacy-data", Email: "data@example.com", State: "ACTIVE" },
            { Id: "777788889999", Name: "acme-ai-prod-app-chat", Email: "aws+acme-ai-prod-app-chat@example.com", State: "ACTIVE" },
            { Id: "123412341234", Name: "acme-ai-prod-app-search", Email: "aws+acme-ai-prod-app-search@example.com", State: "SUSPENDED" },
        ],
    });
    mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "r-ab12" }).resolves({ OrganizationalUnits: [{ Id: "ou-workloads", Name: "Workloads" }, { Id: "ou-security", Name: "Security" }] });
    mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-workloads" }).resolves({ OrganizationalUnits: [{ Id: "ou-prod", Name: "prod" }] });
    mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-security" }).resolves({ OrganizationalUnits: [] });
    mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-prod" }).resolves({ OrganizationalUnits: [] });
    mock.on(ListParentsCommand).resolves({ Parents: [{ Id: "ou-prod", Type: "ORGANIZATIONAL_UNIT" }] });
    return { client, mock };
}

describe("lz drill --live account IDs", () => {
    describe("--account-ids", () => {
        it("reads a map of account keys to IDs", () => {
            assert.deepStrictEqual([...readAccountIdsFile(idsFile({ genai: "444455556666", "app-chat": "777788889999" }), prod)], [["genai", "444455556666"], ["app-chat", "777788889999"]]);
        });

        it("reads the organization stack's accounts output, taking the environment's own", () => {
            const output = { dev: { genai: "999999999999" }, prod: { genai: "444455556666", data: "210987654321" } };
            assert.deepStrictEqual([...readAccountIdsFile(idsFile(output), prod)], [["genai", "444455556666"], ["data", "210987654321"]]);
        });

        it("lists every mistake at once", () => {
            const file = idsFile({ genai: "4444", mlops: "123456789012" });
            assert.throws(() => readAccountIdsFile(file, prod), (error: Error) => error instanceof AccountIdsFileError && error.message
                === '--account-ids ids.json has 2 problems: "genai" must be a 12-digit account ID (got "4444"); "mlops" is not an account of prod (accounts: genai, data, app-chat, app-search).');
        });

        it("refuses a file that is not JSON", () => {
            const file = idsFile("genai: 444455556666");
            assert.throws(() => readAccountIdsFile(file, prod), (error: Error) => error instanceof AccountIdsFileError && error.message.startsWith(`--account-ids ${file}: Unexpected token`));
        });
    });

    describe("resolution", () => {
        it("takes the file first, then adopted IDs from config, then AWS Organizations", async () => {
            const { client, mock } = mockedOrganization();
            const accounts = await resolveLiveAccounts({
                environment: prod,
                keys: ["genai", "data", "app-chat", "app-search"],
                fromFile: new Map([["app-chat", "777788889999"]]),
                fileName: "ids.json",
                organization,
                organizationsClient: () => client,
            });
            assert.deepStrictEqual(accounts, [
                { key: "genai", id: "444455556666", source: "found in AWS Organizations: acme-ai-prod-genai, Root/Workloads/prod" },
                { key: "data", id: "210987654321", source: "adopted (landing-zone:environment.accounts.data.id)" },
                { key: "app-chat", id: "777788889999", source: "from --account-ids ids.json" },
                {
                    key: "app-search",
                    source: 'prod/app-search: account "acme-ai-prod-app-search" (id 123412341234) is SUSPENDED; a closed account can be reopened through AWS Support '
                        + "within 90 days of closure, otherwise set landing-zone:organization.environments.prod.applications.search.id to a replacement account.",
                },
            ]);
            assert.deepStrictEqual(accountChecks(accounts).map((check) => [check.name, check.verdict]), [
                ["account genai", "pass"], ["account data", "pass"], ["account app-chat", "pass"], ["account app-search", "fail"],
            ]);
            mock.restore();
        });

        it("does not ask Organizations when every account is known", async () => {
            const { client, mock } = mockedOrganization();
            await resolveLiveAccounts({ environment: prod, keys: ["genai", "data"], fromFile: new Map([["genai", "444455556666"]]), organization, organizationsClient: () => client });
            assert.strictEqual(mock.calls().length, 0);
            mock.restore();
        });

        it("explains what to do when Organizations refuses the caller", async () => {
            const { client, mock } = mockedOrganization();
            mock.on(ListRootsCommand).rejects(new AccessDeniedException({ message: "You don't have permissions to access this resource.", $metadata: {} }));
            const [genai] = await resolveLiveAccounts({ environment: prod, keys: ["genai"], organization, organizationsClient: () => client });
            assert.deepStrictEqual(genai, {
                key: "genai",
                source: "could not look prod/genai up in AWS Organizations (AccessDeniedException: You don't have permissions to access this resource.); "
                    + "use management-account credentials or pass --account-ids <file> (`pulumi stack output accounts --json -s organization`)",
            });
            mock.restore();
        });

        it("explains what to do when there is no organization stack to look IDs up from", async () => {
            const [genai] = await resolveLiveAccounts({ environment: prod, keys: ["genai"] });
            assert.strictEqual(genai.source, 'no ID for prod/genai: the organization stack "organization" has no stack file here to look it up from; '
                + "pass --account-ids <file> (`pulumi stack output accounts --json -s organization`)");
        });
    });
});
