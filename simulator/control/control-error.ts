import { MODEL_ERROR_CODES, type ModelError, type ModelErrorCode } from '../model/errors.ts';

/** The switch refused a control input; `code` says why (see MODEL_ERROR_CODES), the message what to change. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  static from(verb: string, error: ModelError): ControlError {
    return new ControlError(error.code, `${verb} refused (${error.code}: ${MODEL_ERROR_CODES[error.code]}): ${error.message}`);
  }
}
