import { InMemoryNotificationDirectory } from '../../testing/notifications-doubles';
import { f } from '../../testing/review-scenario';
import { SetContactCommand, SetContactHandler } from './set-contact.handler';

function given() {
  const contacts = new InMemoryNotificationDirectory();
  const set = (userId: string, contact: ConstructorParameters<typeof SetContactCommand>[1]) => new SetContactHandler(contacts).execute(new SetContactCommand(userId, contact));
  return { contacts, set };
}

describe('set-contact (登记联系人)', () => {
  it('given a reviewer of a department, when an admin registers them, then the notifications address them and the answer says what was registered', async () => {
    const { contacts, set } = given();
    const view = await set('dept-9', { role: 'department_reviewer', name: '张三', departmentId: f.DEPT, email: 'zhang@example.org' });
    expect(view).toEqual({ userId: 'dept-9', role: 'department_reviewer', post: null, name: '张三', departmentId: f.DEPT, unitId: null, email: 'zhang@example.org' });
    expect(await contacts.directory.recipients({ type: 'reviewers', role: 'department_reviewer', departmentId: f.DEPT })).toEqual([
      { userId: 'dept-9', role: 'department_reviewer', name: '张三', departmentId: f.DEPT, email: 'zhang@example.org' },
    ]);
  });

  it('registers a supervisor by post, without a role, and passes `active` on without answering it', async () => {
    const { contacts, set } = given();
    const view = await set('head-1', { post: 'department_head', departmentId: f.DEPT, active: false });
    expect(view).toEqual({ userId: 'head-1', role: null, post: 'department_head', name: null, departmentId: f.DEPT, unitId: null, email: null });
    expect(contacts.registered.contacts).toEqual([{ userId: 'head-1', post: 'department_head', departmentId: f.DEPT, active: false }]);
  });
});
