import { defineEnum, type EnumOf } from '../core/resource/enums';

export const PairingMode = defineEnum('PairingMode', '结对方式', {
  ONE_TO_ONE: '一帮一',
  ONE_TO_MANY: '一帮多',
  MANY_TO_ONE: '多帮一',
});
export type PairingMode = EnumOf<typeof PairingMode>;

export const SupportType = defineEnum('SupportType', '帮扶内容', {
  LIVING: '生活帮扶',
  STUDY: '学习帮扶',
  MORAL: '品德心理帮扶',
  TALENT: '兴趣特长培养',
  PARENTING: '家庭教育指导',
  SOCIAL: '社会实践',
});
export type SupportType = EnumOf<typeof SupportType>;

export const PairingStatus = defineEnum('PairingStatus', '结对状态', { ACTIVE: '帮扶中', ENDED: '已结束' });
export type PairingStatus = EnumOf<typeof PairingStatus>;
