import type { monitoringContract } from '../../../shared/api/contracts/monitoring.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Permission } from '../../../shared/domain/permissions.ts';
import { authorize } from '../../services/authz.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

// Placeholder until the monitoring services land: the permission is checked as the real call will.
export function monitoringHandlers(ctx: BackendContext): AreaHandlers<typeof monitoringContract> {
  const pending = (permission: Permission) => (): never => {
    authorize(ctx.user(), permission);
    throw new ApiError('conflict', '监测预警功能建设中');
  };
  return {
    'monitoring.overview': pending('monitoring.read'),
    'monitoring.list': pending('monitoring.read'),
    'monitoring.get': pending('monitoring.read'),
    'monitoring.cluster': pending('monitoring.read'),
    'monitoring.run': pending('monitoring.handle'),
    'monitoring.runs': pending('monitoring.read'),
    'monitoring.review': pending('monitoring.decide'),
    'monitoring.dispose': pending('monitoring.handle'),
    'monitoring.close': pending('monitoring.handle'),
    'monitoring.rules.get': pending('monitoring.read'),
    'monitoring.rules.save': pending('monitoring.rules'),
    'monitoring.toTask': pending('sampling.manage'),
    'monitoring.export': pending('monitoring.read'),
  };
}
