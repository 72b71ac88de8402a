import type { ReminderChannel } from '@taskmesh/contracts';
import type { DueReminder, ReminderMessage } from '../domain/reminder-message';

/** A send that did not go out. Permanent failures (address refused, no subscription) are not retried. */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** One way a reminder reaches a person. `send` resolves once the peer accepted it, or throws. */
export interface Channel {
  name: ReminderChannel;
  /** In-flight sends per replica. */
  concurrency: number;
  send(reminder: DueReminder, message: ReminderMessage): Promise<void>;
  close?(): Promise<void>;
}
