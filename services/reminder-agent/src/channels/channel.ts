import type { ReminderChannel } from '@taskmesh/contracts';
import type { ReminderMessage } from '../domain/reminder-message';

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

/** Whom a delivery goes to: a reminder's firing, or a notification request (issue 19). */
export interface DeliveryTarget {
  userId: string;
  taskId: string;
  recipientEmail: string;
  reminderId?: string;
  requestId?: string;
}

/** One way a reminder or notification reaches a person. `send` resolves once the peer accepted it, or throws. */
export interface Channel {
  name: ReminderChannel;
  /** In-flight sends per replica. */
  concurrency: number;
  send(target: DeliveryTarget, message: ReminderMessage): Promise<void>;
  close?(): Promise<void>;
}
