/**
 * What the task wizard reads besides the task: items, ratio profiles, grading runs, townships, model
 * names and, for a new task, the backend's next free 文号. Each is its own query, so the wizard shares
 * the answers the reference tabs already hold and is told when a run or an item changes.
 */
import { useMemo } from 'react';
import { defaultGradingRun } from '../../../../../shared/sampling/reference/default-grading-run.ts';
import { failureText, useApiQuery } from '../../../data/api-query.ts';

export function useWizardReference({ isNew }: { isNew: boolean }) {
  const items = useApiQuery('sampling.items.list', {});
  const profiles = useApiQuery('sampling.profiles.list', {});
  const runs = useApiQuery('sampling.gradingRuns', {});
  const townships = useApiQuery('entities.townships', {});
  const models = useApiQuery('models.list', {});
  // Never from the cache: a number proposed before the last task was saved would already be taken.
  const next = useApiQuery('sampling.tasks.nextNumber', {}, { enabled: isNew, gcTime: 0 });

  const queries = [items, profiles, runs, townships, models, next];
  const runList = runs.data?.runs ?? null;
  const defaultRunId = runList ? (defaultGradingRun(runList)?.id ?? null) : null;
  const modelList = models.data?.models;
  const modelNames = useMemo(() => modelList && new Map(modelList.map((m) => [m.id, m.name])), [modelList]);
  return {
    items: items.data?.items ?? [],
    townships: townships.data?.townships ?? [],
    /** Present once everything the ratio step shows has arrived. */
    ratio:
      runList && modelNames && profiles.data
        ? {
            runs: runList,
            modelNames,
            profiles: profiles.data.profiles,
            defaultRunId,
          }
        : null,
    nextNumber: next.data?.number ?? null,
    defaultRunId,
    error: queries.map((q) => failureText(q.error)).find((e) => e !== null) ?? null,
  };
}
