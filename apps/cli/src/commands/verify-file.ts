import { readFile } from 'node:fs/promises';
import { ed25519PublicKey, verifyExportFile } from '@budget/event-store';

type Flags = Map<string, string | true>;

const USAGE = 'usage: npm run cli -- verify-file <exported file> --public-key <public key PEM file> [--signature <file.sig>] [--json]';

/** Exit code when the file or its signature does not hold (as for verify: 3 is "tampered", 1 "could not check"). */
export const FILE_TAMPERED_EXIT = 3;

/**
 * verify-file: checks an exported table offline, with nothing but the file, its `.sig` (by
 * default `<file>.sig`, as `export` writes it) and the reporting service's public key. No
 * service is asked anything.
 */
export async function verifyFile(args: readonly string[], flags: Flags): Promise<number> {
  const file = args[0];
  const keyPath = flags.get('public-key');
  const sigFlag = flags.get('signature');
  if (file === undefined || typeof keyPath !== 'string' || sigFlag === true) {
    console.error(USAGE);
    return 2;
  }
  const sigPath = typeof sigFlag === 'string' ? sigFlag : `${file}.sig`;
  const read = async (path: string, what: string): Promise<Buffer | null> => {
    try {
      return await readFile(path);
    } catch (e) {
      console.error(`cannot read ${what} ${path}: ${(e as Error).message}`);
      return null;
    }
  };
  const [bytes, sigText, keyText] = await Promise.all([read(file, 'the file'), read(sigPath, 'the signature'), read(keyPath, 'the public key')]);
  if (!bytes || !sigText || !keyText) return 1;
  let key;
  try {
    key = ed25519PublicKey(keyText.toString('utf8'));
  } catch (e) {
    console.error(`${keyPath} is not an Ed25519 public key (PEM): ${(e as Error).message}`);
    return 1;
  }
  let sig: unknown;
  try {
    sig = JSON.parse(sigText.toString('utf8'));
  } catch {
    sig = null;
  }
  const result = verifyExportFile(bytes, sig, key);
  if (flags.get('json') === true) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const line of result.checked) console.log(`✓ ${line}`);
    for (const line of result.problems) console.log(`✗ ${line}`);
    const e = result.export;
    console.log(
      result.ok
        ? `VALID: ${file} is the export ${e?.exportId ?? ''} of ${e?.departmentName ?? ''} ${e?.fiscalYear ?? ''} as signed by key ${e?.keyId ?? ''}`
        : `INVALID: ${file} does not match its signature (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`,
    );
  }
  return result.ok ? 0 : FILE_TAMPERED_EXIT;
}
