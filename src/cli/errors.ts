// One line, no stack trace: what went wrong and, where we know, what to do.
export function formatCliError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const prefix = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `${code.toLowerCase().replace(/_/g, ' ')}: ` : 'error: ';
    return prefix + e.message.replace(/\s*\n\s*/g, ' ');
  }
  return `error: ${String(e)}`;
}
