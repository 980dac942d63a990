import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor } from '@budget/platform';
import { ReadExportSignatureQuery } from './read-export-signature.query';

@Controller()
export class ReadExportSignatureController {
  constructor(private readonly queries: QueryBus) {}

  /** The `.sig` of an export (its id is in the X-Report-Export-Id header and the export's metadata). */
  @Get('exports/:exportId/signature')
  signature(@CurrentActor() actor: Actor, @Param('exportId') exportId: string) {
    return this.queries.execute(new ReadExportSignatureQuery(actor, exportId));
  }
}
