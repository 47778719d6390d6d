import { GuardianRelation, FocusCategory as F, DisabilityType } from '../roster/roster.enums';
import { SupportType } from '../pairing/pairing.enums';
import { SuggestionCategory, IssueScope, VisitPurpose } from '../visit/visit.enums';
import { DropoutCategory, NonDropoutCategory } from '../dropout/dropout.enums';
import { FocusCategory } from '../roster/roster.enums';
import type { GuardianRow, Person } from './roster';
import type { Rng } from './random';

// The words of the demo: what teachers write in visit records (附件3-1), pairing plans
// (一生一策), parents' suggestions, care notes and dropout case details. Sentences are put
// together from the student's focus categories and guardians, so records read like notes
// about that family, not like lorem ipsum.

const CALL: Record<GuardianRelation, string> = {
  FATHER: '父亲', MOTHER: '母亲', GRANDFATHER: '爷爷', GRANDMOTHER: '奶奶', SIBLING: '哥哥', RELATIVE: '叔叔', OTHER: '监护人',
};
const DISABILITY: Record<DisabilityType, string> = {
  VISUAL: '视力', HEARING: '听力', SPEECH: '言语', PHYSICAL: '肢体', INTELLECTUAL: '智力', MENTAL: '精神', MULTIPLE: '多重',
};
const CITIES = ['西安', '西安', '西安', '渭南', '咸阳', '铜川', '宝鸡', '银川', '北京', '上海', '深圳', '苏州', '天津', '新疆'];
const JOBS_AWAY = ['建筑工地打工', '工厂上班', '做装修', '跑货运', '饭店帮厨', '做保安', '送外卖'];
const JOBS_HOME = ['在家务农，种了几亩酥梨', '在家种植苹果', '在县城工业园区上班', '在镇上开小卖部', '打零工', '在家养牛', '在村里合作社上班', '在县城做保洁', '跑出租'];
const JOBS_MOTHER = ['在家照顾孩子、操持家务', '在附近果园打零工', '在县城超市上班', '在镇上服装店帮工', '在家种地', '在县城做家政'];
const ILLNESSES = ['患尿毒症，每周需透析两次', '去年查出肺癌，正在化疗', '患脑梗后行动不便', '患类风湿性关节炎，干不了重活', '患糖尿病并发症'];
const HARDSHIPS = ['家中房屋在夏天暴雨中受损', '父亲在工地摔伤，至今不能干活', '家里种的酥梨遭了冰雹，收成大减', '母亲突发疾病住院，花了不少钱'];

export interface TextCtx {
  p: Person;
  /** 0 kindergarten, 1–12 grades, null when not enrolled. */
  grade: number | null;
}

/** How the child is spoken of: the given name, as teachers do (王浩宇 → 浩宇). */
export function callName(name: string): string {
  return name.length >= 3 ? name.slice(1) : name;
}

function carer(p: Person): GuardianRow | undefined {
  return p.guardians.find((g) => g.lives_with_student) ?? p.guardians[0];
}

/** The guardian a visitor meets: the one who lives with the child. */
export function guardianMet(p: Person): GuardianRow | undefined {
  return carer(p);
}

