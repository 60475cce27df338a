import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Role } from '@app/platform';
import { OrgUnit } from './org-unit.entity';

@Entity('users')
@Unique('uq_users_username', ['tenantId', 'username'])
@Index('idx_users_org_unit', ['tenantId', 'orgUnitId'])
export class User {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text', { array: true })
  roles: Role[];

  @Column('uuid', { name: 'org_unit_id', nullable: true })
  orgUnitId: string | null;

  /**
   * The station a STATION_STAFF user acts for. No foreign key here: stations live in a lib
   * above identity; the stations lib validates it through the StationDirectory port.
   */
  @Column('uuid', { name: 'station_id', nullable: true })
  stationId: string | null;

  @Column('boolean', { default: false })
  disabled: boolean;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'org_unit_id', referencedColumnName: 'id' },
  ])
  orgUnit?: OrgUnit;
}
