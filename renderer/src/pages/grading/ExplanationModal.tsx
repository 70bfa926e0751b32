import { Alert, Button, Group, Loader, Modal } from '@mantine/core';
import type { Explanation, GradeInfo } from '../../../../shared/api/contracts/grading.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
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
  // Keyed on the ids, not the object: callers may pass a fresh object on every render.
  const explain = useApiQuery(
    'grading.explain',
    { runId: target?.runId ?? 0, entityId: target?.entityId ?? 0 },
    { enabled: target !== null },
  );
  const x: Explanation | null = target === null ? null : (explain.data ?? null);
  const error = target === null ? null : failureText(explain.error);
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