/** 家庭情况 */
export function familySituation(rng: Rng, { p }: TextCtx): string {
  const c = p.cats;
  const g = carer(p);
  const who = g ? `${CALL[g.relation]}${g.name}` : '亲属';
  const parts: string[] = [];
  if (c.has(F.ORPHAN)) {
    parts.push(`父母均已去世，孩子现由${who}抚养，已纳入孤儿基本生活保障，每月按时领取基本生活费。`);
  } else if (c.has(F.UNSUPPORTED)) {
    const why = rng.pick(['父亲因病去世，母亲改嫁后多年没有联系', '父亲服刑，母亲离家多年未归', '父母均为重度残疾，无力抚养', '父亲去世，母亲患精神疾病无法履行监护职责']);
    parts.push(`${why}，属事实无人抚养儿童，目前跟随${who}生活${g && (g.relation === 'GRANDFATHER' || g.relation === 'GRANDMOTHER') ? `，老人年过六十五，身体${rng.pick(['尚可', '一般', '不太好，常年吃药'])}` : ''}。`);
  } else if (c.has(F.LEFT_BEHIND)) {
    const away = p.guardians.find((x) => x.works_away);
    const parents = away ? (rng.chance(0.5) ? '父母' : CALL[away.relation]) : '父母';
    parts.push(`${parents}常年在${rng.pick(CITIES)}${rng.pick(JOBS_AWAY)}，一年回来一两次，孩子平时由${who}照看。${g ? CALL[g.relation] : '老人'}能管好孩子吃饭穿衣，辅导作业比较吃力，主要靠电话和视频与${parents}联系。`);
  } else if (c.has(F.MIGRANT_CHILD)) {
    parts.push(`一家从外地来蒲城务工，${p.row.address.includes('租住') ? '租房居住，' : ''}父亲${rng.pick(['做装修', '在工业园区上班', '开货车', '在建筑工地打工'])}，母亲${rng.pick(JOBS_MOTHER)}，收入不太稳定，但能保障孩子上学。`);
  } else if (c.has(F.SINGLE_PARENT) || c.has(F.DIVORCED)) {
    const reason = c.has(F.DIVORCED) ? '父母离异'
      : g?.relation === 'MOTHER' ? rng.pick(['父亲几年前因病去世', '父母离异'])
      : g?.relation === 'FATHER' ? rng.pick(['母亲几年前因车祸去世', '父母离异'])
      : '父母离异';
    parts.push(`${reason}，孩子跟随${who}生活，${g ? CALL[g.relation] : '家长'}${rng.pick(JOBS_HOME)}，收入不高，一个人拉扯孩子比较辛苦。`);
  } else {
    const n = p.guardians.length === 1 ? rng.int(3, 4) : rng.int(4, 6);
    const father = p.guardians.find((x) => x.relation === 'FATHER');
    const fatherJob = father?.works_away ? `在${rng.pick(CITIES)}${rng.pick(JOBS_AWAY)}` : rng.pick(JOBS_HOME);
    const poor = [F.REGISTERED_POOR, F.LOW_INCOME, F.EXTREME_POVERTY, F.EDGE_OF_POVERTY, F.ECONOMIC_HARDSHIP, F.SERIOUS_ILLNESS, F.SUDDEN_HARDSHIP].some((x) => c.has(x));
    const economy = poor ? rng.pick(['家庭收入不高，日子过得比较紧', '收入微薄，供孩子上学有一定压力'])
      : rng.pick(['家庭经济条件一般', '收入稳定，经济条件尚可', '家庭经济条件较好', '家里还种着几亩酥梨，年景好时收入尚可']);
    const house = poor ? rng.pick(['住房为砖混平房', '住的是老旧土木房，已列入危房改造']) : rng.pick(['住的是自建两层小楼', '住房为砖混平房', '前几年在县城买了房', '住房宽敞整洁']);
    parts.push(`一家${n}口人，父亲${fatherJob}，母亲${rng.pick(JOBS_MOTHER)}，${economy}。家庭关系和睦，${house}。`);
  }
  if (c.has(F.REGISTERED_POOR)) parts.push(`家中为建档立卡脱贫户，${rng.pick(['享受产业帮扶，种植酥梨三亩', '有公益岗位收入', '村里安排了光伏收益分红', '享受小额信贷扶持，养了几头牛'])}${c.has(F.UNSTABLE_EXIT) ? '，收入还不稳定，已纳入防返贫监测' : ''}。`);
  else if (c.has(F.EDGE_OF_POVERTY)) parts.push('已纳入防返贫动态监测对象，村干部定期入户回访。');
  if (c.has(F.LOW_INCOME)) parts.push('家庭享受城乡低保，每月领取低保金。');
  if (c.has(F.EXTREME_POVERTY)) parts.push('已纳入特困人员救助供养。');
  if (c.has(F.SERIOUS_ILLNESS)) parts.push(`${rng.pick(['父亲', '母亲', '爷爷', '奶奶'])}${rng.pick(ILLNESSES)}，医疗费用负担较重。`);
  if (c.has(F.SUDDEN_HARDSHIP)) parts.push(`今年${rng.pick(HARDSHIPS)}，家庭经济受到较大影响。`);
  if (c.has(F.RELOCATED)) parts.push('属易地扶贫搬迁户，搬入镇上安置小区后居住条件明显改善。');
  if (c.has(F.DISABLED) && p.row.disability_type) {
    parts.push(`孩子为${DISABILITY[p.row.disability_type]}残疾${p.row.disability_grade ? `（${p.row.disability_grade}级）` : ''}，已办理残疾人证${p.row.disability_grade && p.row.disability_grade <= 2 ? '，生活需要家人照料' : ''}。`);
  }
  return parts.join('');
}

