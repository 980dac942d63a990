import type { Actor } from '@budget/domain';
import { screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { SESSION_KEY } from '../api/session';
import { renderApp } from '../api/testing/render';
import { AppLayout } from './AppLayout';

// Ant Design's icons are ES modules Jest does not load; the frame's icons are not what is tested.
jest.mock('@ant-design/icons', () => new Proxy({}, { get: (_, name) => (name === '__esModule' ? true : () => null) }));

const clerk: Actor = { id: 'c1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1', name: '经办人甲' };

/** The web server answers every request with `status` (a restart, a network blip: 503). */
function serverAnswers(status: number) {
  globalThis.fetch = jest.fn(() =>
    Promise.resolve({ ok: status < 400, status, headers: new Headers(), json: () => Promise.resolve({ statusCode: status, message: '服务暂时不可用，请稍后重试' }) }),
  ) as unknown as typeof fetch;
}

function layoutWithEditor(opts: { actor?: Actor }) {
  return renderApp(
    <Routes>
      <Route element={<AppLayout />}>
        <Route path="/sheets/s1" element={<input aria-label="绩效目标" defaultValue="正在输入的内容" />} />
      </Route>
    </Routes>,
    { ...opts, path: '/sheets/s1' },
  );
}

describe('the application frame', () => {
  it('given a signed-in clerk typing, when a background check of the session fails, then the screen and the typing stay', async () => {
    serverAnswers(503);
    const { client } = layoutWithEditor({ actor: clerk });
    expect(screen.getByLabelText('绩效目标')).toHaveProperty('value', '正在输入的内容');
    await client.refetchQueries({ queryKey: SESSION_KEY });
    await waitFor(() => expect(client.getQueryState(SESSION_KEY)?.status).toBe('error'));
    expect(screen.getByLabelText('绩效目标')).toHaveProperty('value', '正在输入的内容');
    expect(screen.getByTestId('current-user').textContent).toContain('经办人甲');
  });

  it('given no session loaded yet, when the check fails, then the error is shown with 重试', async () => {
    serverAnswers(503);
    layoutWithEditor({});
    expect(await screen.findByRole('button', { name: /重\s*试/ })).toBeTruthy();
    expect(screen.queryByLabelText('绩效目标')).toBeNull();
  });
});
