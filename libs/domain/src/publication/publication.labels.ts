import { type PublicationEvent, type PublicationKind } from './publication.types';

/** 汇总表 versions: 已发布 for the first, 更正 for every later one. */
export const PUBLICATION_KIND_LABELS: Readonly<Record<PublicationKind, string>> = {
  published: '已发布',
  correction: '更正',
};

/** 已发布（第1版）, 更正（第2版）: a published version as every list, history and export names it. */
export function publicationVersionLabel(kind: PublicationKind, version: number): string {
  return `${PUBLICATION_KIND_LABELS[kind]}（第${version}版）`;
}

export const PUBLICATION_EVENT_LABELS: Readonly<Record<PublicationEvent['type'], string>> = {
  TablePublished: '公开绩效目标表',
  PublishedSheetReopened: '公开后重新开放',
};

export const PUBLICATION_MESSAGES = {
  mayPublish: '只有本部门的部门审核人可以公开绩效目标表',
  mayReopen: '只有负责该部门的财政审核人可以重新开放已公开的绩效目标表',
  tableMismatch: '汇总表与各绩效目标表的状态不一致，请刷新后重试',
  unlisted: (projectName: string) => `“${projectName}”尚未批复，须列入不公开名单并说明理由`,
  approvedExcluded: (projectName: string) => `“${projectName}”已批复，不能列入不公开名单`,
  unknownSheet: '不公开名单中的绩效目标表不属于本部门本年度',
  exclusionReason: '请说明不公开的理由',
  emptyTable: '没有已批复的绩效目标表，不能公开',
  checksum: '校验值须为64位十六进制的SHA-256值',
  unchanged: (version: number) => `内容与第${version}版相同，无需再次公开`,
  correctionReason: '更正公开须说明更正理由',
  reasonTooLong: (max: number) => `理由不能超过${max}个字`,
  notPublished: '该部门本年度尚未公开绩效目标表',
  notInLatest: (version: number) => `该绩效目标表不在第${version}版公开表中`,
  alreadyReopened: '该绩效目标表已重新开放，尚未再次公开',
  reopenReason: '重新开放须说明理由',
  noVersion: (version: number) => `没有第${version}版公开表`,
} as const;
