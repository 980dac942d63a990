/** What the provider's token endpoint answers (RFC 6749 §5.1, §5.2), and its refusal as an error. */
export interface TokenAnswer {
  readonly access_token?: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly token_type?: string;
  readonly error?: string;
  readonly error_description?: string;
}

export class TokenEndpointError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
