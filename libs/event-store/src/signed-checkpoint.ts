import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Tamper evidence that holds against someone who can write the database: the hash chains are
 * unkeyed (anyone can compute a new consistent chain), so the reporting service signs, with an
 * Ed25519 key that is not in the database, what the chains looked like at a moment (a
 * checkpoint) and what each export contained. Anyone holding the public key checks both, online
 * (`GET /verify`) or offline (`npm run cli -- verify-file`).
 *
 * What is signed is always a string: the canonical JSON of the payload (canonicalJson, keys
 * sorted, no whitespace). The string travels with its signature, so a verifier never has to
 * reproduce a serialisation; it only checks that the string is canonical, so that one payload has
 * exactly one signed form.
 */

export interface SignedHead {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly hash: string;
}

/** The fiscal scope a checkpoint covers: a department and one fiscal year, or (fiscalYear null) the department's own streams. */
export interface CheckpointScope {
  readonly departmentId: string;
  readonly fiscalYear: number | null;
}

export const CHECKPOINT_KIND = 'budget-checkpoint/1';
export const EXPORT_KIND = 'budget-export/1';
export const SIGNATURE_FILE_FORMAT = 'budget-export-signature/1';

export interface CheckpointPayload {
  readonly kind: typeof CHECKPOINT_KIND;
  readonly scope: CheckpointScope;
  /** 1, 2, … within the scope; `previous` is the digest of the scope's checkpoint before (null for the first). */
  readonly sequence: number;
  readonly previous: string | null;
  /** The reporting copy's generation and log position the heads were read at, and that position's recordedAt. */
  readonly generation: number;
  readonly position: string;
  readonly positionRecordedAt: string | null;
  /** Every stream of the scope, sorted by stream id. */
  readonly heads: readonly SignedHead[];
  readonly signedAt: string;
  readonly keyId: string;
}

/** A reference to a checkpoint as an export names it: enough to find it and to check it is the one. */
export interface CheckpointReference {
  readonly id: string;
  readonly scope: CheckpointScope;
  readonly sequence: number;
  readonly position: string;
  readonly signedAt: string;
  /** SHA-256 of the checkpoint's signed string. */
  readonly digest: string;
  readonly signature: string;
}

export interface ExportPayload {
  readonly kind: typeof EXPORT_KIND;
  readonly exportId: string;
  readonly fileName: string;
  readonly format: string;
  /** SHA-256 (hex) and length of the file's bytes, exactly as sent. */
  readonly sha256: string;
  readonly bytes: number;
  readonly departmentId: string;
  readonly departmentName: string;
  readonly fiscalYear: number;
  /** The unit the table was restricted to (a unit user's export), else null. */
  readonly unitId: string | null;
  readonly generation: number;
  readonly position: string | null;
  readonly recordedAt: string | null;
  readonly tableChecksum: string;
  readonly chainHeads: readonly SignedHead[];
  /** The latest checkpoint of the table's scope when the file was made, or null if none was signed yet. */
  readonly checkpoint: CheckpointReference | null;
  readonly exportedAt: string;
  readonly exportedBy: { readonly id: string; readonly role: string };
  readonly keyId: string;
}

export interface Signed {
  /** The canonical JSON that was signed. */
  readonly payload: string;
  /** Ed25519 signature of the payload's UTF-8 bytes, base64. */
  readonly signature: string;
}

/** The companion `.sig` file of an export. */
export interface SignatureFile {
  readonly format: typeof SIGNATURE_FILE_FORMAT;
  readonly keyId: string;
  readonly export: Signed;
  /** The checkpoint the export names, in full; left out for a unit's export (its heads are the whole department's). */
  readonly checkpoint: Signed | null;
}

// ---- keys --------------------------------------------------------------------------------

