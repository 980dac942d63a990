import { CliError } from '../http-client';

export function play(_flags: Map<string, string | true>): Promise<number> {
  return Promise.reject(new CliError('play: not available yet'));
}
