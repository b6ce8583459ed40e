import type { StatusKey } from '@guichet/workflow/statuses';

/**
 * A colour per status on the map, always beside its name (the legend, each point's title, the
 * list): never the only way to tell. Each holds 4.5:1 against white text.
 */
export const statusColours: Record<StatusKey, string> = {
  submitted: '#b3261e',
  acknowledged: '#a14a00',
  in_progress: '#8a5a00',
  waiting_citizen: '#6b3fa0',
  awaiting_decision: '#1d5fa0',
  accepted: '#1e7340',
  done: '#1e7340',
  rejected: '#55606b',
  closed_without_action: '#55606b',
};