/** A short, stable name of a public key: the first 16 hex digits of the SHA-256 of its SPKI DER form. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function ed25519PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function ed25519PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

// ---- signing and verifying ---------------------------------------------------------------

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function signPayload(payload: CheckpointPayload | ExportPayload, privateKey: KeyObject): Signed {
  const text = canonicalJson(payload);
  return { payload: text, signature: sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') };
}

export type SignatureCheck<T> = { readonly ok: true; readonly payload: T } | { readonly ok: false; readonly reason: string };

/** The signature holds for the string, the string is canonical JSON and of the expected kind. */
export function verifySigned<T extends CheckpointPayload | ExportPayload>(signed: Signed, publicKey: KeyObject, kind: T['kind']): SignatureCheck<T> {
  let valid: boolean;
  try {
    valid = verify(null, Buffer.from(signed.payload, 'utf8'), publicKey, Buffer.from(signed.signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: '签名无效（内容被改动，或不是用该密钥签名的）' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(signed.payload);
  } catch {
    return { ok: false, reason: '签名内容不是 JSON' };
  }
  if (canonicalJson(parsed) !== signed.payload) return { ok: false, reason: '签名内容不是规范 JSON' };
  if (typeof parsed !== 'object' || parsed === null || (parsed as { kind?: unknown }).kind !== kind) return { ok: false, reason: `签名内容不是 ${kind}` };
  return { ok: true, payload: parsed as T };
}

// ---- comparing heads -----------------------------------------------------------------------

export type HeadMismatchReason = 'rewritten' | 'missing';

export interface HeadMismatch {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly signedHash: string;
  /** The hash found at that version now; null when the event is gone. */
  readonly actualHash: string | null;
  readonly reason: HeadMismatchReason;
}

/**
 * Signed heads against the hashes found now at the same versions (`actual(streamId, version)`):
 * a different hash is a rewritten history (改写), no event at that version a deleted one.
 */
export function compareSignedHeads(signed: readonly SignedHead[], actual: (streamId: string, streamVersion: number) => string | null): HeadMismatch[] {
  const out: HeadMismatch[] = [];
  for (const head of signed) {
    const found = actual(head.streamId, head.streamVersion);
    if (found === head.hash) continue;
    out.push({ ...head, signedHash: head.hash, actualHash: found, reason: found === null ? 'missing' : 'rewritten' });
  }
  return out;
}

export const HEAD_MISMATCH_TEXT: Readonly<Record<HeadMismatchReason, string>> = {
  rewritten: '历史被改写：该版本事件的哈希值与已签名检查点不符',
  missing: '历史被删除：已签名检查点中的事件不存在',
};

// ---- the offline check of an exported file ------------------------------------------------

export interface FileVerification {
  readonly ok: boolean;
  /** What failed, in Chinese, one line each. */
  readonly problems: readonly string[];
  /** What was checked and found right. */
  readonly checked: readonly string[];
  readonly export: ExportPayload | null;
  readonly checkpoint: CheckpointPayload | null;
}

/**
 * Everything an auditor can check of an export with nothing but the file, its `.sig` and the
 * public key: the export's signature, that the file's bytes are the signed ones (SHA-256 and
 * length), the checkpoint's signature, that it is the checkpoint the export names, and that every
 * chain head the export and the checkpoint both name at the same version has the same hash.
 */
export function verifyExportFile(file: Uint8Array, signatureFile: unknown, publicKey: KeyObject): FileVerification {
  const problems: string[] = [];
  const checked: string[] = [];
  const sig = readSignatureFile(signatureFile);
  if (typeof sig === 'string') return { ok: false, problems: [sig], checked, export: null, checkpoint: null };
  const keyId = keyIdOf(publicKey);
  if (sig.keyId !== keyId) problems.push(`签名文件的密钥 ${sig.keyId} 不是所给公钥（${keyId}）`);

  const exported = verifySigned<ExportPayload>(sig.export, publicKey, EXPORT_KIND);
  if (!exported.ok) {
    problems.push(`导出签名：${exported.reason}`);
    return { ok: false, problems, checked, export: null, checkpoint: null };
  }
  const payload = exported.payload;
  checked.push(`导出签名有效（密钥 ${payload.keyId}，导出编号 ${payload.exportId}，${payload.exportedAt}）`);
  const digest = sha256Hex(file);
  if (digest !== payload.sha256 || file.byteLength !== payload.bytes) {
    problems.push(`文件内容与签名不符：SHA-256 ${digest}（${file.byteLength} 字节），签名记录的是 ${payload.sha256}（${payload.bytes} 字节）`);
  } else {
    checked.push(`文件内容与签名一致：SHA-256 ${digest}，${file.byteLength} 字节`);
  }

  let checkpoint: CheckpointPayload | null = null;
  if (payload.checkpoint === null) {
    checked.push('导出时该范围尚无已签名检查点');
  } else if (sig.checkpoint === null) {
    checked.push(
      payload.unitId !== null
        ? `导出引用检查点 #${payload.checkpoint.id}（${payload.checkpoint.signedAt}）；单位范围的导出不附完整检查点`
        : `导出引用检查点 #${payload.checkpoint.id}（${payload.checkpoint.signedAt}），签名文件未附该检查点`,
    );
  } else {
    const cp = verifySigned<CheckpointPayload>(sig.checkpoint, publicKey, CHECKPOINT_KIND);
    if (!cp.ok) {
      problems.push(`检查点签名：${cp.reason}`);
    } else if (sha256Hex(sig.checkpoint.payload) !== payload.checkpoint.digest || sig.checkpoint.signature !== payload.checkpoint.signature) {
      problems.push(`所附检查点不是导出引用的检查点 #${payload.checkpoint.id}`);
    } else {
      checkpoint = cp.payload;
      checked.push(`检查点 #${payload.checkpoint.id} 签名有效（日志位置 ${checkpoint.position}，${checkpoint.signedAt}，${checkpoint.heads.length} 条事件流）`);
      const signed = new Map(checkpoint.heads.map((h) => [h.streamId, h]));
      let same = 0;
      for (const head of payload.chainHeads) {
        const s = signed.get(head.streamId);
        if (!s || s.streamVersion !== head.streamVersion) continue;
        same += 1;
        if (s.hash !== head.hash) problems.push(`事件流 ${head.streamId} 第 ${head.streamVersion} 版：导出的链头与检查点不符（历史被改写）`);
      }
      checked.push(`导出的链头中 ${same} 条与检查点同版本并已比对`);
    }
  }
  return { ok: problems.length === 0, problems, checked, export: payload, checkpoint };
}

function readSignatureFile(value: unknown): SignatureFile | string {
  if (typeof value !== 'object' || value === null) return '签名文件不是 JSON 对象';
  const v = value as Record<string, unknown>;
  if (v['format'] !== SIGNATURE_FILE_FORMAT) return `签名文件格式不是 ${SIGNATURE_FILE_FORMAT}`;
  const signed = (x: unknown): x is Signed =>
    typeof x === 'object' && x !== null && typeof (x as Signed).payload === 'string' && typeof (x as Signed).signature === 'string';
  if (typeof v['keyId'] !== 'string' || !signed(v['export']) || !(v['checkpoint'] === null || signed(v['checkpoint']))) return '签名文件缺少 keyId、export 或 checkpoint';
  return value as SignatureFile;
}
