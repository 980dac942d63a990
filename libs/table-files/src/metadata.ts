import { type ExportMetadata, type ExportSource } from './export.types';

/** The metadata block as label/value pairs, in the order every format shows them. */
export function metadataEntries(source: ExportSource): [string, string][] {
  const meta: ExportMetadata = source.meta ?? {};
  const entries: [string, string][] = [['部门名称', source.table.departmentName]];
  if (meta.fiscalYear !== undefined && meta.fiscalYear !== null) entries.push(['预算年度', String(meta.fiscalYear)]);
  if (meta.asOf) {
    entries.push(['数据截至日志位置', meta.asOf.globalPosition ?? '（无事件）']);
    entries.push(['数据截至时间', meta.asOf.recordedAt ?? '（无事件）']);
  }
  if (meta.generation !== undefined && meta.generation !== null) entries.push(['报表副本代次', String(meta.generation)]);
  if (meta.checksum) entries.push(['内容校验值（SHA-256）', meta.checksum]);
  if (meta.verification) entries.push(['哈希链校验', meta.verification]);
  if (meta.generatedAt) entries.push(['导出时间', meta.generatedAt]);
  if (meta.chainHeads) entries.push(['事件流数量', String(meta.chainHeads.length)]);
  if (meta.signing) {
    entries.push(['导出编号（签名见 .sig）', meta.signing.exportId]);
    const c = meta.signing.checkpoint;
    entries.push(['最近的签名检查点', c ? `#${c.id}，日志位置 ${c.position}，${c.signedAt}` : '（尚无）']);
    if (c) entries.push(['检查点签名（Ed25519）', c.signature]);
  }
  return entries;
}

export const CHAIN_HEAD_HEADER = ['事件流', '版本', '哈希链头'] as const;

export function chainHeadRows(source: ExportSource): [string, string, string][] {
  return (source.meta?.chainHeads ?? []).map((h) => [h.streamId, String(h.streamVersion), h.hash ?? '']);
}
