/** The tags every resource carries, applied through each provider's defaultTags. */
export interface LandingZoneTags {
    readonly environment: string;
    readonly "account-role": string;
    readonly owner: string;
    readonly "cost-center": string;
    readonly "managed-by": string;
}

export const managedBy = "genai-landing-zone";

export function landingZoneTags(environment: string, accountRole: string, owner: string, costCenter: string): LandingZoneTags {
    return { environment, "account-role": accountRole, owner, "cost-center": costCenter, "managed-by": managedBy };
}
