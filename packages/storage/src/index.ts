export { InvalidStorageKey, type Storage, type StoredBody, type StoredObject } from './storage.ts';
export { createLocalDiskStorage } from './local-disk.ts';
export { createS3Storage, type S3StorageOptions } from './s3.ts';
export { storageFromEnvironment } from './from-environment.ts';
export { FileTooLarge, receiveFile, recognisableExtensions, recognisableMediaTypes, type ReceivedFile } from './received-file.ts';
