import * as assert from "assert";
import { permissionBoundaryDocument } from "../../../components/identity/permissionBoundary";
import { decide } from "../../fixtures/genai/simulate";

const boundaryArn = "arn:aws:iam::123456789012:policy/acme-ai-lz-permission-boundary";
const boundary = permissionBoundaryDocument("aws", "123456789012", "acme-ai-lz-permission-boundary");

describe("PermissionBoundary (simulated, for a role that has every permission)", () => {
    const cases: [string, string, string, Record<string, string>, string][] = [
        ["invoke a model", "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0", {}, "Allowed"],
        ["create an access key", "iam:CreateAccessKey", "arn:aws:iam::123456789012:user/someone", {}, "ExplicitlyDenied"],
        ["create a role without the boundary", "iam:CreateRole", "arn:aws:iam::123456789012:role/escape", {}, "ExplicitlyDenied"],
        ["create a role with the boundary", "iam:CreateRole", "arn:aws:iam::123456789012:role/bounded", { "iam:PermissionsBoundary": boundaryArn }, "Allowed"],
        ["edit the boundary", "iam:CreatePolicyVersion", boundaryArn, {}, "ExplicitlyDenied"],
        ["open a path to the internet", "ec2:CreateInternetGateway", "arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-0123456789abcdef0", {}, "ExplicitlyDenied"],
        ["switch off prompt logging", "bedrock:DeleteModelInvocationLoggingConfiguration", "*", {}, "ExplicitlyDenied"],
        ["schedule a key's deletion", "kms:ScheduleKeyDeletion", "arn:aws:kms:us-east-1:123456789012:key/k", {}, "ExplicitlyDenied"],
        ["leave the organization", "organizations:LeaveOrganization", "*", {}, "ExplicitlyDenied"],
    ];
    for (const [title, action, resource, context, expected] of cases) {
        it(`${title} → ${expected}`, async () => {
            assert.strictEqual(await decide({ action, resource, context }, { permissionBoundary: boundary }), expected);
        });
    }

    it("names its own ARN, so that it cannot be edited or dropped by the roles it bounds", () => {
        assert.deepStrictEqual(boundary.Statement.find((s) => s.Sid === "DenyChangingThisBoundaryPolicy")!.Resource, boundaryArn);
        assert.deepStrictEqual(boundary.Statement.find((s) => s.Sid === "DenyRolesWithoutThisBoundary")!.Condition, { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } });
    });
});
