/**
 * A generation failure the user can act on: malformed XML, an unknown type, an unresolved reference, a missing file.
 * `file` is the input that caused it; the CLI prints `error: <file>: <message>` and exits with code 1.
 */
export class CodegenError extends Error {
  override readonly name = "CodegenError";
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.file = file;
  }

  /** The one-line form the CLI prints. */
  format(): string {
    return `error: ${this.file}: ${this.message}`;
  }
}
