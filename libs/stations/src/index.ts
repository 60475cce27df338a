export * from './stations.module';
export * from './stations.service';
export * from './stations.errors';
export * from './dto/station.model';
export * from './dto/station.input';
export * from './entities/station.entity';
export * from './entities/host-enterprise.entity';
export * from './csv/station-csv';
