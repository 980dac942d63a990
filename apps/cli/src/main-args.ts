/** Flags that take no value: `--json` never swallows the word after it. */
const BOOLEAN_FLAGS = new Set(['json', 'help', 'all', 'replay']);

export function parseArgs(argv: string[]): { command: string | undefined; args: string[]; flags: Map<string, string | true> } {
  const args: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (!BOOLEAN_FLAGS.has(a.slice(2)) && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(a.slice(2), argv[++i]!);
      else flags.set(a.slice(2), true);
    } else {
      args.push(a);
    }
  }
  return { command: args.shift(), args, flags };
}
