// The process's managed-cluster SQL client, from config (connection cap, statement timeout) and the live setting
// cluster.sql_connect_timeout_seconds (read on every new connection, so a change applies without restart).
import type { Config } from '../config/env.js';
import { createClusterSql, type ClusterSql } from '../infra/cockroach/cluster-sql.js';
import type { SettingsReader } from '../services/settings/settings.reader.js';

export const createClusterSqlFromSettings = (config: Pick<Config, 'clusterSql'>, settings: Pick<SettingsReader, 'getInt'>): ClusterSql =>
  createClusterSql({
    connectTimeoutMs: async () => Math.max(1, await settings.getInt('cluster.sql_connect_timeout_seconds')) * 1000,
    statementTimeoutMs: config.clusterSql.statementTimeoutMs,
    globalMax: config.clusterSql.maxConnections,
  });
