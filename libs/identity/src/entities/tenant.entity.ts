import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Global (not tenant-owned): resolving a tenant code at login happens before any tenant context. */
@Entity('tenants')
@Unique('uq_tenants_code', ['code'])
export class Tenant {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
