/**
 * The contract's connection.* calls over the choice file and the probe, for whichever side answers them:
 * the desktop app's main process (`desktop: true`: a new choice reopens the window on it) or browser
 * mode (`desktop: false`: the choice is saved for the desktop app; this page stays on the desk's own
 * database, since a browser page cannot be re-pointed by the program that served it).
 */
import type { Input, Output } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import { normaliseChoice } from './choice.ts';
import { readChoiceFile, writeChoiceFile } from './choice-file.ts';
import { type ProbeOptions, probeServer } from './probe.ts';

export interface ConnectionPlace {
  /** The choice file (choice-file.ts choiceFileIn(dataDir)). */
  file: string;
  /** true in the desktop app's main process; false in browser mode. */
  desktop: boolean;
  probe?: ProbeOptions;
}

export const BROWSER_MODE_NOTICE =
  '浏览器模式始终使用本机数据库。这里保存的连接方式在下次打开桌面程序时生效。';
export const CONFIRM_FINGERPRINT_MESSAGE =
  '该服务器的证书不是由本机信任的机构签发的：请先与管理员提供的证书指纹逐位核对，确认一致后再保存。';

export function getConnection(place: ConnectionPlace): Output<'connection.get'> {
  const read = readChoiceFile(place.file);
  const note = place.desktop ? null : BROWSER_MODE_NOTICE;
  switch (read.kind) {
    case 'ok':
      return { choice: read.choice, ask: false, appliesHere: place.desktop, notice: note };
    case 'none':
      return { choice: null, ask: place.desktop, appliesHere: place.desktop, notice: note };
    case 'unreadable':
      return {
        choice: null,
        ask: place.desktop,
        appliesHere: place.desktop,
        notice: note ? `${read.message}${note}` : read.message,
      };
  }
}

export function probeConnection(
  place: ConnectionPlace,
  input: Input<'connection.probe'>,
): Promise<Output<'connection.probe'>> {
  return probeServer(input.url, input.fingerprint ?? null, place.probe);
}

/**
 * Saves the choice. A server is probed first: unreachable, not a CreditDesk server or a certificate
 * other than the pinned one is refused, and a certificate the system does not trust is stored only with
 * the fingerprint the officer confirmed — so the app never starts on an address it could not verify.
 */
export async function setConnection(
  place: ConnectionPlace,
  input: Input<'connection.set'>,
): Promise<Output<'connection.set'>> {
  let choice = normaliseChoice(input);
  if (choice.mode === 'server') {
    const probed = await probeServer(choice.url, choice.fingerprint, place.probe);
    if (!probed.trusted && choice.fingerprint === null) {
      throw new ApiError('invalid_input', CONFIRM_FINGERPRINT_MESSAGE, {
        fingerprint: CONFIRM_FINGERPRINT_MESSAGE,
      });
    }
    choice = { mode: 'server', url: probed.url, fingerprint: choice.fingerprint };
  }
  writeChoiceFile(place.file, choice);
  const where = choice.mode === 'desk' ? '本机数据库（单机）' : '单位服务器';
  return place.desktop
    ? { choice, restarting: true, message: `已保存，程序将重新打开并使用${where}。` }
    : { choice, restarting: false, message: `已保存为使用${where}。${BROWSER_MODE_NOTICE}` };
}
