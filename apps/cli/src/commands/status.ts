import { request, SERVICES, type ServiceName } from '../http-client';

/** Exit 0 when intake, review and reporting all answer their health checks. */
export async function status(): Promise<number> {
  const names = Object.keys(SERVICES) as ServiceName[];
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        const r = await request<{ status?: string }>(name, 'GET', '/health', { timeoutMs: 5000 });
        return { name, up: r.status === 200, detail: r.status === 200 ? 'up' : `down (HTTP ${r.status}: ${JSON.stringify(r.body)})` };
      } catch (e) {
        return { name, up: false, detail: `down (${(e as Error).message})` };
      }
    }),
  );
  for (const r of results) console.log(`${r.name.padEnd(10)} ${SERVICES[r.name].padEnd(24)} ${r.detail}`);
  const down = results.filter((r) => !r.up).map((r) => r.name);
  if (down.length > 0) {
    console.error(`not up: ${down.join(', ')}`);
    return 1;
  }
  return 0;
}
