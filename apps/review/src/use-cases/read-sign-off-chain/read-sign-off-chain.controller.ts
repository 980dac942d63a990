import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor } from '@budget/platform';
import { type SignOffChainView } from '../../sign-off-chains/sign-off-chain.read-model';
import { GetSignOffChainQuery } from './read-sign-off-chain.handler';

@Controller()
export class ReadSignOffChainController {
  constructor(private readonly queries: QueryBus) {}

  @Get('departments/:departmentId/sign-off-chain')
  chain(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string): Promise<SignOffChainView> {
    return this.queries.execute(new GetSignOffChainQuery(actor, departmentId));
  }
}
