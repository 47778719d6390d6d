import type { Rng } from './random';

// Names for the demo county: surnames weighted roughly as in the Guanzhong plain (with local
// ones such as 党, 雷, 惠, 屈, 员), given-name characters by generation and gender, and the
// pieces village and community names are made of.

/** Surname and relative weight. */
export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 7.1], ['李', 7.4], ['张', 6.8], ['刘', 5.4], ['陈', 3.5], ['杨', 3.1], ['赵', 2.3], ['黄', 0.8],
  ['周', 1.3], ['吴', 0.9], ['徐', 1.0], ['孙', 1.5], ['马', 1.8], ['朱', 0.9], ['胡', 0.9], ['郭', 1.8],
  ['何', 0.6], ['高', 1.4], ['罗', 0.5], ['郑', 0.6], ['梁', 0.8], ['谢', 0.4], ['宋', 0.9], ['唐', 0.5],
  ['韩', 1.1], ['冯', 0.8], ['于', 0.5], ['董', 0.7], ['程', 0.5], ['曹', 0.7], ['袁', 0.5], ['许', 0.5],
  ['吕', 0.5], ['苏', 0.6], ['卢', 0.4], ['贾', 0.9], ['丁', 0.5], ['魏', 0.8], ['薛', 0.7], ['阎', 0.5],
  ['杜', 0.7], ['田', 0.9], ['任', 0.7], ['姜', 0.4], ['范', 0.5], ['石', 0.5], ['姚', 0.5], ['郝', 0.5],
  ['白', 0.7], ['崔', 0.5], ['康', 0.5], ['秦', 0.5], ['史', 0.5], ['侯', 0.5], ['孟', 0.4], ['段', 0.5],
  ['雷', 1.1], ['尹', 0.3], ['常', 0.5], ['武', 0.5], ['乔', 0.4], ['贺', 0.5], ['党', 0.9], ['惠', 0.5],
  ['屈', 0.5], ['同', 0.3], ['寇', 0.3], ['樊', 0.5], ['路', 0.3], ['权', 0.2], ['井', 0.2], ['卫', 0.2],
  ['席', 0.2], ['员', 0.15], ['拓', 0.1], ['呼', 0.1], ['封', 0.2], ['解', 0.2], ['景', 0.2], ['车', 0.2],
];

const BOY = '浩宇轩子涵博文俊杰鑫泽晨阳昊然一诺睿嘉豪鹏飞磊伟明辉斌超凯龙峰航旭毅恒哲瑞宸铭逸奕煜辰梓皓栋锐坤彬帆佳乐天振宏翔';
const GIRL = '欣怡梓涵雨萱诗琪佳悦可馨思彤紫若婉雪晴婷静瑶璐蕊妍佩茹菲倩慧洁琳楠钰语沫晗依月心安宁笑梦玥一子诺雅舒甜蕾';
const MAN = '建国军伟强涛刚勇斌磊鹏辉亮峰波明华平宏东林锋新海江卫利民社团龙虎全红晓永长春文';
const WOMAN = '丽娟芳艳敏静燕霞红梅玲琴萍英秀娜莉丹慧晓妮侠花荣婷蓉亚莎';
const OLD_MAN = '振兴福贵有才德忠生发根喜成学文明世永长宝财满志俊录存仓';
const OLD_WOMAN = '秀兰英桂芳凤珍霞梅玉香琴翠莲花娥巧云爱彩荣淑';

export type Generation = 'child' | 'adult' | 'elder';

const POOLS: Record<Generation, { MALE: string; FEMALE: string; twoChars: number }> = {
  child: { MALE: BOY, FEMALE: GIRL, twoChars: 0.78 },
  adult: { MALE: MAN, FEMALE: WOMAN, twoChars: 0.55 },
  elder: { MALE: OLD_MAN, FEMALE: OLD_WOMAN, twoChars: 0.6 },
};

export function surname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

export function givenName(rng: Rng, gender: 'MALE' | 'FEMALE', generation: Generation): string {
  const pool = POOLS[generation];
  const chars = pool[gender];
  const first = chars[rng.int(0, chars.length - 1)];
  if (!rng.chance(pool.twoChars)) return first;
  let second = chars[rng.int(0, chars.length - 1)];
  if (second === first && !rng.chance(0.15)) second = chars[rng.int(0, chars.length - 1)];
  return first + second;
}

export function personName(rng: Rng, gender: 'MALE' | 'FEMALE', generation: Generation, family = surname(rng)): string {
  return family + givenName(rng, gender, generation);
}

// ---- villages and communities ----

const DIRECTIONS = ['东', '西', '南', '北', '前', '后', '上', '下'];
const FAMILY_PLACES = ['家庄', '家河', '家堡', '家坡', '家洼', '家沟', '家湾', '家寨'];
const VILLAGE_WORDS = ['街', '关', '寨', '庄', '社', '堡', '坡', '塬', '洼', '营', '里', '城'];
const OLD_VILLAGES = [
  '永丰', '新合', '三合', '太平', '兴隆', '平安', '和平', '永安', '龙泉', '甘泉', '六井', '高阳', '桥陵', '紫荆',
  '贾曲', '安王', '平路庙', '钤耳', '坡头', '保南', '漫泉', '东阳', '双泉', '伏龙', '五更', '温汤', '义龙',
];
const COMMUNITY_WORDS = ['城南', '城北', '新华', '文化', '育才', '幸福', '和谐', '阳光', '振兴', '银河', '惠民', '槐院', '南苑', '北苑'];

/** A village name ending in 村, different from the ones in `taken`. */
export function villageName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const style = rng.int(0, 2);
    const core =
      style === 0 ? surname(rng) + rng.pick(FAMILY_PLACES)
      : style === 1 ? rng.pick(DIRECTIONS) + (rng.chance(0.5) ? surname(rng) : rng.pick(VILLAGE_WORDS))
      : rng.pick(OLD_VILLAGES);
    const name = `${core}村`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  throw new Error('ran out of village names');
}

/** A residents' community name ending in 社区. */
export function communityName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const core = rng.chance(0.5) ? rng.pick(DIRECTIONS.slice(0, 4)) + rng.pick(['街', '关']) : rng.pick(COMMUNITY_WORDS);
    const name = `${core}社区`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  throw new Error('ran out of community names');
}

/** 王家庄村 → 王家庄, 东街社区 → 东街 (for teaching point names and addresses). */
export function placeCore(name: string): string {
  return name.replace(/(村|社区)$/, '');
}

// ---- phones ----

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '186', '187', '188', '189', '191', '198', '199'];

/** A mobile number matching 1[3-9] + 9 digits. */
export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
