import { AppConfig } from '../config/config';
import { PersonalDataCipher } from './personal-data';

function cipher(key = Buffer.alloc(32, 1)) {
  return new PersonalDataCipher({ DATA_KEY: key.toString('base64') } as AppConfig);
}

describe('PersonalDataCipher', () => {
  it('round-trips and never stores the plain text', () => {
    const c = cipher();
    const sealed = c.encrypt('13800138000');
    expect(sealed).not.toContain('13800138000');
    expect(c.decrypt(sealed)).toBe('13800138000');
  });

  it('uses a fresh IV each time, but the keyed hash is stable', () => {
    const c = cipher();
    expect(c.encrypt('张三')).not.toBe(c.encrypt('张三'));
    expect(c.hash('13800138000')).toBe(c.hash('13800138000'));
    expect(c.hash('13800138000')).not.toBe(c.hash('13800138001'));
  });

  it('hash depends on the key, and tampering is detected', () => {
    expect(cipher().hash('x')).not.toBe(cipher(Buffer.alloc(32, 2)).hash('x'));
    const c = cipher();
    const sealed = c.encrypt('秘密');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => c.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => cipher(Buffer.alloc(32, 3)).decrypt(sealed)).toThrow();
  });
});
