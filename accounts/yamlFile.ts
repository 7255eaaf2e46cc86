import * as fs from "fs";
import * as path from "path";
import { parseDocument, YAMLError } from "yaml";
import { ConfigProblem } from "./problems";

/** Reads a YAML file; a missing file or a syntax error becomes a ConfigProblem rather than an exception. */
export function readYamlFile(filePath: string): { value?: unknown; problems: ConfigProblem[] } {
    const file = path.basename(filePath);
    let text: string;
    try {
        text = fs.readFileSync(filePath, "utf8");
    } catch {
        return { problems: [{ file, path: "(file)", message: `cannot be read: no such file at ${filePath}.` }] };
    }
    const document = parseDocument(text, { uniqueKeys: true });
    if (document.errors.length > 0) {
        // The parser reports what follows a syntax error as more errors; the first one is the mistake to fix.
        return { problems: [yamlSyntaxProblem(file, document.errors[0])] };
    }
    return { value: document.toJS(), problems: [] };
}

/** What the fix is, for the syntax errors a hand-edited config file most often has. */
const fixes: Partial<Record<YAMLError["code"], string>> = {
    TAB_AS_INDENT: "is indented with a tab; YAML indents with spaces only: replace the tab with spaces.",
    DUPLICATE_KEY: "repeats a key of the same mapping; keep one of the two.",
    BAD_INDENT: "is not valid YAML: a list or mapping is not indented under its key, or a [ or { is not closed.",
    MISSING_CHAR: "is not valid YAML: a quote, ] or } is not closed before this point.",
};

function yamlSyntaxProblem(file: string, error: YAMLError): ConfigProblem {
    const at = error.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}` : "(file)";
    const parserWords = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return { file, path: where, message: fixes[error.code] ?? `is not valid YAML: ${parserWords.charAt(0).toLowerCase()}${parserWords.slice(1)}.` };
}
