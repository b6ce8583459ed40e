export { parisDay, type DayInput } from './calendar-day.ts';
export { easterSunday, publicHolidays, zones, type PublicHoliday, type Zone } from './holidays.ts';
export {
  addWorkingDays,
  isWorkingDay,
  workingDaysBetween,
  type WorkingCalendarOptions,
} from './working-days.ts';
export { pauseModes, resumeDeadline, type PauseMode, type ResumeDeadlineInput } from './pause.ts';
export { deadlineState, type DeadlineState, type DeadlineStateOptions } from './state.ts';
