/** An email to send: who to, its subject and its plain text. */
export interface Notification {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}
