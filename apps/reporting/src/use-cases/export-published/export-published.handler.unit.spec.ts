import { writeExport, type ExportFormat } from '@budget/table-files';
import { PassThrough } from 'node:stream';
import { auditor, ctx, DEPT, deptReviewer, expectRefused, givenLiveCopy, otherDeptReviewer, project, YEAR } from '../../testing/publication-scenario';
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

describe('export-published', () => {
  it('given version 1, when the live table changes and version 2 is published, then version 1 still writes the same bytes in every format', async () => {
    const scenario = givenLiveCopy();
    const publish = new PublishTableHandler(scenario.reportService, scenario.publications);
    const handler = new ExportPublishedHandler(scenario.reportService, scenario.publications);
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
    const handler = new ExportPublishedHandler(scenario.reportService, scenario.publications);
    await expectRefused(scenario, handler.execute(new ExportPublishedQuery(auditor, DEPT, YEAR, 2)), 'NOT_FOUND', '没有第2版公开表');
    await expectRefused(scenario, handler.execute(new ExportPublishedQuery(otherDeptReviewer, DEPT, YEAR, 1)), 'FORBIDDEN');
  });
});
