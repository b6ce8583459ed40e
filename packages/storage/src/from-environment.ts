import { ConfigurationError, type Environment } from '@guichet/config';
import { createLocalDiskStorage } from './local-disk.ts';
import { createS3Storage } from './s3.ts';
import type { Storage } from './storage.ts';

/** The driver the environment names: the local disk by default, an S3-compatible bucket in production. */
export function storageFromEnvironment(env: Environment): Storage {
  if (env.STORAGE_DRIVER === 'local') return createLocalDiskStorage(env.STORAGE_DIR);
  if (!env.S3_BUCKET) throw new ConfigurationError('STORAGE_DRIVER=s3: set S3_BUCKET.');
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigurationError('Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither.');
  }
  return createS3Storage({
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  });
}
