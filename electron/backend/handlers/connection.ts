import type { connectionContract } from '../../../shared/api/contracts/connection.ts';
import {
  type ConnectionPlace,
  getConnection,
  probeConnection,
  setConnection,
} from '../../connection/service.ts';
import type { AreaHandlers } from '../context.ts';

/**
 * Browser mode's answers to the connection calls (the desktop app answers them in its main process,
 * before they reach this backend). No login is needed: the choice is made before any database is opened.
 */
export function connectionHandlers(place: ConnectionPlace): AreaHandlers<typeof connectionContract> {
  return {
    'connection.get': () => getConnection(place),
    'connection.probe': (input) => probeConnection(place, input),
    'connection.set': (input) => setConnection(place, input),
  };
}
