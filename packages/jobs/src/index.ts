export { enqueue } from './enqueue.ts';
export { createJobQueue, ensureQueue, installJobQueue, JOB_SCHEMA, QUEUE_POLICY } from './queue.ts';
export { WORK_OPTIONS, workTenantJobs, type TenantJobData } from './tenant-job.ts';
export { reportQueueErrors } from './queue-errors.ts';
