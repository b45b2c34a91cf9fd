-- First-run option lists so a newcomer sees a populated create dialog. Admins change them through
-- /api/admin/{versions,node-counts,cpu-counts,disk-sizes}; re-running this file never overwrites their edits.

INSERT INTO versions (version, created_by) VALUES
  ('v24.1.20', 'seed'), ('v24.3.14', 'seed'), ('v25.1.9', 'seed'), ('v25.2.5', 'seed'), ('v25.3.2', 'seed'),
  ('v25.4.1', 'seed')
ON CONFLICT (version) DO NOTHING;

INSERT INTO node_counts (node_count, created_by) VALUES (1, 'seed'), (3, 'seed'), (5, 'seed'), (7, 'seed'), (9, 'seed')
ON CONFLICT (node_count) DO NOTHING;

INSERT INTO cpu_counts (cpu_count, created_by) VALUES (2, 'seed'), (4, 'seed'), (8, 'seed'), (16, 'seed'), (32, 'seed')
ON CONFLICT (cpu_count) DO NOTHING;

INSERT INTO disk_sizes (size_gb, created_by) VALUES (100, 'seed'), (250, 'seed'), (500, 'seed'), (1000, 'seed'), (2000, 'seed')
ON CONFLICT (size_gb) DO NOTHING;
