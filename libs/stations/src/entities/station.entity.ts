import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrgUnit } from '@app/identity';
import { HostEnterprise } from './host-enterprise.entity';

export enum StationCategory {
  MALL = 'MALL',
  SUPERMARKET = 'SUPERMARKET',
  MARKET = 'MARKET',
  ENTERPRISE = 'ENTERPRISE',
  SCENIC_AREA = 'SCENIC_AREA',
  OTHER = 'OTHER',
}

export enum StationStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
}

/**
 * A consumer-rights service station of the five-into directory (五进名录), supervised by a
 * county bureau or office. `search_text` (name, host name, credit code) carries the trigram
 * index the directory search uses (see the migration's app_station_search).
 */
@Entity('stations')
@Unique('uq_stations_code', ['tenantId', 'code'])
@Index('idx_stations_org_unit', ['tenantId', 'orgUnitId'])
@Index('idx_stations_host', ['tenantId', 'hostId'])
@Index('idx_stations_search', ['searchText'], { synchronize: false } as never)
export class Station {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  category: StationCategory;

  @Column('text')
  status: StationStatus;

  @Column('uuid', { name: 'host_id' })
  hostId: string;

  @Column('text')
  address: string;

  @Column('text', { name: 'contact_name' })
  contactName: string;

  @Column('text', { name: 'contact_phone' })
  contactPhone: string;

  @Column('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  @Column('date', { name: 'established_on', nullable: true })
  establishedOn: string | null;

  @Column('text', { name: 'suspended_reason', nullable: true })
  suspendedReason: string | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'search_text' })
  searchText: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => HostEnterprise, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'host_id', referencedColumnName: 'id' },
  ])
  host?: HostEnterprise;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'org_unit_id', referencedColumnName: 'id' },
  ])
  orgUnit?: OrgUnit;
}

/** What the trigram search matches: the station name, the host's name and credit code. */
export function stationSearchText(name: string, hostName: string, hostCreditCode: string): string {
  return `${name} ${hostName} ${hostCreditCode}`;
}
