/**
 * GET /metrics of a test server, parsed: `name` or `name{labels}` exactly as printed → value.
 * @example const m = await scrapeMetrics(server.url, api.token); m.get('concord_document_sockets');
 */
export async function scrapeMetrics(baseUrl: string, token: string): Promise<Map<string, number>> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /metrics → ${res.status}: ${await res.text()}`);
  const values = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}
