import { Inject, Injectable } from '@nestjs/common';
import { type Actor, DELEGATION_MESSAGES, type DelegationParty, DomainError, type SignOffRole } from '@budget/domain';
import { PostgresRecipientDirectory, type Recipient } from '@budget/notifications';

/** The one thing the parties need of the people directory (notification_contacts, kept by admins with PUT /contacts/:userId). */
export type PeopleDirectory = Pick<PostgresRecipientDirectory, 'contact'>;

/** A person of the directory as a delegation records them: a finance reviewer's department is their desk. */
export function partyOf(person: Recipient): DelegationParty {
  const finance = person.role === 'finance_reviewer';
  return {
    id: person.userId,
    role: person.role as SignOffRole,
    ...(person.departmentId !== undefined && (finance ? { departmentIds: [person.departmentId] } : { departmentId: person.departmentId })),
    ...(person.unitId !== undefined && { unitId: person.unitId }),
    ...(person.name !== undefined && { name: person.name }),
  };
}

/** The caller as a delegation records them: role and organisation from their token. */
export function partyOfActor(actor: Actor): DelegationParty {
  const { id, role, departmentId, unitId, departmentIds, name } = actor;
  return {
    id,
    role: role as SignOffRole,
    ...(departmentId !== undefined && { departmentId }),
    ...(unitId !== undefined && { unitId }),
    ...(departmentIds !== undefined && { departmentIds }),
    ...(name !== undefined && { name }),
  };
}

/**
 * Who a delegation names. The delegator is the caller, as their token says; an admin names the
 * delegator, resolved from the people directory. The delegate is named by user id and resolved from
 * the directory, so someone who has never signed in can be designated; the domain then checks they
 * may stand for the delegator (same role, same organisation).
 */
@Injectable()
export class DelegationParties {
  constructor(@Inject(PostgresRecipientDirectory) private readonly directory: PeopleDirectory) {}

  async delegator(actor: Actor, delegatorId: string | undefined): Promise<DelegationParty> {
    if (actor.role !== 'admin') {
      if (delegatorId !== undefined && delegatorId !== actor.id) throw new DomainError('FORBIDDEN', DELEGATION_MESSAGES.mayGrant);
      return partyOfActor(actor);
    }
    if (delegatorId === undefined) throw invalid('delegatorId', DELEGATION_MESSAGES.delegatorRequired);
    const person = await this.directory.contact(delegatorId);
    if (!person) throw invalid('delegatorId', DELEGATION_MESSAGES.delegatorUnknown);
    return partyOf(person);
  }

  async delegate(delegateId: string): Promise<DelegationParty> {
    const person = await this.directory.contact(delegateId);
    if (!person) throw invalid('delegateId', DELEGATION_MESSAGES.delegateUnknown);
    return partyOf(person);
  }
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { fieldErrors: [{ field, message }] });
}
