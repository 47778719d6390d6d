// Words the English dictionaries of zxcvbn do not know but people here put in passwords:
// pinyin surnames and common words, and this product's own vocabulary. Roughly most common
// first (zxcvbn ranks a word by its position).

/** This product, its users and its domain: a password built on them is guessable by anyone who knows the system. */
export const PRODUCT_WORDS = [
  'jiafang', 'jiafangpingtai', 'jiaoyuju', 'jiaoyu', 'xuexiao', 'xiaozhang', 'laoshi', 'jiaoshi', 'banzhuren',
  'xuesheng', 'zizhu', 'kongchuo', 'demo', 'admin', 'principal', 'teacher', 'analyst', 'aid',
];

/** Pinyin surnames and words frequent in Chinese passwords. */
export const PINYIN_WORDS = [
  'woaini', 'aini', 'woaiwojia', 'nihao', 'baobei', 'laopo', 'laogong', 'jiayou', 'xingfu', 'kuaile', 'pingan',
  'zhongguo', 'beijing', 'shanghai', 'shaanxi', 'xian', 'weinan', 'pucheng', 'mima', 'yonghu', 'denglu', 'guanliyuan',
  'wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo',
  'he', 'lin', 'gao', 'luo', 'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng', 'deng', 'cao', 'peng', 'zeng',
  'xiao', 'tian', 'dong', 'pan', 'yuan', 'cai', 'jiang', 'yu', 'du', 'ye', 'cheng', 'wei', 'su', 'lu', 'ding', 'ren',
  'shen', 'yao', 'jin', 'fang', 'qiu', 'hou', 'bai', 'duan', 'lei', 'kong', 'long', 'qin', 'shi', 'mao',
  'ming', 'hua', 'jun', 'hong', 'ping', 'hui', 'yan', 'xin', 'jie', 'fei', 'bin', 'qiang', 'jing',
  'ling', 'ying', 'xiaoming', 'xiaohong', 'zhangwei', 'wangwei', 'wangfang', 'lina', 'zhangmin', 'lijing', 'liuyang',
];
