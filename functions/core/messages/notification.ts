/** An email to send: who to, its subject and its plain text, and any files it carries. */
export interface Notification {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** A calendar invitation, for one (text content: an iCalendar file is text). */
  readonly attachments?: readonly {
    readonly fileName: string;
    readonly contentType: string;
    readonly content: string;
  }[];
}
