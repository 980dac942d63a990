import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/http';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { TemplateButtons, type TemplateUploadResult } from './TemplateButtons';

jest.setTimeout(60_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CLERK = { id: 'clerk-1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' } as const;

const RESULT: TemplateUploadResult = {
  fiscalYear: 2026,
  unitId: 'u1',
  counts: { created: 1, updated: 2, unchanged: 5, conflicts: 1, rejected: 1 },
  projects: [
    { rows: { from: 4, to: 6 }, projectName: '干部培训经费', sheetId: 's1', outcome: 'updated', message: null, downloadedVersion: 3, currentVersion: 3, version: 4 },
    {
      rows: { from: 7, to: 7 },
      projectName: '河道巡查经费',
      sheetId: 's2',
      outcome: 'conflict',
      message: '下载模板后该项目已被修改（下载时版本3，当前版本4），本项目的修改未保存；请重新下载模板，核对后再填写',
      downloadedVersion: 3,
      currentVersion: 4,
      version: null,
    },
    { rows: { from: 9, to: 9 }, projectName: '设备购置', sheetId: null, outcome: 'rejected', message: '第9行的财政拨款：金额最多保留4位小数。该项目未作修改', downloadedVersion: null, currentVersion: null, version: null },
  ],
};

function choose(file: File): void {
  const input = document.querySelector('input[type="file"]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [file] } });
}

describe('填报模板 buttons', () => {
  it('links 下载填报模板 to the template of the year shown', () => {
    fakeApi(() => ({}));
    renderApp(<TemplateButtons fiscalYear={2026} />, { actor: CLERK });
    expect(screen.getByRole('link', { name: /下载填报模板/ }).getAttribute('href')).toBe('/api/intake/fill-template?fiscalYear=2026');
  });

  it('uploads the chosen workbook as xlsx and sums up created, updated, unchanged, conflicts and refusals in words', async () => {
    const { calls, fetch } = fakeApi(() => RESULT);
    renderApp(<TemplateButtons fiscalYear={2026} />, { actor: CLERK });
    const file = new File([new Uint8Array([80, 75, 3, 4])], '填报模板.xlsx', { type: XLSX });
    choose(file);
    await waitFor(() => expect(screen.getByText(/新建 1 个、更新 2 个、未变 5 个项目；冲突 1 个，未接受 1 个/)).toBeTruthy());
    expect(calls[0]).toMatchObject({ service: 'intake', method: 'POST', path: '/fill-template', headers: { 'content-type': XLSX } });
    expect(fetch.mock.calls[0]?.[1]?.body).toBe(file);
    expect(screen.getByText('河道巡查经费')).toBeTruthy();
    expect(screen.getByText(/下载模板后该项目已被修改/)).toBeTruthy();
    expect(screen.getByText('第9行的财政拨款：金额最多保留4位小数。该项目未作修改')).toBeTruthy();
    expect(screen.queryByText('干部培训经费')).toBeNull(); // applied: only the counts mention it
  });

  it('shows the service’s refusal in its words', async () => {
    fakeApi(() => {
      throw new ApiError(403, { statusCode: 403, code: 'FORBIDDEN', message: '该模板不是本单位的填报模板，未作任何修改' });
    });
    renderApp(<TemplateButtons fiscalYear={2026} />, { actor: CLERK });
    choose(new File([new Uint8Array([1])], 'x.xlsx', { type: XLSX }));
    await waitFor(() => expect(screen.getByText('该模板不是本单位的填报模板，未作任何修改')).toBeTruthy());
    expect(screen.getByText('上传未成功')).toBeTruthy();
  });

  it('does not send a file that is no .xlsx', async () => {
    const { calls } = fakeApi(() => RESULT);
    renderApp(<TemplateButtons fiscalYear={2026} />, { actor: CLERK });
    choose(new File(['a'], 'table.txt', { type: 'text/plain' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(0);
  });
});
