#!/usr/bin/env node
// npm links a workspace's bin into node_modules/.bin, not the root package's own; and a root package with an `lz` bin
// would make `npx lz` install the whole project into npx's cache before every first run. This is the root's command.
require("../../bin/lz.js");
