/** Problems that stop a run before it judges anything: the user must fix their command or adapter (exit 2). */
export type SetupErrorCode =
  | 'unknownAdapterSpec'
  | 'driverNotAvailable'
  | 'moduleNotFound'
  | 'moduleLoadFailed'
  | 'notAFactory'
  | 'factoryFailed'
  | 'missingActivities'
  | 'adapterUnreachable'
  | 'adapterExited'
  | 'adapterStartTimeout'
  | 'dockerUnavailable'
  | 'imageNotFound'
  | 'containerNotStarted'
  | 'faceBroken'
  | 'unknownMode'
  | 'dialectNotAvailable'
  | 'badOption';

export class SetupError extends Error {
  override readonly name = 'SetupError';
  readonly code: SetupErrorCode;
  constructor(code: SetupErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
