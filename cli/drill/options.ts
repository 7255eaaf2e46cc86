/**
 * The options of `lz drill`, apart from the drill itself: the command line lists them in `lz drill --help` without
 * loading the AWS SDK, the Automation API or the simulator that a drill uses.
 */

export interface DrillOptions {
    readonly to?: string;
    readonly failback?: boolean;
    readonly graph?: string;
    readonly configFile?: string;
    readonly live?: boolean;
    readonly execute?: boolean;
    /** After a switch: set activeRegion in the stack config and run `pulumi up --refresh`. */
    readonly reconcile?: boolean;
    /** The target region's knowledge base ID, for the end-to-end Retrieve of --execute; overrides --stack-outputs. */
    readonly knowledgeBaseId?: string;
    /** The deployed stack's outputs (`pulumi stack output --json`), where --execute finds the target's knowledge base ID. */
    readonly stackOutputs?: string;
    readonly accountIds?: string;
    /** Seconds per AWS call attempt. */
    readonly timeout?: string;
    readonly reportDir?: string;
    /** A fault-injection experiment of the stack, by its `lz-drill-experiment` tag or template name. */
    readonly inject?: string;
    /** With --inject: print the AWS CLI commands that start and follow the experiment instead of starting it. */
    readonly printCommands?: boolean;
}

/** Seconds each AWS call of a live check may take when --timeout is not given. */
export const defaultTimeoutSeconds = 10;
