import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import {
  CHECKPOINT_KIND,
  type CheckpointPayload,
  compareSignedHeads,
  EXPORT_KIND,
  type ExportPayload,
  keyIdOf,
  publicKeyPem,
  ed25519PublicKey,
  SIGNATURE_FILE_FORMAT,
  sha256Hex,
  signPayload,
  verifyExportFile,
  verifySigned,
} from './signed-checkpoint';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const keyId = keyIdOf(privateKey);

const heads = [
  { streamId: 'department-d1', streamVersion: 3, hash: 'a'.repeat(64) },
  { streamId: 'sheet-s1', streamVersion: 7, hash: 'b'.repeat(64) },
];

function checkpoint(over: Partial<CheckpointPayload> = {}): CheckpointPayload {
  return {
    kind: CHECKPOINT_KIND,
    scope: { departmentId: 'd1', fiscalYear: 2026 },
    sequence: 1,
    previous: null,
    generation: 1,
    position: '120',
    positionRecordedAt: '2026-12-03T10:00:00.000Z',
    heads,
    signedAt: '2026-12-03T10:05:00.000Z',
    keyId,
    ...over,
  };
}

function exported(file: Buffer, cp: { payload: string; signature: string } | null, over: Partial<ExportPayload> = {}): ExportPayload {
  return {
    kind: EXPORT_KIND,
    exportId: '6f1c5b1e-8a1a-4c55-9d0e-3b7a2f1e0c11',
    fileName: '表.txt',
    format: 'txt',
    sha256: sha256Hex(file),
    bytes: file.byteLength,
    departmentId: 'd1',
    departmentName: '某部门',
    fiscalYear: 2026,
    unitId: null,
    generation: 1,
    position: '125',
    recordedAt: '2026-12-03T10:06:00.000Z',
    tableChecksum: 'c'.repeat(64),
    chainHeads: heads,
    checkpoint: cp ? { id: '9', scope: { departmentId: 'd1', fiscalYear: 2026 }, sequence: 1, position: '120', signedAt: '2026-12-03T10:05:00.000Z', digest: sha256Hex(cp.payload), signature: cp.signature } : null,
    exportedAt: '2026-12-03T10:06:01.000Z',
    exportedBy: { id: 'auditor-1', role: 'auditor' },
    keyId,
    ...over,
  };
}

function signatureFile(file: Buffer, opts: { withCheckpoint?: boolean; cp?: CheckpointPayload; over?: Partial<ExportPayload> } = {}) {
  const cp = signPayload(opts.cp ?? checkpoint(), privateKey);
  return {
    format: SIGNATURE_FILE_FORMAT,
    keyId,
    export: signPayload(exported(file, cp, opts.over), privateKey),
    checkpoint: opts.withCheckpoint === false ? null : cp,
  };
}

describe('signing checkpoints', () => {
  it('signs the canonical JSON of the payload, whatever the order of its keys', () => {
    const a = signPayload(checkpoint(), privateKey);
    const reordered = Object.fromEntries(Object.entries(checkpoint()).reverse()) as unknown as CheckpointPayload;
    const b = signPayload(reordered, privateKey);
    expect(a.payload).toBe(canonicalJson(checkpoint()));
    expect(a.payload).toBe(b.payload);
    expect(a.payload).not.toMatch(/\s/);
    // Ed25519 is deterministic: the same payload, the same signature.
    expect(a.signature).toBe(b.signature);
  });

  it('verifies with the public key and gives the payload back', () => {
    const check = verifySigned<CheckpointPayload>(signPayload(checkpoint(), privateKey), publicKey, CHECKPOINT_KIND);
    expect(check).toEqual({ ok: true, payload: checkpoint() });
  });

  it('refuses a changed payload, another key, a mangled signature, a non-canonical payload and the wrong kind', () => {
    const signed = signPayload(checkpoint(), privateKey);
    const changed = { ...signed, payload: signed.payload.replace('"120"', '"121"') };
    expect(verifySigned(changed, publicKey, CHECKPOINT_KIND)).toMatchObject({ ok: false, reason: expect.stringMatching(/签名无效/) });
    expect(verifySigned(signed, other.publicKey, CHECKPOINT_KIND)).toMatchObject({ ok: false });
    expect(verifySigned({ ...signed, signature: 'AAAA' }, publicKey, CHECKPOINT_KIND)).toMatchObject({ ok: false });
    expect(verifySigned({ ...signed, signature: 'not base64 at all !' }, publicKey, CHECKPOINT_KIND)).toMatchObject({ ok: false });

    // Signed, but pretty-printed: one payload must have exactly one signed form.
    const pretty = JSON.stringify(checkpoint(), null, 2);
    const prettySigned = { payload: pretty, signature: signPayload(checkpoint(), privateKey).signature };
    expect(verifySigned(prettySigned, publicKey, CHECKPOINT_KIND)).toMatchObject({ ok: false });
    expect(verifySigned(signed, publicKey, EXPORT_KIND)).toMatchObject({ ok: false, reason: expect.stringMatching(/budget-export/) });
  });

  it('names a key by the SHA-256 of its public half, the same from either half', () => {
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(publicKey)).toBe(keyId);
    expect(keyIdOf(ed25519PublicKey(publicKeyPem(privateKey)))).toBe(keyId);
    expect(keyIdOf(other.publicKey)).not.toBe(keyId);
    expect(() => ed25519PublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/Ed25519/);
  });
});

