/**
 * A synthetic city for the benchmarks, built from the shapes of the reference table
 * (test/fixtures/liwan-organization-department.txt): departments whose first unit is the
 * department itself, units of very different sizes, projects with a goal and 3–14 indicators
 * under the framework's levels, amounts in 分 that read as 万元 with two (sometimes four)
 * decimals, and indicator values of every form the reference shows (≥100人, 100%, >3000件,
 * 不少于4次媒体信息发布, 党建指导员人数≤6人, 不超过总人数的25%, full-width `：％＞`, 年底前 完成,
 * qualitative phrases, deadlines, placeholders, blanks, and a goal-less project such as ZXRCBT).
 *
 * Everything is a function of the seed: the same options give the same city, ids included.
 */
import { createHash } from 'node:crypto';
import {
  formatLevelLabel,
  fundingTotal,
  LEVEL1_INDICATORS,
  LEVEL2_INDICATORS,
  sumFunding,
  targetValue,
  ZERO_FUNDING,
  type Fen,
  type Funding,
  type IndicatorInput,
  type PublishedTable,
  type SheetContent,
} from '@budget/domain';

export interface CityOptions {
  readonly seed: number;
  readonly fiscalYear: number;
  readonly departments: number;
  readonly units: number;
  readonly projects: number;
  /** Indicators of the whole city; projects get between 3 and 14 (a few get none). */
  readonly indicators: number;
}

/** The size of a city: 100 departments, 1,500 units, 20,000 sheets, 150,000 indicators a year. */
export const FULL_CITY: CityOptions = { seed: 20260101, fiscalYear: 2026, departments: 100, units: 1500, projects: 20_000, indicators: 150_000 };

export interface GeneratedIndicator {
  readonly indicatorId: string;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  /** As a clerk typed it. */
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export interface GeneratedProject {
  readonly sheetId: string;
  readonly name: string;
  readonly funding: Funding;
  readonly goal: string;
  readonly indicators: readonly GeneratedIndicator[];
}

export interface GeneratedUnit {
  readonly unitId: string;
  readonly name: string;
  readonly projects: readonly GeneratedProject[];
}

export interface GeneratedDepartment {
  readonly departmentId: string;
  readonly name: string;
  readonly units: readonly GeneratedUnit[];
}

export interface City {
  readonly options: CityOptions;
  readonly departments: readonly GeneratedDepartment[];
  readonly counts: { readonly departments: number; readonly units: number; readonly projects: number; readonly indicators: number };
}

// ---- randomness -----------------------------------------------------------------------------

/** mulberry32: small, fast, and the same sequence on every platform. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Log-normal around `median`, with spread `sigma` (natural log). */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
}

