import { admin, deptReviewer } from '../sheet/testing/sheet-fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { type Actor } from '../events/envelope';
import { NATIONAL_CALENDAR } from './national-calendar';
import { addWorkingDays } from './working-days';
import {
  evolveLocalCalendar,
  initialLocalCalendarState,
  localCalendarDecider,
  regionCalendar,
  upcastLocalCalendarEvent,
  type LocalCalendarCommand,
  type LocalCalendarEvent,
} from './local-calendar';

const given = deciderSpec(localCalendarDecider);
const NOW = '2025-09-01T02:00:00.000Z';
const REGION = 'liwan';

const set = (date: string, kind: 'day_off' | 'working_day', reason: string, actor: Actor = admin): LocalCalendarCommand => ({
  type: 'SetLocalCalendarDay',
  data: { regionId: REGION, date, kind, reason },
  metadata: { now: NOW, actor, correlationId: 'c' },
});
const clear = (date: string, reason: string, actor: Actor = admin): LocalCalendarCommand => ({
  type: 'ClearLocalCalendarDay',
  data: { regionId: REGION, date, reason },
  metadata: { now: NOW, actor, correlationId: 'c' },
});
const daySet: LocalCalendarEvent = {
  type: 'LocalCalendarDaySet',
  data: { regionId: REGION, date: '2025-10-13', kind: 'day_off', reason: '区运动会', previous: null, by: admin.id, at: NOW },
};

describe('local calendar of a region (decider)', () => {
  it('given nothing, when an admin sets a local day off, then it is recorded with who, when and why', () => {
    given([]).when(set('2025-10-13', 'day_off', ' 区运动会 ')).then([daySet]);
  });

  it('given the same day set alike, when set again, then nothing is recorded', () => {
    given([daySet]).when(set('2025-10-13', 'day_off', '区运动会')).then([]);
  });

  it('given a day set, when it is changed, then the event carries what it was', () => {
    given([daySet])
      .when(set('2025-10-13', 'working_day', '补办年度决算'))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ kind: 'working_day', previous: { date: '2025-10-13', kind: 'day_off', reason: '区运动会' } });
        expect(state.days.get('2025-10-13')?.kind).toBe('working_day');
      });
  });

  it('given a day set, when cleared with a reason, then it is gone', () => {
    given([daySet])
      .when(clear('2025-10-13', '运动会改期'))
      .thenState((state) => expect(state.days.size).toBe(0));
  });

  it('refuses a clear of a day not set, a bad date, an empty reason, and anyone but an admin', () => {
    given([]).when(clear('2025-10-13', '改期')).thenThrows('VALIDATION_FAILED');
    given([]).when(set('2025-13-01', 'day_off', '区运动会')).thenThrows('VALIDATION_FAILED');
    given([]).when(set('2025-10-13', 'day_off', '  ')).thenThrows('VALIDATION_FAILED');
    given([]).when(set('2025-10-13', 'day_off', '区运动会', deptReviewer)).thenThrows('FORBIDDEN');
  });

  it('given the stream, when folded into the region calendar, then working-day arithmetic honours it', () => {
    const state = [daySet].reduce(evolveLocalCalendar, initialLocalCalendarState());
    expect(addWorkingDays(regionCalendar(NATIONAL_CALENDAR, state), '2025-09-30', 4)).toEqual({ known: true, value: '2025-10-14' });
  });

  it('reads its stored events back (JSON round trip)', () => {
    expect(upcastLocalCalendarEvent({ type: daySet.type, schemaVersion: 1, data: JSON.parse(JSON.stringify(daySet.data)) })).toEqual(daySet);
  });
});
