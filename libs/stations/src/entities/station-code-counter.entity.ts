import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last station sequence number issued per tenant and region code. Incremented in the
 * registering transaction (the row lock serialises concurrent registrations of one region);
 * never decremented, so a code is never issued twice, even after a revocation.
 */
@Entity('station_code_counters')
export class StationCodeCounter {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('text', { name: 'region_code' })
  regionCode: string;

  @Column('integer', { name: 'last_value' })
  lastValue: number;
}