const PERSONALITY = ['性格开朗，爱说爱笑', '性格比较内向，话不多', '懂事乖巧，很有礼貌', '活泼好动，喜欢运动', '做事认真，有责任心', '有点腼腆，熟了以后很健谈'];
const STUDY = ['学习成绩中上，上课能认真听讲', '成绩稳定在班级前列', '数学较好，语文阅读和写作还需加强', '成绩中等，作业能按时完成', '字写得工整，计算偶尔粗心'];
const STUDY_JUNIOR = ['学习成绩中上，上课能认真听讲', '成绩稳定在年级前列', '英语基础薄弱，单词记不牢', '成绩中等，作业能按时完成', '理科思维较好，文科偏弱', '进入初中后学科增多，还在适应'];
const HOBBY = ['喜欢画画', '爱打篮球', '喜欢看课外书', '喜欢跳绳和踢毽子', '对书法感兴趣', '喜欢唱歌'];
const HOME = ['在家能帮着做些家务', '回家后玩手机时间偏长，需要家长督促', '作息比较规律', '周末常帮家里干农活', '晚上睡得偏晚'];
const KINDER = [
  '在园适应良好，喜欢和小朋友一起搭积木，午睡习惯还需要培养。',
  '性格比较内向，刚入园时常哭闹，现在能主动和老师打招呼。',
  '语言表达能力强，爱听故事，吃饭有些挑食。',
  '活泼好动，自理能力较好，能自己穿脱衣服。',
];

/** 学生情况 */
export function studentSituation(rng: Rng, { p, grade }: TextCtx): string {
  const c = p.cats;
  if (grade === 0) return rng.pick(KINDER);
  const parts: string[] = [`${callName(p.row.name)}${rng.pick(PERSONALITY)}。`];
  if (c.has(F.LEARNING_DIFFICULTY)) parts.push(rng.pick(['学习基础薄弱，计算和识字都比较慢，作业常常不能按时完成。', '上课注意力不易集中，数学跟不上，对学习缺乏信心。']));
  else if (grade !== null && grade >= 10) parts.push(rng.pick(['高中学习适应较好，成绩中上，目标是考上本科。', '偏科明显，数学和物理吃力，正在调整学习方法。', '学习自觉，成绩在年级前一百名，想报考师范院校。']));
  else parts.push(`${rng.pick(grade !== null && grade >= 7 ? STUDY_JUNIOR : STUDY)}。`);
  if (c.has(F.PSYCHOLOGICAL)) parts.push('近期情绪波动较大，不太愿意和同学交流，课间多独处，学校心理老师已介入。');
  if (c.has(F.DROPOUT_RISK)) parts.push('本学期有厌学情绪，迟到和请假次数明显增多。');
  if (c.has(F.MAJOR_CHANGE)) parts.push('近期成绩下滑明显，上课注意力不集中。');
  if (c.has(F.LEFT_BEHIND)) parts.push('比较想念父母，每周和父母视频一两次。');
  if (c.has(F.ORPHAN) || c.has(F.UNSUPPORTED)) parts.push(rng.pick(['孩子懂事早，学习努力，和同学相处融洽。', '孩子有些自卑，需要老师多关心鼓励。']));
  parts.push(`${rng.pick(HOBBY)}，${rng.pick(HOME)}。`);
  return parts.join('');
}

