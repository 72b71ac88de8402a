import type { ProjectSection } from '@taskmesh/db';
import { z } from 'zod';

export const SectionView = z.object({
  id: z.string().uuid(),
  projectId: z.string().uuid(),
  name: z.string(),
  position: z.number().int(),
});
export type SectionView = z.infer<typeof SectionView>;

export const toSectionView = ({ id, projectId, name, position }: ProjectSection): SectionView => ({
  id,
  projectId,
  name,
  position,
});

/** A project has at most this many sections. */
export const maxSections = 100;
