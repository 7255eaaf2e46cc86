/**
 * The floor a plan is compared with: a bare Node process that only loads @pulumi/pulumi and the @pulumi/aws
 * modules the program uses (passed as arguments), then reports its peak memory.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
require("@pulumi/pulumi");
const aws = require("@pulumi/aws");
for (const module of process.argv.slice(2)) {
    // @pulumi/aws loads each service module lazily on first access, exactly as the program does.
    void aws[module];
}
process.send!({ maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
