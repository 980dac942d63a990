import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './AppLayout';
import { NotFound, RouteError } from '../shared/states';

/** Each area is its own chunk, loaded when first opened. */
export const router = createBrowserRouter([
  { path: '/login', lazy: async () => ({ Component: (await import('../areas/login/LoginPage')).LoginPage }) },
  {
    path: '/',
    Component: AppLayout,
    ErrorBoundary: RouteError,
    children: [
      { index: true, element: <Navigate to="/tasks" replace /> },
      { path: 'tasks', lazy: async () => ({ Component: (await import('../areas/tasks/TasksPage')).TasksPage }) },
      { path: 'sheets', lazy: async () => ({ Component: (await import('../areas/fill/SheetsPage')).SheetsPage }) },
      { path: 'sheets/new', lazy: async () => ({ Component: (await import('../areas/fill/NewSheetPage')).NewSheetPage }) },
      { path: 'sheets/:sheetId', lazy: async () => ({ Component: (await import('../areas/fill/SheetEditorPage')).SheetEditorPage }) },
      { path: 'reviews', lazy: async () => ({ Component: (await import('../areas/review/ReviewsPage')).ReviewsPage }) },
      { path: 'reviews/:reviewId', lazy: async () => ({ Component: (await import('../areas/review/ReviewPage')).ReviewPage }) },
      { path: 'inbox', lazy: async () => ({ Component: (await import('../areas/inbox/InboxPage')).InboxPage }) },
      { path: 'table', lazy: async () => ({ Component: (await import('../areas/table/TablePage')).TablePage }) },
      { path: 'audit', lazy: async () => ({ Component: (await import('../areas/audit/AuditPage')).AuditPage }) },
      { path: 'audit/sheets/:sheetId', lazy: async () => ({ Component: (await import('../areas/audit/SheetHistoryPage')).SheetHistoryPage }) },
      { path: 'delegations', lazy: async () => ({ Component: (await import('../areas/delegations/DelegationsPage')).DelegationsPage }) },
      { path: 'admin', lazy: async () => ({ Component: (await import('../areas/admin/AdminPage')).AdminPage }) },
      { path: '*', Component: NotFound },
    ],
  },
]);
