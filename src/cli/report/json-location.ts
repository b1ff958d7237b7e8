import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Where in a JSON text a problem is. `JSON.parse` does the parsing (it is fast); these run only
 * once something is wrong, because Node 20's `JSON.parse` messages carry no position and a
 * schema error needs to point at the value that broke it.
 */

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export interface JsonSyntaxProblem extends TextPosition {
  message: string;
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** The first syntax error in a text that `JSON.parse` rejected, located. */
export function locateJsonSyntaxError(text: string, fallbackMessage: string): JsonSyntaxProblem {
  const errors: ParseError[] = [];
  parseTree(text, errors, STRICT);
  const first = errors[0];
  if (first === undefined) return { ...positionOf(text, 0), message: fallbackMessage };
  return { ...positionOf(text, first.offset), message: `invalid JSON (${describe(first)})` };
}

/** The position of the value at a path (object keys and array indices), or null when absent. */
export function locateJsonValue(text: string, path: readonly (string | number)[]): TextPosition | null {
  const root = parseTree(text, [], STRICT);
  const node = root === undefined ? undefined : findNodeAtLocation(root, [...path]);
  return node === undefined ? null : positionOf(text, node.offset);
}

/** Line and column of a character offset. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(error: ParseError): string {
  const words = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.toLowerCase();
}
