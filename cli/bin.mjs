#!/usr/bin/env node
// Entry of the `creditdesk` command. Plain JavaScript so it can refuse an old Node with a clear message
// before loading the TypeScript sources (run directly by Node 24's type stripping).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22 || (major === 22 && Number(process.versions.node.split('.')[1]) < 18)) {
  console.error(
    `creditdesk 需要 Node.js 24（当前为 ${process.version}）。请在项目目录中用 "npx creditdesk …" 运行，它会使用项目自带的 Node 24。`,
  );
  process.exit(2);
}
// `creditdesk … | head -1`: the reader closing the pipe is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