/** A name-based UUID (version 5 layout) of the seed and a path: stable ids for a stable city. */
export function seededUuid(seed: number, ...path: (string | number)[]): string {
  const hash = createHash('sha1').update(`bench:${seed}`).update('\u0000').update(path.join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Splits `total` into `parts` buckets of at least `min`, sizes skewed as organisations are. */
export function skewedSplit(random: Random, total: number, parts: number, min: number, sigma: number): number[] {
  if (parts * min > total) throw new RangeError(`cannot split ${total} into ${parts} parts of at least ${min}`);
  const weights = Array.from({ length: parts }, () => random.logNormal(1, sigma));
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - parts * min;
  const sizes = weights.map((w) => min + Math.floor((w / sum) * spare));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  // The remainder goes to the largest weights first, one each.
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % parts, left--) sizes[order[k]![1]]! += 1;
  return sizes;
}

// ---- vocabulary (from the reference table and common Guangdong target sheets) ----------------

const DISTRICTS = ['荔湾区', '越秀区', '海珠区', '天河区', '白云区', '黄埔区', '番禺区', '花都区', '南沙区', '从化区', '增城区'];
const AGENCIES = [
  { name: '委员会组织部', party: true, topics: ['党员教育', '干部工作', '人才工作', '组织工作', '党建指导', '档案管理'] },
  { name: '委员会宣传部', party: true, topics: ['理论宣讲', '新闻发布', '网络文明', '文明创建', '志愿服务'] },
  { name: '委员会政法委员会', party: true, topics: ['平安建设', '综治网格', '矛盾调处', '禁毒宣传'] },
  { name: '教育局', party: false, topics: ['学位建设', '教师培训', '课后服务', '学生资助', '校园安全', '教育信息化'] },
  { name: '卫生健康局', party: false, topics: ['基本公共卫生', '家庭医生签约', '疫苗接种', '妇幼保健', '爱国卫生', '健康促进'] },
  { name: '民政局', party: false, topics: ['社区养老', '困难群众救助', '社会组织培育', '婚姻登记', '殡葬改革'] },
  { name: '财政局', party: false, topics: ['预算绩效管理', '政府采购监管', '财政信息化', '会计监督'] },
  { name: '人力资源和社会保障局', party: false, topics: ['就业培训', '创业补贴', '劳动监察', '社保经办'] },
  { name: '交通运输局', party: false, topics: ['公交补贴', '道路养护', '交通安全', '出租车管理'] },
  { name: '住房和城乡建设局', party: false, topics: ['老旧小区改造', '燃气安全', '建筑工地监管', '保障性住房'] },
  { name: '农业农村局', party: false, topics: ['高标准农田', '动物防疫', '耕地保护', '农村人居环境'] },
  { name: '文化广电旅游体育局', party: false, topics: ['全民健身', '文物保护', '公共图书馆', '文化惠民演出', '旅游推广'] },
  { name: '市场监督管理局', party: false, topics: ['食品安全抽检', '特种设备检验', '价格监测', '知识产权保护'] },
  { name: '应急管理局', party: false, topics: ['应急演练', '安全生产检查', '应急物资储备', '消防宣传'] },
  { name: '司法局', party: false, topics: ['法律援助', '人民调解', '社区矫正', '普法宣传'] },
  { name: '退役军人事务局', party: false, topics: ['优抚对象慰问', '退役军人就业', '烈士纪念设施'] },
  { name: '医疗保障局', party: false, topics: ['医保基金监管', '医疗救助', '长期护理保险'] },
  { name: '科学技术局', party: false, topics: ['科技创新券', '高新技术企业培育', '科普活动'] },
  { name: '城市管理和综合执法局', party: false, topics: ['生活垃圾分类', '市容环境整治', '公厕运维', '违法建设治理'] },
  { name: '水务局', party: false, topics: ['河涌整治', '排水设施养护', '防汛抢险', '供水保障'] },
  { name: '林业和园林局', party: false, topics: ['绿化养护', '古树名木保护', '森林防火', '公园管理'] },
  { name: '生态环境分局', party: false, topics: ['大气污染防治', '水质监测', '噪声治理', '环境执法'] },
  { name: '统计局', party: false, topics: ['经济普查', '统计调查', '统计执法'] },
  { name: '审计局', party: false, topics: ['审计项目', '政府投资审计', '审计信息化'] },
  { name: '商务局', party: false, topics: ['促消费活动', '外贸稳增长', '商贸流通'] },
];
const UNIT_KINDS = [
  '服务中心', '事务中心', '管理所', '监测站', '指导中心', '培训中心', '档案馆', '研究室', '执法大队', '保障中心', '信息中心', '检测所',
];
const STREETS = ['沙面', '岭南', '华林', '多宝', '昌华', '逢源', '龙津', '金花', '西村', '南源', '彩虹', '桥中', '白鹤洞', '冲口', '花地', '石围塘', '茶滘', '东漖', '海龙', '东沙', '中南'];
const PROJECT_KINDS = ['专项经费', '工作经费', '业务工作经费', '日常工作经费', '运行维护经费', '补助资金', '购置经费', '建设经费', '奖励津贴', '宣传经费'];
const GOAL_OPENERS = [
  '深入贯彻落实上级决策部署，', '按照年度工作计划，', '对照中央、省、市有关工作要求，', '围绕区委区政府中心工作，', '结合辖区群众实际需求，',
];
const GOAL_ACTIONS = [
  '扎实推进{t}工作，', '持续完善{t}工作机制，', '加强{t}队伍建设，', '着力提高{t}工作质效，', '规范{t}资金管理和使用，', '做好{t}各项保障，',
];
const GOAL_ENDS = [
  '确保各项任务按时保质完成。', '提升群众满意度和获得感。', '为荔湾高质量发展提供坚强保障。', '推动工作取得新成效。', '进一步提升服务水平。',
];
/** 三级 names by 二级, each with the kind of value it takes: a count in a unit, a rate, a deadline, text. */
type ValueKind = { readonly kind: 'count'; readonly unit: string } | { readonly kind: 'rate' | 'deadline' | 'text' | 'money' | 'unitCost' | 'costRate' | 'satisfaction' };
const count = (unit: string): ValueKind => ({ kind: 'count', unit });
const RATE: ValueKind = { kind: 'rate' };
const DEADLINE: ValueKind = { kind: 'deadline' };
const TEXT: ValueKind = { kind: 'text' };
const NAMES: Readonly<Record<'quantity' | 'quality' | 'timeliness' | 'cost' | 'benefit' | 'satisfaction', readonly (readonly [string, ValueKind])[]>> = {
  quantity: [
    ['开展{t}活动场次', count('场')], ['{t}覆盖人数', count('人')], ['完成{t}任务数量', count('项')], ['{t}培训人次', count('人次')],
    ['{t}检查次数', count('次')], ['发放{t}宣传资料', count('份')], ['{t}设备购置数量', count('台')], ['{t}服务户数', count('户')],
    ['{t}档案整理数量', count('件')], ['{t}覆盖社区数', count('个')], ['{t}慰问对象人数', count('人')], ['{t}督导检查场所', count('处')],
    ['{t}媒体宣传报道', count('次')], ['{t}专项行动', count('次')],
  ],
  quality: [
    ['{t}工作质量', TEXT], ['{t}任务完成合格率', RATE], ['{t}验收合格率', RATE], ['{t}资料归档完整率', RATE], ['提高{t}处置质量水平', TEXT],
    ['{t}问题整改率', RATE], ['{t}数据准确率', RATE],
  ],
  timeliness: [
    ['{t}任务按时完成率', RATE], ['{t}资金及时下达率', RATE], ['{t}工作完成时限', DEADLINE], ['依时依规开展{t}工作', DEADLINE], ['{t}资金支付时限', DEADLINE],
  ],
  cost: [
    ['{t}成本控制', { kind: 'money' }], ['{t}人均成本', { kind: 'unitCost' }], ['{t}预算执行控制', { kind: 'costRate' }],
  ],
  benefit: [
    ['提升{t}社会影响力', TEXT], ['{t}惠及群众人数', count('人次')], ['促进{t}高质量发展', TEXT], ['{t}工作成效', TEXT], ['改善{t}服务环境', TEXT],
    ['持续增强{t}影响力', TEXT], ['{t}宣传覆盖面', TEXT], ['群众{t}获得感', TEXT], ['{t}长效机制', TEXT],
  ],
  satisfaction: [
    ['服务对象满意度', { kind: 'satisfaction' }], ['{t}群众满意度', { kind: 'satisfaction' }], ['参与人员满意度', { kind: 'satisfaction' }],
  ],
};
const QUALITATIVE = [
  '质量合格', '有所改善', '按要求完成', '根据工作需要推进落实', '得到上级部门认可', '持续提升', '明显提升', '达到预期效果', '有效保障', '符合要求',
  '推动{t}进一步提升', '{t}得到有效提升',
];
const DEADLINES = ['年底前完成', '年底前 完成', '按年度计划年底前完成', '12月31日前完成', '年度周期内完成', '30个工作日内', '6月底前完成'];

// ---- the city -------------------------------------------------------------------------------

export function generateCity(options: CityOptions): City {
  const random = new Random(options.seed);
  const unitSizes = skewedSplit(random, options.units, options.departments, 1, 0.8);
  const departmentNames = pickDepartmentNames(random, options.departments);
  const projectSizes = skewedSplit(random, options.projects, options.units, 1, 0.9);
  let unitIndex = 0;
  let indicatorsLeft = options.indicators;
  let projectsLeft = options.projects;
  const departments = departmentNames.map((dept, d): GeneratedDepartment => {
    const departmentId = seededUuid(options.seed, 'department', d);
    const unitNames = pickUnitNames(random, dept, unitSizes[d] ?? 1);
    const units = unitNames.map((unitName, u): GeneratedUnit => {
      const unitId = seededUuid(options.seed, 'unit', d, u);
      const count = projectSizes[unitIndex++] ?? 1;
      const usedNames = new Set<string>();
      const projects = Array.from({ length: count }, (_, p): GeneratedProject => {
        // Indicators spread evenly over what is left, with the jitter of real sheets.
        const mean = indicatorsLeft / Math.max(projectsLeft, 1);
        projectsLeft -= 1;
        const wanted = projectsLeft === 0 ? indicatorsLeft : Math.max(0, Math.min(indicatorsLeft, Math.round(mean + (random.next() - 0.5) * 9)));
        const project = generateProject(random, options.seed, dept, [d, u, p], Math.min(wanted, 100), usedNames);
        indicatorsLeft -= project.indicators.length;
        return project;
      });
      return { unitId, name: unitName, projects };
    });
    return { departmentId, name: dept.name, units };
  });
  const all = departments.flatMap((d) => d.units.flatMap((u) => u.projects));
  return {
    options,
    departments,
    counts: {
      departments: departments.length,
      units: departments.reduce((n, d) => n + d.units.length, 0),
      projects: all.length,
      indicators: all.reduce((n, p) => n + p.indicators.length, 0),
    },
  };
}

interface DepartmentName {
  readonly name: string;
  readonly district: string;
  readonly topics: readonly string[];
  readonly shortName: string;
}

function pickDepartmentNames(random: Random, count: number): DepartmentName[] {
  const all: DepartmentName[] = [];
  for (const district of DISTRICTS) {
    for (const agency of AGENCIES) {
      const name = agency.party ? `中国共产党广州市${district}${agency.name}` : `广州市${district}${agency.name}`;
      all.push({ name, district, topics: agency.topics, shortName: `${district}${agency.name.replace(/^委员会/, '委')}` });
    }
  }
  // A deterministic shuffle; beyond the 275 names, numbered copies (only for cities larger than the issue's).
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return Array.from({ length: count }, (_, i) => {
    const base = all[i % all.length]!;
    return i < all.length ? base : { ...base, name: `${base.name}（${Math.floor(i / all.length) + 1}）` };
  });
}

function pickUnitNames(random: Random, dept: DepartmentName, count: number): string[] {
  const names = [dept.name];
  const used = new Set(names);
  for (let attempt = 0; names.length < count; attempt++) {
    const kind = random.next();
    const topic = random.pick(dept.topics);
    let name =
      kind < 0.45
        ? `广州市${dept.district}${topic}${random.pick(UNIT_KINDS)}`
        : kind < 0.75
          ? `广州市${dept.district}${random.pick(STREETS)}街${topic}${random.pick(UNIT_KINDS)}`
          : kind < 0.9
            ? `${dept.shortName}${random.pick(UNIT_KINDS)}`
            : `广州市${dept.district}第${random.int(1, 99)}${random.pick(['中学', '小学', '幼儿园', '社区卫生服务中心'])}`;
    if (used.has(name)) name = `${name}${attempt}`;
    used.add(name);
    names.push(name);
  }
  return names;
}

function fill(template: string, topic: string): string {
  return template.replace('{t}', topic);
}

function generateProject(
  random: Random,
  seed: number,
  dept: DepartmentName,
  path: readonly number[],
  indicatorCount: number,
  usedNames: Set<string>,
): GeneratedProject {
  const sheetId = seededUuid(seed, 'sheet', ...path);
  const topic = random.pick(dept.topics);
  // The reference has one goal-less project with a code for a name (ZXRCBT); one in 400 here.
  if (random.chance(0.0025) || indicatorCount === 0) {
    const code = Array.from({ length: random.int(4, 7) }, () => String.fromCharCode(65 + random.int(0, 25))).join('');
    return { sheetId, name: uniqueName(code, usedNames), funding: randomFunding(random), goal: '', indicators: [] };
  }
  const name = uniqueName(`${topic}${random.pick(PROJECT_KINDS)}`, usedNames);
  const sentences = random.int(1, 4);
  let goal = random.pick(GOAL_OPENERS);
  for (let s = 0; s < sentences; s++) goal += fill(random.pick(GOAL_ACTIONS), random.pick(dept.topics));
  goal += random.pick(GOAL_ENDS);
  const funding = randomFunding(random);
  const names = new Set<string>();
  const indicators = Array.from({ length: indicatorCount }, (_, i) => generateIndicator(random, seed, [...path, i], topic, indicatorCount, i, funding, names));
  return { sheetId, name, funding, goal, indicators };
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}（${n}）`;
  used.add(candidate);
  return candidate;
}

/** Mostly 财政拨款 in whole 百元 of 万元 (30.00, 61.30, 3.60), sometimes 财政专户拨款 or 其他资金, now and then to the 元. */
function randomFunding(random: Random): Funding {
  const wan = Math.min(5000, Math.max(0.5, random.logNormal(25, 1.1)));
  const toFen = (w: number): Fen => (random.chance(0.05) ? Math.round(w * 10_000) * 100 : Math.round(w * 100) * 10_000);
  return {
    fiscalAppropriation: toFen(wan),
    specialAccountAppropriation: random.chance(0.1) ? toFen(wan * random.next()) : 0,
    otherFunds: random.chance(0.05) ? toFen(wan * random.next() * 0.5) : 0,
  };
}

const level1 = (code: string): string => formatLevelLabel(LEVEL1_INDICATORS.find((l) => l.code === code)!);
const level2 = (code: string): string => formatLevelLabel(LEVEL2_INDICATORS.find((l) => l.code === code)!);

const LEVELS: Readonly<Record<Slot, () => [string, string]>> = {
  quantity: () => ['1', '11'],
  quality: () => ['1', '12'],
  timeliness: () => ['1', '13'],
  cost: () => ['1', '14'],
  benefit: () => ['2', '22'],
  satisfaction: () => ['3', '31'],
};

/** The first indicators follow the usual layout (数量 first, 效益 and 满意度 last); the others are drawn. */
function generateIndicator(
  random: Random,
  seed: number,
  path: readonly number[],
  topic: string,
  count: number,
  index: number,
  funding: Funding,
  used: Set<string>,
): GeneratedIndicator {
  const indicatorId = seededUuid(seed, 'indicator', ...path);
  const slot: Slot =
    index === 0 ? 'quantity' : index === count - 1 && count >= 4 && random.chance(0.7) ? 'satisfaction' : index === count - 2 ? 'benefit' : drawSlot(random);
  // Names do not repeat within a sheet, except the odd one (S08 in the wild).
  let entry = random.pick(NAMES[slot]);
  for (let tries = 0; used.has(fill(entry[0], topic)) && tries < 6; tries++) entry = random.pick(NAMES[slot]);
  const name = fill(entry[0], topic);
  used.add(name);
  let [l1, l2] = LEVELS[slot]();
  if (slot === 'benefit') l2 = random.pick(['22', '22', '22', '21', '23', '24']);
  // The newer framework's 一级 成本指标 (4 / 41) in a third of the cost indicators.
  if (slot === 'cost' && random.chance(0.3)) [l1, l2] = ['4', '41'];
  const v = valuesFor(random, entry[1], topic, funding);
  return { indicatorId, level1: level1(l1), level2: level2(l2), name, periodTarget: v.period, annualTarget: v.annual };
}

type Slot = 'quantity' | 'quality' | 'timeliness' | 'cost' | 'benefit' | 'satisfaction';

function drawSlot(random: Random): Slot {
  const r = random.next();
  return r < 0.3 ? 'quantity' : r < 0.45 ? 'quality' : r < 0.6 ? 'timeliness' : r < 0.68 ? 'cost' : r < 0.95 ? 'benefit' : 'satisfaction';
}

/** Full-width forms, as clerks with a Chinese input method type them. */
function fullWidth(text: string): string {
  return text.replace(/[0-9%>=<:]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function valuesFor(random: Random, kind: ValueKind, topic: string, funding: Funding): { period: string; annual: string } {
  const same = (v: string): { period: string; annual: string } => ({ period: v, annual: v });
  // Now and then what templates leave behind: a placeholder, or a blank 实施周期指标值.
  const r = random.next();
  if (r < 0.006) return { period: random.pick(['**', 'xx', '待定', '/']), annual: random.pick(['**', '≥xx%', '待定', 'xx']) };
  if (r < 0.015) return { period: '', annual: kind.kind === 'count' ? countValue(random, kind.unit) : percent(random, random.int(90, 100)) };
  let pair: { period: string; annual: string };
  switch (kind.kind) {
    case 'count':
      pair = random.chance(0.93) ? countPair(random, kind.unit) : same(fill(random.pick(QUALITATIVE), topic));
      break;
    case 'rate':
      pair = same(percent(random, random.chance(0.6) ? 100 : random.int(85, 99)));
      break;
    case 'deadline':
      pair = random.chance(0.85) ? same(random.pick(DEADLINES)) : { period: '按计划推进', annual: random.pick(DEADLINES) };
      break;
    case 'text':
      pair = random.chance(0.6) ? same(fill(random.pick(QUALITATIVE), topic)) : { period: fill(random.pick(QUALITATIVE), topic), annual: fill(random.pick(QUALITATIVE), topic) };
      break;
    case 'money': {
      const wan = (fundingTotal(funding) / 1_000_000) * (0.5 + random.next() * 0.5);
      pair = same(`≤${wan.toFixed(2)}万元`);
      break;
    }
    case 'unitCost':
      pair = same(`≤${random.int(50, 3000)}元/人`);
      break;
    case 'costRate':
      pair = same(random.pick(['≤100%', '控制在预算范围内', '≤预算金额']));
      break;
    case 'satisfaction':
      pair = same(random.pick(['≥90%', '≥95%', '大于95%', '>90%', '不低于85%', '100%', '≥98%', '≥85%']));
      break;
  }
  if (random.chance(0.08)) pair = { period: fullWidth(pair.period), annual: pair.annual };
  if (random.chance(0.03)) pair = { period: pair.period.replace(/完成$/, ' 完成'), annual: pair.annual };
  return pair;
}

function countValue(random: Random, unit: string): string {
  const n = random.chance(0.3) ? random.int(1, 20) : random.chance(0.7) ? random.int(20, 500) : random.int(500, 20000);
  const r = random.next();
  if (r < 0.4) return `≥${n}${unit}`;
  if (r < 0.55) return `${n}${unit}`;
  if (r < 0.62) return `>${n}${unit}`;
  if (r < 0.72) return `不少于${n}${unit}`;
  if (r < 0.77) return `大于${n}${unit}`;
  if (r < 0.82) return `≤${n}${unit}`;
  if (r < 0.86) return `小于${n}${unit}`;
  if (r < 0.9) return `完成${n}${unit}`;
  if (r < 0.95) return `${unit === '人' ? '人员数量' : '数量'}≤${n}${unit}`;
  if (r < 0.97) return `不超过总人数的${random.int(5, 30)}%`;
  return `≥${n}`;
}

function countPair(random: Random, unit: string): { period: string; annual: string } {
  const annual = countValue(random, unit);
  const r = random.next();
  // The reference writes the period value in words and the annual one as a number about as often as not.
  if (r < 0.6) return { period: annual, annual };
  if (r < 0.8) return { period: annual.replace(/^≥/, '不少于'), annual };
  if (r < 0.9) return { period: `组织${annual.replace(/^[≥>]/, '不少于')}`, annual };
  return { period: countValue(random, unit), annual };
}

function percent(random: Random, n: number): string {
  return random.pick([`${n}%`, `≥${n}%`, `达到${n}%`, `不低于${n}%`]);
}

// ---- views of the city ------------------------------------------------------------------------

export interface SheetRef {
  readonly department: GeneratedDepartment;
  readonly unit: GeneratedUnit;
  readonly project: GeneratedProject;
}

export function* sheetsOf(city: City): Generator<SheetRef> {
  for (const department of city.departments) {
    for (const unit of department.units) {
      for (const project of unit.projects) yield { department, unit, project };
    }
  }
}

/** The indicators as the intake API and the CreateDraft command take them (targets as text). */
export function indicatorInputs(project: GeneratedProject): IndicatorInput[] {
  return project.indicators.map((i) => ({ ...i }));
}

/** A sheet's content as the decider records it: targets parsed beside their text. */
export function sheetContent(ref: SheetRef, fiscalYear: number): SheetContent {
  const { department, unit, project } = ref;
  return {
    sheetId: project.sheetId,
    fiscalYear,
    departmentId: department.departmentId,
    unitId: unit.unitId,
    projectName: project.name,
    funding: project.funding,
    goal: project.goal,
    indicators: project.indicators.map((i) => ({
      indicatorId: i.indicatorId,
      level1: i.level1,
      level2: i.level2,
      name: i.name,
      periodTarget: targetValue(i.periodTarget),
      annualTarget: targetValue(i.annualTarget),
    })),
  };
}

/** The published table of one department, totals derived from the projects. */
export function publishedTable(department: GeneratedDepartment): PublishedTable {
  return tableOf(department.name, department.units);
}

/** The whole city as one table (every unit of every department), as a city-wide export lays it out. */
export function cityTable(city: City): PublishedTable {
  return tableOf('广州市（全市汇总）', city.departments.flatMap((d) => d.units));
}

function tableOf(departmentName: string, units: readonly GeneratedUnit[]): PublishedTable {
  const publishedUnits = units.map((unit) => {
    const funding = unit.projects.length === 0 ? ZERO_FUNDING : sumFunding(unit.projects.map((p) => p.funding));
    return {
      name: unit.name,
      funding,
      writtenTotal: fundingTotal(funding),
      line: 0,
      projects: unit.projects.map((p) => ({
        name: p.name,
        funding: p.funding,
        writtenTotal: fundingTotal(p.funding),
        goal: p.goal,
        indicators: p.indicators.map((i) => ({ level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget, annualTarget: i.annualTarget })),
        line: 0,
      })),
    };
  });
  const grand = publishedUnits.length === 0 ? ZERO_FUNDING : sumFunding(publishedUnits.map((u) => u.funding));
  return {
    title: '项目支出绩效目标表（含转移支付项目）',
    departmentName,
    displayUnit: '万元',
    grandTotal: { funding: grand, writtenTotal: fundingTotal(grand) },
    units: publishedUnits,
  };
}

/** A city scaled down by `factor` (for --quick), keeping the proportions. */
export function scaledCity(options: CityOptions, factor: number): CityOptions {
  const scale = (n: number, min: number): number => Math.max(min, Math.round(n * factor));
  const departments = scale(options.departments, 2);
  const units = Math.max(departments, scale(options.units, 2));
  const projects = Math.max(units, scale(options.projects, 2));
  return { ...options, departments, units, projects, indicators: Math.max(projects * 3, scale(options.indicators, 6)) };
}
