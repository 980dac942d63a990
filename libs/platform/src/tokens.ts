/**
 * A second entry point of the platform without Nest: configuration and development tokens, for
 * code that cannot load Nest's decorators (the Playwright tests of test/web compile with esbuild,
 * which has no parameter decorators).
 */
export { issueToken } from './auth/jwt';
export { DEV_JWT_SECRET, loadConfig, type PlatformConfig } from './config';
