import { MODEL_ERROR_CODES, type ModelError, type ModelErrorCode } from '../model/errors.ts';

/**
 * The switch refused a control input; `code` says why (see MODEL_ERROR_CODES), the message what to
 * change. `invalidFaultPlan`: `setFaults` got a plan that does not match its schema or cannot
 * apply (the message names the path and what was expected).
 */
export type ControlErrorCode = ModelErrorCode | 'invalidFaultPlan';

export class ControlError extends Error {
  override readonly name = 'ControlError';
  readonly code: ControlErrorCode;

  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  static from(verb: string, error: ModelError): ControlError {
    return new ControlError(error.code, `${verb} refused (${error.code}: ${MODEL_ERROR_CODES[error.code]}): ${error.message}`);
  }
}
