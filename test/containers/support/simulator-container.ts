/**
 * The simulator image the testcontainers way (STYLE.md, habit 17): `start()` returns a started handle
 * with `getWsUrl()`, after the log line that says the simulator runs (with an explicit deadline);
 * `stop()` always removes the container. Host networking on a free loopback port: nothing leaves
 * 127.0.0.1 and no port mapping is involved. `withControl(token)` also serves the control channel
 * over HTTP (`--control-port`, the token in $SWITCHBOARD_CONTROL_TOKEN) and `getControlUrl()` says where.
 */
import type { StartedTestContainer } from 'testcontainers';
import { freePort } from '../../../src/harness/drivers/cmd.ts';
import { IMAGES } from './docker.ts';

export class SimulatorContainer {
  readonly #image: string;
  #script = 'simulator/script/examples/queue-call-answered.yaml';
  #scriptContent: string | undefined;
  #startupTimeoutMs = 30_000;
  #controlToken: string | undefined;

  constructor(image: string = IMAGES.simulator) {
    this.#image = image;
  }

  /** A scenario script (YAML or JSON text) to play instead of the image's example. */
  withScript(content: string): this {
    this.#scriptContent = content;
    this.#script = '/tmp/script.yaml';
    return this;
  }

  /** Serve the control API over HTTP too, requiring this bearer token (passed in the environment, as a user would). */
  withControl(token: string): this {
    this.#controlToken = token;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.#startupTimeoutMs = ms;
    return this;
  }

  async start(): Promise<StartedSimulatorContainer> {
    const { GenericContainer, Wait } = await import('testcontainers');
    const port = await freePort('127.0.0.1');
    const controlPort = this.#controlToken === undefined ? undefined : await freePort('127.0.0.1');
    let container = new GenericContainer(this.#image)
      .withNetworkMode('host')
      .withCommand([
        'simulate',
        '--script',
        this.#script,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        ...(controlPort === undefined ? [] : ['--control-port', String(controlPort)]),
      ])
      .withWaitStrategy(Wait.forLogMessage(/"msg":"simulator running"/).withStartupTimeout(this.#startupTimeoutMs))
      .withAutoCleanup(false);
    if (this.#scriptContent !== undefined)
      container = container.withCopyContentToContainer([{ content: this.#scriptContent, target: this.#script, mode: 0o644 }]);
    if (this.#controlToken !== undefined) container = container.withEnvironment({ SWITCHBOARD_CONTROL_TOKEN: this.#controlToken });
    return new StartedSimulatorContainer(
      await container.start(),
      `ws://127.0.0.1:${port}`,
      controlPort === undefined ? null : `http://127.0.0.1:${controlPort}`,
    );
  }
}

export class StartedSimulatorContainer {
  readonly #container: StartedTestContainer;
  readonly #url: string;
  readonly #controlUrl: string | null;

  constructor(container: StartedTestContainer, url: string, controlUrl: string | null) {
    this.#container = container;
    this.#url = url;
    this.#controlUrl = controlUrl;
  }

  /** The control channel's http:// URL (started withControl). */
  getControlUrl(): string {
    if (this.#controlUrl === null) throw new Error('the simulator container was started without withControl(token): it has no control channel');
    return this.#controlUrl;
  }

  /** Where adapters connect (settings.ctiUrl); credentials switchboard / switchboard. */
  getWsUrl(): string {
    return this.#url;
  }

  getId(): string {
    return this.#container.getId();
  }

  /** SIGTERM, SIGKILL after 5 s, then removal. */
  async stop(): Promise<void> {
    await this.#container.stop({ timeout: 5000, remove: true });
  }
}
