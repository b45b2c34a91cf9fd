// Test helper: a real S3 API server (s3rver, in-process) on a free loopback port with a temporary directory, and
// URIs in the form BACKUP takes them (use-cloud-storage.md query parameters).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export type TestS3 = {
  port: number;
  bucket: string;
  /** s3://<bucket>/<path>?AWS_ACCESS_KEY_ID=…&AWS_SECRET_ACCESS_KEY=…&AWS_ENDPOINT=…&AWS_REGION=…&AWS_USE_PATH_STYLE=true */
  uri(path: string, o?: { key?: string; secret?: string; bucket?: string; endpoint?: string }): string;
  close(): Promise<void>;
};

export const startTestS3 = async (): Promise<TestS3> => {
  const directory = await mkdtemp(join(tmpdir(), 'standin-s3-'));
  const bucket = 'backups';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  return {
    port, bucket,
    uri: (path, o = {}) => {
      const q = new URLSearchParams({ AWS_ACCESS_KEY_ID: o.key ?? 'S3RVER', AWS_SECRET_ACCESS_KEY: o.secret ?? 'S3RVER',
        AWS_ENDPOINT: o.endpoint ?? `http://127.0.0.1:${port}`, AWS_REGION: 'us-east-1', AWS_USE_PATH_STYLE: 'true' });
      return `s3://${o.bucket ?? bucket}/${path}?${q.toString()}`;
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
