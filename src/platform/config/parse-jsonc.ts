import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from '../errors/app-errors';

/**
 * Parses a config text as JSONC (JSON with comments and trailing commas, as the README shows it),
 * through Microsoft's jsonc-parser; every syntax error is reported with its line and column.
 */
export function parseJsonc(text: string, source: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: false,
  });
  if (errors.length) {
    throw new ConfigError(
      source,
      errors.map((e) => `line ${position(text, e.offset)}: ${describe(e, text)}`),
    );
  }
  return value;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}, column ${before.at(-1)!.length + 1}`;
}

function describe(error: ParseError, text: string): string {
  const found = text.slice(error.offset, error.offset + Math.min(error.length || 1, 20));
  return `${printParseErrorCode(error.error)}${found.trim() ? ` at "${found}"` : ''}`;
}