const POINTS: Record<string, readonly string[]> = {
  ROUTINE: [
    '介绍学校本学期教育教学安排和作息时间', '了解孩子在家的学习、作息和手机使用情况', '交流孩子在校表现，肯定孩子的进步',
    '宣传学生资助政策，告知申请流程', '指导家长督促孩子按时完成作业、保证睡眠', '提醒家长关注孩子心理健康，多陪伴多沟通',
    '宣传《家庭教育促进法》，指导科学育儿', '了解家长对学校工作的意见和建议',
  ],
  FOLLOW_UP: ['回访上次家访所提问题的落实情况', '了解结对帮扶措施的效果', '核实家庭近况有无新的变化', '与家长商量下一阶段的帮扶重点'],
  CONSOLATION: ['送去慰问金和米、面、油等慰问品', '了解家庭过年准备情况和生活困难', '宣讲寒假安全：防火、防煤气中毒、烟花爆竹安全', '叮嘱孩子合理安排寒假作息，按时完成寒假作业'],
  PERSUASION: ['向家长宣讲《义务教育法》，说明监护人送适龄子女入学的法定义务', '了解孩子不愿上学的真实原因', '介绍返校后的安排：插班、补课、资助和结对帮扶', '与村干部一起做家长和孩子的思想工作'],
  HOME_TEACHING: ['送教上门：开展穿衣、洗漱等生活自理训练', '进行简单的认知和语言训练', '指导家长日常康复训练的方法', '了解孩子身体状况和康复进展'],
  CARE: ['了解孩子近期的生活和情绪状况', '查看家中用电、用火等安全隐患', '询问生活费、衣物是否够用', '鼓励孩子有困难随时找老师'],
};
const SEASONAL: Array<[number, string]> = [
  [9, '宣讲防溺水安全知识，叮嘱不私自下河游泳'], [10, '提醒秋季交通安全，上下学注意避让车辆'],
  [11, '宣讲冬季防火和防煤气中毒知识'], [12, '宣讲冬季防火和防煤气中毒知识'], [3, '提醒春季传染病预防，勤洗手多通风'],
];

/** 家访要点: numbered, as on the paper form. */
export function keyPoints(rng: Rng, purpose: VisitPurpose, month: number): string {
  const pool = POINTS[purpose] ?? POINTS.ROUTINE;
  const picked = rng.shuffle(pool).slice(0, rng.int(2, Math.min(4, pool.length)));
  const seasonal = SEASONAL.find(([m]) => m === month)?.[1];
  if (purpose === 'ROUTINE' && seasonal && rng.chance(0.6)) picked.push(seasonal);
  return picked.map((x, i) => `${i + 1}. ${x}`).join('；') + '。';
}

