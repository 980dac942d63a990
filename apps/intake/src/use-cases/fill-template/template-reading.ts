import { DomainError } from '@budget/domain';
import { openWorkbook, type XlsxLimits, type XlsxSheet } from '@budget/table-files';
import { COL, INFO_SHEET, TEMPLATE_FORMAT, TEMPLATE_HEADER, TEMPLATE_SHEET } from './template-layout';

/** Reading a filled 填报模板 back: per project its rows, ids, version, amounts as text, indicators, and what does not fit. */

export interface UploadedIndicator {
  readonly row: number;
  readonly indicatorId: string | null;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export interface UploadedProject {
  readonly rows: { readonly from: number; to: number };
  readonly sheetId: string | null;
  readonly downloadedVersion: number | null;
  readonly projectName: string;
  /** The amount cells as read (万元 as text). */
  readonly amounts: { readonly fiscal: string; readonly special: string; readonly other: string };
  readonly goal: string;
  readonly indicators: UploadedIndicator[];
  /** What does not fit the template, in words; a project with problems is not applied. */
  readonly problems: string[];
}

export interface UploadedTemplate {
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly projects: readonly UploadedProject[];
}

function notATemplate(reason: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `不是本系统下载的填报模板：${reason}。请先下载填报模板，在其中填写后上传`);
}

function infoOf(sheet: XlsxSheet | undefined): Map<string, string> {
  const info = new Map<string, string>();
  if (!sheet) return info;
  for (const { cells } of sheet.rows()) if (cells[0]) info.set(cells[0], cells[1] ?? '');
  return info;
}

export function readTemplate(bytes: Buffer, limits: XlsxLimits): UploadedTemplate {
  const workbook = openWorkbook(bytes, limits);
  const info = infoOf(workbook.sheets.find((s) => s.name === INFO_SHEET));
  if (info.get('格式') !== TEMPLATE_FORMAT) throw notATemplate('缺少模板信息');
  const fiscalYear = Number(info.get('预算年度'));
  const unitId = info.get('单位编号') ?? '';
  if (!Number.isInteger(fiscalYear) || unitId === '') throw notATemplate('模板信息不完整');
  const sheet = workbook.sheets.find((s) => s.name === TEMPLATE_SHEET);
  if (!sheet) throw notATemplate(`缺少“${TEMPLATE_SHEET}”工作表`);

  const projects: UploadedProject[] = [];
  let current: UploadedProject | null = null;
  let headerSeen = false;
  const cell = (cells: readonly string[], column: number): string => (cells[column - 1] ?? '').trim();
  for (const { line, cells } of sheet.rows()) {
    if (!headerSeen) {
      headerSeen = cell(cells, COL.projectName) === TEMPLATE_HEADER[0] && cell(cells, COL.level1) === '一级指标';
      continue;
    }
    if (cells.every((c, i) => i + 1 === COL.total || c.trim() === '')) continue;
    const sheetId = cell(cells, COL.sheetId) || null;
    const projectName = cell(cells, COL.projectName);
    const projectCells = [COL.fiscal, COL.special, COL.other, COL.goal].map((c) => cell(cells, c));
    const startsProject = sheetId !== null ? sheetId !== current?.sheetId : projectName !== '';
    if (startsProject) {
      const version = cell(cells, COL.version);
      current = {
        rows: { from: line, to: line },
        sheetId,
        downloadedVersion: sheetId !== null && /^\d+$/.test(version) ? Number(version) : null,
        projectName,
        amounts: { fiscal: cell(cells, COL.fiscal), special: cell(cells, COL.special), other: cell(cells, COL.other) },
        goal: cell(cells, COL.goal),
        indicators: [],
        problems: [],
      };
      if (sheetId !== null && current.downloadedVersion === null) current.problems.push(`第${line}行的版本（隐藏列）缺失或被改动`);
      projects.push(current);
    } else if (!current) {
      // Rows before any project: nothing to attach them to, and they are not dropped silently.
      current = {
        rows: { from: line, to: line },
        sheetId: null,
        downloadedVersion: null,
        projectName: '',
        amounts: { fiscal: '', special: '', other: '' },
        goal: '',
        indicators: [],
        problems: [`第${line}行没有项目名称，也不在任何项目之下`],
      };
      projects.push(current);
    } else {
      current.rows.to = line;
      if (projectName !== '' || projectCells.some((c) => c !== '')) {
        current.problems.push(`第${line}行：项目名称、资金和绩效目标只填在项目的第一行（第${current.rows.from}行）`);
      }
    }
    const indicatorCells = [COL.level1, COL.level2, COL.name, COL.periodTarget, COL.annualTarget].map((c) => cell(cells, c));
    if (indicatorCells.some((c) => c !== '')) {
      const [level1 = '', level2 = '', name = '', periodTarget = '', annualTarget = ''] = indicatorCells;
      current.indicators.push({ row: line, indicatorId: cell(cells, COL.indicatorId) || null, level1, level2, name, periodTarget, annualTarget });
    }
  }
  if (!headerSeen) throw notATemplate(`“${TEMPLATE_SHEET}”工作表缺少表头`);
  return { fiscalYear, unitId, projects };
}
