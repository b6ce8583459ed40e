export { actorRoles, type ActorRole, type TransitionRule } from './default-transitions.ts';
export {
  finalStatuses,
  isFinal,
  openStatuses,
  publicLabel,
  statuses,
  statusKeys,
  toOpen311Status,
  type Status,
  type StatusKey,
} from './statuses.ts';
export {
  availableTransitions,
  canTransition,
  type AvailableTransition,
  type TransitionCheck,
  type TransitionContext,
  type TransitionEffects,
  type TransitionRefusal,
} from './transitions.ts';
export {
  resolveWorkflow,
  workflowSchema,
  type Workflow,
  type WorkflowOverrides,
  type WorkflowOverridesInput,
} from './workflow-definition.ts';
