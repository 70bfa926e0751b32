import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import {
  displayFingerprint,
  FINGERPRINT_MESSAGE,
  normaliseChoice,
  normaliseFingerprint,
  normaliseServerUrl,
  serverOrigin,
} from './choice.ts';
import { choiceFileIn, readChoiceFile, UNREADABLE_CHOICE_MESSAGE, writeChoiceFile } from './choice-file.ts';
import { BROWSER_MODE_NOTICE, getConnection } from './service.ts';

const HEX = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('server address', () => {
  it('keeps the https origin with a trailing slash, assuming https when no scheme is typed', () => {
    expect(normaliseServerUrl(' https://credit.bureau.local:8443/login?x=1#y ')).toBe(
      'https://credit.bureau.local:8443/',
    );
    expect(normaliseServerUrl('192.168.1.10:8443')).toBe('https://192.168.1.10:8443/');
    expect(normaliseServerUrl('HTTPS://Server.Example')).toBe('https://server.example/');
  });

  it('allows plain http on this computer only', () => {
    expect(normaliseServerUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
    expect(normaliseServerUrl('http://localhost:8080/')).toBe('http://localhost:8080/');
    const e = refusal(() => normaliseServerUrl('http://192.168.1.10:8080'));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('https://');
    expect(e.fields).toHaveProperty('url');
  });

  it('refuses other schemes, credentials in the address and garbage, in Chinese', () => {
    for (const bad of [
      'ftp://server/',
      'file:///etc/passwd',
      'https://user:pw@server/',
      'https://',
      '::::',
    ]) {
      const e = refusal(() => normaliseServerUrl(bad));
      expect(e.code, bad).toBe('invalid_input');
      expect(e.message, bad).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('certificate fingerprint', () => {
  it('accepts hex with or without colons, any case, and the openssl output line', () => {
    const colons = displayFingerprint(HEX);
    expect(colons).toMatch(/^A1:B2:C3:/);
    expect(normaliseFingerprint(colons)).toBe(HEX);
    expect(normaliseFingerprint(HEX.toUpperCase())).toBe(HEX);
    expect(normaliseFingerprint(` ${colons.toLowerCase()} `)).toBe(HEX);
    expect(normaliseFingerprint(`sha256 Fingerprint=${colons}`)).toBe(HEX);
  });

  it('refuses anything but 64 hex digits', () => {
    for (const bad of [HEX.slice(2), `${HEX}00`, HEX.replace('a', 'g'), 'SHA1:AB:CD', '']) {
      const e = refusal(() => normaliseFingerprint(bad));
      expect(e.message, bad).toBe(FINGERPRINT_MESSAGE);
      expect(e.fields).toEqual({ fingerprint: FINGERPRINT_MESSAGE });
    }
  });

  it('normalises a whole choice and gives the origin a server choice loads', () => {
    const c = normaliseChoice({
      mode: 'server',
      url: 'server.example:8443/x',
      fingerprint: displayFingerprint(HEX),
    });
    expect(c).toEqual({ mode: 'server', url: 'https://server.example:8443/', fingerprint: HEX });
    expect(serverOrigin(c)).toBe('https://server.example:8443');
    expect(normaliseChoice({ mode: 'desk' })).toEqual({ mode: 'desk' });
    expect(serverOrigin({ mode: 'desk' })).toBeNull();
    expect(serverOrigin(null)).toBeNull();
  });
});

describe('choice file', () => {
  const dirs: { cleanup: () => void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.cleanup();
  });
  function file(): string {
    const t = tempDir();
    dirs.push(t);
    return choiceFileIn(`${t.dir}/not-yet-created`);
  }

  it('round-trips both choices, and a missing file means no choice yet', () => {
    const f = file();
    expect(readChoiceFile(f)).toEqual({ kind: 'none' });
    writeChoiceFile(f, { mode: 'server', url: 'https://server.example:8443/', fingerprint: HEX });
    expect(readChoiceFile(f)).toEqual({
      kind: 'ok',
      choice: { mode: 'server', url: 'https://server.example:8443/', fingerprint: HEX },
    });
    writeChoiceFile(f, { mode: 'desk' });
    expect(readChoiceFile(f)).toEqual({ kind: 'ok', choice: { mode: 'desk' } });
  });

  it('treats a corrupt or hand-edited unsafe file as no choice, says so in Chinese, and asks again', () => {
    const f = file();
    writeChoiceFile(f, { mode: 'desk' });
    for (const text of [
      '{"mode":"server","url":"https://a/"', // cut short
      '{"mode":"cloud"}',
      '{"mode":"server","url":"http://10.0.0.1/","fingerprint":null}', // plain http off loopback
      '{"mode":"server","url":"https://a/","fingerprint":"12:34"}',
    ]) {
      writeFileSync(f, text);
      expect(readChoiceFile(f), text).toEqual({ kind: 'unreadable', message: UNREADABLE_CHOICE_MESSAGE });
      expect(getConnection({ file: f, desktop: true }), text).toEqual({
        choice: null,
        ask: true,
        appliesHere: true,
        notice: UNREADABLE_CHOICE_MESSAGE,
      });
    }
  });

  it('asks only in the desktop app; browser mode says where a choice takes effect', () => {
    const f = file();
    expect(getConnection({ file: f, desktop: true })).toEqual({
      choice: null,
      ask: true,
      appliesHere: true,
      notice: null,
    });
    expect(getConnection({ file: f, desktop: false })).toEqual({
      choice: null,
      ask: false,
      appliesHere: false,
      notice: BROWSER_MODE_NOTICE,
    });
    writeChoiceFile(f, { mode: 'desk' });
    expect(getConnection({ file: f, desktop: true })).toMatchObject({ choice: { mode: 'desk' }, ask: false });
  });
});
