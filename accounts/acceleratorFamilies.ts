/**
 * The instance families of the accelerators the landing zone reserves: Inferentia2 and Trainium. One list, read by
 * the config validator (accounts/validate.ts) and by the policy pack's default (policies/capacity), so that what
 * the config accepts and what the pack approves cannot drift apart. Pure data, so the pack compiles it.
 */
export const acceleratorInstanceFamilies = ["inf2", "trn1", "trn1n", "trn2"] as const;
