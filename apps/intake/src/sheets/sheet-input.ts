import { type Funding, type IndicatorInput, parseWanYuan, type WaiverRequest } from '@budget/domain';
import { BodyReader } from '@budget/platform';

/**
 * Shape checks of request bodies: wrong types and malformed amounts become field errors in
 * Chinese before anything reaches the domain, whose own validation (lengths, ranges,
 * state) follows.
 */
export class InputReader extends BodyReader {
  funding(key = 'funding', opts: { required?: boolean } = {}): Funding | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) {
      if (opts.required) this.errors.push({ field: key, message: '请填写资金（财政拨款、财政专户拨款、其他资金，单位：万元）' });
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.errors.push({ field: key, message: '资金必须是对象：{ fiscalAppropriation, specialAccountAppropriation, otherFunds }（单位：万元）' });
      return undefined;
    }
    const v = value as Record<string, unknown>;
    if (v.total !== undefined) {
      this.errors.push({ field: `${key}.total`, message: '总计由系统自动计算，请勿填写' });
    }
    const unknownKeys = Object.keys(v).filter((k) => !['fiscalAppropriation', 'specialAccountAppropriation', 'otherFunds', 'total'].includes(k));
    for (const k of unknownKeys) this.errors.push({ field: `${key}.${k}`, message: '未知的资金字段' });
    const amount = (field: 'fiscalAppropriation' | 'specialAccountAppropriation' | 'otherFunds'): number => {
      const raw = v[field];
      if (raw === undefined || raw === null || raw === '') return 0;
      const parsed = parseWanYuan(raw);
      if (!parsed.ok) {
        this.errors.push({ field: `${key}.${field}`, message: parsed.message });
        return 0;
      }
      return parsed.value;
    };
    return { fiscalAppropriation: amount('fiscalAppropriation'), specialAccountAppropriation: amount('specialAccountAppropriation'), otherFunds: amount('otherFunds') };
  }

  indicator(raw: unknown, path: string, newId: () => string, opts: { partial: boolean }): Partial<IndicatorInput> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.errors.push({ field: path, message: '绩效指标必须是对象' });
      return {};
    }
    const r = raw as Record<string, unknown>;
    const required = !opts.partial;
    const out: Record<string, string> = {};
    const fields = [
      ['level1', '一级指标'],
      ['level2', '二级指标'],
      ['name', '三级指标名称'],
      ['periodTarget', '实施周期指标值'],
      ['annualTarget', '年度指标值'],
    ] as const;
    for (const [key, label] of fields) {
      const value = this.string(key, label, { required: required && key !== 'periodTarget', path: `${path}.${key}`, from: r });
      if (value !== undefined) out[key] = value;
    }
    if (required && out.periodTarget === undefined) out.periodTarget = '';
    for (const k of Object.keys(r)) {
      if (!['indicatorId', 'level1', 'level2', 'name', 'periodTarget', 'annualTarget', 'position', 'expectedVersion'].includes(k)) {
        this.errors.push({ field: `${path}.${k}`, message: '未知的绩效指标字段' });
      }
    }
    const id = this.string('indicatorId', '指标编号', { path: `${path}.indicatorId`, from: r });
    return { ...out, ...(opts.partial ? {} : { indicatorId: id ?? newId() }) };
  }

  indicators(key: string, newId: () => string): IndicatorInput[] | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.errors.push({ field: key, message: '绩效指标必须是列表' });
      return undefined;
    }
    if (value.length > 100) {
      this.errors.push({ field: key, message: '绩效指标最多100条' });
      return undefined;
    }
    return value.map((raw, i) => this.indicator(raw, `${key}[${i}]`, newId, { partial: false }) as IndicatorInput);
  }

  waiverRequests(key = 'waiverRequests'): WaiverRequest[] | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.errors.push({ field: key, message: '豁免申请必须是列表' });
      return undefined;
    }
    return value.flatMap((raw, i): WaiverRequest[] => {
      const path = `${key}[${i}]`;
      if (typeof raw !== 'object' || raw === null) {
        this.errors.push({ field: path, message: '豁免申请必须是对象：{ ruleId, field?, reason }' });
        return [];
      }
      const r = raw as Record<string, unknown>;
      const ruleId = this.string('ruleId', '规则编号', { required: true, path: `${path}.ruleId`, from: r });
      const reason = this.string('reason', '豁免理由', { required: true, path: `${path}.reason`, from: r });
      const field = this.string('field', '字段', { path: `${path}.field`, from: r });
      return ruleId !== undefined && reason !== undefined ? [{ ruleId, reason, ...(field !== undefined ? { field } : {}) }] : [];
    });
  }
}
