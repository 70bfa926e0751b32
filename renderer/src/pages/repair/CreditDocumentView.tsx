import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { z } from 'zod';
import type { creditDocumentSchema } from '../../../../shared/api/contracts/repair.ts';
import type { DownloadInfo } from '../../../../shared/api/contracts/exchange.ts';
import { errorMessage } from '../../api.ts';
import { saveDownload } from '../exchange/transfer.ts';

export type CreditDocument = z.infer<typeof creditDocumentSchema>;

/**
 * On screen: one A4 sheet on a grey desk. In print: only the sheet (the rest of the app is hidden), the
 * official layout — title centred, 文号, addressee, paragraphs indented two characters, bureau and date
 * bottom right.
 */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 0; }
.cd-doc-root { position: fixed; inset: 0; z-index: 400; overflow: auto; background: #dee2e6; }
.cd-doc-toolbar { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid #ced4da;
  padding: 8px 16px; }
.cd-doc-page { width: 210mm; min-height: 297mm; margin: 12mm auto; background: #fff; padding: 30mm 26mm 28mm;
  box-sizing: border-box; display: flex; flex-direction: column; color: #000;
  font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; font-size: 14pt; line-height: 1.8;
  box-shadow: 0 1px 6px rgba(0,0,0,.2); }
.cd-doc-page h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; font-weight: 700; letter-spacing: 1pt; }
.cd-doc-page .no { text-align: center; margin: 0 0 8mm; }
.cd-doc-page .to { margin: 0 0 2mm; }
.cd-doc-page p.body { text-indent: 2em; margin: 0 0 1mm; text-align: justify; overflow-wrap: anywhere; }
.cd-doc-page .sign { margin-top: 16mm; align-self: flex-end; text-align: center; }
@media print {
  html, body { background: #fff !important; height: auto !important; overflow: visible !important; }
  body > *:not(.cd-doc-root) { display: none !important; }
  .cd-doc-root { position: static !important; overflow: visible !important; background: none !important; }
  .cd-no-print { display: none !important; }
  .cd-doc-page { margin: 0 !important; box-shadow: none !important; }
}
`;

/** A 受理通知书, 异议答复书, 信用修复告知书 … as a printable A4 sheet with 打印 and 下载 Word. */
export function CreditDocumentView({
  doc,
  docx,
  onClose,
}: {
  doc: CreditDocument;
  /** Stages the Word file; its download is read in chunks like every export. */
  docx: () => Promise<DownloadInfo>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await saveDownload(await docx());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return createPortal(
    <div className="cd-doc-root" data-testid="credit-document">
      <style>{PRINT_CSS}</style>
      <Group className="cd-doc-toolbar cd-no-print" justify="space-between">
        <Text fw={600}>{doc.title}（A4 打印预览）</Text>
        <Group gap="sm">
          <Button onClick={() => window.print()} data-testid="document-print">
            打印
          </Button>
          <Button
            variant="default"
            loading={busy}
            onClick={() => void download()}
            data-testid="document-docx"
          >
            下载 Word
          </Button>
          <Button variant="default" onClick={onClose} data-testid="document-close">
            关闭
          </Button>
        </Group>
      </Group>
      {error ? (
        <Alert color="red" className="cd-no-print" m="md">
          {error}
        </Alert>
      ) : null}
      <div className="cd-doc-page">
        <h1>{doc.title}</h1>
        {doc.number ? <div className="no">{doc.number}</div> : null}
        {doc.addressee ? <div className="to">{doc.addressee}</div> : null}
        {doc.paragraphs.map((p, i) => (
          // Paragraphs are fixed text of one document; their order is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <p key={i} className="body">
            {p}
          </p>
        ))}
        <div className="sign">
          <div>{doc.signature.bureau}</div>
          <div>{doc.signature.date}</div>
        </div>
      </div>
    </div>,
    document.body,
  );
}
