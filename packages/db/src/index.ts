import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export * from './generated/prisma/client';

/**
 * A Prisma client over node-postgres (the driver adapter; no native query
 * engine). Each service builds one at boot from the database URL it reads
 * from the Dapr secret store.
 */
export function createPrismaClient(databaseUrl: string, { poolSize = 10 }: { poolSize?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}
