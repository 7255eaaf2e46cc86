/**
 * The genai-landing-zone CrossGuard pack. Started by the Pulumi CLI (`--policy-pack policies`) and by `lz check`,
 * both through @pulumi/pulumi's run-policy-pack with this folder as working directory.
 */
import { PolicyPack } from "@pulumi/policy";
import { packName, policies } from "./policies";

new PolicyPack(packName, { policies, enforcementLevel: "mandatory" });
