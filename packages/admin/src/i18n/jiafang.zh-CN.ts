// The admin's own strings (react-admin's are in zh-CN.ts). Resource and field labels are not
// here: they come from the schema's descriptions, in Chinese, whatever the language.
export const jiafangChinese = {
    area: {
        org: '组织机构',
        roster: '学生花名册',
        visit: '家访',
        pairing: '结对帮扶',
        assistance: '资助',
        dropout: '控辍保学',
        system: '系统',
        other: '其他',
    },
    login: { subtitle: '家访 · 结对帮扶 · 资助 · 控辍保学' },
    auth: { session_expired: '登录已过期，请重新登录' },
    error: { stale_version: '该记录已被他人修改，请刷新后再编辑' },
    field: {
        masked: '部分遮蔽：当前角色只能看到部分内容',
        masked_readonly: '部分遮蔽，不能修改',
        readonly: '当前角色不能修改此项',
    },
    show: { details: '详情' },
    action: { done: '已完成：%{action}', menu: '流程操作', column: '操作' },
    bulk: { update: '批量修改', field: '要修改的字段', update_help: '为选中的 %{smart_count} 条%{name}设置同一个值：' },
    export: { xlsx: '导出 Excel（全部筛选结果）', csv: '导出 CSV（全部筛选结果）' },
    download: { unavailable: '服务器暂不提供此下载', failed: '下载失败' },
    file: { file: '文件', download: '下载', upload: '上传附件', choose: '选择文件', uploaded: '已上传：%{name}' },
    create: {
        one_time_title: '请立即保存',
        one_time_warning: '以下内容只显示这一次，关闭后无法再次查看。',
        one_time_done: '已保存，继续',
        copy: '复制',
    },
    dashboard: { welcome: '%{name}，您好', none: '暂无', planned_this_week: '本周计划家访', all: '查看全部' },
};