describe('compareSignedHeads', () => {
  it('finds a rewritten and a missing event, and nothing in an intact copy', () => {
    const now = new Map([
      ['department-d1@3', 'a'.repeat(64)],
      ['sheet-s1@7', 'b'.repeat(64)],
    ]);
    const at = (m: Map<string, string>) => (id: string, v: number) => m.get(`${id}@${v}`) ?? null;
    expect(compareSignedHeads(heads, at(now))).toEqual([]);
    const rewritten = new Map(now).set('sheet-s1@7', 'f'.repeat(64));
    expect(compareSignedHeads(heads, at(rewritten))).toEqual([{ streamId: 'sheet-s1', streamVersion: 7, hash: 'b'.repeat(64), signedHash: 'b'.repeat(64), actualHash: 'f'.repeat(64), reason: 'rewritten' }]);
    const truncated = new Map(now);
    truncated.delete('department-d1@3');
    expect(compareSignedHeads(heads, at(truncated))).toMatchObject([{ streamId: 'department-d1', reason: 'missing', actualHash: null }]);
  });
});

describe('verifyExportFile (offline)', () => {
  const file = Buffer.from('项目支出绩效目标表\n合计\t302.20\n', 'utf8');

  it('accepts the intact file with its signature and checkpoint', () => {
    const result = verifyExportFile(file, signatureFile(file), publicKey);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked.join('\n')).toMatch(/导出签名有效[\s\S]*文件内容与签名一致[\s\S]*检查点 #9 签名有效[\s\S]*2 条与检查点同版本/);
  });

  it('refuses a file with one byte changed, or one byte more', () => {
    const sig = signatureFile(file);
    const changed = Buffer.from(file);
    changed[changed.length - 2] = '1'.charCodeAt(0);
    expect(verifyExportFile(changed, sig, publicKey)).toMatchObject({ ok: false, problems: [expect.stringMatching(/文件内容与签名不符/)] });
    expect(verifyExportFile(Buffer.concat([file, Buffer.from('\n')]), sig, publicKey).ok).toBe(false);
  });

  it('refuses a signature file edited to fit a changed file', () => {
    const changed = Buffer.from(file.toString('utf8').replace('302.20', '999.99'), 'utf8');
    const sig = signatureFile(file);
    const payload = JSON.parse(sig.export.payload);
    const forged = { ...sig, export: { ...sig.export, payload: canonicalJson({ ...payload, sha256: sha256Hex(changed), bytes: changed.byteLength }) } };
    expect(verifyExportFile(changed, forged, publicKey)).toMatchObject({ ok: false, problems: [expect.stringMatching(/导出签名：签名无效/)] });
  });

  it('refuses another key, another checkpoint than the one named, and heads that differ from the checkpoint', () => {
    expect(verifyExportFile(file, signatureFile(file), other.publicKey)).toMatchObject({ ok: false });

    const sig = signatureFile(file);
    const another = signPayload(checkpoint({ sequence: 2, previous: 'x' }), privateKey);
    expect(verifyExportFile(file, { ...sig, checkpoint: another }, publicKey).problems).toEqual([expect.stringMatching(/不是导出引用的检查点/)]);

    const rewrittenHeads = [heads[0]!, { ...heads[1]!, hash: 'e'.repeat(64) }];
    const sigRewritten = signatureFile(file, { over: { chainHeads: rewrittenHeads } });
    expect(verifyExportFile(file, sigRewritten, publicKey).problems).toEqual([expect.stringMatching(/sheet-s1 第 7 版.*历史被改写/)]);
  });

  it('checks a unit export without the checkpoint it names, and refuses what is not a signature file', () => {
    expect(verifyExportFile(file, signatureFile(file, { withCheckpoint: false, over: { unitId: 'u1' } }), publicKey)).toMatchObject({ ok: true, checked: expect.arrayContaining([expect.stringMatching(/单位范围的导出不附完整检查点/)]) });
    expect(verifyExportFile(file, null, publicKey)).toMatchObject({ ok: false });
    expect(verifyExportFile(file, { format: 'x' }, publicKey)).toMatchObject({ ok: false });
  });
});