const EFFECTS: Record<string, readonly string[]> = {
  ROUTINE: [
    '家长对学校工作表示满意，答应配合学校督促孩子按时完成作业、控制手机使用时间。',
    '通过面对面交流，家校双方对孩子的情况有了更全面的了解，家长表示以后多陪伴孩子。',
    '家长了解了资助政策，准备按程序提交申请材料。',
    '孩子当面表示要改掉做作业拖拉的习惯，家长答应每天检查作业。',
    '家长很重视这次家访，主动介绍了孩子的成长经历，沟通顺畅。',
    '家长表示支持学校工作，今后有问题及时和班主任联系。',
  ],
  FOLLOW_UP: ['帮扶措施落实到位，孩子学习态度明显好转，家长表示感谢。', '孩子情绪比上学期稳定，和同学交往多了。', '家庭困难已反映给镇村，正在协调解决。'],
  CONSOLATION: ['家长和孩子非常感动，连声道谢，表示一定让孩子好好读书。', '慰问物资已送到家中，老人拉着老师的手说了很多感谢的话。', '孩子表示寒假会认真完成作业，开学按时返校。'],
  PERSUASION: ['家长态度有所松动，答应再做孩子的工作，约定下周再次上门。', '孩子仍不愿返校，说想跟亲戚出去打工，需继续做工作。', '家长认识到让孩子辍学是违法的，表示会配合学校劝孩子回校。'],
  PERSUASION_DONE: ['经多次劝说，孩子同意返校，学校已安排插班，并指定教师结对帮扶。', '孩子和家长同意返校，学校为其申请了生活补助，减轻家庭负担。'],
  HOME_TEACHING: ['孩子能配合完成训练，家长掌握了基本的训练方法。', '孩子比上次进步明显，能说出简单的词语。'],
  CARE: ['孩子生活正常，情绪稳定。', '孩子身体健康，学习用品和冬衣都已备齐。'],
};

/** 家访效果 */
export function visitEffect(rng: Rng, purpose: VisitPurpose | 'PERSUASION_DONE'): string {
  return rng.pick(EFFECTS[purpose] ?? EFFECTS.ROUTINE);
}

const CALLBACK_NOTES = ['电话回访，家长确认老师已上门家访，对学校工作满意。', '电话回访，家长确认已家访。', '回访时家长表示希望老师多反馈孩子在校情况。', '电话回访，家长称赞班主任很负责。'];
export function callbackNote(rng: Rng): string {
  return rng.pick(CALLBACK_NOTES);
}

/** 走访原因 of a roster entry. */
export function rosterReason(labels: Record<string, string>, cats: ReadonlySet<FocusCategory>, grade: number | null, kind: 'COVERAGE' | 'REVISIT' | 'ASSISTANCE'): string {
  const named = [...cats].filter((c) => c !== F.ECONOMIC_HARDSHIP || cats.size === 1).slice(0, 3).map((c) => labels[c]);
  if (kind === 'ASSISTANCE') return `春节慰问：${named.join('、') || '家庭经济困难'}`;
  if (kind === 'REVISIT') return `重点学生回访：${named.join('、')}`;
  if (named.length) return `重点关注：${named.join('、')}`;
  if (grade === 1 || grade === 7 || grade === 10) return '新生入学家访，全员覆盖';
  return '全员覆盖家访';
}

/** 帮扶内容 fitting the student's categories. */
export function supportTypesFor(rng: Rng, cats: ReadonlySet<FocusCategory>): SupportType[] {
  const s = new Set<SupportType>();
  if ([F.REGISTERED_POOR, F.LOW_INCOME, F.EXTREME_POVERTY, F.ORPHAN, F.UNSUPPORTED, F.EDGE_OF_POVERTY, F.UNSTABLE_EXIT].some((c) => cats.has(c))) s.add(SupportType.LIVING);
  if (cats.has(F.LEARNING_DIFFICULTY) || cats.has(F.DROPOUT_RISK) || cats.has(F.MAJOR_CHANGE) || rng.chance(0.5)) s.add(SupportType.STUDY);
  if ([F.PSYCHOLOGICAL, F.LEFT_BEHIND, F.ORPHAN, F.UNSUPPORTED, F.DROPOUT_RISK, F.SINGLE_PARENT].some((c) => cats.has(c))) s.add(SupportType.MORAL);
  if (cats.has(F.LEFT_BEHIND) || cats.has(F.SINGLE_PARENT) || cats.has(F.DIVORCED)) s.add(SupportType.PARENTING);
  if (rng.chance(0.15)) s.add(SupportType.TALENT);
  if (rng.chance(0.06)) s.add(SupportType.SOCIAL);
  if (!s.size) s.add(SupportType.STUDY);
  const order = Object.keys(SupportType) as SupportType[];
  return order.filter((t) => s.has(t));
}

