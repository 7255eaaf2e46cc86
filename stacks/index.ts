import { applicationStack } from "./applicationStack";
import { loadStackConfig } from "./config";
import { environmentStack } from "./environment";
import { organizationStack } from "./organization";

// Which program runs is decided by the stack's config, never by its name.
const { config, catalogue } = loadStackConfig();

export = config.kind === "organization"
    ? organizationStack(config.organization, catalogue)
    : config.kind === "application"
        ? applicationStack(config.application, catalogue)
        : environmentStack(config.environment, catalogue);
