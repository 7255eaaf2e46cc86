#!/usr/bin/env node
// npm links a workspace's bin into node_modules/.bin but not the root package's own; this is the root's lz command.
require("../../bin/lz.js");
