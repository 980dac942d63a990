import { InMemoryInbox } from '../../testing/notifications-doubles';
import { f } from '../../testing/review-scenario';
import { MarkInboxReadCommand, MarkInboxReadHandler } from './mark-inbox-read.handler';

function given() {
  const inbox = new InMemoryInbox();
  inbox.deliver(f.deptReviewer.id, 'm1');
  inbox.deliver(f.deptReviewer.id, 'm2');
  inbox.deliver(f.deptReviewer.id, 'm3');
  inbox.deliver(f.financeReviewer.id, 'theirs');
  const mark = (which: ConstructorParameters<typeof MarkInboxReadCommand>[1], actor = f.deptReviewer) => new MarkInboxReadHandler(inbox).execute(new MarkInboxReadCommand(actor, which));
  return { inbox, mark };
}

describe('mark-inbox-read (标记已读)', () => {
  it('given three unread items, when the caller marks two by id, then two are marked and one is left unread', async () => {
    const { mark } = given();
    await expect(mark({ ids: ['m1', 'm3'] })).resolves.toEqual({ marked: 2, unread: 1 });
  });

  it('counts neither items already read nor someone else’s', async () => {
    const { inbox, mark } = given();
    await mark({ ids: ['m1'] });
    await expect(mark({ ids: ['m1', 'theirs'] })).resolves.toEqual({ marked: 0, unread: 2 });
    expect(await inbox.unreadCount(f.financeReviewer.id)).toBe(1);
  });

  it('marks every item of the caller with `all`, and only the caller’s', async () => {
    const { inbox, mark } = given();
    await expect(mark({ all: true })).resolves.toEqual({ marked: 3, unread: 0 });
    expect(await inbox.unreadCount(f.financeReviewer.id)).toBe(1);
  });

  it('marks nothing for an empty list of ids', async () => {
    const { mark } = given();
    await expect(mark({ ids: [] })).resolves.toEqual({ marked: 0, unread: 3 });
  });
});
