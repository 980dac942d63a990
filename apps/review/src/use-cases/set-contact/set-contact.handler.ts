import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Role } from '@budget/domain';
import { PostgresRecipientDirectory } from '@budget/notifications';
import { type NotificationDirectory } from '../../notifications/notification-ports';

export interface ContactSetting {
  readonly role?: Role | undefined;
  readonly post?: string | undefined;
  readonly name?: string | undefined;
  readonly departmentId?: string | undefined;
  readonly unitId?: string | undefined;
  readonly email?: string | undefined;
  readonly active?: boolean | undefined;
}

export interface ContactView {
  readonly userId: string;
  readonly role: Role | null;
  readonly post: string | null;
  readonly name: string | null;
  readonly departmentId: string | null;
  readonly unitId: string | null;
  readonly email: string | null;
}

/** An admin registers or updates a person the notifications address (name, role or supervisor's post, organisation, e-mail). */
export class SetContactCommand extends Command<ContactView> {
  constructor(
    readonly userId: string,
    readonly contact: ContactSetting,
  ) {
    super();
  }
}

@CommandHandler(SetContactCommand)
export class SetContactHandler implements ICommandHandler<SetContactCommand> {
  constructor(@Inject(PostgresRecipientDirectory) private readonly directory: NotificationDirectory) {}

  async execute(c: SetContactCommand): Promise<ContactView> {
    const { userId } = c;
    const { role, post, name, departmentId, unitId, email, active } = c.contact;
    await this.directory.upsertContact({
      userId,
      ...(role !== undefined ? { role } : {}),
      ...(post !== undefined ? { post } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(active !== undefined ? { active } : {}),
    });
    return { userId, role: role ?? null, post: post ?? null, name: name ?? null, departmentId: departmentId ?? null, unitId: unitId ?? null, email: email ?? null };
  }
}
