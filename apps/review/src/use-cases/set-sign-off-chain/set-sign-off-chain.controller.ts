import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { review } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import { type SignOffChainView } from '../../sign-off-chains/sign-off-chain.read-model';
import { SetSignOffChainCommand } from './set-sign-off-chain.handler';

@Controller()
export class SetSignOffChainController {
  constructor(private readonly commands: CommandBus) {}

  @Put('departments/:departmentId/sign-off-chain')
  @Roles('finance_reviewer', 'admin')
  setChain(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Param('departmentId') departmentId: string, @Body() body: unknown): Promise<SignOffChainView> {
    const setting = readBody(review.setSignOffChainBody, body ?? {});
    return this.commands.execute(new SetSignOffChainCommand({ actor, correlationId }, departmentId, setting));
  }
}
