/**
 * 附件1-2 负责学校: the school most of a village's pupils attend (ties to the lower school code),
 * from `children`, a query answering `household_village_id` and `school_id`. The village-age
 * report prints it; 送教上门 children without a school are that school's to visit.
 */
export const responsibleSchools = (children: string): string => `
  select distinct on (c.household_village_id) c.household_village_id as village_id, s.id as school_id, s.name, s.principal_name
  from (${children}) c join school s on s.id = c.school_id
  where c.household_village_id is not null
  group by c.household_village_id, s.id, s.name, s.principal_name
  order by c.household_village_id, count(*) desc, s.code`;
