/**
 * Whether the app talks to a bureau server shared by many officers rather than this desk's own
 * encrypted file: a few texts differ (a server has password hashes and sessions, not a key file).
 */
import { createContext, useContext } from 'react';

export const ServerModeContext = createContext(false);

export function useServerMode(): boolean {
  return useContext(ServerModeContext);
}
