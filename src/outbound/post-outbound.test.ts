import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostLookup, OutboundPolicy } from './check-outbound-target.ts';
import { parseOutboundAllowlist } from './outbound-allowlist.ts';
import { postOutbound } from './post-outbound.ts';

interface Listener {
  readonly server: Server;
  readonly port: number;
  /** Connections accepted: a refused target must not even open one. */
  connections: number;
  readonly bodies: string[];
}

async function listen(
  answer: (res: ServerResponse) => void,
  host = '127.0.0.1',
  port = 0,
): Promise<Listener> {
  const state = { connections: 0, bodies: [] as string[] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      state.bodies.push(body);
      answer(res);
    });
  });
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return Object.assign(state, { server, port: (server.address() as AddressInfo).port });
}

const send = (policy: OutboundPolicy, url: string) =>
  postOutbound(policy, url, {
    headers: { 'content-type': 'application/json' },
    body: '{"a":1}',
    timeoutMs: 2000,
  });

const strict: OutboundPolicy = { allow: parseOutboundAllowlist('') };

describe('postOutbound', () => {
  let target: Listener;
  beforeAll(async () => {
    target = await listen((res) => res.writeHead(204).end());
  });
  afterAll(() => {
    target.server.close();
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['017700000001', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['[::]', 'unspecified'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['[0:0:0:0:0:ffff:7f00:1]', 'loopback'],
    ['[64:ff9b::7f00:1]', 'loopback'],
    ['[::127.0.0.1]', 'reserved'],
    ['localhost', 'loopback'],
    ['LOCALHOST', 'loopback'],
    ['169.254.169.254', 'cloud metadata'],
    ['[fd00:ec2::254]', 'cloud metadata'],
    ['10.0.0.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
  ])('refuses http://%s:PORT/ (%s) and never connects', async (host, kind) => {
    const before = target.connections;
    const result = await send(strict, `http://${host}:${target.port}/hook`);
    expect(result).toMatchObject({ ok: false, status: null, permanent: true });
    expect(result.error).toMatch(/^refused: /);
    expect(result.error).toMatch(new RegExp(`, an? ${kind.replace(/[()]/g, '\\$&')} address; `));
    expect(target.connections).toBe(before);
  });

  it('connects only to the address it checked, so a rebinding name cannot reach another', async () => {
    // 127.0.0.2 is allowed, 127.0.0.1 is not; the resolver answers 127.0.0.2 once, then 127.0.0.1.
    const allowed = await listen((res) => res.writeHead(204).end(), '127.0.0.2', target.port);
    let calls = 0;
    const rebinding: HostLookup = async () => [
      { address: calls++ === 0 ? '127.0.0.2' : '127.0.0.1', family: 4 },
    ];
    const before = target.connections;
    const policy = { allow: parseOutboundAllowlist('127.0.0.2'), lookup: rebinding };
    // Both listen on the same port number, so only the address decides where the body goes.
    const result = await send(policy, `http://hooks.example:${target.port}/`);
    allowed.server.close();
    expect(result.ok).toBe(true);
    expect(calls).toBe(1);
    expect(allowed.bodies).toEqual(['{"a":1}']);
    expect(target.connections).toBe(before);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const before = target.connections;
    const mixed: HostLookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const refused = await send(
      { allow: strict.allow, lookup: mixed },
      `http://mixed.example:${target.port}/`,
    );
    expect(refused.error).toBe(
      'refused: mixed.example resolves to 127.0.0.1, a loopback address; the server does not send requests there (an administrator can allow intranet receivers with LASTPLAN_WEBHOOK_ALLOW)',
    );
    expect(refused.permanent).toBe(true);
    expect(target.connections).toBe(before);
    const unknown = await send(strict, `http://no-such-host.invalid:${target.port}/`);
    expect(unknown.error).toMatch(/^refused: no-such-host.invalid cannot be resolved/);
  });

  it('delivers to an allowlisted intranet receiver, by address range or by name', async () => {
    const before = target.bodies.length;
    expect(
      await send({ allow: parseOutboundAllowlist('127.0.0.0/8') }, `http://2130706433:${target.port}/`),
    ).toEqual({
      ok: true,
      status: 204,
      error: null,
      permanent: false,
    });
    expect(
      (await send({ allow: parseOutboundAllowlist('localhost') }, `http://localhost:${target.port}/`)).ok,
    ).toBe(true);
    expect(target.bodies.slice(before)).toEqual(['{"a":1}', '{"a":1}']);
    // The allowlist names these, not their neighbours.
    const other = await send(
      { allow: parseOutboundAllowlist('127.0.0.2') },
      `http://127.0.0.1:${target.port}/`,
    );
    expect(other.permanent).toBe(true);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    expect((await send(strict, 'file:///etc/passwd')).error).toBe(
      'refused: only http and https targets are allowed, not file:',
    );
    expect((await send(strict, 'http://u:p@example.org/')).error).toMatch(/user name or password/);
  });

  describe('on an allowlisted receiver', () => {
    const allow: OutboundPolicy = { allow: parseOutboundAllowlist('127.0.0.1') };
    const servers: Server[] = [];
    afterAll(() => {
      for (const s of servers) s.close();
    });

    it('reports a redirect and does not follow it', async () => {
      const redirect = await listen((res) =>
        res.writeHead(302, { location: `http://127.0.0.1:${target.port}/x` }).end(),
      );
      servers.push(redirect.server);
      const before = target.connections;
      const result = await send(allow, `http://127.0.0.1:${redirect.port}/`);
      expect(result).toEqual({
        ok: false,
        status: 302,
        error: `redirect (HTTP 302 to http://127.0.0.1:${target.port}/x) not followed; set the webhook to the final URL`,
        permanent: true,
      });
      expect(target.connections).toBe(before);
    });

    it('times out on a target that never answers (a retry may help)', async () => {
      const hanging = await listen(() => {});
      servers.push(hanging.server);
      const result = await postOutbound(allow, `http://127.0.0.1:${hanging.port}/`, {
        headers: {},
        body: '{}',
        timeoutMs: 300,
      });
      expect(result).toEqual({ ok: false, status: null, error: 'no answer within 300 ms', permanent: false });
      hanging.server.closeAllConnections();
    });

    it('reports a closed port as a failure to retry', async () => {
      const closed = await listen(() => {});
      await new Promise((resolve) => closed.server.close(resolve));
      const result = await send(allow, `http://127.0.0.1:${closed.port}/`);
      expect(result).toMatchObject({ ok: false, status: null, permanent: false });
      expect(result.error).toMatch(/ECONNREFUSED/);
    });

    it('reports an error status as a failure to retry', async () => {
      const failing = await listen((res) => res.writeHead(503).end());
      servers.push(failing.server);
      expect(await send(allow, `http://127.0.0.1:${failing.port}/`)).toEqual({
        ok: false,
        status: 503,
        error: 'HTTP 503',
        permanent: false,
      });
    });
  });
});
