import { InMemoryInbox } from '../../testing/notifications-doubles';
import { f } from '../../testing/review-scenario';
import { ReadInboxHandler, ReadInboxQuery } from './read-inbox.handler';

function given() {
  const inbox = new InMemoryInbox();
  inbox.deliver(f.deptReviewer.id, 'm1');
  inbox.deliver(f.financeReviewer.id, 'other');
  inbox.deliver(f.deptReviewer.id, 'm2');
  inbox.deliver(f.deptReviewer.id, 'm3');
  const read = (paging: ConstructorParameters<typeof ReadInboxQuery>[1] = {}, actor = f.deptReviewer) => new ReadInboxHandler(inbox).execute(new ReadInboxQuery(actor, paging));
  return { inbox, read };
}

describe('read-inbox (我的通知)', () => {
  it('given items for the caller and for someone else, when the caller reads the inbox, then only theirs come, newest first, with the unread count', async () => {
    const { read } = given();
    const page = await read();
    expect(page.items.map((i) => i.id)).toEqual(['m3', 'm2', 'm1']);
    expect(page).toMatchObject({ nextBefore: null, unread: 3 });
  });

  it('pages by `before`: a limit gives the next page’s key, and the next page starts after it', async () => {
    const { read } = given();
    const first = await read({ limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(['m3', 'm2']);
    expect(first.nextBefore).toBe('m2');
    const second = await read({ limit: 2, before: first.nextBefore! });
    expect(second.items.map((i) => i.id)).toEqual(['m1']);
    expect(second).toMatchObject({ nextBefore: null, unread: 3 });
  });

  it('given an item read, when asking for unread only, then the read one is left out and the count says what is left', async () => {
    const { inbox, read } = given();
    await inbox.markRead(f.deptReviewer.id, ['m2']);
    const page = await read({ unreadOnly: true });
    expect(page.items.map((i) => i.id)).toEqual(['m3', 'm1']);
    expect(page.unread).toBe(2);
    expect((await read({ unreadOnly: false })).items).toHaveLength(3);
  });

  it('answers an empty inbox to someone nobody wrote to', async () => {
    const { read } = given();
    await expect(read({}, f.auditor)).resolves.toEqual({ items: [], nextBefore: null, unread: 0 });
  });
});
