import Database from 'better-sqlite3-multiple-ciphers';
const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE c USING fts5(chars, content='', contentless_delete=1, tokenize='unicode61');`);
const chars = [];
for (const [a,b] of [[0xc0,0x24f],[0x1e00,0x1eff],[0x370,0x3ff],[0x400,0x4ff]]) for (let i=a;i<=b;i++) chars.push(String.fromCodePoint(i));
const ins = db.prepare('INSERT INTO c(rowid, chars) VALUES (?, ?)');
chars.forEach((c,i)=>ins.run(i+1,c));
const sqliteBase = new Map();
const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
for (const l of letters) for (const id of db.prepare('SELECT rowid FROM c WHERE c MATCH ?').pluck().all(`"${l}"`)) sqliteBase.set(chars[id-1], l);
const rule = (c) => { const d = c.normalize('NFD'); const base = d.replace(/\p{M}/gu,''); return /^[a-z]$/i.test(base) ? base.toLowerCase() : undefined; };
const rule1 = (c) => { const d = c.normalize('NFD'); const m = [...d]; return m.length===2 && /\p{M}/u.test(m[1]) && /^[a-z]$/i.test(m[0]) ? m[0].toLowerCase() : undefined; };
for (const [name, r] of [['all marks', rule], ['one mark', rule1]]) {
  let diff = [];
  for (const c of chars) if ((sqliteBase.get(c)) !== r(c)) diff.push(`${c}:${sqliteBase.get(c)}/${r(c)}`);
  console.log(name, diff.length, diff.slice(0,60).join(' '));
}
