export interface SmsMessage {
  /** The recipient, as normalized by `normalizePhone`. */
  to: string;
  body: string;
}

export interface SmsProvider {
  readonly name: string;
  /** Resolves with the provider's message id once the provider has accepted the message. */
  send(message: SmsMessage): Promise<{ id: string }>;
}
