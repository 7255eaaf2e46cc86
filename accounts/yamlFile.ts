import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
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
        return {
            problems: document.errors.map((error) => ({
                file,
                path: `line ${error.linePos?.[0].line ?? "?"}`,
                message: `is not valid YAML: ${error.message.split("\n")[0]}`,
            })),
        };
    }
    return { value: document.toJS(), problems: [] };
}
