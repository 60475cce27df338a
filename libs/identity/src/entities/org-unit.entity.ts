import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from './tenant.entity';

export enum OrgUnitLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  OFFICE = 'OFFICE',
}
export const LEVEL_DEPTH: Record<OrgUnitLevel, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2, OFFICE: 3 };

/**
 * Bureaus as a tree. `path` is an ltree of id labels from the root, so "this unit and its
 * subtree" is `path <@ :path`, one GiST-indexed predicate.
 */
@Entity('org_units')
@Index('idx_org_units_path', ['path'], { type: 'gist' })
@Index('idx_org_units_parent', ['tenantId', 'parentId'])
export class OrgUnit {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Column('text')
  name: string;

  @Column('text')
  level: OrgUnitLevel;

  @Column('text', { name: 'region_code', nullable: true })
  regionCode: string | null;

  @Column('ltree')
  path: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenant_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_org_units_tenant' })
  tenant?: Tenant;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'parent_id', referencedColumnName: 'id' },
  ])
  parent?: OrgUnit;
}

/** ltree labels allow [A-Za-z0-9_]: a uuid label is its hex without dashes. */
export function pathLabel(id: string): string {
  return id.replace(/-/g, '');
}
