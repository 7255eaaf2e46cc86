import { dataAccount, dataProvider, document, FakeResource } from "../harness";

export const bucketName = "acme-ai-prod-docs";
export const key = `arn:aws:kms:us-east-1:${dataAccount}:key/5678`;

export function bucket(props: Record<string, unknown> = {}): FakeResource {
    return { type: "aws:s3/bucket:Bucket", name: "docs", provider: dataProvider, props: { bucket: bucketName, id: bucketName, arn: `arn:aws:s3:::${bucketName}`, ...props } };
}

export function setting(type: string, name: string, props: Record<string, unknown>): FakeResource {
    return { type, name, provider: dataProvider, props: { bucket: bucketName, ...props } };
}

export const publicAccessBlock = setting("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "docs-public-access-block",
    { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
export const encryption = setting("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "docs-encryption",
    { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key }, bucketKeyEnabled: true }] });
export const versioning = setting("aws:s3/bucketVersioning:BucketVersioning", "docs-versioning", { versioningConfiguration: { status: "Enabled" } });
export const tlsPolicy = setting("aws:s3/bucketPolicy:BucketPolicy", "docs-policy", {
    policy: document({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }),
});
