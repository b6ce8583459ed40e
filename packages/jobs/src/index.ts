export { enqueue } from './enqueue.ts';
export { createJobQueue, installJobQueue, JOB_SCHEMA } from './queue.ts';
export { WORK_OPTIONS, workTenantJobs, type TenantJobData } from './tenant-job.ts';
