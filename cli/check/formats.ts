/** The output formats of `lz check`, apart from their code so that the command line can list them cheaply. */
export const checkFormats = ["text", "json", "sarif", "markdown"] as const;
export type CheckFormat = (typeof checkFormats)[number];
