export { enqueue } from './enqueue.ts';
export { createJobQueue, installJobQueue, JOB_SCHEMA } from './queue.ts';
export { workTenantJobs, type TenantJobData } from './tenant-job.ts';
