/**
 * The instance families of the accelerators the landing zone reserves: Inferentia2 and Trainium. One list, read by
 * the config validator (accounts/validate.ts) and by the policy pack's default (policies/capacity), so that what
 * the config accepts and what the pack approves cannot drift apart. Pure data, so the pack compiles it.
 */
export const acceleratorInstanceFamilies = ["inf2", "trn1", "trn1n", "trn2"] as const;

/** True for an Inferentia2 or Trainium instance type (`inf2.xlarge`, `trn1n.32xlarge`): the one rule config and components share. */
export function isAcceleratorInstanceType(instanceType: string): boolean {
    const [family, size] = instanceType.split(".");
    return size !== undefined && /^[a-z0-9-]+$/.test(size) && (acceleratorInstanceFamilies as readonly string[]).includes(family);
}
