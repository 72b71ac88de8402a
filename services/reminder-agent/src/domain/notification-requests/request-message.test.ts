import { requestMessage } from './request-message';

const request = {
  requestId: '5b3e1c1e-8f0a-4d2b-9a61-0d7f3c1a2b3c',
  kind: 'assigned' as const,
  taskId: '0f8e2a44-1c5d-4e7f-8a9b-112233445566',
  userId: '7c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f',
  fireAt: new Date('2026-03-30T06:45:00Z'),
  actorName: 'Ana',
  taskTitle: 'Ship <v2>',
  excerpt: null,
  recipientEmail: 'bo@example.com',
  recipientZone: 'UTC',
};

describe('requestMessage', () => {
  it('says who assigned whom to what, and links to the task', () => {
    const message = requestMessage(request, 'https://tasks.example.com/');
    expect(message.subject).toBe("Ana assigned you to 'Ship <v2>'");
    expect(message.url).toBe('https://tasks.example.com/tasks/0f8e2a44-1c5d-4e7f-8a9b-112233445566');
    expect(message.html).toContain('Ship &lt;v2&gt;');
    expect(message.text.split('\n')[1]).toBe(message.body);
  });

  it('shows the comment excerpt of a mention', () => {
    const message = requestMessage({ ...request, kind: 'mentioned', excerpt: 'can you look?' }, 'https://x');
    expect(message.subject).toBe("Ana mentioned you on 'Ship <v2>'");
    expect(message.body).toBe('“can you look?”');
  });

  it('has one identity per request, the same on a retry', () => {
    const first = requestMessage(request, 'https://x');
    expect(requestMessage(request, 'https://x').messageId).toBe(first.messageId);
    const other = requestMessage({ ...request, requestId: '6b3e1c1e-8f0a-4d2b-9a61-0d7f3c1a2b3c' }, 'https://x');
    expect(other.pushTopic).not.toBe(first.pushTopic);
  });
});
