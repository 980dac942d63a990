import { securedInfraAvailable, securedInfraRequired } from './secured-infra';

describe('secured-infrastructure specs', () => {
  it('are required in CI and with REQUIRE_SECURED_INFRA=1, not elsewhere', () => {
    expect(securedInfraRequired({ CI: 'true' })).toBe(true);
    expect(securedInfraRequired({ CI: '1' })).toBe(true);
    expect(securedInfraRequired({ REQUIRE_SECURED_INFRA: '1' })).toBe(true);
    expect(securedInfraRequired({})).toBe(false);
    expect(securedInfraRequired({ CI: 'false' })).toBe(false);
    expect(securedInfraRequired({ CI: '' })).toBe(false);
  });

  it('given a missing tool, when required, then the spec fails instead of skipping; otherwise it skips with a warning', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => securedInfraAvailable('kafka-sasl.int.spec', 'java is not on PATH', { REQUIRE_SECURED_INFRA: '1' })).toThrow('kafka-sasl.int.spec: cannot run: java is not on PATH');
      expect(() => securedInfraAvailable('redis-auth.int.spec', 'redis-server is not on PATH', { CI: 'true' })).toThrow('must not be skipped');
      expect(securedInfraAvailable('postgres-tls.int.spec', 'initdb is not installed', {})).toBe(false);
      expect(warn).toHaveBeenCalledWith('postgres-tls.int.spec: skipped: initdb is not installed');
      expect(securedInfraAvailable('postgres-tls.int.spec', undefined, { CI: 'true' })).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});
