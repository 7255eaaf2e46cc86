import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OrganizationalUnitSpec } from "../../accounts/model";

export interface OrganizationalUnitsArgs {
    /** ID of the organization root (`r-xxxx`). */
    readonly rootId: pulumi.Input<string>;
    /** The tree, parents before children. */
    readonly units: readonly OrganizationalUnitSpec[];
}

export function organizationalUnitsProblems(args: OrganizationalUnitsArgs): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const unit of args.units) {
        if (seen.has(unit.key)) {
            problems.push(`units lists OU key "${unit.key}" twice; keys must be unique.`);
        }
        if (unit.parentKey !== undefined && !seen.has(unit.parentKey)) {
            problems.push(`units has OU "${unit.key}" before its parent "${unit.parentKey}"; list parents first.`);
        }
        seen.add(unit.key);
    }
    return problems;
}

/** The landing zone's OU tree. OUs are protected: replacing one would strand the accounts inside it. */
export class OrganizationalUnits extends pulumi.ComponentResource {
    public readonly ids: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: OrganizationalUnitsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("lz:organization:OrganizationalUnits", name, {}, opts);
        const problems = organizationalUnitsProblems(args);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(problems.join(" "), this);
        }
        const ids: Record<string, pulumi.Output<string>> = {};
        for (const unit of args.units) {
            const ou = new aws.organizations.OrganizationalUnit(`${name}-${unit.key}`, {
                name: unit.name,
                parentId: unit.parentKey === undefined ? args.rootId : ids[unit.parentKey],
            }, { parent: this, protect: true });
            ids[unit.key] = ou.id;
        }
        this.ids = ids;
        this.registerOutputs({ ids });
    }
}