const PLAN_LINES: Record<SupportType, readonly string[]> = {
  LIVING: ['生活上：每月了解一次家庭生活状况，协助落实生活补助和营养餐，冬季前检查衣被是否够用', '生活上：优先落实国家资助，寒暑假前各入户一次，帮助解决实际困难'],
  STUDY: ['学习上：每周二、四课后各辅导半小时，重点补习数学基础，建立错题本', '学习上：每周检查一次作业和笔记，安排学习小组同学结对互助', '学习上：制定阅读计划，每两周借阅一本课外书并交流读后感'],
  MORAL: ['心理上：每两周谈心一次，关注情绪变化，发现异常及时与心理老师和家长沟通', '品德上：安排担任班级小干部，增强责任感和自信心'],
  TALENT: ['特长上：鼓励参加学校书法、美术或体育兴趣小组，发掘特长', '特长上：推荐参加校园读书节和运动会，增强集体归属感'],
  PARENTING: ['家庭教育：每月与监护人通一次电话，指导祖辈家长科学教养，督促外出父母每周与孩子视频', '家庭教育：每学期至少家访一次，向家长反馈孩子在校情况'],
  SOCIAL: ['社会实践：寒暑假带领参加社区志愿服务和研学活动', '社会实践：组织参观县博物馆、参加植树等活动'],
};

/** 一生一策 */
export function pairingPlan(rng: Rng, students: Person[], supports: SupportType[]): string {
  const names = students.map((s) => s.row.name).join('、');
  const head = `帮扶对象：${names}。帮扶目标：${rng.pick(['学习成绩稳步提高，养成良好习惯', '情绪稳定、快乐成长，不因困难失学', '补齐学业短板，增强学习信心', '生活有保障，学习有进步，心理更阳光'])}。`;
  const lines = supports.map((t, i) => `${i + 1}. ${rng.pick(PLAN_LINES[t])}`);
  return `${head}\n${lines.join('；\n')}。`;
}

interface SuggestionText {
  category: SuggestionCategory;
  scope: IssueScope;
  content: string;
  /** Answer given on the spot, when one can be. */
  spot?: string;
  /** Answer the school gives later. */
  later: string;
}

