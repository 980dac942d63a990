import { formatIndicatorCell, type PublishedTable } from '@budget/domain';
import { escapeHtml, writeHtml } from './html.writer';
import { collect, REFERENCE, REFERENCE_SOURCE } from './testing/export-fixtures';

async function htmlOf(source: Parameters<typeof writeHtml>[0], options?: Parameters<typeof writeHtml>[2]): Promise<string> {
  return (await collect((out) => writeHtml(source, out, options))).bytes.toString('utf8');
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('html export', () => {
  it('is a printable page: A4 landscape, header repeated on every printed page', async () => {
    const html = await htmlOf(REFERENCE_SOURCE);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4 landscape;');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('<h1>项目支出绩效目标表（含转移支付项目）</h1>');
    expect(html).toContain('部门名称：中国共产党广州市荔湾区委员会组织部');
    expect(html).toContain('单位：万元');
    expect(count(html, /<th scope="col">/g)).toBe(7 + 3); // table header, chain-head header
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('has the rows of the table in order: 合计, units set apart, projects', async () => {
    const html = await htmlOf(REFERENCE_SOURCE);
    expect(count(html, /<tr class="grand">/g)).toBe(1);
    expect(count(html, /<tr class="unit">/g)).toBe(4);
    expect(count(html, /<tr class="project">/g)).toBe(11);
    const names = [...html.matchAll(/<tr class="(?:grand|unit|project)"><t[hd][^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(names).toEqual(['合计', ...REFERENCE.units.flatMap((u) => [u.name, ...u.projects.map((p) => p.name)])]);
    expect(html).toContain('<tr class="grand"><th scope="row" class="name">合计</th><td class="amount">302.20</td><td class="amount">302.20</td><td class="amount"></td><td class="amount"></td>');
    expect(html).toContain('<th scope="row" class="name">中国共产党广州市荔湾区委员会组织部</th><td class="amount">287.20</td>');
    // Each indicator on its own line, with the text of the published cell.
    const first = REFERENCE.units[0]!.projects[0]!;
    const lines = first.indicators.map((x, i) => formatIndicatorCell([x]).replace(/^1、/, `${i + 1}、`));
    expect(lines.join('')).toBe(formatIndicatorCell(first.indicators));
    expect(html).toContain(`<td class="indicators">${lines.map((l) => `<div>${l}</div>`).join('')}</td>`);
  });

  it('escapes every text', async () => {
    const unit = REFERENCE.units[1]!;
    const evil = '<script>alert("x")</script> & \'q\'';
    const table: PublishedTable = {
      ...REFERENCE,
      title: `标题${evil}`,
      departmentName: `部门${evil}`,
      units: [
        {
          ...unit,
          name: `单位${evil}`,
          projects: [
            {
              ...unit.projects[0]!,
              name: `项目${evil}`,
              goal: `目标${evil}`,
              indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: `指标${evil}`, periodTarget: '<5', annualTarget: '>3 & <9' }],
            },
          ],
        },
      ],
    };
    const html = await htmlOf({ table, meta: { chainHeads: [{ streamId: `s${evil}`, streamVersion: 1, hash: null }] } });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x"');
    expect(count(html, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; &#39;q&#39;/g)).toBe(10);
    // <title> ×2 (title, department), h1, 部门名称 line, metadata 部门名称, unit, project, goal, indicator, stream id.
    expect(html).toContain('实施周期指标值：&#60;5；年度指标值：&#62;3 &#38; &#60;9。');
    expect(escapeHtml('a<b>&"\'')).toBe('a&#60;b&#62;&#38;&#34;&#39;');
  });

  it('carries the metadata in a footer section unless told not to', async () => {
    const html = await htmlOf(REFERENCE_SOURCE);
    expect(html).toContain('<section class="meta"><h2>导出信息</h2>');
    expect(html).toContain('<tr><th scope="row">数据截至日志位置</th><td>123</td></tr>');
    expect(html).toContain(`<tr><td>sheet-1-1</td><td>4</td><td>${'d'.repeat(64)}</td></tr>`);
    expect(await htmlOf(REFERENCE_SOURCE, { metadata: false })).not.toContain('<section class="meta">');
  });
});
