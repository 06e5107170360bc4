/** A started simulator on loopback with a manual clock, captured logs, and clients that are closed afterwards. */
import { createManualClock, type ManualClock } from '../../../simulator/clock.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../../simulator/simulator.ts';
import { captureLogs, type CapturedLogs } from './logs.ts';
import { WireClient } from './wire-client.ts';

export interface TestLab {
  readonly simulator: Simulator;
  readonly clock: ManualClock;
  readonly url: string;
  readonly logs: CapturedLogs;
  client(): Promise<WireClient>;
  stop(): Promise<void>;
}

export const HEARTBEAT_MS = 5000;

export async function startLab(options: SimulatorOptions = {}): Promise<TestLab> {
  const clock = createManualClock(1_000_000);
  const logs = captureLogs();
  const simulator = createSimulator({ clock, logger: logs.logger, heartbeatIntervalMs: HEARTBEAT_MS, ...options });
  simulator.control.provision({
    extensions: ['8808', '8809', '8810'],
    queues: [{ id: 'sales', dialledNumber: '4000', members: ['8808', '8809'] }],
    agents: [{ id: '5501', password: 'agent-secret-5501' }],
  });
  const { url } = await simulator.start();
  const clients: WireClient[] = [];
  return {
    simulator,
    clock,
    url,
    logs,
    async client() {
      const client = await WireClient.connect(url);
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await simulator.stop();
    },
  };
}
