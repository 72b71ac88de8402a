import { z } from 'zod';

/** Body of POST /calendar-feeds. */
export const CreateCalendarFeedInput = z
  .object({
    /** What calendars show as the calendar's name. */
    name: z
      .string()
      .trim()
      .min(1, 'name is required')
      .max(100, 'name must be at most 100 characters')
      .default('Taskmesh'),
    /** One project's tasks; left out: every project the owner is a member of. */
    projectId: z.string().uuid('projectId must be a project id (UUID)').optional(),
  })
  .strict();
export type CreateCalendarFeedInput = z.infer<typeof CreateCalendarFeedInput>;

export const CalendarFeedIdParams = z.object({ id: z.string().uuid('id must be a calendar feed id (UUID)') }).strict();

/** The secret in a feed's URL: 32 random bytes, base64url (checked before any query). */
export const CalendarFeedTokenParams = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token must be the token of a calendar feed') })
  .strict();

export const CalendarFeedView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  projectId: z.string().uuid().nullable(),
  createdAt: z.string(),
  lastReadAt: z.string().nullable(),
});
export type CalendarFeedView = z.infer<typeof CalendarFeedView>;

/** POST /calendar-feeds answers the token once: only its hash is kept. */
export const CreatedCalendarFeed = CalendarFeedView.extend({
  token: z.string(),
  /** Where web serves the feed: append to web's public origin (webcal:// works too). */
  path: z.string(),
});
