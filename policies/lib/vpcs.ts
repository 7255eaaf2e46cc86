/**
 * The VPCs of a stack. A VPC is an aws.ec2.Vpc, or an awsx.ec2.Vpc component: under the CLI the component's
 * aws.ec2.Vpc child is in the stack too (and wins), while the offline plan shows only the component.
 */
import { isKnownString } from "./props";
import { pointsAt, StackResource } from "./resources";

export const vpcType = "aws:ec2/vpc:Vpc";
export const awsxVpcType = "awsx:ec2:Vpc";

export interface Vpc {
    readonly resource: StackResource;
    /** Known VPC IDs (`vpc-…`). */
    readonly ids: string[];
    /** What to call it in messages. */
    readonly label: string;
}

export function vpcsOf(resources: readonly StackResource[]): Vpc[] {
    const vpcs: Vpc[] = [];
    for (const resource of resources) {
        if (resource.type === vpcType) {
            const id = resource.props.id;
            vpcs.push({ resource, ids: isKnownString(id) ? [id] : [], label: `VPC "${resource.name}"` });
        } else if (resource.type === awsxVpcType) {
            const hasChildVpc = resources.some((r) => r.type === vpcType && r.resource.parent?.urn === resource.urn);
            if (!hasChildVpc) {
                const id = resource.props.vpcId;
                vpcs.push({ resource, ids: isKnownString(id) ? [id] : [], label: `VPC "${resource.name}"` });
            }
        }
    }
    return vpcs;
}

/** True when `resource.vpcId` names `vpc` (or, not known yet, depends on it). */
export function inVpc(resource: StackResource, vpc: Vpc): boolean {
    return pointsAt(resource, "vpcId", resource.props.vpcId, vpc.resource, vpc.ids);
}
