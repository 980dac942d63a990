import { CliError } from '../http-client';

// The reporting service's commands (export, diff, verify, rebuild); being written in this change.
export function exportTable(_flags: Map<string, string | true>): Promise<number> {
  return Promise.reject(new CliError('export: not available yet'));
}
export function diffTables(_flags: Map<string, string | true>): Promise<number> {
  return Promise.reject(new CliError('diff: not available yet'));
}
export function verifyChains(_flags: Map<string, string | true>): Promise<number> {
  return Promise.reject(new CliError('verify: not available yet'));
}
export function rebuildProjection(_flags: Map<string, string | true>): Promise<number> {
  return Promise.reject(new CliError('rebuild: not available yet'));
}
