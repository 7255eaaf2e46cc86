import * as assert from "assert";
import {
    AccessDeniedException,
    Account,
    ListAccountsCommand,
    ListOrganizationalUnitsForParentCommand,
    ListParentsCommand,
    ListRootsCommand,
    OrganizationalUnit,
    OrganizationsClient,
    TooManyRequestsException,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import {
    AccountResolution,
    formatResolution,
    isThrottlingError,
    resolveAccounts,
    withThrottlingRetry,
} from "../../accounts/resolver";
import { OrganizationConfig, organizationSecuritySchema } from "../../accounts/schema";

const organizationId = "o-a1b2c3d4e5";
const managementAccountId = "999999999999";

function organizationConfig(): OrganizationConfig {
    return {
        organizationId,
        managementAccountId,
        homeRegion: "us-east-1",
        namePrefix: "acme-ai",
        owner: "platform-team",
        costCenter: "cc-1234",
        accountEmailTemplate: "aws+{account}@example.com",
        accessRoleName: "OrganizationAccountAccessRole",
        allowedRegions: ["us-east-1", "us-west-2"],
        environments: {
            // genai and chat are adopted by ID; data is created by the organization stack and found by name or e-mail.
            prod: { genai: { id: "111111111111" }, data: {}, applications: { chat: { id: "222222222222" } } },
            dev: { genai: {}, data: {}, applications: { chat: {} } },
        },
        budget: { monthlyLimitUsd: 200, subscribers: ["platform-team@example.com"] },
        security: organizationSecuritySchema.parse({}),
    };
}

const ou = {
    root: "r-ab12",
    security: "ou-ab12-security",
    workloads: "ou-ab12-workloads",
    sandbox: "ou-ab12-sandbox",
    prod: "ou-ab12-prod",
    dev: "ou-ab12-dev",
};

function account(id: string, name: string, extra: Partial<Account> = {}): Account {
    return {
        Id: id,
        Arn: `arn:aws:organizations::${managementAccountId}:account/${organizationId}/${id}`,
        Name: name,
        Email: `aws+${name}@example.com`,
        Status: "ACTIVE",
        State: "ACTIVE",
        ...extra,
    };
}

function organizationalUnit(id: string, name: string): OrganizationalUnit {
    return { Id: id, Name: name, Arn: `arn:aws:organizations::${managementAccountId}:ou/${organizationId}/${id}` };
}

/** A live organization as the mock serves it: every list is given as its pages. */
interface World {
    rootArn: string;
    accountPages: Account[][];
    ouPages: Record<string, OrganizationalUnit[][]>;
    parentOf: Record<string, string>;
    /** Errors thrown by the first calls of a command, before it answers normally. */
    failFirst?: { command: "ListRoots" | "ListAccounts"; errors: Error[] };
}

function healthyWorld(): World {
    return {
        rootArn: `arn:aws:organizations::${managementAccountId}:root/${organizationId}/${ou.root}`,
        accountPages: [
            [account(managementAccountId, "acme-ai-management"), account("111111111111", "acme-ai-prod-genai")],
            [account("333333333333", "acme-ai-prod-data"), account("444444444444", "acme-ai-dev-genai")],
            [account("222222222222", "acme-ai-prod-app-chat")],
        ],
        ouPages: {
            [ou.root]: [
                [organizationalUnit(ou.security, "Security"), organizationalUnit(ou.sandbox, "Sandbox")],
                [organizationalUnit(ou.workloads, "Workloads")],
            ],
            [ou.security]: [[]],
            [ou.sandbox]: [[]],
            [ou.workloads]: [[organizationalUnit(ou.dev, "dev")], [organizationalUnit(ou.prod, "prod")]],
            [ou.dev]: [[]],
            [ou.prod]: [[]],
        },
        parentOf: {
            [managementAccountId]: ou.root,
            "111111111111": ou.prod,
            "222222222222": ou.prod,
            "333333333333": ou.prod,
            "444444444444": ou.dev,
        },
    };
}

/** Page N of a list is asked for with NextToken "page-N"; the first page with none. */
function page<T>(pages: T[][], nextToken: string | undefined, what: string): { items: T[]; NextToken?: string } {
    const index = nextToken === undefined ? 0 : Number(/^page-(\d+)$/.exec(nextToken)?.[1] ?? NaN) - 1;
    if (!(index >= 0 && index < pages.length)) {
        throw new Error(`test mock: unexpected NextToken ${nextToken} for ${what}`);
    }
    return { items: pages[index], ...(index + 1 < pages.length ? { NextToken: `page-${index + 2}` } : {}) };
}

function mockOrganization(world: World) {
    const client = new OrganizationsClient({ region: "us-east-1" });
    const mock = mockClient(client);
    const failures = [...(world.failFirst?.errors ?? [])];
    const failOnce = (command: string) => {
        if (world.failFirst?.command === command && failures.length > 0) {
            throw failures.shift();
        }
    };
    // Registered first so that the specific answers below take precedence; anything else fails the test.
    mock.onAnyCommand().rejects(new Error("test mock: unexpected Organizations call"));
    mock.on(ListRootsCommand).callsFake((input) => {
        failOnce("ListRoots");
        const { items, NextToken } = page([[{ Id: ou.root, Name: "Root", Arn: world.rootArn }]], input.NextToken, "ListRoots");
        return { Roots: items, NextToken };
    });
    mock.on(ListAccountsCommand).callsFake((input) => {
        failOnce("ListAccounts");
        const { items, NextToken } = page(world.accountPages, input.NextToken, "ListAccounts");
        return { Accounts: items, NextToken };
    });
    mock.on(ListOrganizationalUnitsForParentCommand).callsFake((input) => {
        const pages = world.ouPages[input.ParentId];
        if (!pages) {
            throw new Error(`test mock: unexpected ParentId ${input.ParentId}`);
        }
        const { items, NextToken } = page(pages, input.NextToken, `OUs of ${input.ParentId}`);
        return { OrganizationalUnits: items, NextToken };
    });
    mock.on(ListParentsCommand).callsFake((input) => {
        const parentId = world.parentOf[input.ChildId];
        if (!parentId || input.NextToken !== undefined) {
            throw new Error(`test mock: unexpected ListParents for ${input.ChildId}`);
        }
        return { Parents: [{ Id: parentId, Type: parentId.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT" }] };
    });
    return { client, mock };
}

function recordingSleep() {
    const delays: number[] = [];
    return { delays, sleep: async (ms: number) => { delays.push(ms); } };
}

function byKey(resolution: AccountResolution, key: string) {
    const found = resolution.accounts.find((candidate) => candidate.key === key);
    assert.ok(found, `no result for ${key}`);
    return found;
}

function throttled(): TooManyRequestsException {
    return new TooManyRequestsException({ $metadata: { httpStatusCode: 400 }, message: "AWS Organizations can't complete your request because another request is already in progress." });
}

describe("accounts/resolver", () => {
    describe("resolveAccounts", () => {
        it("follows every page of accounts and OUs and resolves each prod account", async () => {
            const { client, mock } = mockOrganization(healthyWorld());
            const { delays, sleep } = recordingSleep();

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep });

            assert.deepStrictEqual(resolution, {
                organizationId,
                environment: "prod",
                ok: true,
                accounts: [
                    {
                        key: "genai", role: "genai", name: "acme-ai-prod-genai", expectedId: "111111111111", id: "111111111111",
                        state: "ACTIVE", ouPath: "Root/Workloads/prod", status: "ok",
                        message: "prod/genai: account \"acme-ai-prod-genai\" (id 111111111111) is ACTIVE in OU \"Root/Workloads/prod\".",
                    },
                    {
                        key: "data", role: "data", name: "acme-ai-prod-data", id: "333333333333",
                        state: "ACTIVE", ouPath: "Root/Workloads/prod", status: "ok",
                        message: "prod/data: account \"acme-ai-prod-data\" (id 333333333333) is ACTIVE in OU \"Root/Workloads/prod\".",
                    },
                    {
                        key: "app-chat", role: "application", application: "chat", name: "acme-ai-prod-app-chat",
                        expectedId: "222222222222", id: "222222222222",
                        state: "ACTIVE", ouPath: "Root/Workloads/prod", status: "ok",
                        message: "prod/app-chat: account \"acme-ai-prod-app-chat\" (id 222222222222) is ACTIVE in OU \"Root/Workloads/prod\".",
                    },
                ],
            });
            assert.deepStrictEqual(mock.commandCalls(ListAccountsCommand).map((call) => call.args[0].input.NextToken), [undefined, "page-2", "page-3"]);
            assert.deepStrictEqual(
                mock.commandCalls(ListOrganizationalUnitsForParentCommand).map((call) => `${call.args[0].input.ParentId}:${call.args[0].input.NextToken ?? "first"}`),
                [
                    `${ou.root}:first`, `${ou.root}:page-2`,
                    `${ou.security}:first`, `${ou.sandbox}:first`, `${ou.workloads}:first`, `${ou.workloads}:page-2`,
                    `${ou.dev}:first`, `${ou.prod}:first`,
                ],
            );
            assert.deepStrictEqual(mock.commandCalls(ListParentsCommand).map((call) => call.args[0].input.ChildId), ["111111111111", "333333333333", "222222222222"]);
            assert.strictEqual(mock.commandCalls(ListRootsCommand).length, 1);
            assert.strictEqual(mock.calls().length, 1 + 3 + 8 + 3);
            assert.deepStrictEqual(delays, []);
        });

        it("retries throttled calls with growing delays, then resolves", async () => {
            const world = healthyWorld();
            world.failFirst = { command: "ListAccounts", errors: [throttled(), throttled()] };
            const { client, mock } = mockOrganization(world);
            const { delays, sleep } = recordingSleep();

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep, baseDelayMs: 100 });

            assert.strictEqual(resolution.ok, true);
            assert.deepStrictEqual(resolution.accounts.map((resolved) => [resolved.key, resolved.id, resolved.status]), [
                ["genai", "111111111111", "ok"],
                ["data", "333333333333", "ok"],
                ["app-chat", "222222222222", "ok"],
            ]);
            // Two throttled attempts at the first page, then the three pages.
            assert.deepStrictEqual(mock.commandCalls(ListAccountsCommand).map((call) => call.args[0].input.NextToken), [undefined, undefined, undefined, "page-2", "page-3"]);
            assert.strictEqual(delays.length, 2);
            // Equal jitter: retry n waits between half and all of baseDelayMs * 2^(n-1).
            assert.ok(delays[0] >= 50 && delays[0] < 100, `first delay ${delays[0]}`);
            assert.ok(delays[1] >= 100 && delays[1] < 200, `second delay ${delays[1]}`);
            assert.ok(delays[1] > delays[0], `delays ${delays.join(", ")} do not grow`);
        });

        it("does not retry an error that is not throttling", async () => {
            const world = healthyWorld();
            const denied = new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: "You don't have permissions to access this resource." });
            world.failFirst = { command: "ListAccounts", errors: [denied] };
            const { client, mock } = mockOrganization(world);
            const { delays, sleep } = recordingSleep();

            await assert.rejects(resolveAccounts(client, organizationConfig(), "prod", { sleep }), (error: unknown) => error === denied);
            assert.strictEqual(mock.commandCalls(ListAccountsCommand).length, 1);
            assert.deepStrictEqual(delays, []);
        });

        it("reports an adopted account whose ID is not in the organization as missing", async () => {
            const world = healthyWorld();
            world.accountPages[2] = [account("555555555555", "someone-else")];
            const { client, mock } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            assert.strictEqual(resolution.ok, false);
            assert.deepStrictEqual(byKey(resolution, "app-chat"), {
                key: "app-chat",
                role: "application",
                application: "chat",
                name: "acme-ai-prod-app-chat",
                expectedId: "222222222222",
                status: "missing",
                message: "prod/app-chat: no account with id 222222222222 exists in organization o-a1b2c3d4e5; check landing-zone:organization.environments.prod.applications.chat.id.",
            });
            assert.deepStrictEqual(resolution.accounts.map((resolved) => resolved.status), ["ok", "ok", "missing"]);
            assert.deepStrictEqual(mock.commandCalls(ListParentsCommand).map((call) => call.args[0].input.ChildId), ["111111111111", "333333333333"]);
        });

        it("reports a created account found by neither name nor e-mail as missing", async () => {
            const world = healthyWorld();
            world.accountPages[1] = [account("444444444444", "acme-ai-dev-genai")];
            const { client } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            assert.deepStrictEqual(byKey(resolution, "data"), {
                key: "data",
                role: "data",
                name: "acme-ai-prod-data",
                status: "missing",
                message: "prod/data: no account named \"acme-ai-prod-data\" or with e-mail \"aws+acme-ai-prod-data@example.com\" exists in organization o-a1b2c3d4e5; "
                    + "run the organization stack to create it, or set landing-zone:organization.environments.prod.data.id to adopt an existing account.",
            });
        });

        const closedStates: { title: string; fields: Partial<Account>; shown: string; state: string }[] = [
            { title: "Status SUSPENDED (no State field)", fields: { Status: "SUSPENDED", State: undefined }, shown: "SUSPENDED", state: "SUSPENDED" },
            { title: "State PENDING_CLOSURE", fields: { Status: "PENDING_CLOSURE", State: "PENDING_CLOSURE" }, shown: "PENDING_CLOSURE", state: "PENDING_CLOSURE" },
            { title: "State CLOSED", fields: { Status: "SUSPENDED", State: "CLOSED" }, shown: "CLOSED", state: "CLOSED" },
        ];
        for (const closed of closedStates) {
            it(`reports an account with ${closed.title} as suspended`, async () => {
                const world = healthyWorld();
                world.accountPages[0][1] = account("111111111111", "acme-ai-prod-genai", closed.fields);
                const { client } = mockOrganization(world);

                const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

                assert.strictEqual(resolution.ok, false);
                assert.deepStrictEqual(byKey(resolution, "genai"), {
                    key: "genai",
                    role: "genai",
                    name: "acme-ai-prod-genai",
                    expectedId: "111111111111",
                    id: "111111111111",
                    state: closed.state,
                    ouPath: "Root/Workloads/prod",
                    status: "suspended",
                    message: `prod/genai: account "acme-ai-prod-genai" (id 111111111111) is ${closed.shown}; a closed account can be reopened through AWS Support `
                        + "within 90 days of closure, otherwise set landing-zone:organization.environments.prod.genai.id to a replacement account.",
                });
            });
        }

        it("reports an account outside the environment's OU as wrong-ou", async () => {
            const world = healthyWorld();
            world.parentOf["111111111111"] = ou.sandbox;
            const { client } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            assert.strictEqual(resolution.ok, false);
            assert.deepStrictEqual(byKey(resolution, "genai"), {
                key: "genai",
                role: "genai",
                name: "acme-ai-prod-genai",
                expectedId: "111111111111",
                id: "111111111111",
                state: "ACTIVE",
                ouPath: "Root/Sandbox",
                status: "wrong-ou",
                message: "prod/genai: account \"acme-ai-prod-genai\" (id 111111111111) is in OU \"Root/Sandbox\", expected \"Root/Workloads/prod\"; "
                    + "move it with aws organizations move-account or the organization stack.",
            });
            assert.deepStrictEqual(resolution.accounts.map((resolved) => resolved.status), ["wrong-ou", "ok", "ok"]);
        });

        it("says so when the environment's OU does not exist yet", async () => {
            const world = healthyWorld();
            world.ouPages[ou.workloads] = [[organizationalUnit(ou.dev, "dev")]];
            delete world.ouPages[ou.prod];
            world.parentOf["111111111111"] = ou.workloads;
            world.parentOf["222222222222"] = ou.workloads;
            world.parentOf["333333333333"] = ou.workloads;
            const { client } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            assert.deepStrictEqual(resolution.accounts.map((resolved) => [resolved.status, resolved.ouPath]), [
                ["wrong-ou", "Root/Workloads"], ["wrong-ou", "Root/Workloads"], ["wrong-ou", "Root/Workloads"],
            ]);
            assert.strictEqual(byKey(resolution, "data").message,
                "prod/data: account \"acme-ai-prod-data\" (id 333333333333) is in OU \"Root/Workloads\", expected \"Root/Workloads/prod\"; "
                + "that OU does not exist yet; run the organization stack to create it and move the account.");
        });

        it("matches a created account without an ID by name when its e-mail differs", async () => {
            const world = healthyWorld();
            world.accountPages[1][0] = account("333333333333", "acme-ai-prod-data", { Email: "legacy-data@example.com" });
            const { client } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            const data = byKey(resolution, "data");
            assert.strictEqual(data.expectedId, undefined);
            assert.deepStrictEqual([data.id, data.status, data.ouPath, data.name], ["333333333333", "ok", "Root/Workloads/prod", "acme-ai-prod-data"]);
        });

        it("matches a created account by e-mail when it was renamed in Organizations", async () => {
            const world = healthyWorld();
            world.accountPages[1][0] = account("333333333333", "Data (prod)", { Email: "aws+acme-ai-prod-data@example.com" });
            const { client } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            const data = byKey(resolution, "data");
            assert.deepStrictEqual([data.id, data.status, data.name], ["333333333333", "ok", "Data (prod)"]);
        });

        it("prefers the active account when a closed one shares its name", async () => {
            const world = healthyWorld();
            world.accountPages[1] = [
                account("666666666666", "acme-ai-prod-data", { Email: "old-data@example.com", Status: "SUSPENDED", State: "CLOSED" }),
                account("333333333333", "acme-ai-prod-data", { Email: "new-data@example.com" }),
            ];
            world.parentOf["666666666666"] = ou.prod;
            const { client } = mockOrganization(world);

            const resolution = await resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} });

            assert.deepStrictEqual([byKey(resolution, "data").id, byKey(resolution, "data").status], ["333333333333", "ok"]);
        });

        it("rejects an unknown environment before calling Organizations", async () => {
            const { client, mock } = mockOrganization(healthyWorld());

            await assert.rejects(
                resolveAccounts(client, organizationConfig(), "qa", { sleep: async () => {} }),
                { name: "Error", message: "Unknown environment \"qa\"; landing-zone:organization.environments defines \"dev\", \"prod\"." },
            );
            assert.strictEqual(mock.calls().length, 0);
        });

        it("rejects credentials of another organization instead of reporting every account missing", async () => {
            const world = healthyWorld();
            world.rootArn = `arn:aws:organizations::${managementAccountId}:root/o-zz9988776655/${ou.root}`;
            const { client, mock } = mockOrganization(world);

            await assert.rejects(
                resolveAccounts(client, organizationConfig(), "prod", { sleep: async () => {} }),
                {
                    message: "The credentials reach organization o-zz9988776655, but landing-zone:organization.organizationId is o-a1b2c3d4e5; "
                        + "use credentials of management account 999999999999 or correct organizationId.",
                },
            );
            assert.strictEqual(mock.commandCalls(ListAccountsCommand).length, 0);
        });
    });

    describe("withThrottlingRetry", () => {
        const throttlingErrors: { title: string; error: unknown; throttling: boolean }[] = [
            { title: "TooManyRequestsException", error: throttled(), throttling: true },
            { title: "a ThrottlingException by name", error: Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }), throttling: true },
            { title: "a ThrottlingException by code", error: { code: "ThrottlingException" }, throttling: true },
            { title: "HTTP 429", error: { name: "Unknown", $metadata: { httpStatusCode: 429 } }, throttling: true },
            { title: "AccessDeniedException", error: new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: "denied" }), throttling: false },
            { title: "a plain Error", error: new Error("boom"), throttling: false },
            { title: "undefined", error: undefined, throttling: false },
        ];
        for (const { title, error, throttling } of throttlingErrors) {
            it(`treats ${title} as ${throttling ? "" : "not "}throttling`, () => {
                assert.strictEqual(isThrottlingError(error), throttling);
            });
        }

        it("gives up after maxAttempts and rethrows the last throttling error", async () => {
            const { delays, sleep } = recordingSleep();
            const errors = [throttled(), throttled(), throttled()];
            let attempts = 0;

            await assert.rejects(
                withThrottlingRetry(async () => { throw errors[attempts++]; }, { maxAttempts: 3, baseDelayMs: 10, sleep }),
                (error: unknown) => error === errors[2],
            );
            assert.strictEqual(attempts, 3);
            assert.strictEqual(delays.length, 2);
        });

        it("waits baseDelayMs-scaled delays that double up to the cap", async () => {
            const { delays, sleep } = recordingSleep();
            let attempts = 0;

            const value = await withThrottlingRetry(async () => {
                attempts++;
                if (attempts < 8) {
                    throw throttled();
                }
                return "done";
            }, { maxAttempts: 8, baseDelayMs: 1000, sleep });

            assert.strictEqual(value, "done");
            assert.strictEqual(attempts, 8);
            // Uncapped, the sixth retry would wait up to 32 s; the 20 s cap holds it and every later one to 10-20 s.
            const bounds = [[500, 1000], [1000, 2000], [2000, 4000], [4000, 8000], [8000, 16000], [10000, 20000], [10000, 20000]];
            assert.strictEqual(delays.length, bounds.length);
            delays.forEach((delay, index) => {
                const [low, high] = bounds[index];
                assert.ok(delay >= low && delay < high, `delay ${index + 1} is ${delay}, expected ${low} to under ${high}`);
            });
        });
    });

    describe("formatResolution", () => {
        it("prints one aligned line per account, with the message for those that need a fix", () => {
            const resolution: AccountResolution = {
                organizationId,
                environment: "prod",
                ok: false,
                accounts: [
                    { key: "genai", role: "genai", name: "acme-ai-prod-genai", id: "111111111111", state: "ACTIVE", ouPath: "Root/Workloads/prod", status: "ok", message: "fine" },
                    { key: "data", role: "data", name: "acme-ai-prod-data", status: "missing", message: "prod/data: no account." },
                    { key: "app-chat", role: "application", application: "chat", name: "acme-ai-prod-app-chat", id: "222222222222", state: "ACTIVE", ouPath: "Root/Sandbox", status: "wrong-ou", message: "prod/app-chat: move it." },
                ],
            };

            assert.strictEqual(formatResolution(resolution), [
                "Environment \"prod\" in organization o-a1b2c3d4e5: 2 of 3 accounts need attention.",
                "ACCOUNT   ID            STATUS    OU",
                "genai     111111111111  ok        Root/Workloads/prod",
                "data      -             missing   -                    prod/data: no account.",
                "app-chat  222222222222  wrong-ou  Root/Sandbox         prod/app-chat: move it.",
            ].join("\n"));
        });
    });
});
