import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';

/** The mentioned ids, once each, after checking every one is a member of the project (400 naming the bad one). */
export async function checkMentions(
  tx: Prisma.TransactionClient,
  projectId: string,
  mentionIds: string[],
): Promise<string[]> {
  const unique = [...new Set(mentionIds)];
  if (unique.length === 0) return [];
  const members = await tx.projectMember.findMany({
    where: { projectId, userId: { in: unique } },
    select: { userId: true },
  });
  const known = new Set(members.map((member) => member.userId));
  const errors = mentionIds.flatMap((id, i) =>
    known.has(id) ? [] : [{ field: `mentionIds.${i}`, message: 'not a member of the project' }],
  );
  if (errors.length > 0)
    throw new AppError(ErrorCode.validation, 'Only members of the project can be mentioned', { errors });
  return unique;
}

/** The first characters of a comment, for the notification. */
export const excerptOf = (body: string) => (body.length > 140 ? `${body.slice(0, 139)}…` : body);
