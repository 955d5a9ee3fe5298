/** The invocation a task-runner receives; defined in the shared leaf `lib/common/` (both planes use it). */
export { isTaskInvocation, type TaskInvocation, type TaskInvoker } from '../common/task-invocation.js';
