/**
 * An agent's password, checked by Asterisk itself (decision 0130): Asterisk's queues take members
 * without one, but each agent is a manager user of its own (manager.conf `[<agent id>]`, the
 * agent's password its `secret`, no read or write permission). The link logs in as that user on
 * a connection of its own: `Authentication accepted` (then Logoff) lets the login go on,
 * `Authentication failed` refuses the password. The main manager session is not touched, so
 * its events and its Login are what they were.
 */
import { createAmiDeframer } from '../../../contract/ami/deframer.ts';
import { parsePacket } from '../../../contract/ami/packet.ts';
import { LinkFailure, type LinkFacts } from '../../errors.ts';
import type { CtiLinkOptions } from '../link.ts';
import { AmiActions } from './actions.ts';
import { AMI_STREAM_LIMITS, amiAddress, connectAmi } from './connect.ts';

export async function checkAgentPassword(options: CtiLinkOptions, agentId: string, password: string, facts: LinkFacts): Promise<void> {
  const address = amiAddress(options.url);
  if (address === null) throw new LinkFailure('unreachable', { ...facts, reason: 'expected an ami://host:port URL' });
  const { socket, rest } = await connectAmi(address, options.connectMs, options.timers);
  const deframer = createAmiDeframer(AMI_STREAM_LIMITS);
  const actions = new AmiActions((packet) => socket.write(packet), options);
  const receive = (chunk: Buffer): void => {
    for (const item of deframer.push(chunk)) {
      if (item.kind === 'refused') {
        socket.destroy();
        return;
      }
      const parsed = parsePacket(item.text);
      // Only the answers matter here: the user reads no events.
      if (parsed.ok) actions.claim(parsed.packet);
    }
  };
  socket.on('data', receive);
  socket.on('error', (error) => options.logger.warn({ reason: error.message }, 'AMI agent password check: socket error'));
  socket.on('close', () => actions.failAll("the AMI server closed the agent's manager connection"));
  try {
    if (rest.length > 0) receive(rest);
    socket.resume();
    const login: [string, string][] = [
      ['Action', 'Login'],
      ['Username', agentId],
      ['Secret', password],
      ['Events', 'off'],
    ];
    try {
      await actions.send('AgentLogin', login, facts, null);
    } catch (error) {
      if (error instanceof LinkFailure && error.kind === 'authenticationFailed')
        throw new LinkFailure('invalidAgentPassword', { ...facts, reason: `the AMI server refused the manager login of agent ${agentId}` });
      throw error;
    }
    // Logged in: done with it. A Logoff that is not answered changes nothing the check found.
    await actions.send('AgentLogin', [['Action', 'Logoff']], facts, null).catch(() => undefined);
  } finally {
    socket.end();
    socket.destroySoon();
  }
}
