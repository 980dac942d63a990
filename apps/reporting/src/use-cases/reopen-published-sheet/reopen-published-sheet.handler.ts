import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ReopenAfterPublication } from '@budget/domain';
import { IntakeSheets } from '../../infrastructure/intake-sheets.client';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { publicationMetadata, withFieldHeadline } from '../publication-context';
import { recordReopening } from './record-reopening';
import { type ReopenedAnswer, ReopenPublishedSheetCommand } from './reopen-published-sheet.command';

/**
 * ReopenAfterPublication, then the sheet itself reopens in intake. Order: the publication's
 * decision is checked first (refused → nothing anywhere); intake reopens the sheet as the same
 * person with the same reason and the published version (refused → nothing anywhere); only then
 * is PublishedSheetReopened appended, so the publication never records a reopening the sheet did
 * not get. Should this process die after intake's reopen, intake's SheetReopened names the
 * publication and reporting's consumer records it (record-sheet-reopened), once either way.
 */
@CommandHandler(ReopenPublishedSheetCommand)
export class ReopenPublishedSheetHandler implements ICommandHandler<ReopenPublishedSheetCommand> {
  constructor(
    private readonly publications: PublicationRepository,
    private readonly intake: IntakeSheets,
  ) {}

  async execute({ ctx, departmentId, fiscalYear, sheetId, reason }: ReopenPublishedSheetCommand): Promise<ReopenedAnswer> {
    const command: ReopenAfterPublication = { type: 'ReopenAfterPublication', data: { departmentId, fiscalYear, sheetId, reason }, metadata: publicationMetadata(ctx) };
    const { state } = await withFieldHeadline(this.publications.check(departmentId, fiscalYear, command));
    const publishedVersion = state.status === 'published' ? state.versions.at(-1)!.version : 0;
    const sheet = await this.intake.reopen({ authorization: ctx.authorization, correlationId: ctx.correlationId, sheetId, reason: reason.trim(), publishedVersion });
    const { reopening } = await recordReopening(this.publications, command);
    return { departmentId, fiscalYear, sheetId, publishedVersion: reopening.publishedVersion, reason: reopening.reason, sheetVersion: sheet.version };
  }
}
