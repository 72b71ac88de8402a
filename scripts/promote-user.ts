// Makes an existing account an admin (or back a user): npm run users:promote -- <email> [admin|user]
import { createPrismaClient } from '@taskmesh/db';

async function main() {
  const [email, role = 'admin'] = process.argv.slice(2);
  if (!email || (role !== 'admin' && role !== 'user')) {
    process.stderr.write('usage: npm run users:promote -- <email> [admin|user]\n');
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const prisma = createPrismaClient(url, { poolSize: 1 });
  try {
    const user = await prisma.user.update({ where: { email: email.toLowerCase() }, data: { role } });
    process.stdout.write(`${user.email} is now ${user.role}\n`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