export const SUGGESTIONS: SuggestionText[] = [
  { category: 'MEALS', scope: 'COMMON', content: '希望学校营养餐的饭菜再多些花样，孩子说中午有时候吃不饱。', later: '学校已调整每周食谱，饭菜不够的可以随时添加。' },
  { category: 'HOMEWORK', scope: 'COMMON', content: '作业有时偏多，孩子晚上要写到十点以后。', later: '年级已统筹各科作业量，书面作业控制在规定时间内，并在班级群公示。' },
  { category: 'SAFETY', scope: 'COMMON', content: '放学时校门口车多人多，希望学校和交警加强疏导。', later: '学校已协调交警中队在放学时段执勤，并增设护学岗。' },
  { category: 'SAFETY', scope: 'COMMON', content: '村口到学校的路上没有路灯，冬天早上上学天还黑，不太放心。', later: '已报告镇政府，镇上答应年底前安装路灯；冬季学校推迟了早读时间。' },
  { category: 'FEES', scope: 'INDIVIDUAL', content: '想了解一下孩子能不能申请助学金，需要准备什么材料。', spot: '当场讲解了资助政策和申请流程，并留下学校资助专干的电话。', later: '资助专干已电话联系家长，指导提交了申请材料。' },
  { category: 'FEES', scope: 'INDIVIDUAL', content: '校服费用能不能缓交？家里一时拿不出来。', later: '经学校研究，已为该生免除校服费用。' },
  { category: 'TEACHING', scope: 'INDIVIDUAL', content: '希望数学老师多给孩子讲讲错题，孩子基础差跟不上。', spot: '已答应每周安排两次课后辅导，并请数学老师重点关注。', later: '数学老师已每周两次课后辅导，孩子单元测试成绩有提高。' },
  { category: 'TEACHING', scope: 'COMMON', content: '希望学校多开展一些课外阅读活动，多借些书给孩子看。', spot: '学校图书室每周二、四下午开放，已告知借阅办法。', later: '学校已开展“书香校园”读书月活动，每班设立图书角。' },
  { category: 'FACILITIES', scope: 'COMMON', content: '教室冬天比较冷，孩子手上长了冻疮，希望检修一下暖气。', later: '学校已维修暖气管道，教室温度恢复正常。' },
  { category: 'FACILITIES', scope: 'COMMON', content: '宿舍热水供应时间太短，孩子常常洗不上热水。', later: '学校已延长宿舍热水供应时间至晚上九点半。' },
  { category: 'MANAGEMENT', scope: 'COMMON', content: '希望放假、收费这些事情能早点通知，最好在班级群里发一下。', spot: '已答应今后通过班级群和告家长书及时通知。', later: '学校已规定重要通知须提前三天在班级群发布。' },
  { category: 'MANAGEMENT', scope: 'COMMON', content: '课后服务结束得太晚，爷爷奶奶接孩子不方便。', later: '学校已调整课后服务，家长可按需选择参加时段。' },
  { category: 'TEACHER_CONDUCT', scope: 'INDIVIDUAL', content: '班主任对孩子很负责，希望继续保持，多表扬孩子。', spot: '感谢家长的认可，会继续关注孩子的进步。', later: '已向学校转达家长的肯定。' },
  { category: 'OTHER', scope: 'INDIVIDUAL', content: '孩子想参加学校的书法兴趣小组，不知道怎么报名。', spot: '已告知报名方式，下周一到班主任处报名即可。', later: '孩子已参加书法兴趣小组。' },
  { category: 'OTHER', scope: 'INDIVIDUAL', content: '家里网络不好，孩子上网课、查资料不方便。', later: '学校已为其开放电子阅览室，课后可以使用电脑。' },
];

const DAILY_NOTES = ['按时到校，精神状态良好。', '午饭吃得好，情绪稳定。', '有点感冒，已提醒多喝水，并电话告知监护人。', '作业按时完成，上课发言积极。', '情绪稍低落，课间谈了几句，说是想妈妈了。', '正常到校，无异常。'];
const WEEKLY_NOTES = ['与孩子谈心，了解本周学习生活情况，无异常。', '询问生活费和衣物情况，冬衣已备齐。', '孩子说想念父母，进行了心理疏导，约定下周再聊。', '检查了宿舍床铺和生活用品，叮嘱注意保暖。', '了解到孩子和同学闹了矛盾，已协调化解。'];
export function careNote(rng: Rng, kind: 'DAILY_ASK' | 'WEEKLY_MEET'): string | null {
  if (kind === 'DAILY_ASK') return rng.chance(0.35) ? null : rng.pick(DAILY_NOTES);
  return rng.pick(WEEKLY_NOTES);
}

// ---- dropout cases (附件4 具体情况) ----

const PLACES = ['西安', '渭南', '咸阳', '广东东莞', '浙江义乌', '江苏昆山', '新疆'];

export function dropoutDetails(rng: Rng, name: string, category: DropoutCategory, returned: boolean): string {
  const n = callName(name);
  const what: Record<DropoutCategory, string> = {
    WORK_FARMING: `${n}开学后一直未到校，经了解已随亲戚在${rng.pick(PLACES)}打工，家长认为“读书没用，早点挣钱”。`,
    AVERSION: `${n}学习跟不上，多次逃学，本学期开学后拒绝到校，整天在家玩手机，家长管不住。`,
    ILLNESS_DISABILITY: `${n}因病长期在家休养，家长担心孩子身体，不愿送其到校。`,
    SCHOOLING_AT_HOME: `家长认为学校教育不适合孩子，让其在家自学，未到任何学校就读。`,
    RELIGIOUS: `${n}随家人外出，未到校就读，具体情况正在核实。`,
    EARLY_MARRIAGE: `${n}已离校，经了解家中有让其早婚的打算，已报告镇政府和妇联。`,
    POVERTY_RELOCATION: `家庭易地搬迁后，${n}未在安置地学校办理入学，处于失学状态。`,
    OTHER: `${n}因家庭变故离校，监护人无力管教，未到校就读。`,
  };
  return what[category] + (returned ? '经学校、镇村多次上门劝返，已返校就读。' : '');
}

