/** The one error class kanntk throws for bad input and misuse; its message names the problem. */
export class KanntkError extends Error {
  override name = 'KanntkError';
}
