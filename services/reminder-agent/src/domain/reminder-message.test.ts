import { reminderMessage } from './reminder-message';

const reminder = {
  reminderId: '5b3e1c1e-8f0a-4d2b-9a61-0d7f3c1a2b3c',
  taskId: '0f8e2a44-1c5d-4e7f-8a9b-112233445566',
  userId: '7c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f',
  fireAt: new Date('2026-03-30T06:45:00Z'),
  taskTitle: 'Pay <rent> & bills',
  taskDueAt: new Date('2026-03-30T07:00:00Z'),
  taskTimeZone: 'Europe/Berlin',
  recipientEmail: 'ann@example.com',
  recipientZone: 'UTC',
};

describe('reminderMessage', () => {
  const message = reminderMessage(reminder, 'https://tasks.example.com/');

  it('links to the task and shows the due time in the task zone', () => {
    expect(message.url).toBe('https://tasks.example.com/tasks/0f8e2a44-1c5d-4e7f-8a9b-112233445566');
    expect(message.subject).toBe('Reminder: Pay <rent> & bills');
    expect(message.text).toContain('Due Mon 30 Mar 2026, 09:00 (Europe/Berlin).');
    expect(message.html).toContain('Pay &lt;rent&gt; &amp; bills');
  });

  it('names only the day of an all-day task, in its zone, never its 00:00 (issue 20)', () => {
    // 2026-12-10 00:00 in Europe/Berlin is 2026-12-09 23:00 UTC: the recipient's UTC must not move the day.
    const allDay = { ...reminder, taskDueAt: new Date('2026-12-09T23:00:00Z'), taskAllDay: true };
    const text = reminderMessage(allDay, 'https://x').text;
    expect(text).toContain('Due Thu 10 Dec 2026.');
    expect(text).not.toContain('00:00');
  });

  it('has one identity per firing: the same on a retry, another after a snooze', () => {
    expect(reminderMessage(reminder, 'https://x').messageId).toBe(message.messageId);
    const snoozed = reminderMessage({ ...reminder, fireAt: new Date('2026-03-30T07:00:00Z') }, 'https://x');
    expect(snoozed.messageId).not.toBe(message.messageId);
    expect(snoozed.pushTopic).not.toBe(message.pushTopic);
    expect(message.pushTopic).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
