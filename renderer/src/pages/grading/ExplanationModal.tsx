import { Alert, Button, Group, Loader, Modal } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Explanation, GradeInfo } from '../../../../shared/api/contracts/grading.ts';
import { api, errorMessage } from '../../api.ts';
import { navigate } from '../../router.ts';
import { ExplanationView } from './ExplanationView.tsx';

/** One stored result explained, with a link to the entity's credit file. */
export function ExplanationModal({
  target,
  grades,
  onClose,
}: {
  target: { runId: number; entityId: number } | null;
  grades: GradeInfo[];
  onClose: () => void;
}) {
  const [x, setX] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Keyed on the ids, not the object: callers may pass a fresh object on every render.
  const runId = target?.runId ?? null;
  const entityId = target?.entityId ?? null;
  useEffect(() => {
    setX(null);
    setError(null);
    if (runId === null || entityId === null) return;
    let live = true;
    api.call('grading.explain', { runId, entityId }).then(
      (r) => live && setX(r),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [runId, entityId]);
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      size="xl"
      title={x ? `${x.entityName}　${x.code}` : '评价说明'}
      data-testid="explanation-modal"
    >
      {error ? <Alert color="red">{error}</Alert> : null}
      {!x && !error ? <Loader size="sm" /> : null}
      {x ? (
        <>
          <ExplanationView x={x} grades={grades} />
          <Group justify="flex-end" mt="md">
            <Button
              variant="light"
              onClick={() => navigate({ page: 'entity', id: x.entityId })}
              data-testid="explanation-open-entity"
            >
              查看信用档案
            </Button>
          </Group>
        </>
      ) : null}
    </Modal>
  );
}
