import { checkWebhookTarget, parseAllowList, redactUrl, refusedRange } from './webhook-target';

const open = { allow: [], requireHttps: false } as const;
const resolvesTo = (...addresses: string[]) => () => Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('webhook targets', () => {
  it.each([
    ['127.0.0.1', '本机回环地址'],
    ['10.1.2.3', '内网地址'],
    ['172.20.0.1', '内网地址'],
    ['192.168.1.1', '内网地址'],
    ['169.254.169.254', '链路本地或云元数据地址'],
    ['100.100.100.200', '运营商内网或云元数据地址'],
    ['0.0.0.0', '本网络地址'],
    ['::1', '本机回环地址'],
    ['fd00:ec2::254', '内网地址'],
    ['fe80::1', '链路本地地址'],
    ['::ffff:127.0.0.1', '本机回环地址'],
    ['::ffff:a9fe:a9fe', '链路本地或云元数据地址'],
  ])('refuses %s', (address, why) => {
    expect(refusedRange(address)).toBe(why);
  });

  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '114.114.114.114', '2400:3200::1']) expect(refusedRange(address)).toBeNull();
  });

  it('refuses literal and resolved private targets, any one address being enough', async () => {
    await expect(checkWebhookTarget('http://127.0.0.1:8080/x', open)).rejects.toThrow('本机回环地址');
    await expect(checkWebhookTarget('http://[::1]/x', open)).rejects.toThrow('本机回环地址');
    await expect(checkWebhookTarget('http://[::ffff:169.254.169.254]/x', open)).rejects.toThrow('云元数据');
    await expect(checkWebhookTarget('http://2130706433/x', open)).rejects.toThrow('本机回环地址');
    await expect(checkWebhookTarget('https://hooks.example.cn/x', open, resolvesTo('8.8.8.8', '10.0.0.5'))).rejects.toThrow('内网地址（10.0.0.5）');
    await expect(checkWebhookTarget('https://hooks.example.cn/x', open, resolvesTo('8.8.8.8'))).resolves.toBeUndefined();
    await expect(checkWebhookTarget('https://nowhere.invalid/x', open, () => Promise.reject(new Error('ENOTFOUND')))).rejects.toThrow('无法解析');
  });

  it('refuses other schemes, and plain http when https is required', async () => {
    await expect(checkWebhookTarget('file:///etc/passwd', open)).rejects.toThrow('http(s)');
    await expect(checkWebhookTarget('gopher://8.8.8.8/', open)).rejects.toThrow('http(s)');
    await expect(checkWebhookTarget('http://8.8.8.8/x', { allow: [], requireHttps: true })).rejects.toThrow('https');
    await expect(checkWebhookTarget('https://8.8.8.8/x', { allow: [], requireHttps: true })).resolves.toBeUndefined();
  });

  it('allows what the allow-list names: a range, an address or a host name', async () => {
    await expect(checkWebhookTarget('http://127.0.0.1:9/x', { allow: ['127.0.0.1/32'], requireHttps: false })).resolves.toBeUndefined();
    await expect(checkWebhookTarget('http://127.0.0.2:9/x', { allow: ['127.0.0.1'], requireHttps: false })).rejects.toThrow();
    await expect(checkWebhookTarget('http://10.9.8.7/x', { allow: ['10.0.0.0/8'], requireHttps: false })).resolves.toBeUndefined();
    await expect(checkWebhookTarget('https://oa.local/x', { allow: ['oa.local'], requireHttps: false }, resolvesTo('192.168.3.4'))).resolves.toBeUndefined();
    expect(parseAllowList(' 127.0.0.1/32, oa.local ,,')).toEqual(['127.0.0.1/32', 'oa.local']);
  });

  it('redacts credentials in URLs', () => {
    expect(redactUrl('https://user:pa55@hooks.example.cn/x?y=1')).toBe('https://***@hooks.example.cn/x?y=1');
    expect(redactUrl('https://hooks.example.cn/x')).toBe('https://hooks.example.cn/x');
  });

  it('hides the values of credential-like query parameters, in logged and stored URLs, and keeps the rest as written', () => {
    expect(redactUrl('https://hooks.example.cn/x?token=abc123&dept=zzb')).toBe('https://hooks.example.cn/x?token=***&dept=zzb');
    expect(redactUrl('https://hooks.example.cn/x?a=1&access_token=t0k&key=k3y&sig=s1g&Signature=zz&password=pw&client_secret=cs&X-Amz-Signature=aa&api-key=x&b=%E9%83%A8')).toBe(
      'https://hooks.example.cn/x?a=1&access_token=***&key=***&sig=***&Signature=***&password=***&client_secret=***&X-Amz-Signature=***&api-key=***&b=%E9%83%A8',
    );
    expect(redactUrl('https://u:p@hooks.example.cn/x?secret=s3cr3t#frag')).toBe('https://***@hooks.example.cn/x?secret=***#frag');
    expect(redactUrl('https://hooks.example.cn/x?monkey=1&keyword=2&page=3')).toBe('https://hooks.example.cn/x?monkey=1&keyword=2&page=3');
    expect(redactUrl('not a url ?token=abc&x=1')).toBe('not a url ?token=***&x=1');
    for (const secret of ['abc123', 't0k', 'k3y', 's1g', 's3cr3t']) {
      expect(redactUrl(`https://hooks.example.cn/x?token=abc123&access_token=t0k&key=k3y&sig=s1g&secret=s3cr3t`)).not.toContain(secret);
    }
  });
});
