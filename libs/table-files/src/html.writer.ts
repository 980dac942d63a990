import { type Writable } from 'node:stream';
import { formatIndicatorCell, formatWanYuan, fundingTotal, GRAND_TOTAL_LABEL, TABLE_HEADER, type Funding, type PublishedIndicator } from '@budget/domain';
import { type ExportOptions, type ExportSource } from './export.types';
import { CHAIN_HEAD_HEADER, chainHeadRows, metadataEntries } from './metadata';
import { TextSink } from './sink';

const STYLE = `
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { margin: 0; padding: 8px; font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 10pt; color: #000; }
h1 { margin: 0 0 8px; text-align: center; font-size: 16pt; }
p.line { margin: 2px 0; }
table.report { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 4px; }
table.report th, table.report td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
table.report thead { display: table-header-group; }
table.report thead th { background: #d9d9d9; text-align: center; vertical-align: middle; }
table.report td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.report tr { break-inside: avoid; page-break-inside: avoid; }
table.report tbody th { text-align: left; font-weight: bold; }
table.report tr.grand td, table.report tr.grand th { font-weight: bold; background: #f2f2f2; }
table.report tr.unit td, table.report tr.unit th { font-weight: bold; background: #ddebf7; }
table.report td.indicators div { margin: 0 0 2px; }
section.meta { margin-top: 12px; font-size: 8pt; color: #333; break-inside: avoid; }
section.meta h2 { margin: 0 0 4px; font-size: 9pt; }
section.meta table { border-collapse: collapse; }
section.meta th, section.meta td { border: 1px solid #999; padding: 1px 4px; text-align: left; font-family: monospace, serif; }
@media print { body { padding: 0; } table.report tr.grand > *, table.report tr.unit > *, table.report thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

const COLUMN_WIDTHS = ['16%', '6%', '6%', '7%', '6%', '24%', '35%'] as const;

/**
 * A printable page laid out like the published table: A4 landscape, the header row repeated on
 * every printed page (thead as a table-header-group), unit rows set apart. Every text is
 * escaped. Rows are written one by one; with metadata (the default) a small footer section gives
 * the as-of position and chain heads.
 */
export async function writeHtml(source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<void> {
  const { table } = source;
  const sink = new TextSink(out);
  const year = source.meta?.fiscalYear;
  await sink.write(
    [
      '<!DOCTYPE html>',
      '<html lang="zh-CN">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeHtml(`${table.title} - ${table.departmentName}${year ? ` - ${year}年度` : ''}`)}</title>`,
      `<style>${STYLE}</style>`,
      '</head>',
      '<body>',
      `<h1>${escapeHtml(table.title)}</h1>`,
      `<p class="line department">部门名称：${escapeHtml(table.departmentName)}</p>`,
      `<p class="line display-unit">单位：${escapeHtml(table.displayUnit)}</p>`,
      '<table class="report">',
      `<colgroup>${COLUMN_WIDTHS.map((w) => `<col style="width:${w}">`).join('')}</colgroup>`,
      `<thead><tr>${TABLE_HEADER.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      '',
    ].join('\n'),
  );
  await sink.write(row('grand', GRAND_TOTAL_LABEL, table.grandTotal.funding, '', []));
  for (const unit of table.units) {
    await sink.write(row('unit', unit.name, unit.funding, '', []));
    for (const project of unit.projects) await sink.write(row('project', project.name, project.funding, project.goal, project.indicators));
  }
  await sink.write('</tbody>\n</table>\n');
  if (options.metadata !== false) await sink.write(metadataSection(source));
  await sink.write('</body>\n</html>\n');
  await sink.end();
}

function row(kind: 'grand' | 'unit' | 'project', name: string, funding: Funding, goal: string, indicators: readonly PublishedIndicator[]): string {
  const amounts = [fundingTotal(funding), funding.fiscalAppropriation, funding.specialAccountAppropriation, funding.otherFunds]
    .map((fen) => `<td class="amount">${fen === 0 ? '' : formatWanYuan(fen)}</td>`)
    .join('');
  // One line per indicator, each exactly as in the published cell (formatIndicatorCell numbers from 1).
  const items = indicators.map((x, i) => `<div>${escapeHtml(formatIndicatorCell([x]).replace(/^1、/, `${i + 1}、`))}</div>`).join('');
  const nameCell = kind === 'project' ? `<td class="name">${escapeHtml(name)}</td>` : `<th scope="row" class="name">${escapeHtml(name)}</th>`;
  return `<tr class="${kind}">${nameCell}${amounts}<td class="goal">${escapeHtml(goal)}</td><td class="indicators">${items}</td></tr>\n`;
}

function metadataSection(source: ExportSource): string {
  const entries = metadataEntries(source)
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const heads = chainHeadRows(source);
  const headTable =
    heads.length === 0
      ? ''
      : `<table class="chain-heads"><thead><tr>${CHAIN_HEAD_HEADER.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${heads
          .map((h) => `<tr>${h.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  return `<section class="meta"><h2>导出信息</h2><table class="entries"><tbody>${entries}</tbody></table>${headTable}</section>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
