import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';

/**
 * Ant Design as the whole application uses it: Chinese, button texts exactly as labelled (确定,
 * not 确 定), the colours. Set once here around everything (main.tsx, and the component tests),
 * so no page wraps itself in a ConfigProvider of its own.
 */
export function AppConfig({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#b3261e', borderRadius: 4 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
