import { type ChainReport, describeBreak } from '../../audit/chain-check';
import { type CheckpointCheck } from '../../checkpoints/checkpoint.service';

/** One line for people; with the checkpoint check, a history rewritten consistently is named as such (改写). */
export function verificationText(report: ChainReport, checkpoints?: CheckpointCheck): string {
  if (report.firstBroken || (!checkpoints && !report.ok)) return `未通过：${report.firstBroken ? describeBreak(report.firstBroken) : '链已断开'}`;
  if (checkpoints && !checkpoints.ok) return `未通过：${checkpoints.firstProblem?.message ?? '与已签名检查点不符'}`;
  const signed = !checkpoints ? '' : checkpoints.checkpointsChecked > 0 ? `；与 ${checkpoints.scopesChecked} 个范围的已签名检查点一致` : '；尚无已签名检查点';
  return `通过：${report.streamsChecked} 条事件流、${report.eventsChecked} 个事件${signed}`;
}
