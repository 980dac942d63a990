import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ReopenAfterPublication } from '@budget/domain';
import { IntakeSheets } from '../../infrastructure/intake-sheets.client';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { publicationMetadata, withFieldHeadline } from '../publication-context';
import { type ReopenedAnswer, ReopenPublishedSheetCommand } from './reopen-published-sheet.command';

/**
 * ReopenAfterPublication, then the sheet itself reopens in intake. Order: the publication's
 * decision is checked first (refused → nothing anywhere); intake reopens the sheet as the same
 * person with the same reason (refused → nothing anywhere); only then is PublishedSheetReopened
 * appended, so the publication never records a reopening the sheet did not get.
 */
@CommandHandler(ReopenPublishedSheetCommand)
export class ReopenPublishedSheetHandler implements ICommandHandler<ReopenPublishedSheetCommand> {
  constructor(
    private readonly publications: PublicationRepository,
    private readonly intake: IntakeSheets,
  ) {}

  async execute({ ctx, departmentId, fiscalYear, sheetId, reason }: ReopenPublishedSheetCommand): Promise<ReopenedAnswer> {
    const command: ReopenAfterPublication = { type: 'ReopenAfterPublication', data: { departmentId, fiscalYear, sheetId, reason }, metadata: publicationMetadata(ctx) };
    await withFieldHeadline(this.publications.check(departmentId, fiscalYear, command));
    const sheet = await this.intake.reopen({ authorization: ctx.authorization, correlationId: ctx.correlationId, sheetId, reason: reason.trim() });
    const { events } = await this.publications.execute(departmentId, fiscalYear, command);
    const reopened = events.find((e) => e.type === 'PublishedSheetReopened');
    if (!reopened || reopened.type !== 'PublishedSheetReopened') throw new Error('ReopenAfterPublication decided no PublishedSheetReopened');
    return { departmentId, fiscalYear, sheetId, publishedVersion: reopened.data.publishedVersion, reason: reopened.data.reason, sheetVersion: sheet.version };
  }
}
