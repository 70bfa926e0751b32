import { Alert, Button, FileButton, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import {
  ATTACHMENT_KIND_LABELS,
  ATTACHMENT_KINDS,
  MAX_ATTACHMENT_BYTES,
} from '../../../../shared/api/contracts/repair.ts';
import { api, errorMessage } from '../../api.ts';
import { useInvalidateApi } from '../../data/api-query.ts';
import { saveDownload, uploadFile } from '../exchange/transfer.ts';

type Kind = (typeof ATTACHMENT_KINDS)[number];
interface Attachment {
  id: number;
  kind: Kind;
  fileName: string;
  size: number;
  addedAt: string;
}

const sizeText = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`;

/** A case's attachments: listed with download, and added as an exchange upload stored with the case. */
export function Attachments({
  caseKind,
  caseId,
  attachments,
  canAdd,
}: {
  caseKind: 'repair' | 'objection';
  caseId: number;
  attachments: Attachment[];
  canAdd: boolean;
}) {
  const invalidate = useInvalidateApi();
  const [kind, setKind] = useState<Kind>(caseKind === 'repair' ? 'application' : 'evidence');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (file: File | null) => {
    if (!file) return;
    setError(null);
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setError(`文件过大：每个附件不超过 ${MAX_ATTACHMENT_BYTES / 1048576} MB`);
      return;
    }
    setBusy(true);
    try {
      const uploadId = await uploadFile(file);
      await api.call('cases.attach', { caseKind, caseId, kind, uploadId });
      await invalidate(caseKind === 'repair' ? 'repair' : 'objections');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const download = async (id: number) => {
    setError(null);
    try {
      await saveDownload(await api.call('cases.attachment', { id }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Stack gap="xs" data-testid="case-attachments">
      {attachments.length === 0 ? (
        <Text size="sm" c="dimmed">
          暂无附件。
        </Text>
      ) : (
        <Table withTableBorder fz="sm">
          <Table.Tbody>
            {attachments.map((a) => (
              <Table.Tr key={a.id} data-testid="case-attachment">
                <Table.Td>{ATTACHMENT_KIND_LABELS[a.kind]}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.fileName}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{sizeText(a.size)}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => void download(a.id)}>
                    下载
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canAdd ? (
        <Group gap="xs" align="flex-end">
          <Select
            size="xs"
            label="附件类型"
            w={160}
            data={ATTACHMENT_KINDS.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS[k] }))}
            value={kind}
            allowDeselect={false}
            onChange={(v) => v && setKind(v as Kind)}
            data-testid="attachment-kind"
          />
          <FileButton onChange={(f) => void add(f)}>
            {(props) => (
              <Button size="xs" variant="default" loading={busy} {...props} data-testid="attachment-add">
                上传附件
              </Button>
            )}
          </FileButton>
        </Group>
      ) : null}
      {error ? (
        <Alert color="red" p="xs">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
