import * as assert from "assert";
import { genaiInterfaceEndpointServices } from "../../../accounts/schema";
import { dataPerimeterEndpointPolicy, endpointServiceName, genaiEndpoints, organizationOnlyEndpointPolicy, s3GatewayEndpointPolicy } from "../../../components/network/endpoints";
import { PrivateNetworkArgs, privateNetworkProblems, subnetCidrs } from "../../../components/network/privateNetwork";
import { documentOf, genaiAccountOf, one, under } from "../../fixtures/genai/graph";
import { plan } from "../../fixtures/plans";

const org = "o-a1b2c3d4e5";

describe("PrivateNetwork: pure parts", () => {
    it("carves one subnet per zone from the start of the range, /20s of a /16", () => {
        assert.deepStrictEqual(subnetCidrs("10.30.0.0/16", 3), ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"]);
        assert.deepStrictEqual(subnetCidrs("10.40.8.0/22", 2), ["10.40.8.0/26", "10.40.8.64/26"]);
        assert.deepStrictEqual(subnetCidrs("10.0.0.0/24", 2), ["10.0.0.0/28", "10.0.0.16/28"]);
        assert.strictEqual(subnetCidrs("10.0.0.0/28", 2), undefined);
    });

    it("names endpoint services in the region's partition", () => {
        assert.strictEqual(endpointServiceName("aws", "us-east-1", "bedrock-runtime"), "com.amazonaws.us-east-1.bedrock-runtime");
        assert.strictEqual(endpointServiceName("aws-cn", "cn-north-1", "ecr.dkr"), "cn.com.amazonaws.cn-north-1.ecr.dkr");
    });

    it("lets organization principals only through an endpoint; S3 also serves ECR's image layers", () => {
        assert.deepStrictEqual(organizationOnlyEndpointPolicy(org), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowOrganizationPrincipalsOnly", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": org } } }],
        });
        assert.deepStrictEqual(s3GatewayEndpointPolicy(org, "aws", "us-west-2").Statement[1], {
            Sid: "AllowEcrImageLayers", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-us-west-2-starport-layer-bucket/*",
        });
    });

    const base: PrivateNetworkArgs = {
        region: "us-east-1",
        accountId: "123456789012",
        cidrBlock: "10.30.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b"],
        organizationId: org,
        flowLogGroupName: "/acme/flow",
        flowLogRoleName: "acme-flow",
        flowLogKeyAlias: "alias/acme-flow",
        permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b",
        securityGroupName: "acme-endpoints",
        workloadSecurityGroupName: "acme-workloads",
    };
    const cases: [string, Partial<PrivateNetworkArgs>, string[]][] = [
        ["valid arguments", {}, []],
        ["one zone", { availabilityZones: ["us-east-1a"] }, ['availabilityZones must list at least two zones (got ["us-east-1a"]); one zone is a single point of failure.']],
        ["a zone of another region", { availabilityZones: ["us-east-1a", "us-west-2b"] }, ['availabilityZones must be zones of us-east-1 (got "us-west-2b").']],
        ["a range too small", { cidrBlock: "10.0.0.0/28" }, ['cidrBlock must be an IPv4 range from /16 to /24 (got "10.0.0.0/28").']],
        ["a gateway endpoint for KMS", { endpoints: [{ service: "kms", type: "Gateway" }] }, ['endpoints: only s3 and dynamodb have gateway endpoints (got gateway "kms").']],
        ["an endpoint twice", { endpoints: [{ service: "sts", type: "Interface" }, { service: "sts", type: "Interface" }] }, ['endpoints must list each service once (got "sts" twice).']],
        ["a policy for an endpoint that is not there", { endpoints: [{ service: "sts", type: "Interface" }], endpointPolicies: { kms: "{}" } }, ['endpointPolicies names "kms", which is not one of the endpoints; add the endpoint or remove its policy.']],
        ["a flow-log retention CloudWatch does not offer", { flowLogRetentionDays: 100 }, ["flowLogRetentionDays must be a retention CloudWatch Logs accepts (got 100)."]],
    ];
    for (const [title, change, expected] of cases) {
        it(`validates: ${title}`, () => assert.deepStrictEqual(privateNetworkProblems({ ...base, ...change }), expected));
    }

    it("reuses with another endpoint list (the data account's: S3 gateway, KMS, STS and Logs)", () => {
        assert.deepStrictEqual(privateNetworkProblems({ ...base, endpoints: [{ service: "s3", type: "Gateway" }, { service: "kms", type: "Interface" }, { service: "sts", type: "Interface" }, { service: "logs", type: "Interface" }] }), []);
    });
});

describe("PrivateNetwork in the shipped prod stack", () => {
    const prefix = "prod-genai-network-us-east-1";

    it("builds three private subnets across the three prod zones, with no internet gateway or NAT anywhere", async () => {
        const graph = await plan("prod");
        const subnets = under(graph, prefix, "aws:ec2/subnet:Subnet");
        assert.deepStrictEqual(subnets.map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock, s.inputs.mapPublicIpOnLaunch, s.region]), [
            ["us-east-1a", "10.30.0.0/20", false, "us-east-1"],
            ["us-east-1b", "10.30.16.0/20", false, "us-east-1"],
            ["us-east-1c", "10.30.32.0/20", false, "us-east-1"],
        ]);
        const egress = graph.resources.filter((r) => /internetGateway|natGateway|egressOnlyInternetGateway|aws:ec2\/route:Route$|eip:Eip/.test(r.type));
        assert.deepStrictEqual(egress.map((r) => r.name), []);
        const vpc = one(graph, `${prefix}-vpc`);
        assert.deepStrictEqual([vpc.inputs.cidrBlock, vpc.inputs.enableDnsSupport, vpc.inputs.enableDnsHostnames, vpc.account, vpc.region], ["10.30.0.0/16", true, true, genaiAccountOf(graph), "us-east-1"]);
        assert.deepStrictEqual([one(graph, `${prefix}-default-security-group`).inputs.ingress, one(graph, `${prefix}-default-security-group`).inputs.egress], [[], []]);
    });

    it("creates exactly the configured endpoints, interface ones with private DNS in every subnet behind the HTTPS group", async () => {
        const graph = await plan("prod");
        const endpoints = under(graph, `${prefix}-endpoint-`, "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.deepStrictEqual(endpoints.map((e) => String(e.inputs.serviceName)).sort(), genaiEndpoints.map((e) => `com.amazonaws.us-east-1.${e.service}`).sort());
        assert.strictEqual(endpoints.length, 15);
        const subnetIds = under(graph, prefix, "aws:ec2/subnet:Subnet").map((s) => s.id);
        const group = one(graph, `${prefix}-endpoints-security-group`);
        for (const endpoint of endpoints) {
            const service = String(endpoint.inputs.serviceName).replace("com.amazonaws.us-east-1.", "");
            if (service === "s3" || service === "dynamodb") {
                assert.deepStrictEqual([endpoint.inputs.vpcEndpointType, endpoint.inputs.routeTableIds], ["Gateway", [one(graph, `${prefix}-private-route-table`).id]], service);
            } else {
                assert.ok((genaiInterfaceEndpointServices as readonly string[]).includes(service), service);
                assert.deepStrictEqual([endpoint.inputs.vpcEndpointType, endpoint.inputs.privateDnsEnabled, endpoint.inputs.subnetIds, endpoint.inputs.securityGroupIds],
                    ["Interface", true, subnetIds, [group.id]], service);
            }
            assert.strictEqual(endpoint.region, "us-east-1");
        }
        assert.deepStrictEqual(group.inputs.ingress, [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.30.0.0/16"], description: "HTTPS from the VPC" }]);
        assert.deepStrictEqual(group.inputs.egress, []);
    });

    it("gives every endpoint a policy that admits organization principals only", async () => {
        const graph = await plan("prod");
        for (const endpoint of under(graph, `${prefix}-endpoint-`, "aws:ec2/vpcEndpoint:VpcEndpoint")) {
            const policy = documentOf(endpoint);
            const service = String(endpoint.inputs.serviceName).split(".").slice(3).join(".");
            if (service === "bedrock-runtime") {
                for (const statement of policy.Statement) {
                    assert.strictEqual(statement.Condition.StringEquals["aws:PrincipalOrgID"], org);
                }
            } else if (service === "s3") {
                assert.deepStrictEqual(policy, s3GatewayEndpointPolicy(org, "aws", "us-east-1"));
            } else {
                assert.deepStrictEqual(policy, dataPerimeterEndpointPolicy(org, service), service);
            }
        }
    });

    it("lets workloads out over HTTPS to the endpoints only, S3 and DynamoDB through their prefix lists", async () => {
        const graph = await plan("prod");
        const group = one(graph, `${prefix}-workloads-security-group`);
        const gateways = ["s3", "dynamodb"].map((s) => one(graph, `${prefix}-endpoint-${s}`).outputs.prefixListId);
        assert.deepStrictEqual(group.inputs.ingress, []);
        assert.deepStrictEqual(group.inputs.egress, [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.30.0.0/16"], description: "HTTPS to the interface endpoints" },
            { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: gateways, description: "HTTPS to the gateway endpoints" },
        ]);
    });

    it("logs all traffic to a KMS-encrypted, protected log group kept 90 days, through a bounded role", async () => {
        const graph = await plan("prod");
        const account = genaiAccountOf(graph);
        const flowLog = one(graph, `${prefix}-flow-log`);
        const group = one(graph, `${prefix}-flow-logs`);
        const key = one(graph, `${prefix}-flow-logs-key-key`);
        const role = one(graph, `${prefix}-flow-logs-role`);
        assert.deepStrictEqual([flowLog.inputs.trafficType, flowLog.inputs.logDestinationType, flowLog.inputs.logDestination, flowLog.inputs.iamRoleArn, flowLog.inputs.vpcId],
            ["ALL", "cloud-watch-logs", group.outputs.arn, role.outputs.arn, one(graph, `${prefix}-vpc`).id]);
        assert.deepStrictEqual([group.inputs.name, group.inputs.retentionInDays, group.inputs.kmsKeyId, group.protect, group.retainOnDelete],
            ["/acme-ai/prod/genai/vpc-flow-logs", 90, key.outputs.arn, true, true]);
        const keyPolicy = documentOf(key);
        assert.deepStrictEqual(keyPolicy.Statement[1].Condition, {
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:us-east-1:${account}:log-group:/acme-ai/prod/genai/vpc-flow-logs`] },
        });
        assert.deepStrictEqual(keyPolicy.Statement[1].Principal, { Service: "logs.us-east-1.amazonaws.com" });
        assert.deepStrictEqual(documentOf(role, "assumeRolePolicy").Statement[0], {
            Sid: "AllowServiceForThisAccountOnly",
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/*` } },
        });
    });
});
