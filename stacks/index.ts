import { loadStackConfig } from "./config";
import type * as application from "./applicationStack";
import type * as environment from "./environment";
import type * as organization from "./organization";

// Which program runs is decided by the stack's config, never by its name. Only that program's modules are loaded:
// the organization stack's does not need the environments' components (nor @pulumi/awsx and the SDK clients they
// load), which would double its start time.
const { config, catalogue } = loadStackConfig();

/* eslint-disable @typescript-eslint/no-require-imports */
export = config.kind === "organization"
    ? (require("./organization") as typeof organization).organizationStack(config.organization, catalogue)
    : config.kind === "application"
        ? (require("./applicationStack") as typeof application).applicationStack(config.application, catalogue)
        : (require("./environment") as typeof environment).environmentStack(config.environment, catalogue);
