import * as argon2 from 'argon2';

/** OWASP's argon2id minimum (19 MiB, t=2, p=1): strong, and quick enough for a busy login. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function isStrongPassword(p: string): boolean {
  return typeof p === 'string' && p.length >= 10 && /[A-Za-z]/.test(p) && /\d/.test(p);
}

export function hashPassword(p: string): Promise<string> {
  return argon2.hash(p, OPTIONS);
}

export async function verifyPassword(hash: string, p: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, p);
  } catch {
    return false;
  }
}

/** Verified against when a user does not exist, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | undefined;
export function dummyVerify(p: string): Promise<boolean> {
  dummyHash ??= hashPassword('dummy-password-0');
  return dummyHash.then((h) => verifyPassword(h, p)).then(() => false);
}
