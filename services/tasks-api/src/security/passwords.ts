import { hash, verify } from '@node-rs/argon2';

// Argon2id with OWASP's baseline parameters (19 MiB, 2 passes): memory-hard,
// so guessing leaked hashes on GPUs stays expensive.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, options);

/** False for a wrong password and for hashes that are not argon2 (placeholder accounts). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith('$argon2')) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails exist. */
export const dummyHash = hashPassword('not-a-real-password');
