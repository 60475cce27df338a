import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'crypto';
import { AppConfig } from '../config/config';

const VERSION = 'v1';

/** A personal field at rest: the ciphertext, and a keyed hash for equality lookups. */
export interface SealedValue {
  cipher: string;
  hash: string;
}

/**
 * Encrypts personal fields (consumer and reporter names and phones) with AES-256-GCM under
 * keys derived from DATA_KEY, and computes an HMAC-SHA256 beside them so "same phone" can be
 * found with an index without ever storing the phone in clear. Separate derived keys keep the
 * hash from revealing anything about the encryption key.
 */
@Injectable()
export class PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(config: AppConfig) {
    const master = Buffer.from(config.DATA_KEY, 'base64');
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'personal-data:enc', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'personal-data:mac', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new Error('Unknown personal data envelope');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of an already normalised value (callers normalise phones before hashing). */
  hash(normalised: string): string {
    return createHmac('sha256', this.macKey).update(normalised, 'utf8').digest('base64url');
  }

  seal(plain: string, normalised = plain): SealedValue {
    return { cipher: this.encrypt(plain), hash: this.hash(normalised) };
  }
}