export function nonDropoutDetails(rng: Rng, name: string, category: NonDropoutCategory, closed: boolean): string {
  const n = callName(name);
  const what: Record<NonDropoutCategory, string> = {
    HOUSEHOLD_REGISTRATION: `摸排中户籍在本村，但村组干部和邻居均称未见过${n}，疑为户籍登记错误或重复户口${closed ? '，经派出所核查确认为多重户籍，已在另一户籍地就读' : '，拟按“户籍原因”认定，待公安部门核查'}。`,
    ACTUALLY_ENROLLED: `${n}随父母在${rng.pick(PLACES)}就读，${closed ? '已取得就读学校出具的在校证明和学籍截图' : '正在联系就读学校开具证明'}。`,
    DEFERRED_ENTRY: `${n}因身体原因，监护人申请延缓入学一年，${closed ? '已提交申请表和医院证明，经审批同意' : '材料正在审核'}。`,
    OVER_AGE: `${n}已于今年7月初中毕业，${closed ? '已取得九年义务教育毕业证书复印件' : '正在核实毕业情况'}。`,
    SEVERE_ILLNESS: `${n}为重度残疾，无法到校就读，${closed ? '经县残疾人教育专家委员会评估，已纳入送教上门' : '正在联系专家委员会评估'}。`,
    MOVED_UNREACHABLE: `全家已于前年外出，户口未迁，村干部和学校多次联系监护人均无法接通，去向不明${closed ? '，经派出所核查确认全家已迁居外省' : '。拟按“外迁无法联系”认定，核查认定表已由学校、村、镇盖章，待公安部门核查盖章'}。`,
    ABROAD: `${n}随父母出国，${closed ? '已提供出入境记录和境外就读证明' : '正在收集出入境证明'}。`,
    MISSING: `${n}于去年离家后失联，家长已报警${closed ? '，公安部门已出具失踪失联认定材料' : ''}。`,
  };
  return what[category];
}

export const SUSPECTED_DETAILS = [
  (n: string) => `${n}自开学以来连续五天未到校，班主任电话联系家长，家长称孩子去了外地亲戚家，具体情况待核实。`,
  (n: string) => `${n}近两周多次无故缺课，本周一至今未到校，家长电话无人接听。`,
  (n: string) => `${n}开学报到后只上了三天课，此后未到校，同学说其在镇上网吧。`,
];
export const VERIFYING_DETAILS = [
  (n: string) => `${n}已连续两周未到校。班主任和包村干部已上门两次，家长称孩子不想上学，正在进一步核实原因。`,
  (n: string) => `${n}本学期未返校，家长说孩子去西安跟着父亲生活，学校正在联系核实是否在当地入学。`,
];

export const EVIDENCE_NOTES: Partial<Record<NonDropoutCategory, string>> = {
  ACTUALLY_ENROLLED: '就读学校在外省，纸质证明邮寄中；已电话向就读学校核实，并截取学籍系统信息备查。',
  DEFERRED_ENTRY: '医院诊断证明原件由家长保管，已现场查看并拍照，照片因像素不清未上传。',
  OVER_AGE: '毕业证书原件已由学生带走，已在学籍系统核实毕业信息。',
  SEVERE_ILLNESS: '专家委员会评估意见书存于县特教学校档案室。',
};
