import { type Actor } from '@budget/domain';
import { ed25519PublicKey, verifyExportFile } from '@budget/event-store';
import { writeExport, type ExportFormat } from '@budget/table-files';
import { PassThrough } from 'node:stream';
import { auditor, clerk, ctx, DEPT, deptReviewer, expectRefused, givenLiveCopy, givenSigner, otherDeptReviewer, project, type PublicationScenario, YEAR } from '../../testing/publication-scenario';
import { PublishTableCommand } from '../publish-table/publish-table.command';
import { PublishTableHandler } from '../publish-table/publish-table.handler';
import { ExportPublishedHandler, publishedSource } from './export-published.handler';
import { ExportPublishedQuery } from './export-published.query';

async function bytesOf(format: ExportFormat, handler: ExportPublishedHandler, version: number): Promise<Buffer> {
  const { published } = await handler.execute(new ExportPublishedQuery(auditor, DEPT, YEAR, version));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeExport(format, publishedSource(published), out, { metadata: format === 'xlsx' || format === 'html' });
  return Buffer.concat(chunks);
}

function handlerOf(scenario: PublicationScenario, signing = givenSigner()): ExportPublishedHandler {
  return new ExportPublishedHandler(scenario.reportService, scenario.publications, scenario.scope, signing.checkpoints, signing.signer);
}

/** The file as the controller streams it: through the signer. */
async function downloaded(handler: ExportPublishedHandler, actor: Actor, format: ExportFormat) {
  const prepared = await handler.execute(new ExportPublishedQuery(actor, DEPT, YEAR, 1, format));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await prepared.write(out);
  return { prepared, bytes: Buffer.concat(chunks) };
}

describe('export-published', () => {
  it('given version 1, when the live table changes and version 2 is published, then version 1 still writes the same bytes in every format', async () => {
    const scenario = givenLiveCopy();
    const publish = new PublishTableHandler(scenario.reportService, scenario.publications);
    const handler = handlerOf(scenario);
    await publish.execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], undefined));
    const formats: ExportFormat[] = ['txt', 'csv', 'html', 'xlsx'];
    const first = await Promise.all(formats.map((f) => bytesOf(f, handler, 1)));
    scenario.reports.live.projects[0] = project('s1', '党员教育培训（调整）', 250_000_00);
    scenario.reports.live.position = 300;
    await publish.execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], '项目名称与经费更正'));
    const again = await Promise.all(formats.map((f) => bytesOf(f, handler, 1)));
    again.forEach((bytes, i) => expect(bytes.equals(first[i]!)).toBe(true));
    expect((await bytesOf('txt', handler, 2)).toString('utf8')).toContain('党员教育培训（调整）');
    expect(first[0]!.toString('utf8')).not.toContain('（调整）');
  });

  it('refuses a version never published and a reader of another department', async () => {
    const scenario = givenLiveCopy();
    await new PublishTableHandler(scenario.reportService, scenario.publications).execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], undefined));
    const handler = handlerOf(scenario);
    await expectRefused(scenario, handler.execute(new ExportPublishedQuery(auditor, DEPT, YEAR, 2)), 'NOT_FOUND', '没有第2版公开表');
    await expectRefused(scenario, handler.execute(new ExportPublishedQuery(otherDeptReviewer, DEPT, YEAR, 1)), 'FORBIDDEN');
  });

  it('given a published version, when a clerk of one unit exports it, then every row is there but only its own unit’s chain heads', async () => {
    const scenario = givenLiveCopy();
    await new PublishTableHandler(scenario.reportService, scenario.publications).execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], undefined));
    const handler = handlerOf(scenario);
    const all = await downloaded(handler, auditor, 'html');
    const own = await downloaded(handler, clerk, 'html');
    expect(all.prepared.published.chainHeads.map((h) => h.streamId)).toEqual(['sheet-s1', 'sheet-s2']);
    expect(own.prepared.published.chainHeads.map((h) => h.streamId)).toEqual(['sheet-s1']);
    expect(all.bytes.toString('utf8')).toContain('sheet-s2');
    const text = own.bytes.toString('utf8');
    expect(text).toContain('sheet-s1');
    expect(text).not.toContain('sheet-s2');
    expect(text).toContain('党建指导员');
  });

  it('given a published version, when it is exported, then the file is as published and its .sig verifies offline with the public key; a changed byte does not', async () => {
    const scenario = givenLiveCopy();
    await new PublishTableHandler(scenario.reportService, scenario.publications).execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], undefined));
    const signing = givenSigner();
    const handler = handlerOf(scenario, signing);
    for (const [actor, format] of [[auditor, 'txt'], [clerk, 'xlsx']] as const) {
      const { prepared, bytes } = await downloaded(handler, actor, format);
      const exportId = prepared.headers['X-Report-Export-Id']!;
      expect(prepared.headers['X-Report-Signature']).toBe(`/exports/${exportId}/signature`);
      expect(bytes.equals(await bytesOfAs(format, handler, actor))).toBe(true);
      const sig = JSON.parse(JSON.stringify(await signing.signer.signatureFile(actor, exportId))) as unknown;
      const key = ed25519PublicKey(signing.config.publicKeyPem);
      const checked = verifyExportFile(bytes, sig, key);
      expect(checked.problems).toEqual([]);
      expect(checked.export).toMatchObject({ departmentId: DEPT, fiscalYear: YEAR, unitId: actor === clerk ? 'u1' : null, tableChecksum: prepared.published.checksum });
      const tampered = Buffer.from(bytes);
      tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
      expect(verifyExportFile(tampered, sig, key).ok).toBe(false);
    }
  });
});

async function bytesOfAs(format: ExportFormat, handler: ExportPublishedHandler, actor: Actor): Promise<Buffer> {
  const { published } = await handler.execute(new ExportPublishedQuery(actor, DEPT, YEAR, 1, format));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeExport(format, publishedSource(published), out, { metadata: format === 'xlsx' || format === 'html' });
  return Buffer.concat(chunks);
}
