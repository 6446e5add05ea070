import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has defaults for the embedded desktop case', () => {
    expect(loadConfig({})).toEqual({
      port: 7340,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:.accord/accord.sqlite',
      demo: null,
      staticDir: 'out/renderer',
      logLevel: 'info',
      trustProxy: false,
      corsOrigins: ['app://accord'],
      slaScanner: true,
      readySnapshot: 'warm',
      loginsPerMinute: 10,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://root@127.0.0.1:5432/accord',
      ACCORD_DEMO: 'large',
      ACCORD_STATIC_DIR: '/srv/accord',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      ACCORD_SLA_SCANNER: 'off',
      ACCORD_READY_SNAPSHOT: 'on-demand',
      ACCORD_LOGINS_PER_MINUTE: '600',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      demo: 'large',
      logLevel: 'warn',
      trustProxy: true,
      slaScanner: false,
      readySnapshot: 'on-demand',
      loginsPerMinute: 600,
    });
  });

  it('names the variable and the value when one is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL="mysql:\/\/x": expected sqlite/);
    expect(() => loadConfig({ ACCORD_DEMO: 'huge' })).toThrow(/ACCORD_DEMO/);
    expect(() => loadConfig({ ACCORD_READY_SNAPSHOT: 'always' })).toThrow(/ACCORD_READY_SNAPSHOT/);
    expect(() => loadConfig({ ACCORD_LOGINS_PER_MINUTE: '0' })).toThrow(/ACCORD_LOGINS_PER_MINUTE/);
  });

  it('reads a comma-separated list of CORS origins and refuses things that are not origins', () => {
    expect(loadConfig({ ACCORD_CORS_ORIGINS: 'app://accord, http://localhost:5173' }).corsOrigins).toEqual([
      'app://accord',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ ACCORD_CORS_ORIGINS: 'http://localhost:5173/path' })).toThrow(/ACCORD_CORS_ORIGINS/);
    expect(() => loadConfig({ ACCORD_CORS_ORIGINS: '*' })).toThrow(/ACCORD_CORS_ORIGINS/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ ACCORD_DEMO: '', PORT: '' })).toMatchObject({ demo: null, port: 7340 });
  });
});
