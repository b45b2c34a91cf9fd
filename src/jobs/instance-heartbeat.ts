// Keeps this process's row in `instances` fresh while it runs worker or scheduler roles, and removes it on stop.
import type { Db } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';
import { heartbeatInstance, removeInstance, removeStaleInstances, type InstanceInfo } from '../repositories/instances.repository.js';

export const startInstanceHeartbeat = (deps: { db: Db; logger: Logger }, info: InstanceInfo, intervalMs = 10_000) => {
  const beat = async () => {
    try {
      await heartbeatInstance(deps.db, info);
      await removeStaleInstances(deps.db, intervalMs * 30);
    } catch (err) {
      deps.logger.warn({ err }, 'instance heartbeat failed');
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await removeInstance(deps.db, info.instanceId).catch(() => undefined);
    },
  };
};
