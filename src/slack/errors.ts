// Names an error for logs and inbox reasons without ever using its message, which may quote the
// user or hold a secret. Pure.

/** An error's code or class name: never its message, which may quote the user or hold a secret. */
export function errorNameOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[\w.:-]{1,64}$/.test(code)) return code;
    if (error instanceof Error && /^[\w.-]{1,64}$/.test(error.name)) return error.name;
  }
  return 'unknown_error';
}
