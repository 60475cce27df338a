import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Global: platform administrators belong to no tenant and read no tenant's cases. */
@Entity('platform_admins')
@Unique('uq_platform_admins_username', ['username'])
export class PlatformAdmin {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('boolean', { default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
