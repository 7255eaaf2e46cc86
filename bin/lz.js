#!/usr/bin/env node
// The lz command. Its code is compiled into dist/ by `npm ci` (the package's prepare script).
const fs = require("fs");
const path = require("path");

const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
    process.stderr.write(`lz is not built yet: run \`npm ci\` (or \`npm run build\`) in ${path.dirname(__dirname)}.\n`);
    process.exit(2);
}
// The plan workers the command needs start first: each loads the Pulumi runtime while lz loads the command.
const workers = require(path.join(__dirname, "..", "dist", "cli", "engine", "workerProcess.js"));
workers.startPlanWorkersEarly(workers.plansAhead(process.argv.slice(2)));
require(entry).main(process.argv).then((code) => {
    process.exitCode = code;
});
