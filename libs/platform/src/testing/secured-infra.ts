/**
 * Whether a missing tool (java and the Kafka jars, initdb, redis-server, openssl) must fail the
 * secured-infrastructure specs instead of skipping them: in CI (CI set, not "false"/"0") and
 * whenever REQUIRE_SECURED_INFRA=1 (scripts/test.sh sets it), so that a suite the machine cannot
 * run never passes silently there.
 */
export function securedInfraRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.REQUIRE_SECURED_INFRA === '1' || env.REQUIRE_SECURED_INFRA === 'true') return true;
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Whether a secured-infrastructure spec runs: true when nothing is missing (`reason` undefined);
 * otherwise false with a warning, or, where the suite is required (securedInfraRequired), an error
 * that fails the spec file.
 */
export function securedInfraAvailable(spec: string, reason: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (reason === undefined) return true;
  if (securedInfraRequired(env)) {
    throw new Error(`${spec}: cannot run: ${reason}. CI or REQUIRE_SECURED_INFRA=1 is set, so this spec must not be skipped: install what is missing (bash deploy/infra.sh)`);
  }
  console.warn(`${spec}: skipped: ${reason}`);
  return false;
}
