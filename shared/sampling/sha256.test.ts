/**
 * The pure SHA-256 / HMAC-SHA256 against published vectors (FIPS 180-4 examples, RFC 4231) and against
 * node:crypto on random data of every length around the block boundaries; UTF-8 and byte order against
 * Buffer.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUtf8, sortUtf8 } from './order.ts';
import { fromHex, hmacSha256, Sha256, sha256, toHex, utf8 } from './sha256.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('SHA-256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(toHex(sha256(ascii('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256(new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(sha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('matches node:crypto for every length up to 300 bytes and in arbitrary update pieces', () => {
    for (let n = 0; n <= 300; n++) {
      const b = randomBytes(n);
      expect(toHex(sha256(b))).toBe(createHash('sha256').update(b).digest('hex'));
    }
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (pieces) => {
        const h = new Sha256();
        const node = createHash('sha256');
        for (const p of pieces) {
          h.update(p);
          node.update(p);
        }
        expect(toHex(h.digest())).toBe(node.digest('hex'));
      }),
    );
  });
});

describe('HMAC-SHA256', () => {
  it('matches RFC 4231 test cases 1, 2 and 6 (a key longer than a block)', () => {
    expect(toHex(hmacSha256(new Uint8Array(20).fill(0x0b), ascii('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(toHex(hmacSha256(ascii('Jefe'), ascii('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      toHex(
        hmacSha256(
          new Uint8Array(131).fill(0xaa),
          ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
        ),
      ),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('matches node:crypto on random keys and messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 150 }), (key, msg) => {
        expect(toHex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
      }),
    );
  });
});

describe('hex, UTF-8 and byte order', () => {
  it('round-trips hex and refuses what is not hex', () => {
    const b = randomBytes(32);
    expect(toHex(fromHex(toHex(b))!)).toBe(b.toString('hex'));
    expect(fromHex(b.toString('hex').toUpperCase())).toEqual(new Uint8Array(b));
    expect(fromHex('abc')).toBeNull();
    expect(fromHex('zz')).toBeNull();
  });

  it('encodes UTF-8 like Buffer, including CJK, supplementary characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
        expect(Buffer.from(utf8(s))).toEqual(Buffer.from(s, 'utf8'));
      }),
    );
    for (const s of ['市场监管', '𠀀𪚥', '\uD800x', 'a\uDC00', '\uFFFF'])
      expect(Buffer.from(utf8(s))).toEqual(Buffer.from(s));
  });

  it('compares and sorts strings in UTF-8 byte order', () => {
    const sample = ['\uFF21', '\u{20000}', 'Z', 'a', '\uE000', '市', '91', '9', ''];
    const bytewise = [...sample].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(sortUtf8([...sample])).toEqual(bytewise);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });
});
